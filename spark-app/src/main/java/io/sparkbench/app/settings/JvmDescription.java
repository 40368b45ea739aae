package io.sparkbench.app.settings;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.settings.RunSettings;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** The settings this JVM runs with, as a result records them (see {@link BenchmarkResult#jvm}). */
public final class JvmDescription {

  private JvmDescription() {}

  public static BenchmarkResult.Jvm current() {
    HotSpotDiagnosticMXBean hotspot =
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    return new BenchmarkResult.Jvm(
        System.getProperty(RunSettings.PROPERTY, "default"),
        jit(option(hotspot, "TieredCompilation"), option(hotspot, "TieredStopAtLevel")),
        collector(
            ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName)
                .toList()),
        Runtime.getRuntime().maxMemory() >> 20,
        archive(option(hotspot, "SharedArchiveFile")));
  }

  /** {@code C1} (tiers up to 1), {@code C2} (no tiers) or {@code tiered}. */
  static String jit(String tiered, String stopAtLevel) {
    if ("false".equals(tiered)) {
      return "C2";
    }
    return "1".equals(stopAtLevel) ? "C1" : "tiered";
  }

  /** The collector's common name, from its beans' names. */
  static String collector(List<String> beans) {
    String names = String.join(",", beans);
    if (names.contains("PS ")) {
      return "Parallel";
    }
    if (names.contains("G1")) {
      return "G1";
    }
    if (names.contains("ZGC")) {
      return "Z";
    }
    if (names.contains("Shenandoah")) {
      return "Shenandoah";
    }
    if (names.contains("Copy") || names.contains("MarkSweepCompact")) {
      return "Serial";
    }
    return beans.stream().collect(Collectors.joining(","));
  }

  /** The dynamic archive's file name, or null when the JVM was given none. */
  static String archive(String sharedArchiveFile) {
    if (sharedArchiveFile == null || sharedArchiveFile.isBlank()) {
      return null;
    }
    return Path.of(sharedArchiveFile).getFileName().toString();
  }

  private static String option(HotSpotDiagnosticMXBean hotspot, String name) {
    try {
      return hotspot.getVMOption(name).getValue();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
