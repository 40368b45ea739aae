package io.sparkbench.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.sparkbench.api.result.Failure;
import io.sparkbench.api.run.RunId;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.CurrentRun;
import io.sparkbench.common.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Looks at the current run's driver pod: finished → it succeeded or failed; pending past {@code
 * timeouts.driverStart}, running past {@code timeouts.run} or deleted → the attempt failed;
 * otherwise it is still running until the next deadline (pod events come sooner). Records nothing.
 */
final class ObserveDriver {

  /** How long a just-created pod may be missing from the API before the run counts as lost. */
  static final Duration MISSING_GRACE = Duration.ofSeconds(10);

  private ObserveDriver() {}

  static Outcome observe(BenchmarkContext ctx) {
    CurrentRun current = ctx.status.currentRun;
    RunId run = ctx.plan().of(current);
    Instant started = Instant.parse(current.startedAt);
    Duration elapsed = Duration.between(started, ctx.now);
    Optional<Pod> found = ctx.driverPod(current.driverPod, current.driverPodUid);
    if (found.isEmpty()) {
      if (elapsed.compareTo(MISSING_GRACE) < 0) {
        return new Outcome.StillRunning(Next.after(MISSING_GRACE.minus(elapsed)));
      }
      return new Outcome.RunFailed(
          run,
          new Failure(
              "DriverDeleted",
              "driver pod " + current.driverPod + " was deleted before the run finished"),
          false);
    }
    Pod pod = found.get();
    Optional<DriverOutcome.Finished> finished = DriverOutcome.finished(pod);
    if (finished.isPresent()) {
      DriverOutcome.Finished outcome = finished.get();
      return outcome.failure() == null
          ? new Outcome.RunSucceeded(run, pod, outcome.result())
          : new Outcome.RunFailed(run, outcome.failure(), false);
    }
    String driverStartText = ctx.spec().timeouts.driverStart;
    Duration driverStart = Durations.parse("driverStart", driverStartText);
    Duration runTimeout = Durations.parse("run", ctx.spec().timeouts.run);
    if (elapsed.compareTo(runTimeout) >= 0) {
      return new Outcome.RunFailed(
          run,
          new Failure(
              "RunTimeout",
              "run of "
                  + run
                  + " did not finish within "
                  + ctx.spec().timeouts.run
                  + ": raise spec.timeouts.run or run fewer records"),
          true);
    }
    Next runDeadline = Next.after(runTimeout.minus(elapsed));
    if (DriverOutcome.isPending(pod)) {
      if (elapsed.compareTo(driverStart) >= 0) {
        return new Outcome.RunFailed(
            run, DriverOutcome.whyPending(pod, ctx.spec().image, driverStartText), true);
      }
      return new Outcome.StillRunning(Next.after(driverStart.minus(elapsed)).orSooner(runDeadline));
    }
    return new Outcome.StillRunning(runDeadline);
  }
}
