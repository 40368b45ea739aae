package io.sparkbench.operator.reconciler;

import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.operator.driver.RunId;
import io.sparkbench.operator.status.Messages;
import java.util.List;

/**
 * Decides whether a waiting benchmark (new, queued, or between two runs) may start its next run:
 * its spec must pass the check ({@link SpecChecks}) and a slot must be free ({@link WaitForSlot}).
 */
final class Admit {

  private Admit() {}

  static Outcome admit(BenchmarkContext ctx) {
    ValidateSpec.Checked checked = ctx.specChecks.check(ctx);
    if (!checked.problems().isEmpty()) {
      ctx.recordError("InvalidSpec", Messages.list(checked.problems()));
      return new Outcome.Invalid();
    }
    List<ScalingBenchmark> known = ctx.josdk.getPrimaryCache().list().toList();
    if (!WaitForSlot.hasSlot(ctx.benchmark, known, ctx.config.maxRunning())) {
      return new Outcome.Queued();
    }
    RunId run = ctx.runAfter(ctx.completedRuns());
    // The dry run usually built this very run's objects: create those instead of building again.
    return new Outcome.Admitted(run, run.equals(checked.dryRun()) ? checked.resources() : null);
  }
}
