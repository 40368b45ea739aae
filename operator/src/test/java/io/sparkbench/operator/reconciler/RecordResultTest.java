package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import io.sparkbench.apiserver.LocalApiServer;
import io.sparkbench.operator.Benchmarks;
import io.sparkbench.operator.FakeKubelet;
import io.sparkbench.operator.OperatorCluster;
import io.sparkbench.operator.OperatorConfig;
import io.sparkbench.operator.Results;
import io.sparkbench.operator.cost.Prices;
import io.sparkbench.operator.driver.SparkServiceAccount;
import io.sparkbench.operator.metrics.OperatorMetrics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A recorded run carries what it ran on, read from its driver pod and its node, and what its pods
 * cost at the operator's prices for that node's instance type; the reconciler reads the driver the
 * test plays the kubelet of from the API server stand-in.
 */
class RecordResultTest {

  private static final String NS = "costs";
  private static final String DRIVER = "nightly-10000-r1-a1-driver";
  private static final String DIGEST = "sha256:" + "ab".repeat(32);

  private LocalApiServer server;
  private KubernetesClient client;
  private ScalingBenchmarkReconciler reconciler;

  @BeforeEach
  void installTheCrdAndANode() {
    server = LocalApiServer.start();
    client = server.createClient();
    CustomResourceDefinition crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .load(OperatorCluster.CRD.toFile())
            .item();
    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
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
    OperatorConfig config =
        OperatorConfig.builder()
            .httpPort(0)
            .prices(
                Prices.parse(
                    "{currency: USD, coreHour: 0.04, gibHour: 0.005,"
                        + " instanceTypes: {m5.xlarge: {coreHour: 0.048, gibHour: 0.006}}}"))
            .build();
    reconciler =
        new ScalingBenchmarkReconciler(
            config,
            new OperatorMetrics(),
            (read, status, context) -> {
              ScalingBenchmark updated =
                  context.getClient().getKubernetesSerialization().clone(read);
              updated.setStatus(status);
              context.getClient().resource(updated).updateStatus();
            },
            Clock.fixed(Instant.parse("2026-12-07T02:00:00Z"), ZoneOffset.UTC));
  }

  @AfterEach
  void stopTheApiServer() {
    client.close();
    server.close();
  }

  @Test
  void aRecordedRunHasItsFingerprintAndItsCostAtItsInstanceTypesPrices() {
    ScalingBenchmark benchmark = Benchmarks.benchmark(NS, "nightly", 10_000L);
    SparkServiceAccount.apply(client, NS, benchmark.getSpec().serviceAccount);
    client.resource(Benchmarks.unsaved(benchmark)).create();
    reconcile();
    // the scheduler bound the driver to node-a; it ran, and the kubelet reported its image digest
    client
        .pods()
        .inNamespace(NS)
        .withName(DRIVER)
        .edit(
            p -> {
              p.getSpec().setNodeName("node-a");
              return p;
            });
    new FakeKubelet(client).succeeded(NS, DRIVER, Results.succeeded(10_000, 22.5));
    client
        .pods()
        .inNamespace(NS)
        .withName(DRIVER)
        .editStatus(
            p -> {
              p.getStatus()
                  .getContainerStatuses()
                  .get(0)
                  .setImageID("registry.example/sparkbench/spark-app@" + DIGEST);
              return p;
            });

    reconcile();

    RunResult run = status().results.get(0);
    ScalingBenchmarkStatus.Fingerprint f = run.fingerprint;
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
    ScalingBenchmarkStatus.Cost cost = run.cost;
    assertThat(cost.cores).isEqualTo(3.0);
    assertThat(cost.gib).isEqualTo(4.125);
    assertThat(cost.coreSeconds).isEqualTo(67.5);
    assertThat(cost.gibSeconds).isEqualTo(92.813);
    assertThat(cost.amount).isEqualTo(0.001055);
    assertThat(cost.currency).isEqualTo("USD");
    assertThat(cost.pricePerCoreHour).isEqualTo(0.048);
  }

  private void reconcile() {
    ScalingBenchmark read =
        client.resources(ScalingBenchmark.class).inNamespace(NS).withName("nightly").get();
    reconciler.reconcile(read, new TestContext(client, read, false));
  }

  private ScalingBenchmarkStatus status() {
    return client
        .resources(ScalingBenchmark.class)
        .inNamespace(NS)
        .withName("nightly")
        .get()
        .getStatus();
  }
}
