package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.operator.Benchmarks;
import io.sparkbench.operator.reconciler.FairQueue.Turn;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FairQueueTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final Duration STALE = Duration.ofSeconds(45);

  private final FairQueue queue = new FairQueue(1, 50, STALE);

  @Test
  void theOldestWaitingBenchmarkOfANamespaceGetsTheFreeSlot() {
    ScalingBenchmark older = benchmark("ns", "b-older", "2026-01-01T10:00:00Z", Phase.Queued);
    ScalingBenchmark younger = benchmark("ns", "a-younger", "2026-01-01T10:00:05Z", Phase.Queued);
    queue.seed(() -> Stream.of(older, younger), T0);

    assertThat(queue.ask(younger, T0)).isEqualTo(Turn.QUEUED);
    assertThat(queue.ask(older, T0)).isEqualTo(Turn.ADMITTED);
    assertThat(queue.ask(younger, T0)).isEqualTo(Turn.QUEUED);
    // the slot is held from the first run to the last
    assertThat(queue.ask(older, T0.plusSeconds(60))).isEqualTo(Turn.ADMITTED);

    queue.settle(older, Phase.Succeeded);
    assertThat(queue.ask(younger, T0.plusSeconds(61))).isEqualTo(Turn.ADMITTED);
  }

  @Test
  void aScheduledRoundStartsOnlyWhileNoOtherBenchmarkRuns() {
    FairQueue wide = new FairQueue(2, 50, STALE);
    ScalingBenchmark running = benchmark("ns", "running", "2026-01-01T10:00:00Z", Phase.Running);
    ScalingBenchmark nightly = benchmark("ns", "nightly", "2026-01-01T09:00:00Z", Phase.Pending);
    wide.seed(() -> Stream.of(running, nightly), T0);

    // a slot is free, but another benchmark runs: the round waits
    assertThat(wide.ask(nightly, T0, true)).isEqualTo(Turn.QUEUED);
    assertThat(wide.ask(nightly, T0, false)).isEqualTo(Turn.ADMITTED);

    FairQueue later = new FairQueue(2, 50, STALE);
    later.seed(() -> Stream.of(running, nightly), T0);
    assertThat(later.ask(nightly, T0, true)).isEqualTo(Turn.QUEUED);
    later.settle(running, Phase.Succeeded);
    assertThat(later.ask(nightly, T0.plusSeconds(1), true)).isEqualTo(Turn.ADMITTED);
  }

  @Test
  void namespacesTakeTurnsWhateverTheirAge() {
    List<ScalingBenchmark> teamA = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      teamA.add(benchmark("team-a", "a" + i, "2026-01-01T10:00:0" + i + "Z", null));
    }
    ScalingBenchmark teamB = benchmark("team-b", "b0", "2026-01-02T10:00:00Z", null);
    ScalingBenchmark teamC = benchmark("team-c", "c0", "2026-01-03T10:00:00Z", null);
    queue.seed(() -> Stream.concat(teamA.stream(), Stream.of(teamB, teamC)), T0);

    List<String> started = new ArrayList<>();
    Instant now = T0;
    for (int round = 0; round < 5; round++) {
      now = now.plusSeconds(1);
      for (ScalingBenchmark b : Stream.concat(teamA.stream(), Stream.of(teamB, teamC)).toList()) {
        if (!started.contains(b.getMetadata().getName()) && queue.ask(b, now) == Turn.ADMITTED) {
          started.add(b.getMetadata().getName());
          queue.settle(b, Phase.Succeeded);
        }
      }
    }
    // one of team-a's three, then team-b's and team-c's, before team-a's second
    assertThat(started).startsWith("a0", "b0", "c0", "a1", "a2");
  }

  @Test
  void aFreedSlotNamesTheBenchmarksWhoseTurnItIsAndOnlyTheyAreAdmitted() {
    FairQueue two = new FairQueue(2, 50, STALE);
    ScalingBenchmark a0 = benchmark("team-a", "a0", "2026-01-01T10:00:00Z", Phase.Running);
    ScalingBenchmark a1 = benchmark("team-a", "a1", "2026-01-01T10:00:01Z", null);
    ScalingBenchmark a2 = benchmark("team-a", "a2", "2026-01-01T10:00:02Z", null);
    ScalingBenchmark b0 = benchmark("team-b", "b0", "2026-01-02T10:00:00Z", null);
    ScalingBenchmark c0 = benchmark("team-c", "c0", "2026-01-03T10:00:00Z", null);
    two.seed(() -> Stream.of(a0, a1, a2, b0, c0), T0);
    assertThat(two.ask(a1, T0)).isEqualTo(Turn.ADMITTED);
    assertThat(two.nextInLine(T0)).as("every slot held").isEmpty();

    assertThat(two.settle(a0, Phase.Succeeded)).isTrue();
    assertThat(two.settle(a0, Phase.Succeeded)).as("freed once").isFalse();

    // team-a started last: team-b's turn, though team-a's a2 is older
    assertThat(two.nextInLine(T0)).containsExactly(new ResourceID("b0", "team-b"));
    assertThat(two.ask(a2, T0)).isEqualTo(Turn.QUEUED);
    assertThat(two.ask(b0, T0)).isEqualTo(Turn.ADMITTED);
    assertThat(two.nextInLine(T0)).isEmpty();

    assertThat(two.forget("team-a", "a1")).isTrue();
    assertThat(two.settle(b0, Phase.Failed)).isTrue();
    assertThat(two.nextInLine(T0))
        .containsExactly(new ResourceID("c0", "team-c"), new ResourceID("a2", "team-a"));
    assertThat(two.forget("team-a", "a2")).as("a waiting one held no slot").isFalse();
  }

  @Test
  void aWaitingBenchmarkThatStopsAskingNeverBlocksTheQueue() {
    ScalingBenchmark stuck = benchmark("ns", "stuck", "2026-01-01T09:00:00Z", null);
    ScalingBenchmark fine = benchmark("ns", "fine", "2026-01-01T10:00:00Z", null);
    queue.seed(() -> Stream.of(stuck, fine), T0);

    assertThat(queue.ask(fine, T0.plusSeconds(5))).isEqualTo(Turn.QUEUED);
    // stuck never asks again (its reconciliations fail before they get here)
    assertThat(queue.ask(fine, T0.plus(STALE).plusSeconds(1))).isEqualTo(Turn.ADMITTED);
  }

  @Test
  void aNamespaceWaitsWithAtMostItsShareAndOthersStillQueue() {
    FairQueue small = new FairQueue(1, 2, STALE);
    small.seed(() -> Stream.of(), T0);
    ScalingBenchmark running = benchmark("busy", "running", "2026-01-01T09:00:00Z", null);
    assertThat(small.ask(running, T0)).isEqualTo(Turn.ADMITTED);
    small.settle(running, Phase.Running);

    assertThat(small.ask(benchmark("busy", "w1", "2026-01-01T10:00:01Z", null), T0))
        .isEqualTo(Turn.QUEUED);
    assertThat(small.ask(benchmark("busy", "w2", "2026-01-01T10:00:02Z", null), T0))
        .isEqualTo(Turn.QUEUED);
    assertThat(small.ask(benchmark("busy", "w3", "2026-01-01T10:00:03Z", null), T0))
        .isEqualTo(Turn.QUEUE_FULL);
    assertThat(small.ask(benchmark("calm", "other", "2026-01-01T10:00:04Z", null), T0))
        .isEqualTo(Turn.QUEUED);
  }

  @Test
  void runningBenchmarksHoldTheirSlotsAcrossARestartAndPhasesAreCounted() {
    ScalingBenchmark running = benchmark("ns", "running", "2026-01-01T11:00:00Z", Phase.Running);
    ScalingBenchmark done = benchmark("ns", "done", "2026-01-01T09:00:00Z", Phase.Succeeded);
    ScalingBenchmark waiting = benchmark("ns", "waiting", "2026-01-01T10:00:00Z", null);
    queue.seed(() -> Stream.of(running, done, waiting), T0);

    assertThat(queue.ask(waiting, T0)).isEqualTo(Turn.QUEUED);
    assertThat(queue.perPhase())
        .containsEntry(Phase.Running, 1L)
        .containsEntry(Phase.Succeeded, 1L)
        .containsEntry(Phase.Pending, 1L);

    queue.forget("ns", "running");
    assertThat(queue.ask(waiting, T0)).isEqualTo(Turn.ADMITTED);
    assertThat(queue.perPhase()).containsEntry(Phase.Running, 0L);
  }

  private static ScalingBenchmark benchmark(
      String namespace, String name, String created, Phase phase) {
    ScalingBenchmark b = Benchmarks.benchmark(namespace, name, 10L);
    b.getMetadata().setCreationTimestamp(created);
    if (phase != null) {
      b.setStatus(new ScalingBenchmarkStatus());
      b.getStatus().phase = phase;
    }
    return b;
  }
}
