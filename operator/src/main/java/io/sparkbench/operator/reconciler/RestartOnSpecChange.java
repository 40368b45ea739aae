package io.sparkbench.operator.reconciler;

import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.operator.driver.DriverNames;
import io.sparkbench.operator.status.RunResults;
import java.util.ArrayList;

/**
 * The spec changed (metadata.generation is past status.observedGeneration). A change of {@code
 * predict} alone changes no measurement: the results stay and the model's predictions are refitted.
 * Any other change means results measured under the old spec do not describe the new one, so the
 * current run's pods are deleted, results and model are cleared, and the benchmark starts over —
 * waiting for a slot like a new one.
 */
final class RestartOnSpecChange {

  private RestartOnSpecChange() {}

  static boolean needed(BenchmarkContext ctx) {
    return ctx.status.observedGeneration != null
        && ctx.status.observedGeneration != ctx.generation();
  }

  static Outcome apply(BenchmarkContext ctx) {
    String measured = measuredSpec(ctx);
    if (measured.equals(ctx.status.measuredSpec)) {
      ctx.status.observedGeneration = ctx.generation();
      if (ctx.status.results != null && !ctx.status.results.isEmpty()) {
        RunResults.refit(ctx.status, ctx.spec());
      }
      return new Outcome.PredictionsRefitted();
    }
    restart(ctx);
    return new Outcome.SpecChanged();
  }

  /**
   * A digest of the spec without {@code predict}, {@code schedule}, {@code timeZone} and {@code
   * baseline}: the part every measurement depends on.
   */
  static String measuredSpec(BenchmarkContext ctx) {
    var serialization = ctx.client().getKubernetesSerialization();
    ScalingBenchmarkSpec spec = serialization.clone(ctx.spec());
    spec.predict = null;
    // when and against what rounds run changes no measurement
    spec.schedule = null;
    spec.timeZone = null;
    spec.baseline = null;
    if (spec.executors != null && spec.executors.isEmpty()) {
      // a spec written before executor sweeps digests as it did then
      spec.executors = null;
    }
    return DriverNames.hash(serialization.asJson(spec)).substring(0, 16);
  }

  private static void restart(BenchmarkContext ctx) {
    RunObjects.deleteAll(ctx.client(), ctx.benchmark);
    ctx.metrics.remove(ctx.namespace(), ctx.name());
    ctx.status.results = new ArrayList<>();
    ctx.status.model = null;
    ctx.status.currentRun = null;
    ctx.status.error = null;
    ctx.status.completedRuns = 0;
    ctx.status.lastDurationSeconds = null;
    ctx.status.observedGeneration = ctx.generation();
    ctx.status.measuredSpec = measuredSpec(ctx);
  }
}
