package io.sparkbench.operator.reconciler;

import io.sparkbench.api.compare.RegressionCheck;
import io.sparkbench.api.compare.Samples;
import io.sparkbench.api.v1.Baseline;
import io.sparkbench.api.v1.Comparison;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.RoundSummary;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.Fingerprint;
import io.sparkbench.operator.status.Conditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Compares a finished round with {@code spec.baseline} ({@link RegressionCheck}) and sets the
 * {@code Regressed} condition: True with the counts and ratios, False, or Unknown with why. The
 * baseline is read from the status of a benchmark in the same namespace (never from storage), from
 * this benchmark's own earlier rounds, or from the spec's pinned figures. A baseline benchmark that
 * has not finished a round yet leaves the verdict Unknown with reason BaselineNotReady, and the
 * comparison is made again once it has.
 */
final class CompareRound {

  static final String BASELINE_NOT_READY = "BaselineNotReady";

  private CompareRound() {}

  /** Compares {@code round} with the baseline, when the spec names one. */
  static void compare(BenchmarkContext ctx, RoundSummary round) {
    Baseline baseline = ctx.spec().baseline;
    if (baseline == null) {
      ctx.status.comparison = null;
      ctx.status.conditions.removeIf(c -> Conditions.REGRESSED.equals(c.getType()));
      return;
    }
    double tolerance = baseline.tolerance == null ? 0.1 : baseline.tolerance;
    RegressionCheck.Side candidate =
        new RegressionCheck.Side("round " + round.round, Samples.fromRound(round), false);
    Comparison comparison;
    Resolved resolved = resolve(ctx, baseline, round.round);
    if (resolved.side() == null) {
      comparison = new Comparison();
      comparison.baseline = resolved.label();
      comparison.tolerance = tolerance;
      comparison.regressed = Comparison.Verdict.Unknown;
      comparison.reason = resolved.reason();
      comparison.message = resolved.message();
    } else {
      comparison =
          RegressionCheck.compare(resolved.side(), candidate, tolerance, resolved.differences());
    }
    comparison.round = round.round;
    comparison.comparedAt = Rounds.timestamp(ctx.now);
    ctx.status.comparison = comparison;
    round.regressed = comparison.regressed.name();
    Conditions.set(
        ctx.status,
        Conditions.REGRESSED,
        comparison.regressed.name(),
        comparison.reason,
        comparison.message,
        ctx.generation(),
        ctx.now);
  }

  /** Whether the latest comparison waits for its baseline benchmark to finish a round. */
  static boolean waiting(BenchmarkContext ctx) {
    Comparison comparison = ctx.status.comparison;
    return comparison != null
        && BASELINE_NOT_READY.equals(comparison.reason)
        && ctx.spec().baseline != null
        && ctx.status.rounds != null
        && !ctx.status.rounds.isEmpty();
  }

  /** Compares the latest round again; true when the verdict is still waiting for its baseline. */
  static boolean again(BenchmarkContext ctx) {
    RoundSummary latest = ctx.status.rounds.get(ctx.status.rounds.size() - 1);
    compare(ctx, latest);
    return waiting(ctx);
  }

  /** The baseline's runs, or why there are none. */
  private record Resolved(
      String label,
      RegressionCheck.Side side,
      List<String> differences,
      String reason,
      String message) {
    static Resolved missing(String label, String reason, String message) {
      return new Resolved(label, null, List.of(), reason, message);
    }
  }

  private static Resolved resolve(BenchmarkContext ctx, Baseline baseline, int round) {
    if (baseline.figures != null && !baseline.figures.isEmpty()) {
      List<RegressionCheck.Sample> samples = new ArrayList<>();
      for (Baseline.Figure figure : baseline.figures) {
        samples.add(
            new RegressionCheck.Sample(
                figure.records,
                figure.executors == null ? 0 : figure.executors,
                List.of(figure.seconds),
                null));
      }
      return new Resolved(
          "pinned figures",
          new RegressionCheck.Side("pinned figures", samples, true),
          List.of(),
          null,
          null);
    }
    if (baseline.benchmark == null) {
      String label = "round " + baseline.round;
      if (baseline.round != null && baseline.round == round) {
        return Resolved.missing(
            label, "NotComparable", "spec.baseline.round " + round + " is the round compared");
      }
      return fromRounds(label, ctx.status, baseline.round, List.of());
    }
    String label =
        "benchmark "
            + baseline.benchmark
            + (baseline.round == null ? "" : " round " + baseline.round);
    ScalingBenchmark other =
        ctx.client()
            .resources(ScalingBenchmark.class)
            .inNamespace(ctx.namespace())
            .withName(baseline.benchmark)
            .get();
    if (other == null) {
      return Resolved.missing(
          label,
          BASELINE_NOT_READY,
          "no ScalingBenchmark " + baseline.benchmark + " in namespace " + ctx.namespace());
    }
    ScalingBenchmarkStatus status =
        other.getStatus() == null ? new ScalingBenchmarkStatus() : other.getStatus();
    List<String> differences = differences(ctx.benchmark, ctx.status, other);
    if (baseline.round != null) {
      return fromRounds(label, status, baseline.round, differences);
    }
    RoundSummary latest = latestFinished(status);
    if (latest == null) {
      return Resolved.missing(
          label,
          BASELINE_NOT_READY,
          "benchmark "
              + baseline.benchmark
              + " has not finished a round yet; compared once it has");
    }
    String named = label + " round " + latest.round;
    return new Resolved(
        named,
        new RegressionCheck.Side(named, Samples.fromRound(latest), false),
        differences,
        null,
        null);
  }

  private static RoundSummary latestFinished(ScalingBenchmarkStatus status) {
    if (status.rounds == null) {
      return null;
    }
    for (int i = status.rounds.size() - 1; i >= 0; i--) {
      RoundSummary round = status.rounds.get(i);
      if (round.phase == Phase.Succeeded) {
        return round;
      }
    }
    return null;
  }

  private static Resolved fromRounds(
      String label, ScalingBenchmarkStatus status, Integer round, List<String> differences) {
    if (status.rounds != null) {
      for (RoundSummary kept : status.rounds) {
        if (Objects.equals(kept.round, round)) {
          return new Resolved(
              label,
              new RegressionCheck.Side(label, Samples.fromRound(kept), false),
              differences,
              null,
              null);
        }
      }
    }
    return Resolved.missing(
        label,
        "NotComparable",
        label
            + " is not in status.rounds, which keeps the "
            + RoundSummary.MAX_ROUNDS
            + " newest: name a round that is");
  }

  /**
   * What differs between what the two benchmarks' latest runs ran on (their fingerprints), or,
   * before both have one, between their specs.
   */
  private static List<String> differences(
      ScalingBenchmark self, ScalingBenchmarkStatus status, ScalingBenchmark other) {
    Fingerprint mine = lastFingerprint(status);
    Fingerprint theirs = lastFingerprint(other.getStatus());
    if (mine != null && theirs != null) {
      return mine.differences(theirs);
    }
    List<String> differences = new ArrayList<>();
    var a = self.getSpec();
    var b = other.getSpec();
    if (!Objects.equals(a.image, b.image)) {
      differences.add("image " + a.image + " vs " + b.image);
    }
    if (!Objects.equals(a.sparkConf, b.sparkConf)) {
      differences.add("sparkConf differs");
    }
    if (a.executor != null
        && b.executor != null
        && (!Objects.equals(a.executor.cores, b.executor.cores)
            || !Objects.equals(a.executor.memory, b.executor.memory))) {
      differences.add(
          "executor "
              + a.executor.cores
              + " core(s) "
              + a.executor.memory
              + " vs "
              + b.executor.cores
              + " core(s) "
              + b.executor.memory);
    }
    return differences;
  }

  private static Fingerprint lastFingerprint(ScalingBenchmarkStatus status) {
    if (status == null || status.results == null || status.results.isEmpty()) {
      return null;
    }
    return status.results.get(status.results.size() - 1).fingerprint;
  }
}
