package io.sparkbench.operator.reconciler;

import io.sparkbench.api.compare.RegressionCheck;
import io.sparkbench.api.compare.Samples;
import io.sparkbench.api.result.ScalingModel;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.RoundSummary;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.operator.driver.RunEnvironment;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A benchmark's rounds: every benchmark has its first when accepted; one with {@code spec.schedule}
 * starts another at the schedule's first time after the previous one ended. A round's end adds its
 * summary to {@code status.rounds} (the results stay until the next round starts) and compares it
 * with {@code spec.baseline}.
 */
final class Rounds {

  private Rounds() {}

  /**
   * The benchmark's round; 1 before its status has one (a new benchmark, or one from before
   * rounds).
   */
  static int current(ScalingBenchmarkStatus status) {
    return status == null || status.round == null ? 1 : status.round;
  }

  /** Marks the start of the first round. */
  static void first(BenchmarkContext ctx) {
    ctx.status.round = 1;
    ctx.status.roundStartedAt = timestamp(ctx.now);
    ctx.status.history = RunEnvironment.historyFolder(ctx.benchmark);
  }

  /**
   * A round ended (every run recorded, or a run out of attempts): its summary joins {@code
   * status.rounds}, it is compared with the baseline, and a scheduled benchmark learns when its
   * next round starts.
   */
  static void finish(BenchmarkContext ctx, Phase phase) {
    ScalingBenchmarkStatus status = ctx.status;
    RoundSummary summary = summary(ctx, phase);
    if (status.rounds == null) {
      status.rounds = new ArrayList<>();
    }
    status.rounds.removeIf(r -> summary.round.equals(r.round));
    CompareRound.compare(ctx, summary);
    status.rounds.add(summary);
    while (status.rounds.size() > RoundSummary.MAX_ROUNDS) {
      status.rounds.remove(0);
    }
    status.nextRoundAt = next(ctx).map(Rounds::timestamp).orElse(null);
    status.history = RunEnvironment.historyFolder(ctx.benchmark);
  }

  /** When the schedule starts the next round, after now; empty without a schedule. */
  static java.util.Optional<Instant> next(BenchmarkContext ctx) {
    String schedule = ctx.spec().schedule;
    if (schedule == null || schedule.isBlank()) {
      return java.util.Optional.empty();
    }
    return Schedule.of(schedule, ctx.spec().timeZone).after(ctx.now);
  }

  /**
   * Times the next round again from the last round's end, after {@code spec.schedule} or {@code
   * spec.timeZone} may have changed (or gone); returns the schedule's problem when it cannot be
   * read, and then no round is scheduled.
   */
  static java.util.Optional<String> reschedule(BenchmarkContext ctx) {
    ScalingBenchmarkStatus status = ctx.status;
    String schedule = ctx.spec().schedule;
    if (schedule == null
        || schedule.isBlank()
        || status.rounds == null
        || status.rounds.isEmpty()) {
      status.nextRoundAt = null;
      return java.util.Optional.empty();
    }
    String finished = status.rounds.get(status.rounds.size() - 1).finishedAt;
    try {
      Instant after = finished == null ? ctx.now : Instant.parse(finished);
      status.nextRoundAt =
          Schedule.of(schedule, ctx.spec().timeZone)
              .after(after)
              .map(Rounds::timestamp)
              .orElse(null);
      return java.util.Optional.empty();
    } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
      status.nextRoundAt = null;
      return java.util.Optional.of(e.getMessage());
    }
  }

  /** Whether the next round is due now. */
  static boolean due(BenchmarkContext ctx) {
    String at = ctx.status.nextRoundAt;
    return at != null && !ctx.now.isBefore(Instant.parse(at));
  }

  /**
   * Starts the next round: the last round's results make way (its summary is in {@code
   * status.rounds}, its runs in the history), and the round waits for its turn as a new benchmark
   * does.
   */
  static Outcome start(BenchmarkContext ctx) {
    ScalingBenchmarkStatus status = ctx.status;
    RunObjects.deleteAll(ctx.client(), ctx.benchmark);
    status.round = current(status) + 1;
    status.roundStartedAt = timestamp(ctx.now);
    status.nextRoundAt = null;
    status.results = new ArrayList<>();
    status.model = null;
    status.executorScaling = null;
    status.memory = new ArrayList<>();
    status.currentRun = null;
    status.error = null;
    status.completedRuns = 0;
    status.lastDurationSeconds = null;
    status.history = RunEnvironment.historyFolder(ctx.benchmark);
    return new Outcome.RoundStarted(status.round);
  }

  /** The round's runs per record count and executor count, and its model. */
  static RoundSummary summary(BenchmarkContext ctx, Phase phase) {
    ScalingBenchmarkStatus status = ctx.status;
    RoundSummary summary = new RoundSummary();
    summary.round = current(status);
    summary.startedAt = status.roundStartedAt;
    summary.finishedAt = timestamp(ctx.now);
    summary.phase = phase;
    for (RegressionCheck.Sample sample : Samples.fromResults(status.results, ctx.plan())) {
      RoundSummary.Count count = new RoundSummary.Count();
      count.records = sample.records();
      count.executors = sample.executors();
      count.seconds = new ArrayList<>(sample.seconds());
      count.medianSeconds = median(sample.seconds());
      count.totalAmount = sample.totalAmount();
      summary.counts.add(count);
    }
    if (status.model != null) {
      summary.fixedSeconds = status.model.fixedSeconds;
      summary.microsPerRecord = status.model.microsPerRecord;
    }
    return summary;
  }

  private static double median(List<Double> values) {
    return Math.round(ScalingModel.median(values) * 1000) / 1000.0;
  }

  static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
