package io.sparkbench.operator.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.client.CollectorRegistry;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.operator.Benchmarks;
import io.sparkbench.operator.status.RunResults;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorMetricsTest {

  private final OperatorMetrics metrics = new OperatorMetrics();
  private final CollectorRegistry registry = metrics.registry();

  @Test
  void exportsMediansPeaksAndTheModelPerBenchmark() {
    ScalingBenchmarkStatus status = new ScalingBenchmarkStatus();
    RunResults.append(
        status, result(10_000, 20.0, 600L), Benchmarks.predicting(List.of(1_000_000L)));
    RunResults.append(
        status, result(10_000, 30.0, 700L), Benchmarks.predicting(List.of(1_000_000L)));
    RunResults.append(
        status, result(100_000, 34.0, 900L), Benchmarks.predicting(List.of(1_000_000L)));
    metrics.results("ns", "b", status);
    metrics.runSucceeded("ns", "b");

    assertThat(value("sparkbench_run_duration_seconds", "records", "10000")).isEqualTo(25.0);
    assertThat(value("sparkbench_run_stage_seconds", "records", "10000", "stage", "silver"))
        .isEqualTo(10.0);
    assertThat(value("sparkbench_run_peak_memory_bytes", "records", "10000", "role", "driver"))
        .isEqualTo(700.0 * 1024 * 1024);
    assertThat(value("sparkbench_run_cpu_seconds", "records", "10000", "part", "driver_jit"))
        .isEqualTo(6.25);
    assertThat(value("sparkbench_run_cpu_seconds", "records", "100000", "part", "tasks"))
        .isEqualTo(30.0);
    assertThat(value("sparkbench_run_cpu_seconds", "records", "100000", "part", "driver_gc"))
        .as("a result without the driver's breakdown makes no series")
        .isNull();
    assertThat(value("sparkbench_run_cpu_seconds", "records", "10000", "part", "executors_jit"))
        .isEqualTo(3.0);
    assertThat(value("sparkbench_model_fixed_seconds")).isEqualTo(24.0);
    assertThat(value("sparkbench_model_micros_per_record")).isEqualTo(100.0);
    assertThat(value("sparkbench_model_r_squared")).isEqualTo(1.0);
    assertThat(value("sparkbench_model_predicted_seconds", "records", "1000000")).isEqualTo(124.0);
    assertThat(value("sparkbench_runs_total", "outcome", "succeeded")).isEqualTo(1.0);
    // The runs' cost: the median of 20 and 30 s times 3 cores and 4 GiB, and its amount
    assertThat(value("sparkbench_run_core_seconds", "records", "10000")).isEqualTo(75.0);
    assertThat(value("sparkbench_run_gib_seconds", "records", "10000")).isEqualTo(100.0);
    assertThat(value("sparkbench_run_cost", "records", "10000", "currency", "USD"))
        .isEqualTo(0.00125);
    assertThat(value("sparkbench_run_cost", "records", "10000", "currency", "EUR")).isNull();
    // the line's 124 s at a million records: 372 core-s / 3600 × 0.04 + 496 GiB-s / 3600 ×
    // 0.005 = 0.004133 + 0.000689 = 0.004822
    assertThat(value("sparkbench_model_cost_per_million_records", "currency", "USD"))
        .isEqualTo(0.004822);
    // What the alert on slow runs compares: the time each count's runs were predicted to take.
    status.results.get(2).predictedSeconds = 40.0;
    metrics.results("ns", "b", status);
    assertThat(value("sparkbench_run_predicted_seconds", "records", "100000")).isEqualTo(40.0);
    assertThat(value("sparkbench_run_predicted_seconds", "records", "10000"))
        .as("runs no model predicted make no series")
        .isNull();

    metrics.remove("ns", "b");
    assertThat(value("sparkbench_run_duration_seconds", "records", "10000")).isNull();
    assertThat(value("sparkbench_model_fixed_seconds")).isNull();
    assertThat(value("sparkbench_runs_total", "outcome", "succeeded")).isNull();
    assertThat(value("sparkbench_run_cost", "records", "10000", "currency", "USD")).isNull();
    assertThat(value("sparkbench_model_cost_per_million_records", "currency", "USD")).isNull();
  }

  @Test
  void theSeriesOfBenchmarksTheCacheNoLongerHoldsArePruned() {
    ScalingBenchmarkStatus status = new ScalingBenchmarkStatus();
    RunResults.append(status, result(10_000, 20.0, 600L), Benchmarks.predicting(List.of()));
    metrics.results("ns", "b", status);
    metrics.results("ns", "gone", status);
    metrics.runSucceeded("ns", "gone");

    metrics.retainOnly(Set.of("ns/b"));

    assertThat(value("sparkbench_run_duration_seconds", "records", "10000")).isEqualTo(20.0);
    assertThat(
            registry.getSampleValue(
                "sparkbench_run_duration_seconds",
                new String[] {"namespace", "benchmark", "records"},
                new String[] {"ns", "gone", "10000"}))
        .isNull();
    assertThat(
            registry.getSampleValue(
                "sparkbench_runs_total",
                new String[] {"namespace", "benchmark", "outcome"},
                new String[] {"ns", "gone", "succeeded"}))
        .isNull();
  }

  @Test
  void countsBenchmarksPerPhaseIncludingEmptyPhases() {
    metrics.benchmarksPerPhase(Map.of(Phase.Running, 1L, Phase.Queued, 2L));
    assertThat(
            registry.getSampleValue(
                "sparkbench_operator_benchmarks", new String[] {"phase"}, new String[] {"Queued"}))
        .isEqualTo(2.0);
    assertThat(
            registry.getSampleValue(
                "sparkbench_operator_benchmarks", new String[] {"phase"}, new String[] {"Failed"}))
        .isEqualTo(0.0);
    metrics.reconciled();
    metrics.reconciliationFailed();
    assertThat(registry.getSampleValue("sparkbench_operator_reconciliations_total")).isEqualTo(1.0);
    assertThat(registry.getSampleValue("sparkbench_operator_reconciliation_errors_total"))
        .isEqualTo(1.0);
    assertThat(registry.getSampleValue("jvm_threads_current")).isPositive();
  }

  private Double value(String name, String... extraLabels) {
    String[] names = new String[2 + extraLabels.length / 2];
    String[] values = new String[names.length];
    names[0] = "namespace";
    values[0] = "ns";
    names[1] = "benchmark";
    values[1] = "b";
    for (int i = 0; i < extraLabels.length / 2; i++) {
      names[2 + i] = extraLabels[2 * i];
      values[2 + i] = extraLabels[2 * i + 1];
    }
    return registry.getSampleValue(name, names, values);
  }

  private static ScalingBenchmarkStatus.RunResult result(long records, double seconds, long rss) {
    ScalingBenchmarkStatus.RunResult r = new ScalingBenchmarkStatus.RunResult();
    r.records = records;
    r.durationSeconds = seconds;
    r.stages = new ScalingBenchmarkStatus.Stages();
    r.stages.startup = 10.0;
    r.stages.generate = 1.0;
    r.stages.bronze = 2.0;
    r.stages.silver = seconds - 15;
    r.stages.gold = 2.0;
    r.peakMemoryMiB = new ScalingBenchmarkStatus.PeakMemory();
    r.peakMemoryMiB.driver = rss;
    r.peakMemoryMiB.executor = rss + 100;
    r.cpuUtilization = 0.8;
    r.cpuSeconds = new ScalingBenchmarkStatus.CpuSeconds();
    r.cpuSeconds.tasks = seconds - 4;
    r.cpuSeconds.driver = seconds;
    if (records < 100_000) {
      r.cpuSeconds.driverJit = seconds / 4;
      r.cpuSeconds.driverGc = 0.5;
      r.cpuSeconds.executorsJit = seconds / 10 + 0.5;
    }
    r.recordsPerSecond = records / seconds;
    r.cost = new ScalingBenchmarkStatus.Cost();
    r.cost.cores = 3.0;
    r.cost.gib = 4.0;
    r.cost.coreSeconds = seconds * 3;
    r.cost.gibSeconds = seconds * 4;
    r.cost.currency = "USD";
    r.cost.pricePerCoreHour = 0.04;
    r.cost.pricePerGibHour = 0.005;
    r.cost.amount = seconds / 20_000;
    return r;
  }
}
