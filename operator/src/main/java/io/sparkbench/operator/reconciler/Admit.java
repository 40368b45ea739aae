package io.sparkbench.operator.reconciler;

import io.sparkbench.api.result.Failure;
import io.sparkbench.api.run.RunId;
import io.sparkbench.operator.status.Messages;

/**
 * Decides whether a waiting benchmark (new, queued, or between two runs) may start its next run:
 * its spec must pass the check ({@link SpecChecks}) and it must be its turn for a slot ({@link
 * FairQueue}).
 */
final class Admit {

  private Admit() {}

  static Outcome admit(BenchmarkContext ctx) {
    ValidateSpec.Checked checked = ctx.specChecks.check(ctx);
    if (!checked.problems().isEmpty()) {
      ctx.recordError(new Failure("InvalidSpec", Messages.list(checked.problems())));
      return new Outcome.Invalid();
    }
    // a scheduled benchmark's round starts only while no other benchmark runs
    boolean alone = ctx.spec().schedule != null && ctx.completedRuns() == 0;
    FairQueue.Turn turn = ctx.queue.ask(ctx.benchmark, ctx.now, alone);
    if (turn == FairQueue.Turn.QUEUE_FULL) {
      ctx.recordError(
          new Failure(
              "QueueFull",
              "namespace "
                  + ctx.namespace()
                  + " already has "
                  + ctx.config.tenancy().maxQueuedPerNamespace()
                  + " benchmarks waiting, the operator's limit"
                  + " (SPARKBENCH_MAX_QUEUED_PER_NAMESPACE): delete this one and create it again"
                  + " when fewer wait"));
      return new Outcome.Stopped();
    }
    if (turn == FairQueue.Turn.QUEUED) {
      return new Outcome.Queued();
    }
    RunId run = ctx.runAfter(ctx.completedRuns());
    // The dry run usually built this very run's objects: create those instead of building again
    // (not in a later round: its runs have the same names but application ids of their own).
    boolean built =
        run.equals(checked.dryRun()) && checked.resources().round() == Rounds.current(ctx.status);
    return new Outcome.Admitted(run, built ? checked.resources() : null);
  }
}
