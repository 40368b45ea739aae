package io.sparkbench.operator.reconciler;

import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmark;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The operator-wide limit on running benchmarks, decided from the informer cache of
 * ScalingBenchmarks. A benchmark gets a slot when the running ones plus the ones waiting ahead of
 * it (older by creation time, then name) leave one free, so waiting ones start oldest first.
 */
final class WaitForSlot {

  static final Comparator<ScalingBenchmark> QUEUE_ORDER =
      Comparator.comparing(
              (ScalingBenchmark b) ->
                  Objects.requireNonNullElse(b.getMetadata().getCreationTimestamp(), ""))
          .thenComparing(b -> b.getMetadata().getNamespace())
          .thenComparing(b -> b.getMetadata().getName());

  private WaitForSlot() {}

  static boolean hasSlot(ScalingBenchmark self, List<ScalingBenchmark> known, int maxRunning) {
    long taken =
        known.stream()
            .filter(other -> !sameObject(other, self))
            .filter(
                other ->
                    phase(other) == Phase.Running
                        || (waiting(other) && QUEUE_ORDER.compare(other, self) < 0))
            .count();
    return taken < maxRunning;
  }

  static Phase phase(ScalingBenchmark benchmark) {
    return benchmark.getStatus() == null || benchmark.getStatus().phase == null
        ? Phase.Pending
        : benchmark.getStatus().phase;
  }

  private static boolean waiting(ScalingBenchmark benchmark) {
    Phase phase = phase(benchmark);
    return phase == Phase.Pending || phase == Phase.Queued;
  }

  private static boolean sameObject(ScalingBenchmark a, ScalingBenchmark b) {
    return a.getMetadata().getName().equals(b.getMetadata().getName())
        && a.getMetadata().getNamespace().equals(b.getMetadata().getNamespace());
  }
}
