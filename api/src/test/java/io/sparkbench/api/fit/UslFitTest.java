package io.sparkbench.api.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.withinPercentage;
import static org.assertj.core.data.Offset.offset;

import io.sparkbench.api.fit.UslFit.Point;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UslFitTest {

  private static double usl(double lambda, double sigma, double kappa, double n) {
    return lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
  }

  /**
   * The {@code specsdm91} data set of the R package {@code usl} (Stefan Möding; CRAN, source at
   * github.com/smoeding/usl): a Sun SPARCcenter 2000 (16 CPUs) in the SPEC SDM91 benchmark, October
   * 1994, from Gunther's "Guerrilla Capacity Planning" (Springer, 2007); load = simulated users,
   * throughput = script executions per hour.
   *
   * <p>For {@code usl(throughput ~ load, specsdm91)}, which fits the scale factor too, the
   * package's README publishes alpha (σ) = 0.0277285, beta (κ) = 0.0001044, gamma (λ) = 89.9952330
   * and a residual standard error of 82.8 on 4 degrees of freedom; its CRAN readme page adds the
   * peak, throughput 1884 at load 96.52; its tests/fitted.Rout.save prints the fitted values 90
   * 1078 1541 1850 1879 1822 1646. The throughputs below agree with the efficiencies its
   * tests/efficiency.Rout.save prints, throughput / (gamma · load) = 0.7211 0.6148 0.5100 0.2860
   * 0.1882 0.1370 0.0876.
   */
  private static final double[][] SPECSDM91 = {
    {1, 64.9}, {18, 995.9}, {36, 1652.4}, {72, 1853.2}, {108, 1828.9}, {144, 1775.0}, {216, 1702.2}
  };

  @Test
  void theDataAgreeWithThePublishedEfficiencies() {
    // efficiency(u) of the usl package, printed to four decimals: within half the last digit.
    double[] published = {0.7211, 0.6148, 0.5100, 0.2860, 0.1882, 0.1370, 0.0876};
    for (int i = 0; i < SPECSDM91.length; i++) {
      assertThat(SPECSDM91[i][1] / (89.9952330 * SPECSDM91[i][0]))
          .isCloseTo(published[i], offset(0.00005));
    }
  }

  @Test
  void fitsThePublishedSpecSdm91Coefficients() {
    List<Point> points = new ArrayList<>();
    for (double[] p : SPECSDM91) {
      points.add(new Point(p[0], p[1]));
    }
    UslFit fit = UslFit.fit(points);
    // The same least-squares optimum as the package's, to the digits it prints.
    assertThat(fit.sigma()).isCloseTo(0.0277285, withinPercentage(0.1));
    assertThat(fit.kappa()).isCloseTo(0.0001044, withinPercentage(0.1));
    assertThat(fit.lambda()).isCloseTo(89.9952330, withinPercentage(0.1));
    assertThat(fit.peakN()).isPresent();
    assertThat(fit.peakN().getAsDouble()).isCloseTo(96.52, withinPercentage(0.1));
    assertThat(fit.predictThroughput(fit.peakN().getAsDouble()))
        .isCloseTo(1884, withinPercentage(0.5));
    assertThat(fit.samples()).isEqualTo(7);

    double[] published = {90, 1078, 1541, 1850, 1879, 1822, 1646};
    double rss = 0;
    for (int i = 0; i < SPECSDM91.length; i++) {
      double predicted = fit.predictThroughput(SPECSDM91[i][0]);
      assertThat(predicted).isCloseTo(published[i], offset(1.0));
      rss += (SPECSDM91[i][1] - predicted) * (SPECSDM91[i][1] - predicted);
    }
    assertThat(Math.sqrt(rss / (SPECSDM91.length - 3))).isCloseTo(82.8, offset(0.1));
    assertThat(fit.rSquared()).isBetween(0.95, 1.0);
  }

  @Test
  void recoversTheCoefficientsOfNoiselessData() {
    double lambda = 1200;
    double sigma = 0.05;
    double kappa = 0.0008;
    List<Point> points = new ArrayList<>();
    for (double n : new double[] {2, 4, 8, 16, 32, 64}) {
      points.add(new Point(n, usl(lambda, sigma, kappa, n)));
    }
    UslFit fit = UslFit.fit(points);
    assertThat(fit.lambda()).isCloseTo(lambda, withinPercentage(1e-6));
    assertThat(fit.sigma()).isCloseTo(sigma, withinPercentage(1e-6));
    assertThat(fit.kappa()).isCloseTo(kappa, withinPercentage(1e-6));
    assertThat(fit.rSquared()).isCloseTo(1, offset(1e-12));
    assertThat(fit.peakN().getAsDouble())
        .isCloseTo(Math.sqrt((1 - sigma) / kappa), withinPercentage(1e-6));
    assertThat(fit.predictThroughput(128)).isCloseTo(usl(lambda, sigma, kappa, 128), offset(1e-6));
  }

  @Test
  void amdahlDataHasNoPeak() {
    // κ = 0: throughput rises towards λ/σ and never falls.
    List<Point> points = new ArrayList<>();
    for (double n : new double[] {1, 2, 4, 8, 16}) {
      points.add(new Point(n, usl(100, 0.1, 0, n)));
    }
    UslFit fit = UslFit.fit(points);
    assertThat(fit.lambda()).isCloseTo(100, withinPercentage(1e-4));
    assertThat(fit.sigma()).isCloseTo(0.1, withinPercentage(1e-4));
    assertThat(fit.kappa()).isCloseTo(0, offset(1e-9));
  }

  @Test
  void keepsTheCoefficientsNonNegative() {
    // Growing faster than linear scaling would allow: the unconstrained fit wants σ, κ < 0.
    List<Point> points = new ArrayList<>();
    for (double n : new double[] {1, 2, 4, 8}) {
      points.add(new Point(n, 10 * Math.pow(n, 1.2)));
    }
    UslFit fit = UslFit.fit(points);
    assertThat(fit.sigma()).isGreaterThanOrEqualTo(0);
    assertThat(fit.kappa()).isEqualTo(0.0);
    assertThat(fit.lambda()).isPositive();
    assertThat(fit.peakN()).isEmpty();
  }

  @Test
  void rejectsFewerThanThreeConcurrencies() {
    assertThatThrownBy(
            () ->
                UslFit.fit(
                    List.of(
                        new Point(1, 10), new Point(1, 11), new Point(4, 30), new Point(4, 31))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the Universal Scalability Law needs runs at three or more distinct concurrencies,"
                + " got 2");
    assertThatThrownBy(() -> new Point(0, 10)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Point(2, -1)).isInstanceOf(IllegalArgumentException.class);
  }
}
