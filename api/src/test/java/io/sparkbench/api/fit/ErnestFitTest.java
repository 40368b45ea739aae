package io.sparkbench.api.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.sparkbench.api.fit.ErnestFit.Sample;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;
import org.junit.jupiter.api.Test;

class ErnestFitTest {

  /** Seconds of the Ernest model with θ1 in microseconds per record. */
  private static double ernest(
      double theta0, double microsPerRecord, double theta2, double theta3, long records, int e) {
    return theta0 + microsPerRecord * records / 1e6 / e + theta2 * Math.log(e) + theta3 * e;
  }

  private static List<Sample> grid(
      long[] records, int[] executors, double t0, double t1, double t2, double t3) {
    List<Sample> samples = new ArrayList<>();
    for (long r : records) {
      for (int e : executors) {
        samples.add(new Sample(r, e, ernest(t0, t1, t2, t3, r, e)));
      }
    }
    return samples;
  }

  @Test
  void recoversTheCoefficientsOfNoiselessData() {
    List<Sample> samples =
        grid(
            new long[] {1_000_000, 2_000_000, 4_000_000},
            new int[] {1, 2, 4, 8, 16},
            12,
            80,
            5,
            0.25);
    ErnestFit fit = ErnestFit.fit(samples);
    assertThat(fit.fixedSeconds()).isCloseTo(12, offset(1e-8));
    assertThat(fit.microsPerRecord()).isCloseTo(80, offset(1e-8));
    assertThat(fit.logExecutorSeconds()).isCloseTo(5, offset(1e-8));
    assertThat(fit.perExecutorSeconds()).isCloseTo(0.25, offset(1e-8));
    assertThat(fit.rSquared()).isCloseTo(1, offset(1e-12));
    assertThat(fit.samples()).isEqualTo(15);
    assertThat(fit.predict(10_000_000, 32))
        .isCloseTo(ernest(12, 80, 5, 0.25, 10_000_000, 32), offset(1e-6));
  }

  @Test
  void aTermTheDataDoesNotNeedIsExactlyZero() {
    List<Sample> samples =
        grid(new long[] {1_000_000, 3_000_000}, new int[] {1, 2, 4, 8}, 30, 40, 0, 1.5);
    ErnestFit fit = ErnestFit.fit(samples);
    assertThat(fit.logExecutorSeconds()).isEqualTo(0.0);
    assertThat(fit.fixedSeconds()).isCloseTo(30, offset(1e-8));
    assertThat(fit.microsPerRecord()).isCloseTo(40, offset(1e-8));
    assertThat(fit.perExecutorSeconds()).isCloseTo(1.5, offset(1e-8));
  }

  @Test
  void aNegativeCoefficientIsZeroAndTheOthersFitTheRemainingTerms() {
    // Time grows less with E than ln E suggests: generated with θ2 = -3 (not allowed).
    long[] records = {1_000_000, 4_000_000};
    int[] executors = {2, 4, 8, 16, 32};
    List<Sample> samples = grid(records, executors, 20, 50, -3, 0.5);
    ErnestFit fit = ErnestFit.fit(samples);
    assertThat(fit.logExecutorSeconds()).isEqualTo(0.0);

    // Ordinary least squares on the other three terms (constant, records/E, E), computed directly.
    double[] y = new double[samples.size()];
    double[][] x = new double[samples.size()][];
    for (int i = 0; i < y.length; i++) {
      Sample s = samples.get(i);
      y[i] = s.seconds();
      x[i] = new double[] {s.records() / 1e6 / s.executors(), s.executors()};
    }
    OLSMultipleLinearRegression ols = new OLSMultipleLinearRegression();
    ols.newSampleData(y, x);
    double[] beta = ols.estimateRegressionParameters();
    for (double b : beta) {
      assertThat(b).isPositive();
    }
    assertThat(fit.fixedSeconds()).isCloseTo(beta[0], offset(1e-8));
    assertThat(fit.microsPerRecord()).isCloseTo(beta[1], offset(1e-8));
    assertThat(fit.perExecutorSeconds()).isCloseTo(beta[2], offset(1e-8));
    assertThat(fit.rSquared()).isCloseTo(ols.calculateRSquared(), offset(1e-10));
    assertThat(fit.rSquared()).isLessThan(1);

    // Optimality (Karush-Kuhn-Tucker): raising θ2 from 0 would not lower the squared error, since
    // the residuals correlate negatively with ln E.
    double gradient = 0;
    for (Sample s : samples) {
      double residual = s.seconds() - fit.predict(s.records(), s.executors());
      gradient += residual * Math.log(s.executors());
    }
    assertThat(gradient).isNegative();
  }

  @Test
  void usesEveryRepetition() {
    List<Sample> samples = new ArrayList<>();
    for (long r : new long[] {1_000_000, 2_000_000}) {
      for (int e : new int[] {2, 4, 8}) {
        double t = ernest(10, 100, 2, 0.1, r, e);
        samples.add(new Sample(r, e, t - 1));
        samples.add(new Sample(r, e, t + 1));
      }
    }
    ErnestFit fit = ErnestFit.fit(samples);
    assertThat(fit.samples()).isEqualTo(12);
    assertThat(fit.fixedSeconds()).isCloseTo(10, offset(1e-8));
    assertThat(fit.microsPerRecord()).isCloseTo(100, offset(1e-8));
    assertThat(fit.logExecutorSeconds()).isCloseTo(2, offset(1e-8));
    assertThat(fit.perExecutorSeconds()).isCloseTo(0.1, offset(1e-8));
    assertThat(fit.rSquared()).isBetween(0.0, 1.0);
  }

  @Test
  void twoExecutorCountsFitOnlyOneExecutorTerm() {
    // ln E and E are indistinguishable over two executor counts: ln E is kept.
    List<Sample> samples = grid(new long[] {1_000_000, 2_000_000}, new int[] {2, 4}, 10, 60, 0, 2);
    ErnestFit fit = ErnestFit.fit(samples);
    assertThat(fit.perExecutorSeconds()).isEqualTo(0.0);
    assertThat(fit.rSquared()).isCloseTo(1, offset(1e-12));
    for (Sample s : samples) {
      assertThat(fit.predict(s.records(), s.executors())).isCloseTo(s.seconds(), offset(1e-8));
    }
  }

  @Test
  void rejectsTooFewDesignPoints() {
    assertThatThrownBy(
            () -> ErnestFit.fit(grid(new long[] {1_000_000, 2_000_000}, new int[] {4}, 1, 1, 1, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the Ernest model needs runs at two or more executor counts, got 1");
    assertThatThrownBy(
            () -> ErnestFit.fit(grid(new long[] {1_000_000}, new int[] {2, 4, 8}, 1, 1, 1, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the Ernest model needs runs at two or more record counts, got 1");
    // Two executor counts and two record counts, but only on the diagonal: records and executors
    // grow together, so their effects cannot be told apart.
    assertThatThrownBy(
            () ->
                ErnestFit.fit(
                    List.of(
                        new Sample(1_000_000, 2, 10),
                        new Sample(1_000_000, 2, 11),
                        new Sample(2_000_000, 4, 12))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the Ernest model needs runs at 3 or more distinct (records, executors) points to fit 3"
                + " terms, got 2");
    // Three executor counts identify all four terms, which need four points.
    assertThatThrownBy(
            () ->
                ErnestFit.fit(
                    List.of(
                        new Sample(1_000_000, 2, 10),
                        new Sample(1_000_000, 4, 11),
                        new Sample(2_000_000, 8, 12))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the Ernest model needs runs at 4 or more distinct (records, executors) points to fit 4"
                + " terms, got 3");
    assertThatThrownBy(() -> new Sample(0, 2, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Sample(1, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Sample(1, 2, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
