package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.operator.Benchmarks;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaitForSlotTest {

  @Test
  void theOldestWaitingBenchmarkGetsTheFreeSlot() {
    ScalingBenchmark older = benchmark("b-older", "2026-01-01T10:00:00Z", Phase.Queued);
    ScalingBenchmark younger = benchmark("a-younger", "2026-01-01T10:00:05Z", Phase.Queued);
    List<ScalingBenchmark> known = List.of(older, younger);

    assertThat(WaitForSlot.hasSlot(older, known, 1)).isTrue();
    assertThat(WaitForSlot.hasSlot(younger, known, 1)).isFalse();
    assertThat(WaitForSlot.hasSlot(younger, known, 2)).isTrue();
  }

  @Test
  void runningBenchmarksTakeSlotsAndFinishedOnesDoNot() {
    ScalingBenchmark running = benchmark("running", "2026-01-01T11:00:00Z", Phase.Running);
    ScalingBenchmark done = benchmark("done", "2026-01-01T09:00:00Z", Phase.Succeeded);
    ScalingBenchmark failed = benchmark("failed", "2026-01-01T09:00:00Z", Phase.Failed);
    ScalingBenchmark waiting = benchmark("waiting", "2026-01-01T10:00:00Z", null);
    List<ScalingBenchmark> known = List.of(running, done, failed, waiting);

    assertThat(WaitForSlot.hasSlot(waiting, known, 1)).isFalse();
    assertThat(WaitForSlot.hasSlot(waiting, known, 2)).isTrue();
  }

  @Test
  void equalCreationTimesAreOrderedByName() {
    ScalingBenchmark a = benchmark("a", "2026-01-01T10:00:00Z", Phase.Pending);
    ScalingBenchmark b = benchmark("b", "2026-01-01T10:00:00Z", Phase.Pending);
    assertThat(WaitForSlot.hasSlot(a, List.of(a, b), 1)).isTrue();
    assertThat(WaitForSlot.hasSlot(b, List.of(a, b), 1)).isFalse();
  }

  private static ScalingBenchmark benchmark(String name, String created, Phase phase) {
    ScalingBenchmark b = Benchmarks.benchmark("ns", name, 10L);
    b.getMetadata().setCreationTimestamp(created);
    if (phase != null) {
      b.setStatus(new ScalingBenchmarkStatus());
      b.getStatus().phase = phase;
    }
    return b;
  }
}
