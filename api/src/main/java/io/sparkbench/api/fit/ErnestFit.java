package io.sparkbench.api.fit;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * The Ernest model of a job's duration (Venkataraman et al., "Ernest: Efficient Performance
 * Prediction for Large-Scale Advanced Analytics", NSDI 2016):
 *
 * <pre>
 * seconds = θ0 + θ1 · records / E + θ2 · ln E + θ3 · E
 * </pre>
 *
 * <p>with E the number of executors: a fixed cost (θ0), work split evenly over the executors (θ1),
 * tree-shaped communication such as aggregation (θ2) and per-executor overhead such as all-to-all
 * communication or scheduling (θ3). Every θ is kept non-negative, as in the paper, by non-negative
 * least squares.
 *
 * <p>Commons Math has no non-negative least-squares solver, so {@link #fit(List)} solves it exactly
 * for these four terms: for every non-empty subset of the terms it takes the unconstrained
 * least-squares solution on that subset ({@link QRDecomposition}, skipping subsets whose columns
 * are linearly dependent on the data), keeps those with no negative coefficient, and returns the
 * one with the smallest residual sum of squares. Non-negative least squares is a convex problem,
 * and it always has an optimum whose positive coefficients belong to linearly independent columns;
 * on those columns the optimum is the unconstrained least-squares solution. That solution is one of
 * the candidates, and every candidate is feasible, so the smallest candidate is the exact optimum.
 * Among candidates whose sums of squares differ only by rounding, the one with fewer terms wins.
 *
 * @param fixedSeconds θ0: seconds a run takes regardless of its size and its executors
 * @param microsPerRecord θ1 in microseconds per record: what one record costs on one executor, the
 *     term being {@code microsPerRecord · records / E / 10⁶} seconds
 * @param logExecutorSeconds θ2: seconds per unit of {@code ln E} (natural logarithm)
 * @param perExecutorSeconds θ3: seconds each executor adds
 * @param rSquared coefficient of determination over every sample, 1 for a perfect fit; {@code NaN}
 *     when every sample took the same time
 * @param samples number of samples fitted on
 */
public record ErnestFit(
    double fixedSeconds,
    double microsPerRecord,
    double logExecutorSeconds,
    double perExecutorSeconds,
    double rSquared,
    int samples) {

  private static final int TERMS = 4;

  /** Below this diagonal entry of R (of unit-length columns) a subset counts as singular. */
  private static final double SINGULARITY_THRESHOLD = 1e-10;

  /** Relative improvement of the sum of squares below which a larger subset counts as a tie. */
  private static final double TIE_TOLERANCE = 1e-12;

  /**
   * One measured run.
   *
   * @param records number of records the run processed, at least 1
   * @param executors number of executors it ran on (E), at least 1
   * @param seconds how long it took, in seconds, finite and not negative
   */
  public record Sample(long records, int executors, double seconds) {
    /** Checks the ranges above. */
    public Sample {
      if (records < 1) {
        throw new IllegalArgumentException("records must be at least 1, got " + records);
      }
      if (executors < 1) {
        throw new IllegalArgumentException("executors must be at least 1, got " + executors);
      }
      if (!Double.isFinite(seconds) || seconds < 0) {
        throw new IllegalArgumentException(
            "seconds must be finite and not negative, got " + seconds);
      }
    }
  }

  /**
   * Fits the model by exact non-negative least squares over every sample (repetitions included).
   *
   * <p>Needs runs at two or more executor counts and two or more record counts, and at least as
   * many distinct (records, executors) points as the data can identify terms: the constant and the
   * per-record term, plus one executor term per executor count beyond the first, up to the two of
   * ln E and E. With exactly two executor counts ln E and E are indistinguishable (each is the
   * other shifted and scaled), so at most one of them is fitted, ln E when both fit equally well.
   *
   * @throws IllegalArgumentException when the samples cannot identify the model; the message is a
   *     one-line reason meant for a status message
   */
  public static ErnestFit fit(List<Sample> samples) {
    Objects.requireNonNull(samples, "samples");
    Set<Integer> executorCounts = new HashSet<>();
    Set<Long> recordCounts = new HashSet<>();
    Set<List<Long>> designPoints = new HashSet<>();
    for (Sample s : samples) {
      executorCounts.add(s.executors());
      recordCounts.add(s.records());
      designPoints.add(List.of(s.records(), (long) s.executors()));
    }
    if (executorCounts.size() < 2) {
      throw new IllegalArgumentException(
          "the Ernest model needs runs at two or more executor counts, got "
              + executorCounts.size());
    }
    if (recordCounts.size() < 2) {
      throw new IllegalArgumentException(
          "the Ernest model needs runs at two or more record counts, got " + recordCounts.size());
    }
    int identifiable = 2 + Math.min(2, executorCounts.size() - 1);
    if (designPoints.size() < identifiable) {
      throw new IllegalArgumentException(
          "the Ernest model needs runs at "
              + identifiable
              + " or more distinct (records, executors) points to fit "
              + identifiable
              + " terms, got "
              + designPoints.size());
    }

    int n = samples.size();
    double[][] features = new double[n][];
    double[] seconds = new double[n];
    double sumSquares = 0;
    for (int i = 0; i < n; i++) {
      Sample s = samples.get(i);
      features[i] = features(s.records(), s.executors());
      seconds[i] = s.seconds();
      sumSquares += s.seconds() * s.seconds();
    }

    double[] best = null;
    int bestTerms = 0;
    double bestRss = Double.POSITIVE_INFINITY;
    // Smaller subsets first, so that a larger one replaces them only by fitting better.
    for (int size = 1; size <= TERMS; size++) {
      for (int mask = 1; mask < 1 << TERMS; mask++) {
        if (Integer.bitCount(mask) != size) {
          continue;
        }
        double[] theta = solve(features, seconds, mask);
        if (theta == null) {
          continue;
        }
        double rss = residualSumOfSquares(features, seconds, theta);
        if (best == null || rss < bestRss - TIE_TOLERANCE * sumSquares) {
          best = theta;
          bestTerms = size;
          bestRss = rss;
        }
      }
    }
    if (best == null) {
      // Unreachable with non-negative seconds: the constant alone fits their mean.
      throw new IllegalArgumentException("the Ernest model has no non-negative fit");
    }
    assert bestTerms > 0;

    double mean = 0;
    for (double y : seconds) {
      mean += y;
    }
    mean /= n;
    double tss = 0;
    for (double y : seconds) {
      tss += (y - mean) * (y - mean);
    }
    double rSquared = tss == 0 ? Double.NaN : 1 - bestRss / tss;
    return new ErnestFit(best[0], best[1], best[2], best[3], rSquared, n);
  }

  /**
   * Seconds the model predicts for a run of {@code records} on {@code executors}.
   *
   * @param records number of records
   * @param executors number of executors (E), at least 1
   * @throws IllegalArgumentException when {@code executors} is below 1
   */
  public double predict(long records, int executors) {
    if (executors < 1) {
      throw new IllegalArgumentException("executors must be at least 1, got " + executors);
    }
    double[] f = features(records, executors);
    return fixedSeconds * f[0]
        + microsPerRecord * f[1]
        + logExecutorSeconds * f[2]
        + perExecutorSeconds * f[3];
  }

  /** The four terms' values for one run; the second in millions of records per executor. */
  private static double[] features(long records, int executors) {
    return new double[] {
      1, records / 1e6 / executors, Math.log(executors), executors,
    };
  }

  /**
   * The unconstrained least-squares coefficients on the terms of {@code mask} (zero elsewhere), or
   * {@code null} when those terms are linearly dependent on the data or a coefficient is negative.
   */
  private static double[] solve(double[][] features, double[] seconds, int mask) {
    int[] columns = new int[Integer.bitCount(mask)];
    for (int term = 0, c = 0; term < TERMS; term++) {
      if ((mask & (1 << term)) != 0) {
        columns[c++] = term;
      }
    }
    int n = features.length;
    if (columns.length > n) {
      return null;
    }
    // Unit-length columns, so that the singularity threshold means the same for every term.
    double[] norms = new double[columns.length];
    double[][] a = new double[n][columns.length];
    for (int c = 0; c < columns.length; c++) {
      double norm = 0;
      for (double[] row : features) {
        norm += row[columns[c]] * row[columns[c]];
      }
      norm = Math.sqrt(norm);
      if (norm == 0) {
        return null;
      }
      norms[c] = norm;
      for (int i = 0; i < n; i++) {
        a[i][c] = features[i][columns[c]] / norm;
      }
    }
    DecompositionSolver solver =
        new QRDecomposition(new Array2DRowRealMatrix(a, false), SINGULARITY_THRESHOLD).getSolver();
    if (!solver.isNonSingular()) {
      return null;
    }
    RealVector scaled = solver.solve(new ArrayRealVector(seconds, false));
    double[] theta = new double[TERMS];
    for (int c = 0; c < columns.length; c++) {
      double value = scaled.getEntry(c) / norms[c];
      if (value < 0) {
        return null;
      }
      theta[columns[c]] = value;
    }
    return theta;
  }

  private static double residualSumOfSquares(double[][] features, double[] seconds, double[] t) {
    double rss = 0;
    for (int i = 0; i < seconds.length; i++) {
      double[] f = features[i];
      double r = seconds[i] - (t[0] * f[0] + t[1] * f[1] + t[2] * f[2] + t[3] * f[3]);
      rss += r * r;
    }
    return rss;
  }
}
