package io.sparkbench.operator.cost;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.Cost;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunCostTest {

  private static final Prices PRICES =
      Prices.parse(
          "{currency: USD, coreHour: 0.04, gibHour: 0.005,"
              + " instanceTypes: {m5.xlarge: {coreHour: 0.048, gibHour: 0.006}}}");

  /** The driver pod as Spark's builder makes it for 1 core and a 1g heap: 1408Mi requested. */
  private static Pod driver(String cpu, String memory) {
    return new PodBuilder()
        .withNewSpec()
        .addNewContainer()
        .withName("spark-kubernetes-driver")
        .withNewResources()
        .addToRequests("cpu", new Quantity(cpu))
        .addToRequests("memory", new Quantity(memory))
        .endResources()
        .endContainer()
        .endSpec()
        .build();
  }

  /** A run of 27.7 s whose JVM started 0.4 s after its container and exited 1.9 s after gold. */
  private static RunResult run(String instanceType) {
    RunResult r = new RunResult();
    r.records = 100_000L;
    r.durationSeconds = 27.7;
    r.timeline = new ScalingBenchmarkStatus.Timeline();
    r.timeline.jvmStart = 0.4;
    r.timeline.run = 27.7;
    r.timeline.driverExit = 1.9;
    r.fingerprint = new ScalingBenchmarkStatus.Fingerprint();
    r.fingerprint.instanceType = instanceType;
    return r;
  }

  @Test
  void pricesTheDriverOverItsContainerAndTheExecutorsFromTheJvmsStartToTheExit() {
    PodShape shape = PodShape.of(driver("1", "1408Mi"), new ScalingBenchmarkSpec(), 2, Map.of());

    Cost cost = RunCost.of(run("c5.large"), shape, PRICES);

    // driver: 0.4 + 27.7 + 1.9 = 30.0 s; executors: 27.7 + 1.9 = 29.6 s each, two of them.
    // cores: 1 × 30.0 + 2 × 1 × 29.6 = 89.2 core-s
    assertThat(cost.coreSeconds).isEqualTo(89.2);
    // 1g + max(384 MiB, 10 %) = 1408 MiB = 1.375 GiB per pod:
    // 1.375 × 30.0 + 2 × 1.375 × 29.6 = 41.25 + 81.4 = 122.65 GiB-s
    assertThat(cost.gibSeconds).isEqualTo(122.65);
    assertThat(cost.cores).isEqualTo(3.0);
    assertThat(cost.gib).isEqualTo(4.125);
    // 89.2 / 3600 × 0.04 + 122.65 / 3600 × 0.005 = 0.000991111 + 0.000170347 = 0.001161458
    assertThat(cost.amount).isEqualTo(0.001161);
    assertThat(cost.currency).isEqualTo("USD");
    assertThat(cost.pricePerCoreHour).isEqualTo(0.04);
    assertThat(cost.pricePerGibHour).isEqualTo(0.005);
  }

  @Test
  void aNodeOfAPricedInstanceTypeIsPricedAtItsOwnPrices() {
    PodShape shape = PodShape.of(driver("1", "1408Mi"), new ScalingBenchmarkSpec(), 2, Map.of());

    Cost cost = RunCost.of(run("m5.xlarge"), shape, PRICES);

    // 89.2 / 3600 × 0.048 + 122.65 / 3600 × 0.006 = 0.001189333 + 0.000204417 = 0.00139375
    assertThat(cost.amount).isEqualTo(0.001394);
    assertThat(cost.pricePerCoreHour).isEqualTo(0.048);
  }

  @Test
  void withoutPricesOnlyTheResourcesAreCounted() {
    PodShape shape = PodShape.of(driver("1", "1408Mi"), new ScalingBenchmarkSpec(), 2, Map.of());

    Cost cost = RunCost.of(run(null), shape, null);

    assertThat(cost.coreSeconds).isEqualTo(89.2);
    assertThat(cost.amount).isNull();
    assertThat(cost.currency).isNull();
    assertThat(cost.pricePerCoreHour).isNull();
  }

  @Test
  void theDriversRequestsAreReadFromItsPodAndTheExecutorsComputedAsSparkDoes() {
    ScalingBenchmarkSpec spec = new ScalingBenchmarkSpec();
    spec.executor.cores = 4;
    spec.executor.memory = "8g";
    spec.sparkConf.put("spark.kubernetes.executor.request.cores", "3500m");

    PodShape shape = PodShape.of(driver("500m", "2Gi"), spec, 3, Map.of());

    assertThat(shape.driverCores()).isEqualTo(0.5);
    assertThat(shape.driverMiB()).isEqualTo(2048);
    assertThat(shape.executorCores()).isEqualTo(3.5);
    // 8192 MiB + max(384, 819) MiB
    assertThat(shape.executorMiB()).isEqualTo(8192 + 819);

    PodShape unbuilt = PodShape.of(null, spec, 3, Map.of("spark.executor.memoryOverhead", "1g"));
    assertThat(unbuilt.driverCores()).as("the spec's, without a pod").isEqualTo(1.0);
    assertThat(unbuilt.driverMiB()).isEqualTo(1024 + 384);
    assertThat(unbuilt.executorMiB()).isEqualTo(8192 + 1024);
  }

  @Test
  void aResultWithoutATimelineCountsItsDurationForBoth() {
    RunResult r = run(null);
    r.timeline = null;
    PodShape shape = new PodShape(1, 1024, 1, 2, 2048);

    // 1 × 27.7 + 1 × 2 × 27.7 = 83.1 core-s; (1 + 2) × 27.7 = 83.1 GiB-s
    Cost cost = RunCost.of(r, shape, null);
    assertThat(cost.coreSeconds).isEqualTo(83.1);
    assertThat(cost.gibSeconds).isEqualTo(83.1);
  }

  @Test
  void aMillionRecordsCostTheLinesSecondsThereTimesTheNewestRunsShape() {
    ScalingBenchmarkStatus.Model model = new ScalingBenchmarkStatus.Model();
    model.fixedSeconds = 20.0;
    model.microsPerRecord = 10.0;
    RunResult newest = run("m5.xlarge");
    newest.cost =
        RunCost.of(
            newest,
            PodShape.of(driver("1", "1408Mi"), new ScalingBenchmarkSpec(), 2, Map.of()),
            PRICES);

    Cost perMillion = RunCost.perMillionRecords(model, newest);

    // 20 s + 10 µs × 10⁶ = 30 s; × 3 cores = 90 core-s; × 4.125 GiB = 123.75 GiB-s
    assertThat(perMillion.coreSeconds).isEqualTo(90.0);
    assertThat(perMillion.gibSeconds).isEqualTo(123.75);
    // 90 / 3600 × 0.048 + 123.75 / 3600 × 0.006 = 0.0012 + 0.00020625 = 0.00140625
    assertThat(perMillion.amount).isEqualTo(0.001406);
    assertThat(perMillion.currency).isEqualTo("USD");

    model.fixedSeconds = -20.0;
    assertThat(RunCost.perMillionRecords(model, newest))
        .as("a line that gives no time at a million records prices nothing")
        .isNull();
    model.fixedSeconds = 40.0;
    model.microsPerRecord = -5.0;
    assertThat(RunCost.perMillionRecords(model, newest))
        .as("a line that falls predicts nothing, its cost neither")
        .isNull();
  }
}
