package io.sparkbench.api.fit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Speedup and parallel efficiency of one record count over executor counts, relative to the
 * smallest executor count E0 measured: {@code S(E) = t(E0) / t(E)} and {@code efficiency(E) = S(E)
 * / (E / E0)}. Perfect scaling has S(E) = E / E0 and an efficiency of 1; the efficiency falls below
 * 1 as overhead grows and rises above it for superlinear scaling (for example once the data fits
 * the executors' memory).
 *
 * @param baseExecutors the smallest executor count (E0), which everything is relative to
 * @param baseSeconds the median seconds at E0, t(E0)
 * @param ratios one entry per executor count, in ascending order, the first being E0 itself
 */
public record ScalingRatios(int baseExecutors, double baseSeconds, List<Ratio> ratios) {

  /**
   * The ratios at one executor count.
   *
   * @param executors the executor count E
   * @param seconds the median seconds at E, t(E)
   * @param speedup {@code t(E0) / t(E)}, dimensionless: how many times faster than at E0
   * @param efficiency {@code speedup / (E / E0)}, dimensionless: the fraction of the added
   *     executors' ideal gain achieved, 1 for perfect scaling
   */
  public record Ratio(int executors, double seconds, double speedup, double efficiency) {}

  /** Makes {@code ratios} unmodifiable. */
  public ScalingRatios {
    ratios = List.copyOf(ratios);
  }

  /**
   * The ratios of the median durations of one record count.
   *
   * @param medianSecondsByExecutors median seconds of the runs at each executor count, all at the
   *     same record count
   * @throws IllegalArgumentException when the map is empty, an executor count is below 1 or a
   *     duration is not finite and positive
   */
  public static ScalingRatios of(SortedMap<Integer, Double> medianSecondsByExecutors) {
    Objects.requireNonNull(medianSecondsByExecutors, "medianSecondsByExecutors");
    if (medianSecondsByExecutors.isEmpty()) {
      throw new IllegalArgumentException("speedup needs runs at one or more executor counts");
    }
    for (Map.Entry<Integer, Double> e : medianSecondsByExecutors.entrySet()) {
      if (e.getKey() == null || e.getKey() < 1) {
        throw new IllegalArgumentException("executors must be at least 1, got " + e.getKey());
      }
      if (e.getValue() == null || !Double.isFinite(e.getValue()) || e.getValue() <= 0) {
        throw new IllegalArgumentException(
            "seconds must be finite and positive, got " + e.getValue() + " at " + e.getKey());
      }
    }
    int base = medianSecondsByExecutors.firstKey();
    double baseSeconds = medianSecondsByExecutors.get(base);
    List<Ratio> ratios = new ArrayList<>();
    medianSecondsByExecutors.forEach(
        (executors, seconds) -> {
          double speedup = baseSeconds / seconds;
          double efficiency = speedup / ((double) executors / base);
          ratios.add(new Ratio(executors, seconds, speedup, efficiency));
        });
    return new ScalingRatios(base, baseSeconds, ratios);
  }

  /**
   * The ratios at {@code executors}, if it was measured.
   *
   * @param executors an executor count
   */
  public Optional<Ratio> at(int executors) {
    return ratios.stream().filter(r -> r.executors() == executors).findFirst();
  }
}
