package io.sparkbench.api.fit;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.rank.Median;

/**
 * An ordinary-least-squares line {@code seconds = intercept + slope · x}, fitted on the median
 * duration at each distinct x, together with what a 95 % prediction interval for one further run
 * needs.
 *
 * <p>x is whatever the runs are measured against, in the caller's unit (for a scaling benchmark,
 * the record count); y is a duration in seconds. The line goes through the medians, so that one
 * slow repetition does not tilt it; the scatter of the interval is pooled from every repetition
 * around that line: {@code s² = Σ (y_ij − ŷ(x_i))² / (N − 2)} with N the number of samples, on N −
 * 2 degrees of freedom. The half-width at x is {@code t(0.975, N − 2) · s · √(1 + 1/k + (x − x̄)² /
 * Sxx)}, with k the number of distinct x, x̄ their mean and Sxx their sum of squared deviations.
 *
 * @param intercept seconds the line predicts at x = 0
 * @param slope seconds per unit of x
 * @param rSquared coefficient of determination of the line on the medians, 1 for medians exactly on
 *     it; {@code NaN} when every median is the same
 * @param points number of distinct x the line was fitted on (k)
 * @param samples number of samples (N), every repetition at every x
 * @param meanX mean of the distinct x (x̄), in units of x
 * @param sxx sum of squared deviations of the distinct x from their mean (Sxx), in units of x
 *     squared
 * @param residualStandardError the pooled scatter s of every sample around the line, in seconds;
 *     {@code NaN} with fewer than three samples, when there are no degrees of freedom left
 */
public record LineFit(
    double intercept,
    double slope,
    double rSquared,
    int points,
    int samples,
    double meanX,
    double sxx,
    double residualStandardError) {

  /** Two-sided confidence level of {@link #interval(double)}. */
  public static final double CONFIDENCE = 0.95;

  /**
   * A range of durations.
   *
   * @param low lower end, in seconds
   * @param high upper end, in seconds
   */
  public record Interval(double low, double high) {}

  /**
   * Fits the line on the median of each x's samples. Needs at least two distinct x; the interval
   * additionally needs at least three samples in all ({@link #interval(double)}).
   *
   * @param samplesByX the seconds each run took, keyed by its x (for a scaling benchmark, the
   *     record count); each list holds the repetitions at that x
   * @throws IllegalArgumentException with fewer than two distinct x, an empty list, or a value that
   *     is not finite
   */
  public static LineFit fit(SortedMap<Double, List<Double>> samplesByX) {
    Objects.requireNonNull(samplesByX, "samplesByX");
    int k = samplesByX.size();
    if (k < 2) {
      throw new IllegalArgumentException(
          "a line needs runs at two or more distinct sizes, got " + k);
    }
    double[] xs = new double[k];
    double[] medians = new double[k];
    int i = 0;
    int n = 0;
    Median median = new Median();
    for (Map.Entry<Double, List<Double>> e : samplesByX.entrySet()) {
      double x = requireFinite(e.getKey(), "x");
      double[] ys = finiteValues(e.getValue(), x);
      xs[i] = x;
      medians[i] = median.evaluate(ys);
      n += ys.length;
      i++;
    }

    double meanX = mean(xs);
    double meanY = mean(medians);
    double sxx = 0;
    double sxy = 0;
    double syy = 0;
    for (int j = 0; j < k; j++) {
      double dx = xs[j] - meanX;
      double dy = medians[j] - meanY;
      sxx += dx * dx;
      sxy += dx * dy;
      syy += dy * dy;
    }
    double slope = sxy / sxx;
    double intercept = meanY - slope * meanX;

    double ssMedians = 0;
    for (int j = 0; j < k; j++) {
      double r = medians[j] - (intercept + slope * xs[j]);
      ssMedians += r * r;
    }
    double rSquared = syy == 0 ? Double.NaN : 1 - ssMedians / syy;

    double ssSamples = 0;
    for (Map.Entry<Double, List<Double>> e : samplesByX.entrySet()) {
      double predicted = intercept + slope * e.getKey();
      for (double y : e.getValue()) {
        ssSamples += (y - predicted) * (y - predicted);
      }
    }
    int df = n - 2;
    double s = df < 1 ? Double.NaN : Math.sqrt(ssSamples / df);
    return new LineFit(intercept, slope, rSquared, k, n, meanX, sxx, s);
  }

  /** Degrees of freedom of the residual scatter: the number of samples minus two (N − 2). */
  public int degreesOfFreedom() {
    return samples - 2;
  }

  /**
   * Seconds the line predicts at {@code x}.
   *
   * @param x in the unit the line was fitted in (for a scaling benchmark, records)
   */
  public double predict(double x) {
    return intercept + slope * x;
  }

  /**
   * The 95 % prediction interval, in seconds, for one further run at {@code x}: {@link
   * #predict(double)} ± {@code t(0.975, N − 2) · s · √(1 + 1/k + (x − x̄)² / Sxx)}.
   *
   * @param x in the unit the line was fitted in (for a scaling benchmark, records)
   * @return the interval, or {@code null} with fewer than one degree of freedom (at most two
   *     samples: two points always fit a line exactly, so nothing is known of the scatter)
   */
  public Interval interval(double x) {
    int df = degreesOfFreedom();
    if (df < 1) {
      return null;
    }
    // No random generator: the distribution is only used for its quantile.
    double t = new TDistribution(null, df).inverseCumulativeProbability(1 - (1 - CONFIDENCE) / 2);
    double dx = x - meanX;
    double halfWidth = t * residualStandardError * Math.sqrt(1 + 1.0 / points + dx * dx / sxx);
    double center = predict(x);
    return new Interval(center - halfWidth, center + halfWidth);
  }

  private static double[] finiteValues(List<Double> values, double x) {
    if (values == null || values.isEmpty()) {
      throw new IllegalArgumentException("no samples at x = " + x);
    }
    double[] result = new double[values.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = requireFinite(values.get(i), "seconds");
    }
    return result;
  }

  private static double requireFinite(Double value, String what) {
    if (value == null || !Double.isFinite(value)) {
      throw new IllegalArgumentException(what + " must be a finite number, got " + value);
    }
    return value;
  }

  private static double mean(double[] values) {
    double sum = 0;
    for (double v : values) {
      sum += v;
    }
    return sum / values.length;
  }
}
