package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.api.v1.Baseline;
import io.sparkbench.api.v1.Comparison;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.RoundSummary;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.operator.Benchmarks;
import io.sparkbench.operator.StandInApiServer;
import io.sparkbench.operator.status.Conditions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link CompareRound} on a hand-built context: a finished round of three repetitions against
 * pinned figures or its own earlier rounds, without the API server, and against another benchmark's
 * rounds, read from the API server stand-in. The verdict is the status's comparison and its {@code
 * Regressed} condition.
 */
@StandInApiServer
class CompareRoundTest {

  KubernetesClient client;

  @Test
  void withoutABaselineNothingIsComparedAndAnEarlierVerdictGoes() {
    try (StepFixture fixture = roundOf(StepFixture.offline(10_000L), 30.0, 31.0, 32.0)) {
      fixture.status.comparison = new Comparison();
      Conditions.set(
          fixture.status, Conditions.REGRESSED, "True", "Regressed", "slower", 1L, fixture.now);

      CompareRound.compare(fixture.context(), summary(fixture));

      assertThat(fixture.status.comparison).isNull();
      assertThat(Conditions.get(fixture.status, Conditions.REGRESSED)).isNull();
    }
  }

  @Test
  void aRoundSlowerThanItsPinnedFiguresBeyondTheToleranceRegressed() {
    try (StepFixture fixture = roundOf(StepFixture.offline(10_000L), 30.0, 31.0, 32.0)) {
      fixture.benchmark.getSpec().baseline = pinned(20.0);
      RoundSummary round = summary(fixture);

      CompareRound.compare(fixture.context(), round);

      Comparison comparison = fixture.status.comparison;
      assertThat(comparison.regressed).isEqualTo(Comparison.Verdict.True);
      assertThat(comparison.message)
          .isEqualTo(
              "slower than pinned figures by more than 10 % at 10000 records on 2 executors 1.55×"
                  + " (95 % 1.50–1.60×)");
      assertThat(comparison.round).isEqualTo(1);
      assertThat(comparison.comparedAt).isEqualTo("2026-12-01T10:00:00Z");
      assertThat(round.regressed).isEqualTo("True");
      assertCondition(fixture, "True", "Regressed");
    }
  }

  @Test
  void aRoundWithinTheToleranceDidNot() {
    try (StepFixture fixture = roundOf(StepFixture.offline(10_000L), 20.1, 19.9, 20.2)) {
      fixture.benchmark.getSpec().baseline = pinned(20.0);

      CompareRound.compare(fixture.context(), summary(fixture));

      assertThat(fixture.status.comparison.regressed).isEqualTo(Comparison.Verdict.False);
      assertCondition(fixture, "False", "WithinTolerance");
    }
  }

  @Test
  void aRoundIsNotComparedWithItself() {
    try (StepFixture fixture = roundOf(StepFixture.offline(10_000L), 30.0, 31.0, 32.0)) {
      fixture.benchmark.getSpec().baseline = new Baseline();
      fixture.benchmark.getSpec().baseline.round = 1;

      CompareRound.compare(fixture.context(), summary(fixture));

      assertThat(fixture.status.comparison.message)
          .isEqualTo("spec.baseline.round 1 is the round compared");
      assertCondition(fixture, "Unknown", "NotComparable");
    }
  }

  @Test
  void aBaselineBenchmarkWithoutAFinishedRoundIsWaitedForThenComparedWith() {
    StepFixture fixture = roundOf(StepFixture.on(client, 10_000L), 30.0, 31.0, 32.0);
    fixture.benchmark.getSpec().baseline = new Baseline();
    fixture.benchmark.getSpec().baseline.benchmark = "reference";
    Rounds.finish(fixture.context(), Phase.Succeeded);

    assertCondition(fixture, "Unknown", CompareRound.BASELINE_NOT_READY);
    assertThat(fixture.status.comparison.message)
        .isEqualTo("no ScalingBenchmark reference in namespace steps");
    assertThat(CompareRound.waiting(fixture.context())).isTrue();

    ScalingBenchmark reference = Benchmarks.benchmark(StepFixture.NS, "reference", 10_000L);
    reference.setStatus(new ScalingBenchmarkStatus());
    reference.getStatus().rounds = List.of(finishedRound(20.0, 20.5, 19.5));
    client.resource(reference).create();

    assertThat(CompareRound.again(fixture.context())).as("still waiting").isFalse();
    assertThat(fixture.status.comparison.baseline).isEqualTo("benchmark reference round 1");
    assertCondition(fixture, "True", "Regressed");
  }

  /** The fixture's benchmark with one round of these repetitions' seconds recorded. */
  private static StepFixture roundOf(StepFixture fixture, double... seconds) {
    fixture.benchmark.getSpec().repetitions = seconds.length;
    Rounds.first(fixture.context());
    for (int i = 0; i < seconds.length; i++) {
      fixture.recorded(fixture.run(i), seconds[i]);
    }
    return fixture;
  }

  private static RoundSummary summary(StepFixture fixture) {
    return Rounds.summary(fixture.context(), Phase.Succeeded);
  }

  private static Baseline pinned(double seconds) {
    Baseline.Figure figure = new Baseline.Figure();
    figure.records = 10_000L;
    figure.seconds = seconds;
    Baseline baseline = new Baseline();
    baseline.figures = List.of(figure);
    return baseline;
  }

  /** Another benchmark's succeeded first round of 10,000 records at two executors. */
  private static RoundSummary finishedRound(double... seconds) {
    RoundSummary round = new RoundSummary();
    round.round = 1;
    round.phase = Phase.Succeeded;
    RoundSummary.Count count = new RoundSummary.Count();
    count.records = 10_000L;
    count.executors = 2;
    for (double s : seconds) {
      count.seconds.add(s);
    }
    round.counts.add(count);
    return round;
  }

  private static void assertCondition(StepFixture fixture, String status, String reason) {
    Condition condition = Conditions.get(fixture.status, Conditions.REGRESSED);
    assertThat(condition.getStatus()).isEqualTo(status);
    assertThat(condition.getReason()).isEqualTo(reason);
  }
}
