package io.sparkbench.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.controlplane.ControlPlane;
import io.sparkbench.controlplane.Namespaces;
import io.sparkbench.controlplane.RealControlPlaneTest;
import io.sparkbench.operator.Benchmarks;
import io.sparkbench.operator.ControlPlaneCluster;
import io.sparkbench.operator.FakeKubelet;
import io.sparkbench.operator.OperatorConfig;
import io.sparkbench.operator.OperatorMain;
import io.sparkbench.operator.Results;
import io.sparkbench.operator.driver.SparkServiceAccount;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two operator replicas with leader election against one real API server: one holds the Lease and
 * reconciles, the other waits; when the leader stops, the other takes the Lease over and goes on.
 */
@RealControlPlaneTest
class LeaderElectionOnControlPlaneIT {

  private static final String NS = "elected";
  private static final OperatorConfig CONFIG =
      OperatorConfig.builder()
          .watchNamespaces(Set.of(NS))
          .leaderElection(NS)
          .httpPort(-1)
          .queueRecheck(Duration.ofMillis(300))
          .build();

  private static final List<KubernetesClient> clients = new ArrayList<>();
  private static final List<OperatorMain.Running> replicas = new ArrayList<>();
  private static KubernetesClient admin;

  @BeforeAll
  static void startTwoReplicas(ControlPlane controlPlane) {
    admin = controlPlane.adminClient();
    ControlPlaneCluster.installCrd(admin);
    Namespaces.ensure(admin, NS);
    SparkServiceAccount.apply(admin, NS, LocalCluster.SPARK_SERVICE_ACCOUNT);
    for (int i = 0; i < 2; i++) {
      KubernetesClient client = controlPlane.adminClient();
      clients.add(client);
      replicas.add(OperatorMain.start(client, CONFIG));
    }
  }

  /** Leaves no running benchmark behind: the next operator on this API server would wait for it. */
  @AfterAll
  static void stop() {
    admin.resources(ScalingBenchmark.class).inNamespace(NS).delete();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                admin
                    .resources(ScalingBenchmark.class)
                    .inNamespace(NS)
                    .list()
                    .getItems()
                    .isEmpty());
    replicas.forEach(OperatorMain.Running::close);
    clients.forEach(KubernetesClient::close);
    admin.close();
  }

  @Test
  void oneReplicaReconcilesAndTheOtherTakesOverWhenItStops() {
    Lease lease =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> admin.leases().inNamespace(NS).withName("sparkbench-operator").get(),
                l -> l != null && l.getSpec().getHolderIdentity() != null);
    String firstLeader = lease.getSpec().getHolderIdentity();

    admin.resource(Benchmarks.unsaved(Benchmarks.benchmark(NS, "first", 10_000L))).create();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> admin.pods().inNamespace(NS).withName("first-10000-r1-a1-driver").get() != null);
    int leader = reconciled(0) > 0 ? 0 : 1;
    assertThat(reconciled(leader)).as("the leader reconciles").isPositive();
    assertThat(reconciled(1 - leader)).as("the standby does not").isZero();

    replicas.get(leader).close();
    new FakeKubelet(admin).succeeded(NS, "first-10000-r1-a1-driver", Results.succeeded(10_000, 9));
    admin.resource(Benchmarks.unsaved(Benchmarks.benchmark(NS, "second", 10_000L))).create();

    await().atMost(Duration.ofSeconds(60)).until(() -> phase("first") == Phase.Succeeded);
    assertThat(
            admin
                .leases()
                .inNamespace(NS)
                .withName("sparkbench-operator")
                .get()
                .getSpec()
                .getHolderIdentity())
        .isNotEqualTo(firstLeader);
    assertThat(reconciled(1 - leader)).as("the new leader reconciles").isPositive();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> admin.pods().inNamespace(NS).withName("second-10000-r1-a1-driver").get() != null);
  }

  private static double reconciled(int replica) {
    Double value =
        replicas
            .get(replica)
            .metrics()
            .registry()
            .getSampleValue("sparkbench_operator_reconciliations_total");
    return value == null ? 0 : value;
  }

  private static Phase phase(String name) {
    ScalingBenchmark b =
        admin.resources(ScalingBenchmark.class).inNamespace(NS).withName(name).get();
    return b == null || b.getStatus() == null ? null : b.getStatus().phase;
  }
}
