package io.sparkbench.api.result;

import io.sparkbench.api.fit.LineFit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * A linear scaling model {@code seconds = fixedSeconds + microsPerRecord · records / 10⁶}, fitted
 * by ordinary least squares on the median duration of each record count ({@link LineFit}, which the
 * operator's status also uses with its prediction intervals).
 *
 * @param fixedSeconds time a run takes regardless of its size (the intercept)
 * @param microsPerRecord marginal cost of one record, in microseconds (the slope)
 * @param rSquared coefficient of determination of the fit, 1 for a perfect line; {@code NaN} when
 *     every point has the same duration
 * @param points distinct record counts the model was fitted on
 */
public record ScalingModel(
    double fixedSeconds, double microsPerRecord, double rSquared, int points) {

  /** One measured run. */
  public record Sample(long records, double seconds) {}

  /**
   * Whether the line can predict larger runs: only when its cost per record is positive. Runs whose
   * durations are within noise of each other can fit a falling line, which predicts less time, or
   * negative time, for more data.
   */
  public boolean canPredict() {
    return microsPerRecord > 0;
  }

  /** Seconds the model predicts for a run of {@code records}. */
  public double predictSeconds(long records) {
    return fixedSeconds + microsPerRecord * records / 1e6;
  }

  /**
   * Fits the model on the per-record-count medians of {@code samples}. Needs at least two distinct
   * record counts.
   *
   * @throws IllegalArgumentException with fewer than two distinct record counts
   */
  public static ScalingModel fit(List<Sample> samples) {
    TreeMap<Double, List<Double>> byRecords = new TreeMap<>();
    for (Sample s : samples) {
      byRecords.computeIfAbsent((double) s.records(), k -> new ArrayList<>()).add(s.seconds());
    }
    if (byRecords.size() < 2) {
      throw new IllegalArgumentException(
          "a scaling model needs runs at two or more record counts, got " + byRecords.size());
    }
    LineFit line = LineFit.fit(byRecords);
    return new ScalingModel(line.intercept(), line.slope() * 1e6, line.rSquared(), line.points());
  }

  /**
   * The fit on whatever distinct record counts exist, or {@code null} with fewer than two: callers
   * that report "no model yet" use this instead of catching.
   */
  public static ScalingModel fitOrNull(List<Sample> samples) {
    return mediansByRecords(samples).size() < 2 ? null : fit(samples);
  }

  /** Median seconds per record count, in ascending record order. */
  public static TreeMap<Long, Double> mediansByRecords(List<Sample> samples) {
    TreeMap<Long, List<Double>> byRecords = new TreeMap<>();
    for (Sample s : samples) {
      byRecords.computeIfAbsent(s.records(), k -> new ArrayList<>()).add(s.seconds());
    }
    TreeMap<Long, Double> medians = new TreeMap<>();
    byRecords.forEach((records, seconds) -> medians.put(records, median(seconds)));
    return medians;
  }

  /** Median of a non-empty list; the mean of the two middle values for an even count. */
  public static double median(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("median of no values");
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
