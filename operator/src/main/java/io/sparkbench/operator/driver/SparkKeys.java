package io.sparkbench.operator.driver;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf$;
import org.apache.spark.internal.config.ConfigEntry;
import org.apache.spark.internal.config.ConfigEntry$;
import scala.Product;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The names Spark reads a setting by. Spark accepts alternative and deprecated names for many
 * settings ({@code spark.yarn.keytab} for {@code spark.kerberos.keytab}) and reads them as the
 * canonical one, so a rule about keys must see the canonical name. Both of Spark's tables are read:
 * {@code SparkConf}'s alternatives and every registered {@link ConfigEntry}'s, after the objects
 * that declare the entries the operator's class path holds (core's and Kubernetes') are loaded.
 */
public final class SparkKeys {

  /** The objects declaring Spark's configuration entries; loading one registers its entries. */
  private static final List<String> DECLARING_OBJECTS =
      List.of(
          "org.apache.spark.internal.config.package$",
          "org.apache.spark.internal.config.Deploy$",
          "org.apache.spark.internal.config.History$",
          "org.apache.spark.internal.config.Kryo$",
          "org.apache.spark.internal.config.Network$",
          "org.apache.spark.internal.config.Python$",
          "org.apache.spark.internal.config.R$",
          "org.apache.spark.internal.config.Status$",
          "org.apache.spark.internal.config.Streaming$",
          "org.apache.spark.internal.config.UI$",
          "org.apache.spark.internal.config.Worker$",
          "org.apache.spark.deploy.k8s.Config$");

  private static final Map<String, String> CANONICAL = alternatives();

  private SparkKeys() {}

  /** The key Spark reads {@code key} as: its canonical name, or {@code key} itself. */
  public static String canonical(String key) {
    return CANONICAL.getOrDefault(key, key);
  }

  /** Every alternative name Spark knows, with the canonical key it stands for. */
  static Map<String, String> alternativeNames() {
    return Map.copyOf(CANONICAL);
  }

  private static Map<String, String> alternatives() {
    for (String object : DECLARING_OBJECTS) {
      try {
        Class.forName(object, true, SparkKeys.class.getClassLoader()).getField("MODULE$").get(null);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(
            "Spark's configuration object " + object + " is missing", e);
      }
    }
    Map<String, String> canonical = new HashMap<>();
    for (ConfigEntry<?> entry : ConfigEntry$.MODULE$.knownConfigs().values()) {
      for (String alternative : CollectionConverters.asJava(entry.alternatives())) {
        canonical.put(alternative, entry.key());
      }
    }
    // SparkConf's own table: canonical key -> its alternatives, AlternateConfig case classes whose
    // first element is the alternative key (the class is private to Scala, so it is not named)
    CollectionConverters.asJava(sparkConfAlternatives())
        .forEach(
            (key, alternatives) -> {
              for (Object alternative :
                  CollectionConverters.asJava((scala.collection.Iterable<?>) alternatives)) {
                canonical.put((String) ((Product) alternative).productElement(0), (String) key);
              }
            });
    canonical.keySet().removeIf(key -> key.equals(canonical.get(key)));
    return canonical;
  }

  private static scala.collection.Map<?, ?> sparkConfAlternatives() {
    try {
      return (scala.collection.Map<?, ?>)
          SparkConf$.class
              .getMethod("org$apache$spark$SparkConf$$configsWithAlternatives")
              .invoke(SparkConf$.MODULE$);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("Spark's table of alternative setting names is missing", e);
    }
  }
}
