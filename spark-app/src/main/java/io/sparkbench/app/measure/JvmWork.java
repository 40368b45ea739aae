package io.sparkbench.app.measure;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a JVM's own work goes: CPU of the whole process, of its JIT compiler threads and of its
 * garbage collector threads. Take one {@link #now()} before and one after, and subtract with {@link
 * #since(JvmWork)}.
 *
 * <p>On Linux the compiler and collector figures are the CPU time of those threads, read from
 * {@code /proc/self/task/<tid>/schedstat} in nanoseconds. Elsewhere they fall back to what the
 * management beans count, which is elapsed time: compile time summed over compiler threads and
 * collection time, both longer than CPU time when the threads wait for a core.
 *
 * @param processCpuSeconds CPU time of all the process's threads; {@code NaN} where the JVM does
 *     not report it
 * @param jitSeconds JIT compiler threads' time; {@code NaN} where neither source reports it
 * @param gcSeconds garbage collector threads' time
 * @param perThreadCpu whether the last two are CPU time of the threads
 */
public record JvmWork(
    double processCpuSeconds, double jitSeconds, double gcSeconds, boolean perThreadCpu) {

  private static final Path TASKS = Path.of("/proc/self/task");

  /** The counters now. */
  public static JvmWork now() {
    double cpu = Double.NaN;
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      long nanos = os.getProcessCpuTime();
      cpu = nanos < 0 ? Double.NaN : nanos / 1e9;
    }
    long[] threads = threadCpuNanos();
    if (threads != null) {
      return new JvmWork(cpu, threads[0] / 1e9, threads[1] / 1e9, true);
    }
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    double jitSeconds =
        jit != null && jit.isCompilationTimeMonitoringSupported()
            ? jit.getTotalCompilationTime() / 1000.0
            : Double.NaN;
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    return new JvmWork(cpu, jitSeconds, gcMillis / 1000.0, false);
  }

  /** The work done between {@code start} and this snapshot. */
  public JvmWork since(JvmWork start) {
    return new JvmWork(
        processCpuSeconds - start.processCpuSeconds,
        jitSeconds - start.jitSeconds,
        gcSeconds - start.gcSeconds,
        perThreadCpu && start.perThreadCpu);
  }

  /**
   * What a HotSpot thread of this name does: {@code 0} a JIT compiler, {@code 1} a garbage
   * collector, {@code -1} anything else. Linux keeps the first 15 bytes of a thread's name.
   */
  static int role(String threadName) {
    if (threadName.startsWith("C1 CompilerThre") || threadName.startsWith("C2 CompilerThre")) {
      return 0;
    }
    if (threadName.startsWith("GC Thread")
        || threadName.startsWith("G1 ")
        || threadName.startsWith("ZWorker")) {
      return 1;
    }
    return -1;
  }

  /**
   * CPU nanoseconds of the live compiler and collector threads, or {@code null} where {@code /proc}
   * does not give them.
   */
  private static long[] threadCpuNanos() {
    if (!Files.isDirectory(TASKS)) {
      return null;
    }
    long[] nanos = new long[2];
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        try {
          int role = role(Files.readString(task.resolve("comm")).strip());
          if (role < 0) {
            continue;
          }
          String schedstat = Files.readString(task.resolve("schedstat"));
          nanos[role] += Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
        } catch (IOException | RuntimeException e) {
          // The thread ended while it was being read: it is not counted.
        }
      }
    } catch (IOException e) {
      return null;
    }
    // A kernel without scheduler statistics reports zero for every thread.
    return nanos[0] + nanos[1] > 0 ? nanos : null;
  }
}
