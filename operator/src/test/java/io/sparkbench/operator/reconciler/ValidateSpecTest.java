package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.api.v1.Baseline;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.operator.Benchmarks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValidateSpecTest {

  @Test
  void theDefaultsAreValid() {
    assertThat(ValidateSpec.problems(Benchmarks.benchmark("ns", "ok", 10L, 100L), Map.of(), null))
        .isEmpty();
  }

  @Test
  void eachProblemSaysWhatToFix() {
    ScalingBenchmark b = Benchmarks.benchmark("ns", "bad", 100L, 100L);
    b.getSpec().driver.memory = "1 GB";
    b.getSpec().timeouts.run = "30 minutes";
    b.getSpec().sparkConf = Map.of("spark.executor.memory", "4g", "executor.cores", "2");
    b.getSpec().storage.uri = "s3a://bucket/x";
    b.getSpec().storage.persistentVolumeClaim = new ScalingBenchmarkSpec.PersistentVolumeClaim();
    b.getSpec().storage.persistentVolumeClaim.claimName = "data";

    assertThat(ValidateSpec.problems(b, Map.of(), null))
        .containsExactlyInAnyOrder(
            "spec.records must be ascending without repeats, got [100, 100]: sort them, e.g."
                + " [100]",
            "spec.driver.memory is '1 GB': use a Spark memory amount such as 512m, 1g or 2048m",
            "spec.storage: set at most one of emptyDir, persistentVolumeClaim and uri",
            "spec.timeouts.run is '30 minutes': use a number and a unit (ms, s, m or h), e.g. 5m",
            "spec.sparkConf must not set spark.executor.memory: use spec.executor.memory",
            "spec.sparkConf key 'executor.cores' is not a Spark setting (spark.*)");
  }

  @Test
  void aScheduleAndABaselineSayWhatToFix() {
    ScalingBenchmark b = Benchmarks.benchmark("ns", "nightly", 10L);
    b.getSpec().schedule = "nightly at two";
    b.getSpec().baseline = new Baseline();
    b.getSpec().baseline.benchmark = "nightly";
    b.getSpec().baseline.tolerance = -0.5;
    Baseline.Figure figure = new Baseline.Figure();
    figure.records = 10L;
    b.getSpec().baseline.figures = List.of(figure);

    assertThat(ValidateSpec.problems(b, Map.of(), null))
        .containsExactlyInAnyOrder(
            "spec.schedule 'nightly at two' is not a cron schedule: give five fields (minute hour"
                + " day-of-month month day-of-week, e.g. '0 2 * * *') or one of @annually, @daily,"
                + " @hourly, @midnight, @monthly, @weekly, @yearly",
            "spec.baseline must set one of benchmark (with an optional round), round, or figures",
            "spec.baseline.benchmark names this benchmark: to compare with one of its own rounds,"
                + " set spec.baseline.round alone",
            "spec.baseline.tolerance must be 0 to 10 (0.1 lets the median take 10 % longer), got"
                + " -0.5",
            "spec.baseline.figures[0].seconds must be a duration above 0, got null");

    ScalingBenchmark zone = Benchmarks.benchmark("ns", "zone", 10L);
    zone.getSpec().timeZone = "Asia/Seoul";
    assertThat(ValidateSpec.problems(zone, Map.of(), null))
        .containsExactly("spec.timeZone is set without spec.schedule: set both or neither");
  }

  @Test
  void sparkItselfJudgesTheSparkSettings() {
    ScalingBenchmark b = Benchmarks.benchmark("ns", "bad", 10L);
    // a volume without its mount path
    b.getSpec().sparkConf =
        Map.of("spark.kubernetes.driver.volumes.emptyDir.v.options.sizeLimit", "1Gi");

    assertThat(ValidateSpec.problems(b, Map.of(), null))
        .singleElement()
        .asString()
        .startsWith("spec.sparkConf: Spark refused the configuration: ");
  }

  @Test
  void everyCountHasABoundAndEveryDurationAMaximum() {
    ScalingBenchmark b = Benchmarks.benchmark("ns", "huge", 10L);
    b.getSpec().driver.cores = 257;
    b.getSpec().executor.cores = 0;
    b.getSpec().executor.instances = Integer.MAX_VALUE;
    b.getSpec().timeouts.driverStart = "99999999999999999999h";
    b.getSpec().timeouts.run = "8d";

    assertThat(ValidateSpec.problems(b, Map.of(), null))
        .containsExactlyInAnyOrder(
            "spec.driver.cores must be 1 to 256, got 257",
            "spec.executor.cores must be 1 to 256, got 0",
            "spec.executor.instances must be 1 to 1000, got 2147483647",
            "spec.timeouts.driverStart is '99999999999999999999h': use at most 168h (7 days)",
            "spec.timeouts.run is '8d': use a number and a unit (ms, s, m or h), e.g. 5m");
  }

  @Test
  void aDirtyRatioTheJobRefusesIsRefusedHere() {
    ScalingBenchmark b = Benchmarks.benchmark("ns", "dirty", 10L);
    b.getSpec().dataset.dirtyRatio = 0.5;
    assertThat(ValidateSpec.problems(b, Map.of(), null)).isEmpty();
    b.getSpec().dataset.dirtyRatio = 0.6;
    assertThat(ValidateSpec.problems(b, Map.of(), null))
        .containsExactly(
            "spec.dataset.dirtyRatio must be 0 to 0.5 (the job refuses more), got 0.6");
    b.getSpec().dataset.dirtyRatio = Double.NaN;
    assertThat(ValidateSpec.problems(b, Map.of(), null)).hasSize(1);
  }

  @Test
  void dimensionSizesTheJobCannotTakeAreRefusedHere() {
    ScalingBenchmark b = Benchmarks.benchmark("ns", "dims", 10L);
    b.getSpec().dataset.customers = (long) Integer.MAX_VALUE;
    assertThat(ValidateSpec.problems(b, Map.of(), null)).isEmpty();
    b.getSpec().dataset.customers = Integer.MAX_VALUE + 1L;
    b.getSpec().dataset.stores = 0L;
    assertThat(ValidateSpec.problems(b, Map.of(), null))
        .containsExactlyInAnyOrder(
            "spec.dataset.customers must be 1 to 2147483647 (the job's limit), got 2147483648",
            "spec.dataset.stores must be 1 to 2147483647 (the job's limit), got 0");
  }

  @Test
  void tooManyRunsAreRefused() {
    ScalingBenchmark b =
        Benchmarks.benchmark("ns", "big", 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L);
    b.getSpec().repetitions = 10;
    assertThat(ValidateSpec.problems(b, Map.of(), null))
        .containsExactly(
            "spec.records × spec.executors × spec.repetitions is 110 runs: use at most 100");
    b.getSpec().records = List.of();
    assertThat(ValidateSpec.problems(b, Map.of(), null))
        .containsExactly("spec.records must list at least one record count, e.g. [10000, 100000]");
  }
}
