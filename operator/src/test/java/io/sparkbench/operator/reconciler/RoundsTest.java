package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.api.result.Failure;
import io.sparkbench.api.run.RunId;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.RoundSummary;
import io.sparkbench.operator.StandInApiServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Rounds} on a hand-built context: a round's end is summarised and, with a schedule, the
 * next one timed, all without the API server; a new round deletes the last one's objects (in the
 * API server stand-in) and starts afresh.
 */
@StandInApiServer
class RoundsTest {

  KubernetesClient client;

  private final StepFixture fixture = StepFixture.offline(10_000L);

  /** A round of two repetitions of 10,000 records, started an hour ago. */
  @BeforeEach
  void aRoundOfTwoRepetitions() {
    fixture.benchmark.getSpec().repetitions = 2;
    fixture.now = StepFixture.NOW.minus(Duration.ofHours(1));
    Rounds.first(fixture.context());
    fixture.now = StepFixture.NOW;
    fixture.recorded(fixture.run(0), 22.5);
    fixture.recorded(fixture.run(1), 24.5);
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void aRoundsEndIsSummarisedWithTheMedianOfItsRepetitions() {
    Rounds.finish(fixture.context(), Phase.Succeeded);

    RoundSummary summary = fixture.status.rounds.get(0);
    assertThat(summary.round).isEqualTo(1);
    assertThat(summary.phase).isEqualTo(Phase.Succeeded);
    assertThat(summary.startedAt).isEqualTo("2026-12-01T09:00:00Z");
    assertThat(summary.finishedAt).isEqualTo("2026-12-01T10:00:00Z");
    assertThat(summary.counts)
        .singleElement()
        .satisfies(
            count -> {
              assertThat(count.records).isEqualTo(10_000L);
              assertThat(count.seconds).containsExactly(22.5, 24.5);
              assertThat(count.medianSeconds).isEqualTo(23.5);
            });
    assertThat(fixture.status.comparison).as("no baseline").isNull();
    assertThat(fixture.status.nextRoundAt).as("no schedule").isNull();
    assertThat(fixture.status.results).as("kept until the next round").hasSize(2);
  }

  @Test
  void aScheduledBenchmarkLearnsWhenItsNextRoundStarts() {
    fixture.benchmark.getSpec().schedule = "0 2 * * *";
    fixture.benchmark.getSpec().timeZone = "Asia/Seoul";

    Rounds.finish(fixture.context(), Phase.Failed);

    // 02:00 in Seoul is 17:00 UTC
    assertThat(fixture.status.nextRoundAt).isEqualTo("2026-12-01T17:00:00Z");
    assertThat(Rounds.due(fixture.context())).isFalse();
    fixture.now = Instant.parse("2026-12-01T17:00:00Z");
    assertThat(Rounds.due(fixture.context())).isTrue();
  }

  @Test
  void theStatusKeepsTheNewestRoundsAndARoundFinishedAgainOnce() {
    fixture.status.rounds = new ArrayList<>();
    for (int round = 1; round <= RoundSummary.MAX_ROUNDS; round++) {
      RoundSummary earlier = new RoundSummary();
      earlier.round = round;
      fixture.status.rounds.add(earlier);
    }
    fixture.status.round = RoundSummary.MAX_ROUNDS + 1;

    Rounds.finish(fixture.context(), Phase.Succeeded);
    Rounds.finish(fixture.context(), Phase.Succeeded);

    assertThat(fixture.status.rounds).hasSize(RoundSummary.MAX_ROUNDS);
    assertThat(fixture.status.rounds.get(0).round).isEqualTo(2);
    assertThat(fixture.status.rounds.get(RoundSummary.MAX_ROUNDS - 1).round)
        .isEqualTo(RoundSummary.MAX_ROUNDS + 1);
  }

  @Test
  void aChangedScheduleRetimesTheNextRoundFromTheLastOnesEndAndARemovedOneStartsNoMore() {
    fixture.benchmark.getSpec().schedule = "@daily";
    Rounds.finish(fixture.context(), Phase.Succeeded);
    assertThat(fixture.status.nextRoundAt).isEqualTo("2026-12-02T00:00:00Z");

    fixture.benchmark.getSpec().schedule = "@hourly";
    fixture.now = StepFixture.NOW.plus(Duration.ofMinutes(30));
    assertThat(Rounds.reschedule(fixture.context())).isEmpty();
    assertThat(fixture.status.nextRoundAt).isEqualTo("2026-12-01T11:00:00Z");

    fixture.benchmark.getSpec().schedule = null;
    assertThat(Rounds.reschedule(fixture.context())).isEmpty();
    assertThat(fixture.status.nextRoundAt).isNull();
  }

  @Test
  void aScheduleThatCannotBeReadSchedulesNothingAndSaysWhy() {
    Rounds.finish(fixture.context(), Phase.Succeeded);
    fixture.benchmark.getSpec().schedule = "@daily";
    fixture.benchmark.getSpec().timeZone = "Mars/Olympus";

    assertThat(Rounds.reschedule(fixture.context()))
        .contains(
            "spec.timeZone 'Mars/Olympus' is not a time zone: use an IANA name such as Asia/Seoul");
    assertThat(fixture.status.nextRoundAt).isNull();
  }

  @Test
  void theNextRoundDeletesTheLastOnesObjectsAndStartsAfresh() {
    StepFixture onTheMock = StepFixture.on(client, 10_000L);
    Rounds.first(onTheMock.context());
    RunId run = onTheMock.run(0);
    onTheMock.create(run, StepFixture.running());
    onTheMock.recorded(run, 22.5);
    onTheMock.status.error = new Failure("OOMKilled", "the last round's");
    onTheMock.status.nextRoundAt = "2026-12-01T10:00:00Z";

    Outcome outcome = Rounds.start(onTheMock.context());

    assertThat(outcome).isEqualTo(new Outcome.RoundStarted(2));
    assertThat(onTheMock.objectsOf(run)).isEmpty();
    assertThat(onTheMock.status.round).isEqualTo(2);
    assertThat(onTheMock.status.roundStartedAt).isEqualTo("2026-12-01T10:00:00Z");
    assertThat(onTheMock.status.nextRoundAt).isNull();
    assertThat(onTheMock.status.results).isEmpty();
    assertThat(onTheMock.status.model).isNull();
    assertThat(onTheMock.status.completedRuns).isZero();
    assertThat(onTheMock.status.error).isNull();
  }
}
