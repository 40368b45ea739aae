package io.sparkbench.operator.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.SimpleCollector;
import io.prometheus.client.hotspot.DefaultExports;
import io.sparkbench.api.result.ScalingModel;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
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

  /** Replaces the benchmark's run and model series with what its status holds. */
  public void results(String namespace, String benchmark, ScalingBenchmarkStatus status) {
    for (SimpleCollector<?> collector :
        List.of(duration, stage, peakMemory, cpu, cpuSeconds, recordsPerSecond, runPredicted)) {
      removeSeries(collector, namespace, benchmark);
    }
    Map<Long, List<RunResult>> byRecords = new TreeMap<>();
    for (RunResult r : status.results) {
      byRecords.computeIfAbsent(r.records, k -> new ArrayList<>()).add(r);
    }
    byRecords.forEach(
        (records, results) -> {
          String n = Long.toString(records);
          setMedian(duration, results, r -> r.durationSeconds, namespace, benchmark, n);
          setMedian(cpu, results, r -> r.cpuUtilization, namespace, benchmark, n);
          setMedian(recordsPerSecond, results, r -> r.recordsPerSecond, namespace, benchmark, n);
          setMedian(runPredicted, results, r -> r.predictedSeconds, namespace, benchmark, n);
          for (String part :
              List.of(
                  "tasks",
                  "driver",
                  "driver_jit",
                  "driver_gc",
                  "executors",
                  "executors_jit",
                  "executors_gc")) {
            setMedian(
                cpuSeconds,
                results,
                r -> r.cpuSeconds == null ? null : cpuSeconds(r.cpuSeconds, part),
                namespace,
                benchmark,
                n,
                part);
          }
          for (String s : List.of("startup", "generate", "bronze", "silver", "gold")) {
            setMedian(
                stage,
                results,
                r -> r.stages == null ? null : stageSeconds(r.stages, s),
                namespace,
                benchmark,
                n,
                s);
          }
          setMax(
              peakMemory,
              results,
              r -> r.peakMemoryMiB == null ? null : r.peakMemoryMiB.driver,
              namespace,
              benchmark,
              n,
              "driver");
          setMax(
              peakMemory,
              results,
              r -> r.peakMemoryMiB == null ? null : r.peakMemoryMiB.executor,
              namespace,
              benchmark,
              n,
              "executor");
        });
    model(namespace, benchmark, status.model);
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
        List.of(fixedSeconds, microsPerRecord, rSquared, predicted)) {
      removeSeries(collector, namespace, benchmark);
    }
    if (model == null) {
      return;
    }
    setIfPresent(fixedSeconds.labels(namespace, benchmark), model.fixedSeconds);
    setIfPresent(microsPerRecord.labels(namespace, benchmark), model.microsPerRecord);
    setIfPresent(rSquared.labels(namespace, benchmark), model.rSquared);
    for (ScalingBenchmarkStatus.Prediction p : model.predictions) {
      predicted.labels(namespace, benchmark, Long.toString(p.records)).set(p.seconds);
    }
  }

  private static Double stageSeconds(ScalingBenchmarkStatus.Stages stages, String name) {
    return switch (name) {
      case "startup" -> stages.startup;
      case "generate" -> stages.generate;
      case "bronze" -> stages.bronze;
      case "silver" -> stages.silver;
      default -> stages.gold;
    };
  }

  private static Double cpuSeconds(ScalingBenchmarkStatus.CpuSeconds cpu, String part) {
    return switch (part) {
      case "tasks" -> cpu.tasks;
      case "driver" -> cpu.driver;
      case "driver_jit" -> cpu.driverJit;
      case "driver_gc" -> cpu.driverGc;
      case "executors" -> cpu.executors;
      case "executors_jit" -> cpu.executorsJit;
      default -> cpu.executorsGc;
    };
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
