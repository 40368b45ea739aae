package io.sparkbench.app.measure;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Peak heap and resident memory of this JVM. Heap is sampled by a daemon thread; resident memory is
 * the kernel's high-water mark ({@code VmHWM}), so no sample can miss the peak.
 */
public final class DriverMemory implements AutoCloseable {

  private static final Path PROC_STATUS = Paths.get("/proc/self/status");

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final AtomicLong peakHeapBytes = new AtomicLong();
  private final Thread sampler;
  private volatile boolean running = true;

  private DriverMemory(long intervalMillis) {
    sample();
    sampler =
        new Thread(
            () -> {
              while (running) {
                sample();
                try {
                  Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "sparkbench-heap-sampler");
    sampler.setDaemon(true);
    sampler.start();
  }

  /** Starts sampling the heap every {@code intervalMillis}. */
  public static DriverMemory start(long intervalMillis) {
    return new DriverMemory(intervalMillis);
  }

  private void sample() {
    long used = memory.getHeapMemoryUsage().getUsed();
    peakHeapBytes.accumulateAndGet(used, Math::max);
  }

  /** The largest heap use seen so far, in bytes. */
  public long peakHeapBytes() {
    sample();
    return peakHeapBytes.get();
  }

  /** Peak resident set size of this process in bytes, or -1 where /proc is not available. */
  public static long peakRssBytes() {
    return procStatusKiB("VmHWM:") * 1024;
  }

  static long procStatusKiB(String field) {
    try {
      if (!Files.isReadable(PROC_STATUS)) {
        return -1;
      }
      for (String line : Files.readAllLines(PROC_STATUS)) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
      return -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
  }
}
