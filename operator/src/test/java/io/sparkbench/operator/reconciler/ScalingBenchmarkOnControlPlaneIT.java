package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.controlplane.ControlPlane;
import io.sparkbench.controlplane.Namespaces;
import io.sparkbench.controlplane.RealControlPlaneTest;
import io.sparkbench.operator.Benchmarks;
import io.sparkbench.operator.ControlPlaneCluster;
import io.sparkbench.operator.OperatorCluster;
import io.sparkbench.operator.driver.PodSecurity;
import io.sparkbench.operator.status.Conditions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operator's lifecycle on the real control plane: the CRD's schema, defaults and status
 * subresource, garbage collection and the scheduler are Kubernetes' own.
 */
@RealControlPlaneTest
class ScalingBenchmarkOnControlPlaneIT extends ReconcilerContract {

  private final ControlPlane controlPlane;

  ScalingBenchmarkOnControlPlaneIT(ControlPlane controlPlane) {
    this.controlPlane = controlPlane;
  }

  @Override
  OperatorCluster startCluster() {
    return new ControlPlaneCluster(controlPlane, CONFIG);
  }

  /** A bad benchmark queued before a good one fails alone with the reason; the good one runs. */
  @Test
  void aBenchmarkWhoseNamespaceAdmitsNoPodsFailsAloneAndTheQueueMovesOn() {
    Namespaces.ensure(cluster.client(), "no-pods");
    cluster
        .client()
        .resourceQuotas()
        .inNamespace("no-pods")
        .resource(
            new ResourceQuotaBuilder()
                .withNewMetadata()
                .withName("none")
                .endMetadata()
                .withNewSpec()
                .addToHard("pods", new Quantity("0"))
                .endSpec()
                .build())
        .create();
    // the quota admits nothing once the resource-quota controller has counted the namespace
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> cluster.client().resourceQuotas().inNamespace("no-pods").withName("none").get(),
            q -> q.getStatus() != null && q.getStatus().getHard() != null);
    cluster.create(Benchmarks.benchmark("no-pods", "refused", 10_000L));
    // created after it, and in a namespace that sorts after it: behind it in the queue
    namespace = "pods";
    cluster.create(Benchmarks.benchmark(namespace, "admitted", 10_000L));

    ScalingBenchmarkStatus failed =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> cluster.get("no-pods", "refused").getStatus(),
                s -> s != null && s.phase == Phase.Failed);
    assertThat(failed.error.reason()).isEqualTo("Forbidden");
    assertThat(failed.error.message())
        .startsWith("the API server refused an object of this benchmark: ")
        .contains("exceeded quota: none")
        .doesNotContain("\n");
    assertThat(condition(failed, Conditions.SUCCEEDED).getReason()).isEqualTo("Forbidden");

    driverSucceeds("admitted-10000-r1-a1-driver", 10_000, 9.0);
    assertThat(awaitStatus("admitted", s -> s.phase == Phase.Succeeded).results).hasSize(1);
    cluster.client().resources(ScalingBenchmark.class).inNamespace("no-pods").delete();
  }

  /**
   * Pod Security's restricted level admits the driver pod, and a pod made from the executors'
   * template (the executors' other settings are Spark's, which that level admits).
   */
  @Test
  void aNamespaceEnforcingPodSecurityRestrictedAdmitsTheDriverAndTheExecutors() {
    Namespaces.enforcing(cluster.client(), "restricted", "restricted");
    namespace = "restricted";
    cluster.create(Benchmarks.benchmark(namespace, "secure", 10_000L));
    assertThat(awaitStatus("secure", s -> s.phase == Phase.Running).currentRun.driverPod)
        .isEqualTo("secure-10000-r1-a1-driver");

    ConfigMap conf =
        cluster.client().configMaps().inNamespace(namespace).list().getItems().stream()
            .filter(
                c -> c.getData() != null && c.getData().containsKey(PodSecurity.EXECUTOR_TEMPLATE))
            .findFirst()
            .orElseThrow();
    Pod executor =
        new PodBuilder(
                Serialization.unmarshal(
                    conf.getData().get(PodSecurity.EXECUTOR_TEMPLATE), Pod.class))
            .withNewMetadata()
            .withName("secure-exec-1")
            .endMetadata()
            .editSpec()
            .editFirstContainer()
            .withImage("sparkbench/spark-app:dev")
            .endContainer()
            .endSpec()
            .build();
    assertThat(cluster.client().resource(executor).inNamespace(namespace).create()).isNotNull();

    driverSucceeds("secure-10000-r1-a1-driver", 10_000, 9.0);
    awaitStatus("secure", s -> s.phase == Phase.Succeeded);
  }

  @Test
  void aDriverPodTheApiServerFindsInvalidFailsItsBenchmarkWithTheServersMessage() {
    namespace = "invalid-pod";
    ScalingBenchmark invalid = Benchmarks.benchmark(namespace, "labelled", 10_000L);
    // the operator checks labels; a node selector's value only the API server does
    invalid.getSpec().driver.nodeSelector = Map.of("team", "x".repeat(64));
    cluster.create(invalid);
    cluster.create(Benchmarks.benchmark(namespace, "plain", 10_000L));

    ScalingBenchmarkStatus failed = awaitStatus("labelled", s -> s.phase == Phase.Failed);
    assertThat(failed.error.reason()).isEqualTo("Invalid");
    assertThat(failed.error.message())
        .startsWith("the API server refused an object of this benchmark: ")
        .contains("spec.nodeSelector")
        .contains("must be no more than 63 bytes");
    driverSucceeds("plain-10000-r1-a1-driver", 10_000, 9.0);
    assertThat(awaitStatus("plain", s -> s.phase == Phase.Succeeded).results).hasSize(1);
  }
}
