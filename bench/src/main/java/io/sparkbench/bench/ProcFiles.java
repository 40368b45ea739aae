package io.sparkbench.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process's CPU and peak memory, and the machine's CPU, as Linux's {@code /proc} reports them.
 */
final class ProcFiles {

  private ProcFiles() {}

  /**
   * utime + stime of {@code /proc/<pid>/stat}, in clock ticks: every thread's CPU, the JIT's and
   * the collector's included. The fields are counted after the command name's closing parenthesis,
   * since the name itself may hold spaces and parentheses.
   */
  static long cpuTicks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
    // fields[0] is field 3 (state); utime and stime are fields 14 and 15
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /** VmHWM of {@code /proc/<pid>/status}, the peak resident set, in KiB; -1 when absent. */
  static long peakRssKib(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  /**
   * The first line of {@code /proc/stat} as {busy, total} clock ticks of all cores: busy is all but
   * idle and iowait.
   */
  static long[] machineTicks(String procStat) {
    String[] f = procStat.substring(0, procStat.indexOf('\n')).trim().split(" +");
    long total = 0;
    for (int i = 1; i < f.length; i++) {
      total += Long.parseLong(f[i]);
    }
    long idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
    return new long[] {total - idle, total};
  }

  /** The process's CPU seconds so far. */
  static double cpuSeconds(long pid) {
    return cpuTicks(read(Path.of("/proc", Long.toString(pid), "stat"))) / (double) TICKS;
  }

  /** The process's peak resident set so far, in MiB. */
  static double peakRssMiB(long pid) {
    return peakRssKib(read(Path.of("/proc", Long.toString(pid), "status"))) / 1024.0;
  }

  /** {busy, total} clock ticks of all cores so far. */
  static long[] machineTicks() {
    return machineTicks(read(Path.of("/proc/stat")));
  }

  /** USER_HZ, the unit of /proc's CPU times: 100 on every Linux architecture this runs on. */
  static final long TICKS = clockTicks();

  private static long clockTicks() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
      String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return getconf.waitFor() == 0 ? Long.parseLong(out.trim()) : 100;
    } catch (IOException | NumberFormatException e) {
      return 100;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 100;
    }
  }

  /** The machine's load average over the last minute, as /proc/loadavg gives it. */
  static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
