package io.sparkbench.api.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LineFitTest {

  // Student's t quantiles t(0.975, df), from the tables (and checked by integrating its density).
  private static final double T_3 = 3.182446305284;
  private static final double T_7 = 2.364624251593;

  private static TreeMap<Double, List<Double>> samples(Object... xAndSeconds) {
    TreeMap<Double, List<Double>> map = new TreeMap<>();
    for (int i = 0; i < xAndSeconds.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<Double> seconds = (List<Double>) xAndSeconds[i + 1];
      map.put(((Number) xAndSeconds[i]).doubleValue(), seconds);
    }
    return map;
  }

  @Test
  void matchesTheTextbookPredictionIntervalOnSingleRuns() {
    // One run per x, so the medians are the runs and the interval is the textbook one:
    // x̄ = 3, Sxx = 10, Sxy = -2·2.1 - 3.9 + 7.8 + 2·10.1 = 19.9, slope = 1.99,
    // intercept = 30.1/5 - 1.99·3 = 0.05; residuals 0.06, -0.13, 0.18, -0.21, 0.10,
    // SSE = 0.107 on 5 - 2 = 3 degrees of freedom.
    LineFit fit =
        LineFit.fit(
            samples(
                1,
                List.of(2.1),
                2,
                List.of(3.9),
                3,
                List.of(6.2),
                4,
                List.of(7.8),
                5,
                List.of(10.1)));
    assertThat(fit.slope()).isCloseTo(1.99, offset(1e-12));
    assertThat(fit.intercept()).isCloseTo(0.05, offset(1e-12));
    assertThat(fit.degreesOfFreedom()).isEqualTo(3);
    assertThat(fit.points()).isEqualTo(5);
    assertThat(fit.samples()).isEqualTo(5);
    assertThat(fit.meanX()).isEqualTo(3.0);
    assertThat(fit.sxx()).isCloseTo(10.0, offset(1e-12));
    double s = Math.sqrt(0.107 / 3);
    assertThat(fit.residualStandardError()).isCloseTo(s, offset(1e-12));
    // SST = Σ (y - 6.02)² = 39.708
    assertThat(fit.rSquared()).isCloseTo(1 - 0.107 / 39.708, offset(1e-12));

    double halfAt6 = T_3 * s * Math.sqrt(1 + 1.0 / 5 + (6 - 3) * (6 - 3) / 10.0);
    LineFit.Interval at6 = fit.interval(6);
    assertThat(fit.predict(6)).isCloseTo(11.99, offset(1e-12));
    assertThat(at6.low()).isCloseTo(11.99 - halfAt6, offset(1e-8));
    assertThat(at6.high()).isCloseTo(11.99 + halfAt6, offset(1e-8));
    assertThat(at6.low()).isCloseTo(11.11903, offset(1e-5));
    assertThat(at6.high()).isCloseTo(12.86097, offset(1e-5));

    // Narrowest at the mean x, wider the further from it.
    LineFit.Interval at3 = fit.interval(3);
    assertThat(at3.high() - at3.low()).isCloseTo(2 * T_3 * s * Math.sqrt(1.2), offset(1e-8));
    assertThat(at3.high() - at3.low()).isLessThan(at6.high() - at6.low());
  }

  @Test
  void fitsTheMediansAndPoolsEveryRepetitionIntoTheScatter() {
    // Medians 6, 10, 15 at x = 10, 20, 30: slope 90/200 = 0.45, intercept 31/3 - 9 = 4/3.
    // Residuals of every run around that line: x=10: -5/6, 1/6, 7/6; x=20: -4/3, -1/3, 5/3;
    // x=30: -5/6, 1/6, 2/3. SSE = 25/12 + 56/12 + 14/12 = 95/12 on 9 - 2 = 7 degrees of freedom.
    LineFit fit =
        LineFit.fit(
            samples(
                10,
                List.of(5.0, 6.0, 7.0),
                20,
                List.of(12.0, 9.0, 10.0),
                30,
                List.of(14.0, 15.0, 15.5)));
    assertThat(fit.slope()).isCloseTo(0.45, offset(1e-12));
    assertThat(fit.intercept()).isCloseTo(4.0 / 3, offset(1e-12));
    assertThat(fit.points()).isEqualTo(3);
    assertThat(fit.samples()).isEqualTo(9);
    assertThat(fit.degreesOfFreedom()).isEqualTo(7);
    double s = Math.sqrt(95.0 / 12 / 7);
    assertThat(fit.residualStandardError()).isCloseTo(s, offset(1e-12));
    // On the medians: SST = (6-31/3)² + (10-31/3)² + (15-31/3)² = 122/3, residuals 1/6, -1/3,
    // 1/6, SSE = 1/6.
    assertThat(fit.rSquared()).isCloseTo(1 - (1.0 / 6) / (122.0 / 3), offset(1e-12));

    // 1/k with k = 3 distinct x (not N = 9), x̄ = 20, Sxx = 200.
    double half = T_7 * s * Math.sqrt(1 + 1.0 / 3 + (40 - 20) * (40 - 20) / 200.0);
    LineFit.Interval at40 = fit.interval(40);
    assertThat(at40.low()).isCloseTo(4.0 / 3 + 18 - half, offset(1e-8));
    assertThat(at40.high()).isCloseTo(4.0 / 3 + 18 + half, offset(1e-8));
  }

  @Test
  void twoSingleRunsHaveNoInterval() {
    LineFit fit = LineFit.fit(samples(1_000, List.of(10.0), 2_000, List.of(12.0)));
    assertThat(fit.predict(3_000)).isCloseTo(14.0, offset(1e-12));
    assertThat(fit.degreesOfFreedom()).isZero();
    assertThat(fit.residualStandardError()).isNaN();
    assertThat(fit.interval(3_000)).isNull();
  }

  @Test
  void oneRepetitionIsEnoughForAnInterval() {
    LineFit fit = LineFit.fit(samples(1_000, List.of(10.0, 11.0), 2_000, List.of(12.0)));
    assertThat(fit.degreesOfFreedom()).isEqualTo(1);
    assertThat(fit.interval(3_000)).isNotNull();
  }

  @Test
  void scatteredRepetitionsWidenTheIntervalAndMoreRepetitionsNarrowIt() {
    // The same medians (on the line 5 + 2x) with tight, scattered and more repetitions.
    TreeMap<Double, List<Double>> tight = new TreeMap<>();
    TreeMap<Double, List<Double>> scattered = new TreeMap<>();
    TreeMap<Double, List<Double>> more = new TreeMap<>();
    for (double x = 1; x <= 3; x++) {
      double m = 5 + 2 * x;
      tight.put(x, List.of(m - 0.1, m, m + 0.1));
      scattered.put(x, List.of(m - 1, m, m + 1));
      more.put(x, List.of(m - 1, m - 1, m, m + 1, m + 1));
    }
    double tightWidth = width(LineFit.fit(tight).interval(5));
    double scatteredWidth = width(LineFit.fit(scattered).interval(5));
    double moreWidth = width(LineFit.fit(more).interval(5));
    assertThat(scatteredWidth).isCloseTo(10 * tightWidth, offset(1e-9));
    // Same scatter, 13 instead of 7 degrees of freedom: a smaller t outweighs the slightly larger
    // s.
    assertThat(moreWidth).isLessThan(scatteredWidth);

    // Single runs on an imperfect line leave one degree of freedom (t = 12.7): repetitions narrow
    // the interval a lot.
    TreeMap<Double, List<Double>> single =
        samples(1, List.of(7.0), 2, List.of(9.5), 3, List.of(11.0));
    TreeMap<Double, List<Double>> repeated =
        samples(1, List.of(6.8, 7.0, 7.2), 2, List.of(9.3, 9.5, 9.7), 3, List.of(10.8, 11.0, 11.2));
    assertThat(width(LineFit.fit(repeated).interval(5)))
        .isLessThan(width(LineFit.fit(single).interval(5)) / 2);
  }

  @Test
  void equalMediansHaveNoRSquared() {
    LineFit fit = LineFit.fit(samples(1, List.of(5.0, 6.0, 4.0), 2, List.of(5.0)));
    assertThat(fit.slope()).isZero();
    assertThat(fit.rSquared()).isNaN();
  }

  @Test
  void rejectsFewerThanTwoDistinctX() {
    assertThatThrownBy(() -> LineFit.fit(samples(1_000, List.of(10.0, 11.0, 12.0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a line needs runs at two or more distinct sizes, got 1");
    assertThatThrownBy(() -> LineFit.fit(samples(1, List.of(10.0), 2, List.of())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LineFit.fit(samples(1, List.of(10.0), 2, List.of(Double.NaN))))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static double width(LineFit.Interval interval) {
    return interval.high() - interval.low();
  }
}
