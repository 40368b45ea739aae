package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.result.Failure;
import io.sparkbench.api.run.RunId;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import io.sparkbench.operator.OperatorConfig;
import io.sparkbench.operator.Results;
import io.sparkbench.operator.StandInApiServer;
import io.sparkbench.operator.cost.Prices;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link RecordResult} on a hand-built context: a succeeded run's result is kept in the status with
 * what it ran on and what it cost, and nothing else happens; the node its driver ran on is read
 * from the API server stand-in, everything else needs no API server.
 */
@StandInApiServer
class RecordResultTest {

  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  KubernetesClient client;

  @Test
  void aResultIsKeptAndTheRunIsNoLongerCurrentWhileItsDriverStays() {
    try (StepFixture fixture = StepFixture.offline(10_000L, 100_000L)) {
      RunId run = fixture.run(0);
      Outcome.RunSucceeded succeeded = succeeded(fixture, run, 22.5);

      Outcome outcome = RecordResult.record(fixture.context(), succeeded);

      // the offline client shows that nothing was deleted: that waits for the status write
      assertThat(outcome).isEqualTo(new Outcome.RunRecorded(run, 22.5));
      RunResult recorded = fixture.status.results.get(0);
      assertThat(recorded.records).isEqualTo(10_000L);
      assertThat(recorded.durationSeconds).isEqualTo(22.5);
      assertThat(recorded.driverPod).isEqualTo("nightly-10000-r1-a1-driver");
      assertThat(recorded.finishedAt).isEqualTo("2026-12-01T10:00:00Z");
      assertThat(recorded.fingerprint.node).as("no node: none read").isNull();
      assertThat(fixture.status.completedRuns).isEqualTo(1);
      assertThat(fixture.status.lastDurationSeconds).isEqualTo(22.5);
      assertThat(fixture.status.currentRun).isNull();
    }
  }

  @Test
  void theLastResultEndsTheRunsWithTheModelAndClearsAnEarlierAttemptsError() {
    try (StepFixture fixture = StepFixture.offline(10_000L, 100_000L)) {
      fixture.recorded(fixture.run(0), 22.5);
      fixture.status.error = new Failure("DriverFailed", "the first attempt failed");
      RunId last = fixture.run(1).nextAttempt();

      Outcome outcome = RecordResult.record(fixture.context(), succeeded(fixture, last, 27.7));

      assertThat(outcome).isEqualTo(new Outcome.AllRunsDone(last, 27.7));
      assertThat(fixture.status.results).extracting(r -> r.attempt).containsExactly(1, 2);
      assertThat(fixture.status.model.fixedSeconds).isEqualTo(21.922);
      assertThat(fixture.status.error).isNull();
    }
  }

  @Test
  void aRunWithAnEventLogLinksToItsPageOnTheHistoryServer() {
    try (StepFixture fixture = StepFixture.offline(10_000L)) {
      fixture.config =
          OperatorConfig.builder().httpPort(0).historyServerUrl("https://history.example").build();

      RecordResult.record(fixture.context(), succeeded(fixture, fixture.run(0), 22.5));

      assertThat(fixture.status.results.get(0).historyServerUrl)
          .isEqualTo("https://history.example/history/spark-5f3c2a1b9d8e4f60a7b2c3d4e5f60718/");
    }
  }

  @Test
  void aRecordedRunHasItsFingerprintAndItsCostAtItsInstanceTypesPrices() {
    StepFixture fixture = StepFixture.on(client, 10_000L);
    fixture.config =
        OperatorConfig.builder()
            .httpPort(0)
            .prices(
                Prices.parse(
                    "{currency: USD, coreHour: 0.04, gibHour: 0.005,"
                        + " instanceTypes: {m5.xlarge: {coreHour: 0.048, gibHour: 0.006}}}"))
            .build();
    client
        .nodes()
        .resource(
            new NodeBuilder()
                .withNewMetadata()
                .withName("node-a")
                .addToLabels("node.kubernetes.io/instance-type", "m5.xlarge")
                .addToLabels("kubernetes.io/arch", "amd64")
                .addToLabels("topology.kubernetes.io/zone", "eu-west-1a")
                .endMetadata()
                .build())
        .create();
    RunId run = fixture.run(0);
    BenchmarkResult result = Results.succeeded(10_000, 22.5);
    // the scheduler bound the driver to node-a; it ran, and the kubelet reported its image digest
    Pod driver =
        new PodBuilder(
                fixture.driver(
                    run,
                    new PodStatusBuilder(StepFixture.succeeded(result))
                        .editFirstContainerStatus()
                        .withImageID("registry.example/sparkbench/spark-app@" + DIGEST)
                        .endContainerStatus()
                        .build()))
            .editSpec()
            .withNodeName("node-a")
            .endSpec()
            .build();

    RecordResult.record(fixture.context(), new Outcome.RunSucceeded(run, driver, result));

    RunResult recorded = fixture.status.results.get(0);
    ScalingBenchmarkStatus.Fingerprint f = recorded.fingerprint;
    assertThat(f.image).isEqualTo("registry.example/sparkbench/spark-app:0.1.0");
    assertThat(f.imageDigest).isEqualTo(DIGEST);
    assertThat(f.node).isEqualTo("node-a");
    assertThat(f.instanceType).isEqualTo("m5.xlarge");
    assertThat(f.arch).isEqualTo("amd64");
    assertThat(f.zone).isEqualTo("eu-west-1a");
    assertThat(f.sparkVersion).isEqualTo("4.1.1");
    assertThat(f.javaVersion).isEqualTo("17.0.13+11");
    assertThat(f.settingsHash).isEqualTo("0a1b2c3d4e5f6789");
    assertThat(f.executors).isEqualTo(2);
    assertThat(f.executorMemory).isEqualTo("1g");
    // The result has no timeline, so its 22.5 s count for every pod. The driver pod Spark's
    // builder made requests 1 core and 1g + 384 MiB = 1.375 GiB; so does each of 2 executors:
    // 3 × 22.5 = 67.5 core-s, 3 × 1.375 × 22.5 = 92.8125 GiB-s, at m5.xlarge's prices
    // 67.5 / 3600 × 0.048 + 92.8125 / 3600 × 0.006 = 0.0009 + 0.000154688 = 0.001054688.
    ScalingBenchmarkStatus.Cost cost = recorded.cost;
    assertThat(cost.cores).isEqualTo(3.0);
    assertThat(cost.gib).isEqualTo(4.125);
    assertThat(cost.coreSeconds).isEqualTo(67.5);
    assertThat(cost.gibSeconds).isEqualTo(92.813);
    assertThat(cost.amount).isEqualTo(0.001055);
    assertThat(cost.currency).isEqualTo("USD");
    assertThat(cost.pricePerCoreHour).isEqualTo(0.048);
  }

  /** {@code run} is current and its driver, which the fixture built, exited with its result. */
  private static Outcome.RunSucceeded succeeded(StepFixture fixture, RunId run, double seconds) {
    BenchmarkResult result = Results.succeeded(run.records(), seconds);
    Pod driver = fixture.driver(run, StepFixture.succeeded(result));
    fixture.running(run, driver, Duration.ofSeconds(30));
    return new Outcome.RunSucceeded(run, driver, result);
  }
}
