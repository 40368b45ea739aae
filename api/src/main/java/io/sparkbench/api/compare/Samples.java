package io.sparkbench.api.compare;

import io.sparkbench.api.compare.RegressionCheck.Sample;
import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.result.HistoryLine;
import io.sparkbench.api.run.RunId;
import io.sparkbench.api.run.RunPlan;
import io.sparkbench.api.v1.RoundSummary;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The durations of a round per record count and executor count, from wherever they are kept: the
 * status's results, a round's summary, or the lines of a history.
 */
public final class Samples {

  private Samples() {}

  /** From the status's results; {@code plan} names the executor count of results without one. */
  public static List<Sample> fromResults(List<RunResult> results, RunPlan plan) {
    Grouping grouping = new Grouping();
    for (RunResult result : results == null ? List.<RunResult>of() : results) {
      if (result.durationSeconds != null && result.records != null) {
        RunId run = plan.of(result);
        grouping.add(run.records(), run.executors(), result.durationSeconds, result.totalAmount);
      }
    }
    return grouping.samples();
  }

  /** From a round's summary. */
  public static List<Sample> fromRound(RoundSummary round) {
    List<Sample> samples = new ArrayList<>();
    for (RoundSummary.Count count : round.counts) {
      if (count.records != null && count.seconds != null && !count.seconds.isEmpty()) {
        samples.add(
            new Sample(
                count.records,
                count.executors == null ? 1 : count.executors,
                count.seconds,
                count.totalAmount));
      }
    }
    return samples;
  }

  /** From the succeeded runs among history lines (of one round). */
  public static List<Sample> fromHistory(List<HistoryLine> lines) {
    Grouping grouping = new Grouping();
    for (HistoryLine line : lines) {
      BenchmarkResult result = line.result();
      if (result.succeeded()) {
        grouping.add(
            result.records(),
            result.executors() == null ? 1 : result.executors(),
            result.totalSeconds(),
            result.totalAmount());
      }
    }
    return grouping.samples();
  }

  /** Durations grouped by record count and executor count, in the order first seen. */
  private static final class Grouping {
    private final Map<String, long[]> counts = new LinkedHashMap<>();
    private final Map<String, List<Double>> seconds = new LinkedHashMap<>();
    private final Map<String, Long> amounts = new LinkedHashMap<>();

    void add(long records, int executors, double duration, Long totalAmount) {
      String key = records + "/" + executors;
      counts.putIfAbsent(key, new long[] {records, executors});
      seconds.computeIfAbsent(key, k -> new ArrayList<>()).add(duration);
      if (totalAmount != null) {
        amounts.putIfAbsent(key, totalAmount);
      }
    }

    List<Sample> samples() {
      List<Sample> samples = new ArrayList<>();
      counts.forEach(
          (key, count) ->
              samples.add(
                  new Sample(count[0], (int) count[1], seconds.get(key), amounts.get(key))));
      return samples;
    }
  }
}
