package io.sparkbench.api.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.api.compare.RegressionCheck.Sample;
import io.sparkbench.api.compare.RegressionCheck.Side;
import io.sparkbench.api.v1.Comparison;
import io.sparkbench.api.v1.Comparison.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

class RegressionCheckTest {

  private static Side side(String label, long totalAmount, List<Double> seconds) {
    return new Side(label, List.of(new Sample(1000, 1, seconds, totalAmount)), false);
  }

  @Test
  void twiceAsSlowWithLittleNoiseIsRegressed() {
    Comparison c =
        RegressionCheck.compare(
            side("benchmark base", 7L, List.of(10.0, 10.4, 9.8)),
            side("round", 7L, List.of(20.1, 19.7, 20.5)),
            0.1,
            List.of("settings hash 0a1b vs 9f8e"));

    assertThat(c.regressed).isEqualTo(Verdict.True);
    assertThat(c.reason).isEqualTo("Regressed");
    Comparison.Count count = c.counts.get(0);
    assertThat(count.ratio).isCloseTo(2.01, org.assertj.core.data.Offset.offset(0.01));
    // three runs a side: the interval spans the extreme pairs, fastest over slowest and back
    assertThat(count.low).isCloseTo(19.7 / 10.4, org.assertj.core.data.Offset.offset(0.001));
    assertThat(count.high).isCloseTo(20.5 / 9.8, org.assertj.core.data.Offset.offset(0.001));
    assertThat(c.message)
        .startsWith(
            "slower than benchmark base by more than 10 % at 1000 records on 1 executor 2.01×");
    assertThat(c.differences).containsExactly("settings hash 0a1b vs 9f8e");
  }

  @Test
  void unchangedWithinTheToleranceIsNotRegressed() {
    Comparison c =
        RegressionCheck.compare(
            side("round 1", 7L, List.of(10.0, 10.2, 9.9, 10.1, 10.0)),
            side("round", 7L, List.of(10.1, 9.95, 10.05, 10.2, 9.9)),
            0.1,
            List.of());

    assertThat(c.regressed).isEqualTo(Verdict.False);
    assertThat(c.reason).isEqualTo("WithinTolerance");
    assertThat(c.counts.get(0).high).isLessThan(1.1);
    assertThat(c.message).startsWith("within 10 % of round 1 at 1000 records");
  }

  @Test
  void oneRepetitionIsUnknownWithTheRepetitionsNeeded() {
    Comparison alone =
        RegressionCheck.compare(
            side("base", 7L, List.of(10.0)), side("round", 7L, List.of(30.0)), 0.2, List.of());
    assertThat(alone.regressed).isEqualTo(Verdict.Unknown);
    assertThat(alone.reason).isEqualTo("TooFewRepetitions");
    assertThat(alone.message)
        .isEqualTo(
            "1000 records on 1 executor 3.00×: 1 repetition cannot measure the variation needed"
                + " to detect a 20 % change: set spec.repetitions to at least 3");

    // the baseline's repetitions measure the noise: the message says how many runs it needs
    Comparison measured =
        RegressionCheck.compare(
            side("base", 7L, List.of(10.0, 12.0, 8.5)),
            side("round", 7L, List.of(11.0)),
            0.2,
            List.of());
    assertThat(measured.regressed).isEqualTo(Verdict.Unknown);
    assertThat(measured.message)
        .matches(
            ".*1 repetition is too few to detect a 20 % change at the measured variation \\(17 %"
                + " per run\\); about \\d+ are needed");
  }

  @Test
  void threeNoisyRepetitionsCannotTell() {
    Comparison c =
        RegressionCheck.compare(
            side("base", 7L, List.of(10.0, 14.0, 8.0)),
            side("round", 7L, List.of(11.0, 15.0, 9.0)),
            0.2,
            List.of());

    assertThat(c.regressed).isEqualTo(Verdict.Unknown);
    assertThat(c.counts.get(0).low).isLessThan(1.2);
    assertThat(c.counts.get(0).high).isGreaterThan(1.2);
    assertThat(c.message).contains("3 repetitions are too few to detect a 20 % change");
  }

  @Test
  void theRepetitionsNeededFollowTheNoise() {
    // about 20 runs catch a 2× change at 60 % run-to-run variation
    assertThat(RegressionCheck.needed(1.0, 0.6, false)).isEqualTo(20);
    assertThat(RegressionCheck.needed(1.0, 0.6, true)).isEqualTo(10);
    assertThat(RegressionCheck.needed(0.1, 0.01, false)).isEqualTo(3);
  }

  @Test
  void differentDataIsNotComparable() {
    Comparison c =
        RegressionCheck.compare(
            side("base", 7L, List.of(10.0, 10.1, 10.2)),
            side("round", 8L, List.of(20.0, 20.1, 20.2)),
            0.1,
            List.of());

    assertThat(c.regressed).isEqualTo(Verdict.Unknown);
    assertThat(c.reason).isEqualTo("NotComparable");
    assertThat(c.message).contains("different data (total amount 8 vs 7 KRW)");
  }

  @Test
  void pinnedFiguresMatchEveryExecutorCountAndHaveNoNoise() {
    Side pinned =
        new Side("pinned figures", List.of(new Sample(1000, 0, List.of(10.0), null)), true);
    Side round =
        new Side(
            "round",
            List.of(
                new Sample(1000, 1, List.of(13.0, 13.2, 12.9), 5L),
                new Sample(1000, 2, List.of(9.0, 9.1, 8.9), 5L),
                new Sample(2000, 1, List.of(20.0, 20.0), 5L)),
            false);

    Comparison c = RegressionCheck.compare(pinned, round, 0.1, List.of());

    assertThat(c.counts).hasSize(2);
    assertThat(c.counts.get(0).regressed).isEqualTo(Verdict.True);
    assertThat(c.counts.get(0).baselineRuns).isNull();
    assertThat(c.counts.get(0).low).isEqualTo(1.29);
    assertThat(c.counts.get(1).regressed).isEqualTo(Verdict.False);
    assertThat(c.regressed).isEqualTo(Verdict.True);
  }

  @Test
  void nothingInCommonIsNotComparable() {
    Comparison c =
        RegressionCheck.compare(
            new Side("base", List.of(new Sample(5000, 1, List.of(1.0), null)), false),
            side("round", 7L, List.of(1.0)),
            0.1,
            List.of());
    assertThat(c.regressed).isEqualTo(Verdict.Unknown);
    assertThat(c.reason).isEqualTo("NotComparable");
  }

  @Test
  void theSameDurationsGetTheSameInterval() {
    List<Double> base = List.of(10.0, 11.0, 9.5, 10.2, 10.8, 9.9);
    List<Double> round = List.of(12.0, 11.5, 12.5, 11.9, 12.2, 13.0);
    double[] first = RegressionCheck.interval(base, round, false, 1);
    double[] again = RegressionCheck.interval(base, round, false, 1);
    assertThat(again).containsExactly(first);
    assertThat(first[0]).isLessThan(first[1]);
  }
}
