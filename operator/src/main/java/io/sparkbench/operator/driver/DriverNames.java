package io.sparkbench.operator.driver;

import io.sparkbench.api.run.RunId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Deterministic names of a run's Kubernetes objects. The resource name prefix is {@code
 * <benchmark>-<records>-r<repetition>-a<attempt>} ({@code <benchmark>-<records>-e<executors>-r…}
 * when the benchmark sweeps executor counts), made a DNS-1035 label and kept at most {@value
 * #MAX_PREFIX} characters (a longer or a changed one is cut and ends in a hash of the whole), so
 * that Spark's {@code <prefix>-driver-svc} and executor names {@code <prefix>-exec-<n>} fit in 63
 * characters.
 */
public final class DriverNames {

  /** Leaves room for Spark's longest suffix, {@code -driver-svc}, and executor ids. */
  public static final int MAX_PREFIX = 45;

  private DriverNames() {}

  public static String prefix(String benchmark, RunId run) {
    String base = benchmark + "-" + run.name();
    String label = base.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    if (!Character.isLetter(label.charAt(0))) {
      label = "sb-" + label;
    }
    if (label.equals(base) && label.length() <= MAX_PREFIX) {
      return label;
    }
    // A name that had to change (a dot, a leading digit) or be cut ends in a hash of the whole,
    // so that benchmarks named a.b and a-b never share their pods' names.
    String hash = hash(base).substring(0, 8);
    String head =
        label
            .substring(0, Math.min(label.length(), MAX_PREFIX - hash.length() - 1))
            .replaceAll("-+$", "");
    return head + "-" + hash;
  }

  public static String driverPod(String benchmark, RunId run) {
    return prefix(benchmark, run) + "-driver";
  }

  public static String configMap(String benchmark, RunId run) {
    return prefix(benchmark, run) + "-conf-map";
  }

  /**
   * Spark application id ({@code spark-app-selector} label, the event log's name): stable for one
   * run of one object, new for a new attempt, a new round or a re-created object.
   */
  public static String appId(
      String namespace, String benchmark, String uid, long generation, int round, RunId run) {
    return "spark-"
        + hash(namespace
                + "/"
                + benchmark
                + "/"
                + uid
                + "/"
                + generation
                + "/"
                + round
                + "/"
                + run.records()
                + (run.executorSweep() ? "x" + run.executors() : "")
                + "/"
                + run.repetition()
                + "/"
                + run.attempt())
            .substring(0, 32);
  }

  /** The SHA-256 of {@code text}, in hex. */
  public static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
