package io.sparkbench.operator.cost;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/**
 * What the operator prices runs at: a core-hour and a GiB-hour of what the pods request, in one
 * currency, with prices of their own for the nodes of some instance types (their {@code
 * node.kubernetes.io/instance-type} label). Read from a YAML or JSON file:
 *
 * <pre>
 * currency: USD
 * coreHour: 0.0400
 * gibHour: 0.0050
 * instanceTypes:
 *   m5.xlarge: {coreHour: 0.0480, gibHour: 0.0060}
 * </pre>
 *
 * An instance type's entry may give one price and leave the other at the default.
 *
 * @param currency what the amounts are in, e.g. {@code USD}
 * @param coreHour price of one core for an hour
 * @param gibHour price of one GiB of memory for an hour
 * @param instanceTypes the prices of nodes of these instance types
 */
public record Prices(
    String currency, double coreHour, double gibHour, Map<String, Rates> instanceTypes) {

  /** A core-hour's and a GiB-hour's price. */
  public record Rates(double coreHour, double gibHour) {}

  private static final List<String> KEYS =
      List.of("currency", "coreHour", "gibHour", "instanceTypes");
  private static final List<String> RATE_KEYS = List.of("coreHour", "gibHour");
  private static final int MAX_CURRENCY_LENGTH = 16;
  private static final int MAX_INSTANCE_TYPE_LENGTH = 63;

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  public Prices {
    instanceTypes = Map.copyOf(instanceTypes);
  }

  /** The prices of a node of {@code instanceType}: its entry's, or the defaults. */
  public Rates of(String instanceType) {
    Rates own = instanceType == null ? null : instanceTypes.get(instanceType);
    return own == null ? new Rates(coreHour, gibHour) : own;
  }

  /**
   * Reads a price table.
   *
   * @throws IllegalArgumentException one line, worded to follow the setting's name: {@code is
   *     'prices.yaml': coreHour is -1, a price must be a number of 0 or more}
   */
  public static Prices read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("is '" + file + "': no such file");
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("is '" + file + "': cannot read it: " + e);
    }
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("is '" + file + "': " + e.getMessage(), e);
    }
  }

  /**
   * A price table from YAML or JSON text.
   *
   * @throws IllegalArgumentException saying in one line what is wrong
   */
  public static Prices parse(String text) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not YAML or JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new IllegalArgumentException(
          "empty; write e.g. {currency: USD, coreHour: 0.04, gibHour: 0.005}");
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException(
          "not a price table: write a mapping of " + String.join(", ", KEYS));
    }
    unknownKeys(root, KEYS, "");
    JsonNode currency = root.get("currency");
    if (currency == null
        || !currency.isTextual()
        || !currency.asText().matches("^\\S{1," + MAX_CURRENCY_LENGTH + "}$")) {
      throw new IllegalArgumentException(
          "currency is "
              + (currency == null ? "missing" : "'" + currency.asText() + "'")
              + ": write its code, e.g. USD, in at most "
              + MAX_CURRENCY_LENGTH
              + " characters without spaces");
    }
    double core = price(root, "coreHour", "", null);
    double gib = price(root, "gibHour", "", null);
    Map<String, Rates> types = new LinkedHashMap<>();
    JsonNode entries = root.get("instanceTypes");
    if (entries != null && !entries.isNull()) {
      if (!entries.isObject()) {
        throw new IllegalArgumentException(
            "instanceTypes must map instance types to {coreHour, gibHour}");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = entries.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        String type = entry.getKey();
        String at = "instanceTypes." + type + ".";
        if (type.isBlank() || type.length() > MAX_INSTANCE_TYPE_LENGTH) {
          throw new IllegalArgumentException(
              "instanceTypes has '"
                  + type
                  + "': an instance type label value has 1 to "
                  + MAX_INSTANCE_TYPE_LENGTH
                  + " characters");
        }
        JsonNode rates = entry.getValue();
        if (rates == null || !rates.isObject() || rates.isEmpty()) {
          throw new IllegalArgumentException(
              "instanceTypes." + type + " must give coreHour, gibHour or both");
        }
        unknownKeys(rates, RATE_KEYS, at);
        types.put(
            type, new Rates(price(rates, "coreHour", at, core), price(rates, "gibHour", at, gib)));
      }
    }
    return new Prices(currency.asText(), core, gib, types);
  }

  private static void unknownKeys(JsonNode object, List<String> known, String at) {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "unknown key '" + at + name + "' (known: " + String.join(", ", known) + ")");
      }
    }
  }

  /** The price under {@code key}, or {@code fallback} when it is absent and there is one. */
  private static double price(JsonNode object, String key, String at, Double fallback) {
    JsonNode value = object.get(key);
    if (value == null && fallback != null) {
      return fallback;
    }
    if (value == null) {
      throw new IllegalArgumentException(
          at + key + " is missing: give the price of one " + unit(key) + " an hour");
    }
    if (!value.isNumber() || !Double.isFinite(value.asDouble()) || value.asDouble() < 0) {
      throw new IllegalArgumentException(
          at + key + " is " + shown(value) + ": a price must be a number of 0 or more");
    }
    return value.asDouble();
  }

  private static String unit(String key) {
    return key.equals("coreHour") ? "core" : "GiB";
  }

  private static String shown(JsonNode value) {
    String text = value.isTextual() ? "'" + value.asText() + "'" : value.toString();
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s %s a core-hour, %s a GiB-hour, %d instance type(s) priced apart",
        currency,
        coreHour,
        gibHour,
        instanceTypes.size());
  }

  /**
   * A picocli converter for {@code --prices}: reads the file. Its message follows the option's
   * name, as {@link io.sparkbench.common.cli.OneLineErrors} prints it.
   */
  public static final class Converter implements CommandLine.ITypeConverter<Prices> {
    @Override
    public Prices convert(String value) {
      return read(Path.of(value.trim()));
    }
  }
}
