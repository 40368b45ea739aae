package io.sparkbench.api.fit;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresProblem;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.fitting.leastsquares.MultivariateJacobianFunction;
import org.apache.commons.math3.fitting.leastsquares.ParameterValidator;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

/**
 * Gunther's Universal Scalability Law, the throughput at concurrency N:
 *
 * <pre>
 * X(N) = λ · N / (1 + σ · (N − 1) + κ · N · (N − 1))
 * </pre>
 *
 * <p>fitted by Levenberg–Marquardt least squares on the throughput, with σ and κ kept non-negative
 * and λ positive. N is the concurrency (for a Spark benchmark, the number of executors); throughput
 * is in whatever unit the caller measures it in (records per second, say), and λ is in that unit
 * too: the throughput of one unit of concurrency without contention or coherency delay.
 *
 * @param lambda λ, throughput per unit of concurrency at N = 1 without overhead, in the unit of the
 *     fitted throughput
 * @param sigma σ, the contention (serial) fraction, dimensionless, not negative
 * @param kappa κ, the coherency (crosstalk) coefficient, dimensionless, not negative
 * @param rSquared coefficient of determination of the throughput, 1 for a perfect fit; {@code NaN}
 *     when every throughput is the same
 * @param samples number of measurements fitted on
 */
public record UslFit(double lambda, double sigma, double kappa, double rSquared, int samples) {

  private static final int MAX_EVALUATIONS = 10_000;

  /**
   * One measurement.
   *
   * @param n the concurrency N (for a Spark benchmark, the number of executors), at least 1
   * @param throughput the throughput measured at it, in the caller's unit, finite and not negative
   */
  public record Point(double n, double throughput) {
    /** Checks the ranges above. */
    public Point {
      if (!Double.isFinite(n) || n < 1) {
        throw new IllegalArgumentException("concurrency must be at least 1, got " + n);
      }
      if (!Double.isFinite(throughput) || throughput < 0) {
        throw new IllegalArgumentException(
            "throughput must be finite and not negative, got " + throughput);
      }
    }
  }

  /**
   * Fits λ, σ and κ by Levenberg–Marquardt on every measurement (repetitions included), starting
   * from λ = throughput / N at the smallest N and σ, κ from Gunther's linearisation of the law
   * around that λ, clamped to be non-negative.
   *
   * @throws IllegalArgumentException with fewer than three distinct concurrencies (three
   *     coefficients), with no positive throughput, or when the fit does not converge; the message
   *     is a one-line reason meant for a status message
   */
  public static UslFit fit(List<Point> points) {
    Objects.requireNonNull(points, "points");
    TreeMap<Double, double[]> byN = new TreeMap<>(); // N -> {sum, count}
    for (Point p : points) {
      double[] acc = byN.computeIfAbsent(p.n(), k -> new double[2]);
      acc[0] += p.throughput();
      acc[1]++;
    }
    if (byN.size() < 3) {
      throw new IllegalArgumentException(
          "the Universal Scalability Law needs runs at three or more distinct concurrencies, got "
              + byN.size());
    }
    double smallestN = byN.firstKey();
    double[] first = byN.firstEntry().getValue();
    double lambda0 = first[0] / first[1] / smallestN;
    if (!(lambda0 > 0)) {
      double best = 0;
      for (Point p : points) {
        best = Math.max(best, p.throughput() / p.n());
      }
      if (best == 0) {
        throw new IllegalArgumentException(
            "the Universal Scalability Law needs a positive throughput, every run has none");
      }
      lambda0 = best;
    }

    int m = points.size();
    double[] ns = new double[m];
    double[] xs = new double[m];
    for (int i = 0; i < m; i++) {
      ns[i] = points.get(i).n();
      xs[i] = points.get(i).throughput();
    }
    double[] start = linearisedStart(ns, xs, lambda0);
    double lambdaFloor = lambda0 * 1e-12;

    MultivariateJacobianFunction model =
        parameters -> {
          double lambda = parameters.getEntry(0);
          double sigma = parameters.getEntry(1);
          double kappa = parameters.getEntry(2);
          double[] values = new double[m];
          double[][] jacobian = new double[m][3];
          for (int i = 0; i < m; i++) {
            double n = ns[i];
            double d = 1 + sigma * (n - 1) + kappa * n * (n - 1);
            values[i] = lambda * n / d;
            jacobian[i][0] = n / d;
            jacobian[i][1] = -lambda * n * (n - 1) / (d * d);
            jacobian[i][2] = -lambda * n * n * (n - 1) / (d * d);
          }
          return new Pair<>(
              new ArrayRealVector(values, false), new Array2DRowRealMatrix(jacobian, false));
        };
    ParameterValidator validator =
        p ->
            new ArrayRealVector(
                new double[] {
                  Math.max(p.getEntry(0), lambdaFloor),
                  Math.max(p.getEntry(1), 0),
                  Math.max(p.getEntry(2), 0)
                },
                false);
    LeastSquaresProblem problem =
        new LeastSquaresBuilder()
            .model(model)
            .target(xs)
            .start(start)
            .parameterValidator(validator)
            .lazyEvaluation(false)
            .maxEvaluations(MAX_EVALUATIONS)
            .maxIterations(MAX_EVALUATIONS)
            .build();
    LeastSquaresOptimizer.Optimum optimum;
    try {
      optimum = new LevenbergMarquardtOptimizer().optimize(problem);
    } catch (MathIllegalStateException e) {
      throw new IllegalArgumentException(
          "the Universal Scalability Law fit did not converge within "
              + MAX_EVALUATIONS
              + " evaluations");
    }
    RealVector fitted = validator.validate(optimum.getPoint());
    double lambda = fitted.getEntry(0);
    double sigma = fitted.getEntry(1) + 0.0; // no -0.0
    double kappa = fitted.getEntry(2) + 0.0;

    double mean = 0;
    for (double x : xs) {
      mean += x;
    }
    mean /= m;
    double tss = 0;
    double rss = 0;
    for (int i = 0; i < m; i++) {
      double r = xs[i] - throughput(lambda, sigma, kappa, ns[i]);
      rss += r * r;
      tss += (xs[i] - mean) * (xs[i] - mean);
    }
    double rSquared = tss == 0 ? Double.NaN : 1 - rss / tss;
    return new UslFit(lambda, sigma, kappa, rSquared, m);
  }

  /**
   * Throughput the law predicts at concurrency {@code n}, in the unit of the fitted throughput.
   *
   * @param n the concurrency N (for a Spark benchmark, the number of executors)
   */
  public double predictThroughput(double n) {
    return throughput(lambda, sigma, kappa, n);
  }

  /**
   * The concurrency of the highest throughput, {@code N* = √((1 − σ) / κ)}, beyond which adding
   * concurrency lowers the throughput (the retrograde region).
   *
   * @return N*, in units of concurrency (for a Spark benchmark, executors, not rounded); empty when
   *     κ is 0, where there is no retrograde region and the throughput rises towards λ / σ
   *     (Amdahl's law), or when σ is 1 or more, where it never rises above its value at N = 1
   */
  public OptionalDouble peakN() {
    if (kappa <= 0 || sigma >= 1) {
      return OptionalDouble.empty();
    }
    return OptionalDouble.of(Math.sqrt((1 - sigma) / kappa));
  }

  private static double throughput(double lambda, double sigma, double kappa, double n) {
    return lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
  }

  /**
   * The start {λ0, σ, κ}: with λ0 fixed the law is linear in σ and κ, {@code λ0 · N / X − 1 = σ ·
   * (N − 1) + κ · N · (N − 1)} (Gunther, Guerrilla Capacity Planning, 5.2.3), solved by least
   * squares and clamped to be non-negative.
   */
  private static double[] linearisedStart(double[] ns, double[] xs, double lambda0) {
    int rows = 0;
    for (double x : xs) {
      if (x > 0) {
        rows++;
      }
    }
    double[][] a = new double[rows][2];
    double[] b = new double[rows];
    for (int i = 0, r = 0; i < xs.length; i++) {
      if (xs[i] > 0) {
        a[r][0] = ns[i] - 1;
        a[r][1] = ns[i] * (ns[i] - 1);
        b[r] = lambda0 * ns[i] / xs[i] - 1;
        r++;
      }
    }
    double sigma = 0;
    double kappa = 0;
    if (rows >= 2) {
      double norm0 = 0;
      double norm1 = 0;
      for (double[] row : a) {
        norm0 += row[0] * row[0];
        norm1 += row[1] * row[1];
      }
      norm0 = Math.sqrt(norm0);
      norm1 = Math.sqrt(norm1);
      if (norm0 > 0 && norm1 > 0) {
        for (double[] row : a) {
          row[0] /= norm0;
          row[1] /= norm1;
        }
        DecompositionSolver solver =
            new QRDecomposition(new Array2DRowRealMatrix(a, false), 1e-10).getSolver();
        if (solver.isNonSingular()) {
          RealVector s = solver.solve(new ArrayRealVector(b, false));
          sigma = Math.max(0, s.getEntry(0) / norm0);
          kappa = Math.max(0, s.getEntry(1) / norm1);
        }
      }
    }
    return new double[] {lambda0, sigma, kappa};
  }
}
