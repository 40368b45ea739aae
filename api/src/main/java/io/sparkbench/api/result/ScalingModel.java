package io.sparkbench.api.result;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A linear scaling model {@code seconds = fixedSeconds + microsPerRecord · records / 10⁶}, fitted
 * by ordinary least squares on the median duration of each record count.
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
    Map<Long, Double> medians = mediansByRecords(samples);
    if (medians.size() < 2) {
      throw new IllegalArgumentException(
          "a scaling model needs runs at two or more record counts, got " + medians.size());
    }
    int n = medians.size();
    double meanX = 0;
    double meanY = 0;
    for (Map.Entry<Long, Double> e : medians.entrySet()) {
      meanX += e.getKey();
      meanY += e.getValue();
    }
    meanX /= n;
    meanY /= n;
    double sxx = 0;
    double sxy = 0;
    double syy = 0;
    for (Map.Entry<Long, Double> e : medians.entrySet()) {
      double dx = e.getKey() - meanX;
      double dy = e.getValue() - meanY;
      sxx += dx * dx;
      sxy += dx * dy;
      syy += dy * dy;
    }
    double slope = sxy / sxx;
    double intercept = meanY - slope * meanX;
    double ssRes = 0;
    for (Map.Entry<Long, Double> e : medians.entrySet()) {
      double r = e.getValue() - (intercept + slope * e.getKey());
      ssRes += r * r;
    }
    double rSquared = syy == 0 ? Double.NaN : 1 - ssRes / syy;
    return new ScalingModel(intercept, slope * 1e6, rSquared, n);
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
