package io.sparkbench.app.settings;

import io.sparkbench.api.result.BenchmarkResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.spark.SparkConf;
import scala.Tuple2;

/**
 * What the driver ran with, as a result records it ({@link BenchmarkResult#fingerprint}): the Java
 * version and a hash of the running session's Spark settings. Two runs of one benchmark on the same
 * image, Spark and settings have the same hash; a setting changed anywhere (the spec, the
 * operator's defaults, the image's {@code spark-defaults.conf}) changes it.
 *
 * <p>Left out are the keys that name one run rather than a setting: its application (id, name,
 * times), the driver's host, ports and pod IP, pod names, labels and annotations (the run's own),
 * the namespace, the master, the submission, the folders of the event log, the SQL warehouse,
 * Spark's scratch space ({@code spark.local.dir}) and the pod template file (places, not settings:
 * where pods share a machine, as on the local cluster, each has folders of its own), the image
 * (recorded separately, by digest) and the executor count (recorded with the pods' shape: an
 * executor sweep is one benchmark). Values of keys or values that look secret are redacted by
 * {@code spark.redaction.regex}, as Spark redacts them in its UI and logs, so the hash reveals
 * nothing a guess could be checked against.
 */
public final class SettingsFingerprint {

  /** Spark's default {@code spark.redaction.regex}. */
  static final String DEFAULT_REDACTION = "(?i)secret|password|token|access[.]key";

  /** What Spark writes in place of a redacted value. */
  static final String REDACTED = "*********(redacted)";

  /** The keys that name one run, or the image. */
  static final Pattern RUN_KEYS =
      Pattern.compile(
          "spark\\.app\\..*"
              + "|spark\\.driver\\.(host|port|bindAddress|blockManager\\.port)"
              + "|spark\\.kubernetes\\.driver\\.pod\\.name"
              + "|spark\\.kubernetes\\.executor\\.podNamePrefix"
              + "|spark\\.kubernetes\\.(driver|executor)\\.(label|annotation)\\..*"
              + "|spark\\.executor\\.id"
              + "|spark\\.executor\\.instances"
              + "|spark\\.kubernetes\\.namespace"
              + "|spark\\.master"
              + "|spark\\.submit\\..*"
              + "|spark\\.eventLog\\.dir"
              + "|spark\\.sql\\.warehouse\\.dir"
              + "|spark\\.local\\.dir"
              // the driver pod's IP, which Spark's entrypoint passes to its executors
              + "|spark\\.executorEnv\\.SPARK_DRIVER_POD_IP"
              + "|spark\\.kubernetes\\.(driver|executor)\\.podTemplateFile"
              + "|spark\\.kubernetes\\.((driver|executor)\\.)?container\\.image");

  /** How many hex digits of the SHA-256 are kept. */
  static final int HEX_DIGITS = 16;

  private SettingsFingerprint() {}

  /** The fingerprint of this JVM and the running session's configuration. */
  public static BenchmarkResult.Fingerprint of(SparkConf conf) {
    Map<String, String> settings = new TreeMap<>();
    for (Tuple2<String, String> entry : conf.getAll()) {
      settings.put(entry._1(), entry._2());
    }
    return of(settings, System.getProperty("java.runtime.version"));
  }

  /**
   * The fingerprint of {@code settings}, redacted by their own {@code spark.redaction.regex} (or
   * Spark's default), for a JVM of {@code javaVersion}.
   */
  public static BenchmarkResult.Fingerprint of(Map<String, String> settings, String javaVersion) {
    Pattern redaction =
        redaction(settings.getOrDefault("spark.redaction.regex", DEFAULT_REDACTION));
    SortedMap<String, String> hashed = new TreeMap<>();
    settings.forEach(
        (key, value) -> {
          if (!RUN_KEYS.matcher(key).matches()) {
            boolean secret =
                redaction.matcher(key).find() || (value != null && redaction.matcher(value).find());
            hashed.put(key, secret ? REDACTED : value);
          }
        });
    StringBuilder lines = new StringBuilder();
    hashed.forEach((key, value) -> lines.append(key).append('=').append(value).append('\n'));
    return new BenchmarkResult.Fingerprint(javaVersion, sha256(lines.toString()), hashed.size());
  }

  /** The redaction pattern, or Spark's default where the setting is no regular expression. */
  private static Pattern redaction(String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      return Pattern.compile(DEFAULT_REDACTION);
    }
  }

  private static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
