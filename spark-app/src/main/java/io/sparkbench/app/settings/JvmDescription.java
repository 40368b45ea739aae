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

  /**
   * This JVM's settings; {@code executorOptions} are the JVM options of executors of their own
   * (null in local mode, where this JVM runs the tasks), whose JIT the result names beside the
   * driver's when the two differ.
   */
  public static BenchmarkResult.Jvm current(List<String> executorOptions) {
    HotSpotDiagnosticMXBean hotspot =
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    return new BenchmarkResult.Jvm(
        System.getProperty(RunSettings.PROPERTY, "default"),
        jit(
            RunSettings.jitOf(
                option(hotspot, "TieredCompilation"), option(hotspot, "TieredStopAtLevel")),
            executorOptions == null ? null : RunSettings.jitOf(executorOptions)),
        collector(
            ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName)
                .toList()),
        Runtime.getRuntime().maxMemory() >> 20,
        archive(option(hotspot, "SharedArchiveFile")));
  }

  /**
   * The driver's JIT, or both when executors of their own compile otherwise: {@code driver C1,
   * executors tiered}.
   */
  static String jit(String driver, String executors) {
    return executors == null || executors.equals(driver)
        ? driver
        : "driver " + driver + ", executors " + executors;
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
