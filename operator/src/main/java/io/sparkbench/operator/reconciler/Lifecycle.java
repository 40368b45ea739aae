package io.sparkbench.operator.reconciler;

import io.sparkbench.api.v1.Phase;
import io.sparkbench.operator.driver.RunId;
import io.sparkbench.operator.status.Conditions;
import java.util.List;

/**
 * Chooses the step from the status: a changed spec restarts; a new or waiting benchmark is
 * validated and waits for a slot or starts its first run; a running one observes its driver; a
 * finished one only cleans up.
 */
final class Lifecycle {

  private Lifecycle() {}

  static Next advance(BenchmarkContext ctx, SpecChecks checks) {
    if (RestartOnSpecChange.needed(ctx)) {
      RestartOnSpecChange.apply(ctx);
    }
    if (ctx.status.phase == null) {
      ctx.phase(Phase.Pending);
      ctx.status.observedGeneration = ctx.generation();
      ctx.status.measuredSpec = RestartOnSpecChange.measuredSpec(ctx);
      ctx.condition(Conditions.SUCCEEDED, "Unknown", "Pending", "accepted");
      ctx.condition(Conditions.READY, "False", "Pending", "accepted");
    }
    return switch (ctx.status.phase) {
      case Pending, Queued -> startWhenPossible(ctx, checks);
      case Running ->
          ctx.status.currentRun == null ? nextRun(ctx, checks) : ObserveDriver.observe(ctx);
      case Succeeded, Failed -> Finish.cleanUp(ctx);
    };
  }

  /** A run's result is written: clean up after it, then start the next. */
  private static Next nextRun(BenchmarkContext ctx, SpecChecks checks) {
    RecordResult.cleanUpLastRun(ctx);
    return startWhenPossible(ctx, checks);
  }

  private static Next startWhenPossible(BenchmarkContext ctx, SpecChecks checks) {
    ValidateSpec.Checked checked = checks.check(ctx);
    if (!checked.problems().isEmpty()) {
      return Finish.fail(ctx, "InvalidSpec", String.join("; ", checked.problems()));
    }
    List<io.sparkbench.api.v1.ScalingBenchmark> known = ctx.josdk.getPrimaryCache().list().toList();
    if (!WaitForSlot.hasSlot(ctx.benchmark, known, ctx.config.maxRunning())) {
      ctx.phase(Phase.Queued);
      ctx.status.progress = ctx.progress();
      String message =
          "waiting for a free slot: at most "
              + ctx.config.maxRunning()
              + " benchmark(s) run at once, oldest first";
      ctx.condition(Conditions.SUCCEEDED, "Unknown", "Queued", message);
      ctx.condition(Conditions.READY, "False", "Queued", message);
      return Next.after(ctx.config.queueRecheck());
    }
    RunId run = ctx.runAfter(ctx.completedRuns());
    // The dry run usually built this very run's objects: create those instead of building again.
    return StartRun.start(ctx, run, run.equals(checked.dryRun()) ? checked.resources() : null);
  }
}
