package io.sparkbench.api.run;

import io.sparkbench.api.v1.ScalingBenchmarkStatus.Fingerprint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;

/**
 * Whether two runs ran on the same thing: the image (by digest where both have one), Spark, Java,
 * the pods' shape, the Spark settings, the instance type and the architecture. The node and the
 * zone are not compared: the runs of one benchmark land on different nodes of one type all the
 * time.
 */
public final class Fingerprints {

  private static final java.util.regex.Pattern MEMORY =
      java.util.regex.Pattern.compile("^([0-9]+)([kKmMgGtTpP])?[bB]?$");

  private Fingerprints() {}

  /** See {@link Fingerprint#differences}. */
  public static List<String> differences(Fingerprint a, Fingerprint b) {
    List<String> lines = new ArrayList<>();
    if (a == null || b == null) {
      return lines;
    }
    if (a.imageDigest != null && b.imageDigest != null) {
      differ(lines, "image digest", a.imageDigest, b.imageDigest, Fingerprints::abbreviated);
    } else {
      differ(lines, "image", a.image, b.image, Function.identity());
    }
    differ(lines, "Spark", a.sparkVersion, b.sparkVersion, Function.identity());
    differ(lines, "Java", a.javaVersion, b.javaVersion, Function.identity());
    if (known(a.executors, b.executors)
        || known(a.executorCores, b.executorCores)
        || knownMemory(a.executorMemory, b.executorMemory)) {
      lines.add("executors " + executors(a) + " vs " + executors(b));
    }
    if (known(a.driverCores, b.driverCores) || knownMemory(a.driverMemory, b.driverMemory)) {
      lines.add(
          "driver "
              + shape(a.driverCores, a.driverMemory)
              + " vs "
              + shape(b.driverCores, b.driverMemory));
    }
    differ(lines, "settings hash", a.settingsHash, b.settingsHash, Fingerprints::abbreviated);
    differ(lines, "instance type", a.instanceType, b.instanceType, Function.identity());
    differ(lines, "architecture", a.arch, b.arch, Function.identity());
    return lines;
  }

  /** Adds {@code name a vs b} when both are known and differ. */
  private static void differ(
      List<String> lines, String name, String a, String b, Function<String, String> shown) {
    if (known(a, b)) {
      lines.add(name + " " + shown.apply(a) + " vs " + shown.apply(b));
    }
  }

  /** Both known and different. */
  private static boolean known(Object a, Object b) {
    return a != null && b != null && !a.equals(b);
  }

  /** Both known and different amounts: {@code 1g} and {@code 1024m} are the same heap. */
  private static boolean knownMemory(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    Long ma = mebibytes(a);
    Long mb = mebibytes(b);
    return ma != null && mb != null ? !ma.equals(mb) : !a.equals(b);
  }

  /**
   * A Spark memory setting in MiB ({@code 512m}, {@code 1g}; no unit is MiB, as Spark reads {@code
   * spark.executor.memory}), or null when it is not one.
   */
  static Long mebibytes(String memory) {
    Matcher m = MEMORY.matcher(memory.trim());
    if (!m.matches() || m.group(1).length() > 12) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "m" : m.group(2).toLowerCase(Locale.ROOT);
    return switch (unit) {
      case "k" -> n / 1024;
      case "m" -> n;
      case "g" -> n * 1024;
      case "t" -> n * 1024 * 1024;
      default -> n * 1024 * 1024 * 1024;
    };
  }

  private static String executors(Fingerprint f) {
    return (f.executors == null ? "?" : f.executors.toString())
        + " × "
        + shape(f.executorCores, f.executorMemory);
  }

  private static String shape(Integer cores, String memory) {
    return (cores == null ? "?" : cores.toString())
        + (Objects.equals(cores, 1) ? " core " : " cores ")
        + (memory == null ? "?" : memory);
  }

  /** A digest or hash cut to what tells two apart at a glance: {@code sha256:1a2b3c4d…}. */
  private static String abbreviated(String digest) {
    int colon = digest.indexOf(':');
    int keep = colon + 1 + 8;
    return digest.length() <= keep + 1 ? digest : digest.substring(0, keep) + "…";
  }
}
