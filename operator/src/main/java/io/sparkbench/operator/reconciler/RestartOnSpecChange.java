package io.sparkbench.operator.reconciler;

import io.sparkbench.operator.model.Phase;
import io.sparkbench.operator.status.Conditions;
import java.util.ArrayList;

/**
 * The spec changed (metadata.generation is past status.observedGeneration): results measured under
 * the old spec do not describe the new one, so the current run's pods are deleted, results and
 * model are cleared, and the benchmark starts over — waiting for a slot like a new one.
 */
final class RestartOnSpecChange {

  private RestartOnSpecChange() {}

  static boolean needed(BenchmarkContext ctx) {
    return ctx.status.observedGeneration != null
        && ctx.status.observedGeneration != ctx.generation();
  }

  static void restart(BenchmarkContext ctx) {
    RunObjects.deleteAll(ctx.client(), ctx.namespace(), ctx.name());
    ctx.metrics.remove(ctx.namespace(), ctx.name());
    ctx.status.results = new ArrayList<>();
    ctx.status.model = null;
    ctx.status.currentRun = null;
    ctx.status.error = null;
    ctx.status.completedRuns = 0;
    ctx.status.lastDurationSeconds = null;
    ctx.status.observedGeneration = ctx.generation();
    ctx.status.progress = ctx.progress();
    ctx.phase(Phase.Pending);
    String message = "spec changed (generation " + ctx.generation() + "): starting over";
    ctx.condition(Conditions.SUCCEEDED, "Unknown", "SpecChanged", message);
    ctx.condition(Conditions.READY, "False", "SpecChanged", message);
    ctx.events.normal(ctx.benchmark, "SpecChanged", message);
  }
}
