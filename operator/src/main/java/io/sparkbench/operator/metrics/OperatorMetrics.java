package io.sparkbench.operator.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.SimpleCollector;
import io.prometheus.client.hotspot.DefaultExports;
import io.sparkbench.api.result.ScalingModel;
import io.sparkbench.api.run.Measures;
import io.sparkbench.api.v1.Comparison;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.RoundSummary;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The operator's Prometheus metrics, in a registry of their own (so that several operators can run
 * in one JVM, as tests do). The names are a contract with the dashboard: do not rename.
 *
 * <p>Per-record-count gauges hold the median over repetitions, except peak memory, which holds the
 * largest peak. A benchmark's series are removed when it is deleted or restarted after a spec
 * change.
 */
public final class OperatorMetrics {

  private static final String[] RUN = {"namespace", "benchmark", "records"};
  private static final String[] MODEL = {"namespace", "benchmark"};

  private final CollectorRegistry registry = new CollectorRegistry(true);

  private final Counter reconciliations =
      Counter.build(
              "sparkbench_operator_reconciliations_total", "Reconciliations of ScalingBenchmarks.")
          .register(registry);
  private final Counter reconciliationErrors =
      Counter.build(
              "sparkbench_operator_reconciliation_errors_total",
              "Reconciliations that ended in an exception (retried by the operator).")
          .register(registry);
  private final Counter specChecks =
      Counter.build(
              "sparkbench_operator_spec_checks_total",
              "Checks of a ScalingBenchmark's spec, each a dry run of Spark's driver builder; one"
                  + " per generation.")
          .register(registry);
  private final Gauge benchmarks =
      Gauge.build("sparkbench_operator_benchmarks", "ScalingBenchmarks per phase.")
          .labelNames("phase")
          .register(registry);

  private final Gauge duration =
      Gauge.build("sparkbench_run_duration_seconds", "Median run duration per record count.")
          .labelNames(RUN)
          .register(registry);
  private final Gauge stage =
      Gauge.build("sparkbench_run_stage_seconds", "Median stage duration per record count.")
          .labelNames("namespace", "benchmark", "records", "stage")
          .register(registry);
  private final Gauge peakMemory =
      Gauge.build(
              "sparkbench_run_peak_memory_bytes",
              "Largest peak resident memory per record count, driver or largest executor.")
          .labelNames("namespace", "benchmark", "records", "role")
          .register(registry);
  private final Gauge cpu =
      Gauge.build(
              "sparkbench_run_cpu_utilization", "Median CPU utilisation per record count, 0..1.")
          .labelNames(RUN)
          .register(registry);
  private final Gauge cpuSeconds =
      Gauge.build(
              "sparkbench_run_cpu_seconds",
              "Median CPU seconds per record count: all tasks, the driver JVM and the executor"
                  + " JVMs, and the JIT and GC threads of each.")
          .labelNames("namespace", "benchmark", "records", "part")
          .register(registry);
  private final Gauge recordsPerSecond =
      Gauge.build("sparkbench_run_records_per_second", "Median throughput per record count.")
          .labelNames(RUN)
          .register(registry);
  private final Gauge runPredicted =
      Gauge.build(
              "sparkbench_run_predicted_seconds",
              "Median duration the model fitted on smaller record counts predicted for the runs of"
                  + " a record count, before they ran.")
          .labelNames(RUN)
          .register(registry);
  private final Gauge fixedSeconds =
      Gauge.build("sparkbench_model_fixed_seconds", "Fitted fixed cost of a run in seconds.")
          .labelNames(MODEL)
          .register(registry);
  private final Gauge microsPerRecord =
      Gauge.build("sparkbench_model_micros_per_record", "Fitted marginal cost per record.")
          .labelNames(MODEL)
          .register(registry);
  private final Gauge rSquared =
      Gauge.build("sparkbench_model_r_squared", "Coefficient of determination of the fit.")
          .labelNames(MODEL)
          .register(registry);
  private final Gauge predicted =
      Gauge.build("sparkbench_model_predicted_seconds", "Predicted duration of spec.predict.")
          .labelNames(RUN)
          .register(registry);
  private final Gauge runPredictionError =
      Gauge.build(
              "sparkbench_run_prediction_error_percent",
              "Median error of the runs' predictions made before they ran: (predicted − measured)"
                  + " / measured × 100.")
          .labelNames(RUN)
          .register(registry);
  private final Gauge timeline =
      Gauge.build(
              "sparkbench_run_timeline_seconds",
              "Median seconds per part of a run's timeline, from when it could start until its"
                  + " result was recorded: queued, scheduling, containerStart, jvmStart, run,"
                  + " driverExit, recording.")
          .labelNames("namespace", "benchmark", "records", "part")
          .register(registry);
  private final Gauge activeTasks =
      Gauge.build(
              "sparkbench_run_average_active_tasks",
              "Median effective parallelism per record count: tasks running at once on average.")
          .labelNames(RUN)
          .register(registry);
  private final Gauge wastedCores =
      Gauge.build(
              "sparkbench_run_wasted_core_percent",
              "Median share of the allocated core-seconds no task used, per record count.")
          .labelNames(RUN)
          .register(registry);
  private final Gauge sweepDuration =
      Gauge.build(
              "sparkbench_sweep_duration_seconds",
              "With spec.executors: median run duration per record count and executor count.")
          .labelNames("namespace", "benchmark", "records", "executors")
          .register(registry);
  private final Gauge sweepSpeedup =
      Gauge.build(
              "sparkbench_sweep_speedup",
              "With spec.executors: speedup over the fewest executors per record count.")
          .labelNames("namespace", "benchmark", "records", "executors")
          .register(registry);
  private final Gauge sweepEfficiency =
      Gauge.build(
              "sparkbench_sweep_efficiency",
              "With spec.executors: parallel efficiency (speedup over the executor ratio).")
          .labelNames("namespace", "benchmark", "records", "executors")
          .register(registry);
  private final Gauge modelPredictionError =
      Gauge.build(
              "sparkbench_model_prediction_error_percent",
              "Mean absolute error of the predictions the model's runs had before they ran.")
          .labelNames(MODEL)
          .register(registry);
  private final Gauge predictedBound =
      Gauge.build(
              "sparkbench_model_predicted_interval_seconds",
              "Ends of the 95 % prediction interval of spec.predict, bound low or high.")
          .labelNames("namespace", "benchmark", "records", "bound")
          .register(registry);
  private final Gauge round =
      Gauge.build("sparkbench_round", "The benchmark's current round, from 1.")
          .labelNames("namespace", "benchmark")
          .register(registry);
  private final Gauge roundMedian =
      Gauge.build(
              "sparkbench_round_median_seconds",
              "Median run duration of the latest finished round, per record count and executor"
                  + " count: its history over time is the benchmark's trend.")
          .labelNames("namespace", "benchmark", "records", "executors")
          .register(registry);
  private final Gauge regressed =
      Gauge.build(
              "sparkbench_regressed",
              "1 when the latest finished round is slower than spec.baseline by more than its"
                  + " tolerance beyond the noise, 0 when it is not, NaN while the runs cannot tell.")
          .labelNames("namespace", "benchmark")
          .register(registry);
  private final Gauge baselineRatio =
      Gauge.build(
              "sparkbench_baseline_ratio",
              "Median duration of the latest round over its baseline's, per record count and"
                  + " executor count, with the 95 % interval's ends as bound low and high.")
          .labelNames("namespace", "benchmark", "records", "executors", "bound")
          .register(registry);
  private final Gauge coreSeconds =
      Gauge.build(
              "sparkbench_run_core_seconds",
              "Median core-seconds the pods of a record count's runs requested, driver and"
                  + " executors.")
          .labelNames(RUN)
          .register(registry);
  private final Gauge gibSeconds =
      Gauge.build(
              "sparkbench_run_gib_seconds",
              "Median GiB-seconds of memory the pods of a record count's runs requested.")
          .labelNames(RUN)
          .register(registry);
  private final Gauge runCost =
      Gauge.build(
              "sparkbench_run_cost",
              "Median cost of a record count's runs by the operator's price table, in its"
                  + " currency; no series without one.")
          .labelNames("namespace", "benchmark", "records", "currency")
          .register(registry);
  private final Gauge modelCost =
      Gauge.build(
              "sparkbench_model_cost_per_million_records",
              "What a run of one million records costs by the fitted line and the price table.")
          .labelNames("namespace", "benchmark", "currency")
          .register(registry);
  private final Counter runs =
      Counter.build("sparkbench_runs_total", "Finished run attempts by outcome.")
          .labelNames("namespace", "benchmark", "outcome")
          .register(registry);

  private final List<SimpleCollector<?>> perBenchmark =
      List.of(
          duration,
          stage,
          peakMemory,
          cpu,
          cpuSeconds,
          recordsPerSecond,
          runPredicted,
          fixedSeconds,
          microsPerRecord,
          rSquared,
          predicted,
          runPredictionError,
          timeline,
          activeTasks,
          wastedCores,
          sweepDuration,
          sweepSpeedup,
          sweepEfficiency,
          modelPredictionError,
          predictedBound,
          coreSeconds,
          gibSeconds,
          runCost,
          modelCost,
          round,
          roundMedian,
          regressed,
          baselineRatio,
          runs);

  public OperatorMetrics() {
    DefaultExports.register(registry);
    for (Phase phase : Phase.values()) {
      benchmarks.labels(phase.name()).set(0);
    }
  }

  public CollectorRegistry registry() {
    return registry;
  }

  public void reconciled() {
    reconciliations.inc();
  }

  public void reconciliationFailed() {
    reconciliationErrors.inc();
  }

  public void specChecked() {
    specChecks.inc();
  }

  /** Sets the per-phase gauge from a count of every known benchmark. */
  public void benchmarksPerPhase(Map<Phase, Long> counts) {
    Map<Phase, Long> all = new EnumMap<>(Phase.class);
    for (Phase phase : Phase.values()) {
      all.put(phase, 0L);
    }
    all.putAll(counts);
    all.forEach((phase, count) -> benchmarks.labels(phase.name()).set(count));
  }

  public void runSucceeded(String namespace, String benchmark) {
    runs.labels(namespace, benchmark, "succeeded").inc();
  }

  public void runFailed(String namespace, String benchmark) {
    runs.labels(namespace, benchmark, "failed").inc();
  }

  /**
   * Replaces the benchmark's run and model series with what its status holds. With an executor
   * sweep, the per-record-count series hold the model's executor count (the newest run's), and the
   * {@code sparkbench_sweep_*} series every count.
   */
  public void results(String namespace, String benchmark, ScalingBenchmarkStatus status) {
    for (SimpleCollector<?> collector :
        List.of(
            duration,
            stage,
            peakMemory,
            cpu,
            cpuSeconds,
            recordsPerSecond,
            runPredicted,
            runPredictionError,
            timeline,
            activeTasks,
            wastedCores,
            sweepDuration,
            sweepSpeedup,
            sweepEfficiency,
            coreSeconds,
            gibSeconds,
            runCost)) {
      removeSeries(collector, namespace, benchmark);
    }
    Integer executors = status.model == null ? null : status.model.executors;
    Map<Long, List<RunResult>> byRecords = new TreeMap<>();
    for (RunResult r : status.results) {
      if (executors == null || r.executors == null || executors.equals(r.executors)) {
        byRecords.computeIfAbsent(r.records, k -> new ArrayList<>()).add(r);
      }
    }
    byRecords.forEach(
        (records, results) -> {
          String n = Long.toString(records);
          setMedian(duration, results, r -> r.durationSeconds, namespace, benchmark, n);
          setMedian(cpu, results, r -> r.cpuUtilization, namespace, benchmark, n);
          setMedian(recordsPerSecond, results, r -> r.recordsPerSecond, namespace, benchmark, n);
          setMedian(runPredicted, results, r -> r.predictedSeconds, namespace, benchmark, n);
          setMedian(
              runPredictionError, results, r -> r.predictionErrorPercent, namespace, benchmark, n);
          setMedian(
              activeTasks,
              results,
              r -> r.efficiency == null ? null : r.efficiency.averageActiveTasks,
              namespace,
              benchmark,
              n);
          setMedian(
              wastedCores,
              results,
              r -> r.efficiency == null ? null : r.efficiency.wastedPercent,
              namespace,
              benchmark,
              n);
          for (Measures.CpuPart part : Measures.CpuPart.values()) {
            setMedian(cpuSeconds, results, part::of, namespace, benchmark, n, snake(part.key));
          }
          setMedian(coreSeconds, results, r -> cost(r).coreSeconds, namespace, benchmark, n);
          setMedian(gibSeconds, results, r -> cost(r).gibSeconds, namespace, benchmark, n);
          results.stream()
              .map(r -> cost(r).currency)
              .filter(Objects::nonNull)
              .distinct()
              .forEach(
                  currency ->
                      setMedian(
                          runCost,
                          results,
                          r -> currency.equals(cost(r).currency) ? cost(r).amount : null,
                          namespace,
                          benchmark,
                          n,
                          currency));
          for (Measures.Stage s : Measures.Stage.values()) {
            setMedian(stage, results, s::of, namespace, benchmark, n, s.key);
          }
          for (Measures.TimelinePart part : Measures.TimelinePart.values()) {
            setMedian(timeline, results, part::of, namespace, benchmark, n, part.key);
          }
          for (Measures.MemoryRole role : Measures.MemoryRole.values()) {
            setMax(peakMemory, results, role::of, namespace, benchmark, n, role.key);
          }
        });
    if (status.executorScaling != null) {
      for (ScalingBenchmarkStatus.Speedup s : status.executorScaling.speedup) {
        String n = Long.toString(s.records);
        String e = Integer.toString(s.executors);
        setIfPresent(sweepDuration.labels(namespace, benchmark, n, e), s.seconds);
        setIfPresent(sweepSpeedup.labels(namespace, benchmark, n, e), s.speedup);
        setIfPresent(sweepEfficiency.labels(namespace, benchmark, n, e), s.efficiency);
      }
    }
    model(namespace, benchmark, status.model);
    rounds(namespace, benchmark, status);
  }

  /** The round, the latest finished round's medians and its comparison with the baseline. */
  private void rounds(String namespace, String benchmark, ScalingBenchmarkStatus status) {
    for (SimpleCollector<?> collector : List.of(round, roundMedian, regressed, baselineRatio)) {
      removeSeries(collector, namespace, benchmark);
    }
    if (status.round != null) {
      round.labels(namespace, benchmark).set(status.round);
    }
    if (status.rounds != null && !status.rounds.isEmpty()) {
      RoundSummary latest = status.rounds.get(status.rounds.size() - 1);
      for (RoundSummary.Count count : latest.counts) {
        setIfPresent(
            roundMedian.labels(
                namespace,
                benchmark,
                Long.toString(count.records),
                String.valueOf(count.executors)),
            count.medianSeconds);
      }
    }
    Comparison comparison = status.comparison;
    if (comparison == null) {
      return;
    }
    regressed
        .labels(namespace, benchmark)
        .set(
            switch (comparison.regressed) {
              case True -> 1;
              case False -> 0;
              case Unknown -> Double.NaN;
            });
    for (Comparison.Count count : comparison.counts) {
      String n = Long.toString(count.records);
      String e = String.valueOf(count.executors);
      setIfPresent(baselineRatio.labels(namespace, benchmark, n, e, "median"), count.ratio);
      setIfPresent(baselineRatio.labels(namespace, benchmark, n, e, "low"), count.low);
      setIfPresent(baselineRatio.labels(namespace, benchmark, n, e, "high"), count.high);
    }
  }

  private static final ScalingBenchmarkStatus.Cost NO_COST = new ScalingBenchmarkStatus.Cost();

  /** A run's cost, or an empty one for a result recorded before costs were. */
  private static ScalingBenchmarkStatus.Cost cost(RunResult r) {
    return r.cost == null ? NO_COST : r.cost;
  }

  /** A label value in the metrics' style: {@code driverJit} becomes {@code driver_jit}. */
  private static String snake(String key) {
    return key.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
  }

  /**
   * Removes the series of every benchmark not in {@code known} ({@code namespace/name} keys, from
   * the informer cache), so a deleted benchmark's series go also when its delete event was missed.
   */
  public void retainOnly(Set<String> known) {
    for (SimpleCollector<?> collector : perBenchmark) {
      for (Collector.MetricFamilySamples family : collector.collect()) {
        for (Collector.MetricFamilySamples.Sample sample : family.samples) {
          List<String> values = sample.labelValues;
          if (values.size() >= 2 && !known.contains(values.get(0) + "/" + values.get(1))) {
            collector.remove(values.toArray(String[]::new));
          }
        }
      }
    }
  }

  /** Removes every series of a benchmark, e.g. when it is deleted. */
  public void remove(String namespace, String benchmark) {
    for (SimpleCollector<?> collector : perBenchmark) {
      removeSeries(collector, namespace, benchmark);
    }
  }

  private void model(String namespace, String benchmark, ScalingBenchmarkStatus.Model model) {
    for (SimpleCollector<?> collector :
        List.of(
            fixedSeconds,
            microsPerRecord,
            rSquared,
            predicted,
            modelPredictionError,
            predictedBound,
            modelCost)) {
      removeSeries(collector, namespace, benchmark);
    }
    if (model == null) {
      return;
    }
    ScalingBenchmarkStatus.Cost perMillion = model.costPerMillionRecords;
    if (perMillion != null && perMillion.currency != null) {
      setIfPresent(modelCost.labels(namespace, benchmark, perMillion.currency), perMillion.amount);
    }
    setIfPresent(fixedSeconds.labels(namespace, benchmark), model.fixedSeconds);
    setIfPresent(microsPerRecord.labels(namespace, benchmark), model.microsPerRecord);
    setIfPresent(rSquared.labels(namespace, benchmark), model.rSquared);
    if (model.priorPredictions != null) {
      setIfPresent(
          modelPredictionError.labels(namespace, benchmark),
          model.priorPredictions.meanAbsoluteErrorPercent);
    }
    for (ScalingBenchmarkStatus.Prediction p : model.predictions) {
      String n = Long.toString(p.records);
      predicted.labels(namespace, benchmark, n).set(p.seconds);
      setIfPresent(predictedBound.labels(namespace, benchmark, n, "low"), p.low);
      setIfPresent(predictedBound.labels(namespace, benchmark, n, "high"), p.high);
    }
  }

  /** Sets the median of the values present; makes no series when there is none. */
  private static void setMedian(
      Gauge gauge, List<RunResult> results, Function<RunResult, Double> value, String... labels) {
    List<Double> values = results.stream().map(value).filter(Objects::nonNull).toList();
    if (!values.isEmpty()) {
      gauge.labels(labels).set(ScalingModel.median(values));
    }
  }

  /** Sets the largest value present, in bytes; makes no series when there is none. */
  private static void setMax(
      Gauge gauge, List<RunResult> results, Function<RunResult, Long> mebibytes, String... labels) {
    results.stream()
        .map(mebibytes)
        .filter(Objects::nonNull)
        .max(Long::compare)
        .ifPresent(mib -> gauge.labels(labels).set(mib * 1024.0 * 1024.0));
  }

  private static void setIfPresent(Gauge.Child child, Double value) {
    if (value != null) {
      child.set(value);
    }
  }

  /** Removes the series whose first two labels are the namespace and the benchmark. */
  private static void removeSeries(SimpleCollector<?> collector, String namespace, String name) {
    for (Collector.MetricFamilySamples family : collector.collect()) {
      for (Collector.MetricFamilySamples.Sample sample : family.samples) {
        List<String> values = sample.labelValues;
        if (values.size() >= 2 && values.get(0).equals(namespace) && values.get(1).equals(name)) {
          collector.remove(values.toArray(String[]::new));
        }
      }
    }
  }
}
