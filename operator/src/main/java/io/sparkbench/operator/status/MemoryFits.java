package io.sparkbench.operator.status;

import io.sparkbench.api.fit.LineFit;
import io.sparkbench.api.run.Measures;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.MemoryFit;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.network.util.JavaUtils;

/**
 * Peak resident memory of the driver and the largest executor, fitted against records, with the
 * record count at which it would reach the role's pod limit and a heap whose limit keeps the fitted
 * peak at the largest record count (measured or in {@code spec.predict}) a quarter under it.
 *
 * <p>The pod limit is Spark's: the heap plus its overhead, {@code max(384 MiB, 10 % of the heap)}
 * (the spec leaves the overhead at Spark's default). The recommendation takes the fitted peak as it
 * was measured with the runs' heap; a larger heap lets the JVM hold more before collecting, so it
 * is an estimate to start from, not a guarantee.
 */
public final class MemoryFits {

  /** Spark's minimum memory overhead of a JVM pod, MiB. */
  static final long MIN_OVERHEAD_MIB = 384;

  /** Spark's default overhead factor of a JVM pod. */
  static final double OVERHEAD_FACTOR = 0.10;

  /** The share of the limit the recommendation leaves free. */
  static final double HEADROOM = 0.25;

  private MemoryFits() {}

  /** One fit per role with peaks at two or more record counts; empty otherwise. */
  public static List<MemoryFit> of(List<RunResult> results, ScalingBenchmarkSpec spec) {
    List<MemoryFit> fits = new ArrayList<>();
    if (spec == null) {
      return fits;
    }
    long largest = results.stream().mapToLong(r -> r.records).max().orElse(0);
    if (spec.predict != null) {
      largest = Math.max(largest, spec.predict.stream().mapToLong(Long::longValue).max().orElse(0));
    }
    for (Measures.MemoryRole role : Measures.MemoryRole.values()) {
      // a peak of 0 is one that was not measured
      LineFit fit = RunResults.lineOrNull(results, r -> positiveOrNull(role.of(r)));
      if (fit == null) {
        continue;
      }
      MemoryFit m = new MemoryFit();
      m.role = role.key;
      m.fixedMiB = RunResults.round(fit.intercept(), 1);
      m.mibPerMillionRecords = RunResults.round(fit.slope() * 1e6, 3);
      m.rSquared = RunResults.roundOrNull(fit.rSquared(), 4);
      String heap =
          role == Measures.MemoryRole.DRIVER
              ? spec.driver == null ? null : spec.driver.memory
              : spec.executor == null ? null : spec.executor.memory;
      if (heap != null) {
        long heapMiB = JavaUtils.byteStringAsMb(heap);
        m.limitMiB = limitMiB(heapMiB);
        if (fit.slope() > 0) {
          double at = (m.limitMiB - fit.intercept()) / fit.slope();
          m.limitReachedAtRecords = at <= 0 ? 0L : (long) Math.min(at, Long.MAX_VALUE / 2.0);
        }
        double measuredPeak =
            results.stream()
                .map(role::of)
                .filter(mib -> mib != null)
                .mapToLong(Long::longValue)
                .max()
                .orElse(0);
        double peakAtLargest = Math.max(fit.predict(largest), measuredPeak);
        long recommended = heapFor(peakAtLargest / (1 - HEADROOM));
        m.recommendedMemory = String.format(Locale.ROOT, "%dm", recommended);
      }
      fits.add(m);
    }
    return fits;
  }

  private static Long positiveOrNull(Long mib) {
    return mib == null || mib <= 0 ? null : mib;
  }

  /** Spark's pod memory limit for a heap, MiB. */
  static long limitMiB(long heapMiB) {
    return heapMiB + Math.max(MIN_OVERHEAD_MIB, (long) (OVERHEAD_FACTOR * heapMiB));
  }

  /**
   * The smallest heap, in steps of 128 MiB from 512 MiB, whose pod limit reaches {@code needed}.
   */
  static long heapFor(double neededLimit) {
    long heap = 512;
    while (limitMiB(heap) < neededLimit && heap < 1024L * 1024) {
      heap += 128;
    }
    return heap;
  }
}
