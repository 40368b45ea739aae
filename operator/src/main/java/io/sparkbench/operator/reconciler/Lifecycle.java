package io.sparkbench.operator.reconciler;

import io.sparkbench.api.run.RunId;
import io.sparkbench.api.v1.Comparison;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.operator.reconciler.Outcome.Admitted;
import io.sparkbench.operator.reconciler.Outcome.AllRunsDone;
import io.sparkbench.operator.reconciler.Outcome.Retrying;
import io.sparkbench.operator.reconciler.Outcome.RunFailed;
import io.sparkbench.operator.reconciler.Outcome.RunRecorded;
import io.sparkbench.operator.reconciler.Outcome.RunStarted;
import io.sparkbench.operator.reconciler.Outcome.RunSucceeded;
import io.sparkbench.operator.reconciler.Outcome.StillRunning;
import io.sparkbench.operator.status.PhaseStatus;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconciliation of a benchmark: the first step is chosen from the status, then each step's
 * {@link Outcome} chooses the next, until one says to wait. Steps never call each other; they
 * record facts (results, current run, error) and this loop enters the phases, whose progress and
 * conditions {@link PhaseStatus} derives from those facts.
 *
 * <p>The first step, from the status:
 *
 * <pre>
 * status                                   first step
 * metadata.generation ≠ observedGeneration RestartOnSpecChange
 * no phase (new)                           Accept
 * Pending, Queued                          Admit
 * Running, currentRun set                  ObserveDriver
 * Running, no currentRun (result recorded) CleanUp.lastRun
 * Succeeded, Failed                        CleanUp.finished
 * </pre>
 *
 * <p>The transitions; "wait" ends the reconciliation (the status is written) and reconciles again
 * after the time given or on the next event:
 *
 * <pre>
 * outcome               enters phase           Event                       then
 * Accepted              Pending (Accepted)     -                           Admit
 * SpecChanged           Pending (StartingOver) SpecChanged                 Admit
 * PredictionsRefitted   -                      PredictionsChanged          first step by phase
 * Invalid               Failed (InvalidSpec)   Failed                      wait for events
 * Queued                Queued                 -                           wait queueRecheck, or
 *                                                                          for the handover of a
 *                                                                          freed slot (below)
 * Admitted(run)         -                      -                           StartRun(run)
 * RunStarted(next)      Running                RunStarted                  wait until next
 * OldDriverDeleted      -                      -                           wait 1 s
 * StillRunning(next)    -                      -                           wait until next
 * RunSucceeded          -                      -                           RecordResult
 * RunFailed             -                      -                           FailRun
 * RunRecorded           Running                RunSucceeded¹               wait 0 (write first)
 * AllRunsDone           Succeeded              Succeeded, RunSucceeded¹    wait 0 (write first)
 *   and OutOfAttempts: the round's summary and comparison (Rounds.finish), Regressed or Compared¹
 * Retrying(next)        -                      &lt;failure reason&gt; (Warning) StartRun(next)
 * OutOfAttempts         Failed                 Failed                      wait for the next round
 *                                                                          (or for events)
 * LastRunCleanedUp      -                      -                           Admit
 * FinishedCleanedUp     -                      -                           Rounds.start when the
 *                                                                          next round is due, else
 *                                                                          wait until it is (or for
 *                                                                          events)
 * RoundStarted          Pending (NextRound)    RoundStarted                Admit
 * any step throws a permanent error (see {@link PermanentErrors}; a transient one is rethrown
 * for the framework to retry, nothing written):
 *                       -                      -                           PermanentErrors.stop
 * Stopped               Failed (error reason)  Failed                      wait for events
 * </pre>
 *
 * ¹ with the run's metric, once the status holding the result is written. A recorded result thus
 * reaches the API server before its driver is deleted or the next run starts (the next
 * reconciliation's {@code CleanUp.lastRun}, then {@code Admit}): a failed write loses nothing and
 * counts nothing twice. A deleted benchmark never gets here: the reconciler deletes its pods.
 *
 * <p>Handover: when a reconciliation frees a slot (a benchmark enters Succeeded or Failed, or one
 * that held a slot is deleted or cannot have its status written), the reconciler reconciles at once
 * the waiting benchmarks whose turn it is ({@link FairQueue#nextInLine}), after writing the status;
 * their {@code Admit} asks the queue as ever.
 */
final class Lifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

  /** More steps than any path of the table takes in one reconciliation. */
  private static final int MAX_STEPS = 20;

  /** A step of the lifecycle. */
  @FunctionalInterface
  interface Step {
    Outcome run(BenchmarkContext ctx);
  }

  /**
   * What follows an outcome: the next step, or wait (end the reconciliation) until {@code until}.
   */
  private record Then(Step step, Next until) {
    static Then step(Step step) {
      return new Then(step, null);
    }

    static Then waitFor(Next next) {
      return new Then(null, next);
    }
  }

  private Lifecycle() {}

  /** Runs the steps of one reconciliation; returns when to reconcile again. */
  static Next advance(BenchmarkContext ctx) {
    try {
      describe(ctx, null);
      return run(ctx, first(ctx));
    } catch (RuntimeException e) {
      if (PermanentErrors.isTransient(e)) {
        throw e;
      }
      // a benchmark that cannot go on fails alone, with the reason, and frees its slot
      LOG.warn("stopped by an error retrying cannot mend: {}", e.toString());
      return run(ctx, c -> PermanentErrors.stop(c, e));
    }
  }

  private static Next run(BenchmarkContext ctx, Step step) {
    for (int steps = 0; steps < MAX_STEPS; steps++) {
      Outcome outcome = step.run(ctx);
      describe(ctx, outcome);
      Then then = after(ctx, outcome);
      if (then.step() == null) {
        return then.until();
      }
      step = then.step();
    }
    throw new IllegalStateException("the lifecycle took more than " + MAX_STEPS + " steps");
  }

  /**
   * Names the round and the run on the log lines from here on ({@link LogContext}): the run the
   * outcome is about, else the current run; without either the run named last stays.
   */
  private static void describe(BenchmarkContext ctx, Outcome outcome) {
    LogContext.round(Rounds.current(ctx.status));
    RunId run = outcome == null ? null : outcome.run();
    if (run == null && ctx.status.currentRun != null) {
      run = ctx.plan().of(ctx.status.currentRun);
    }
    LogContext.run(run);
  }

  private static Step first(BenchmarkContext ctx) {
    return RestartOnSpecChange.needed(ctx) ? RestartOnSpecChange::apply : byPhase(ctx);
  }

  private static Step byPhase(BenchmarkContext ctx) {
    Phase phase = ctx.status.phase;
    if (phase == null) {
      return Accept::accept;
    }
    return switch (phase) {
      case Pending, Queued -> Admit::admit;
      case Running -> ctx.status.currentRun == null ? CleanUp::lastRun : ObserveDriver::observe;
      case Succeeded, Failed -> CleanUp::finished;
    };
  }

  /** The table above. */
  private static Then after(BenchmarkContext ctx, Outcome outcome) {
    if (outcome instanceof Outcome.Accepted) {
      enter(ctx, new PhaseStatus.Accepted());
      return Then.step(Admit::admit);
    }
    if (outcome instanceof Outcome.SpecChanged) {
      ctx.events.normal(ctx.benchmark, "SpecChanged", enter(ctx, new PhaseStatus.StartingOver()));
      return Then.step(Admit::admit);
    }
    if (outcome instanceof Outcome.PredictionsRefitted) {
      ctx.events.normal(
          ctx.benchmark,
          "PredictionsChanged",
          "spec.predict changed (generation "
              + ctx.generation()
              + "): results kept, predictions refitted");
      return Then.step(byPhase(ctx));
    }
    if (outcome instanceof Outcome.OutOfAttempts) {
      ctx.events.warning(ctx.benchmark, "Failed", enter(ctx, new PhaseStatus.Failed()));
      finishRound(ctx, Phase.Failed);
      return Then.waitFor(untilNextRound(ctx));
    }
    if (outcome instanceof Outcome.Invalid || outcome instanceof Outcome.Stopped) {
      ctx.events.warning(ctx.benchmark, "Failed", enter(ctx, new PhaseStatus.Failed()));
      return Then.waitFor(Next.waitForEvents());
    }
    if (outcome instanceof Outcome.Queued) {
      enter(ctx, new PhaseStatus.Queued(ctx.config.maxRunning()));
      return Then.waitFor(Next.after(ctx.config.queueRecheck()));
    }
    if (outcome instanceof Admitted admitted) {
      return Then.step(c -> StartRun.start(c, admitted.run(), admitted.built()));
    }
    if (outcome instanceof RunStarted started) {
      ctx.events.normal(ctx.benchmark, "RunStarted", enter(ctx, new PhaseStatus.Running()));
      return Then.waitFor(started.next());
    }
    if (outcome instanceof Outcome.OldDriverDeleted) {
      return Then.waitFor(Next.after(Duration.ofSeconds(1)));
    }
    if (outcome instanceof StillRunning running) {
      return Then.waitFor(running.next());
    }
    if (outcome instanceof RunSucceeded succeeded) {
      return Then.step(c -> RecordResult.record(c, succeeded));
    }
    if (outcome instanceof RunFailed failed) {
      return Then.step(c -> FailRun.fail(c, failed));
    }
    if (outcome instanceof RunRecorded recorded) {
      enter(ctx, new PhaseStatus.Running());
      afterWritten(ctx, recorded.run(), recorded.seconds());
      return Then.waitFor(Next.after(Duration.ZERO));
    }
    if (outcome instanceof AllRunsDone done) {
      afterWritten(ctx, done.run(), done.seconds());
      ctx.events.normal(ctx.benchmark, "Succeeded", enter(ctx, new PhaseStatus.Succeeded()));
      finishRound(ctx, Phase.Succeeded);
      return Then.waitFor(Next.after(Duration.ZERO));
    }
    if (outcome instanceof Retrying retrying) {
      ctx.events.warning(
          ctx.benchmark,
          retrying.failure().reason(),
          retrying.failure().message()
              + "; retrying (attempt "
              + retrying.next().attempt()
              + " of "
              + retrying.attempts()
              + ")");
      return Then.step(c -> StartRun.start(c, retrying.next(), null));
    }
    if (outcome instanceof Outcome.LastRunCleanedUp) {
      return Then.step(Admit::admit);
    }
    if (outcome instanceof Outcome.FinishedCleanedUp) {
      if (CompareRound.waiting(ctx)) {
        boolean stillWaiting = CompareRound.again(ctx);
        afterCompared(ctx);
        if (stillWaiting) {
          return Then.waitFor(Next.after(BASELINE_RECHECK));
        }
      }
      String scheduledBefore = ctx.status.nextRoundAt;
      Rounds.reschedule(ctx)
          .ifPresent(
              problem ->
                  ctx.events.warning(
                      ctx.benchmark, "InvalidSchedule", problem + "; no further round starts"));
      if (Rounds.due(ctx)) {
        return Then.step(Rounds::start);
      }
      if (!java.util.Objects.equals(scheduledBefore, ctx.status.nextRoundAt)) {
        // write the new time first
        return Then.waitFor(Next.after(Duration.ZERO));
      }
      return Then.waitFor(untilNextRound(ctx));
    }
    if (outcome instanceof Outcome.RoundStarted started) {
      ctx.events.normal(
          ctx.benchmark, "RoundStarted", enter(ctx, new PhaseStatus.NextRound(started.round())));
      return Then.step(Admit::admit);
    }
    throw new IllegalStateException("no transition for " + outcome);
  }

  private static String enter(BenchmarkContext ctx, PhaseStatus.Entered entered) {
    return PhaseStatus.enter(ctx.status, ctx.spec(), entered, ctx.generation(), ctx.now);
  }

  /**
   * A round ended: its summary, its comparison with the baseline and, with a schedule, the next
   * round's time (see {@link Rounds#finish}).
   */
  private static void finishRound(BenchmarkContext ctx, Phase phase) {
    Rounds.finish(ctx, phase);
    afterCompared(ctx);
  }

  /** The comparison's Event, once the status holding it is written (its metrics follow it). */
  private static void afterCompared(BenchmarkContext ctx) {
    Comparison comparison = ctx.status.comparison;
    if (comparison == null) {
      return;
    }
    ctx.afterStatusWritten(
        () -> {
          if (comparison.regressed == Comparison.Verdict.True) {
            ctx.events.warning(ctx.benchmark, "Regressed", comparison.message);
          } else if (!CompareRound.BASELINE_NOT_READY.equals(comparison.reason)) {
            ctx.events.normal(ctx.benchmark, "Compared", comparison.message);
          }
        });
  }

  /** Until the schedule's next round, or for events without one. */
  private static Next untilNextRound(BenchmarkContext ctx) {
    return ctx.status.nextRoundAt == null
        ? Next.waitForEvents()
        : Next.after(Duration.between(ctx.now, Instant.parse(ctx.status.nextRoundAt)));
  }

  /** How often a comparison waiting for its baseline benchmark looks again. */
  private static final Duration BASELINE_RECHECK = Duration.ofSeconds(15);

  /** The run's metric and Event, once the status holding its result is written. */
  private static void afterWritten(BenchmarkContext ctx, RunId run, double seconds) {
    String text =
        "run "
            + PhaseStatus.progress(ctx.status, ctx.spec())
            + " ("
            + run
            + ") took "
            + seconds
            + " s";
    ctx.afterStatusWritten(
        () -> {
          ctx.metrics.runSucceeded(ctx.namespace(), ctx.name());
          ctx.events.normal(ctx.benchmark, "RunSucceeded", text);
        });
  }
}
