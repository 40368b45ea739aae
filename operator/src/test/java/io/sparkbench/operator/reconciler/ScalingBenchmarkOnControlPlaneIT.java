package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.sparkbench.controlplane.ControlPlane;
import io.sparkbench.controlplane.RealControlPlaneTest;
import io.sparkbench.operator.Benchmarks;
import io.sparkbench.operator.ControlPlaneCluster;
import io.sparkbench.operator.OperatorCluster;
import io.sparkbench.operator.model.Phase;
import io.sparkbench.operator.model.ScalingBenchmark;
import io.sparkbench.operator.model.ScalingBenchmarkStatus;
import io.sparkbench.operator.status.Conditions;
import java.time.Duration;
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
  void aBenchmarkItsNamespacesPodSecurityRefusesFailsAloneAndTheQueueMovesOn() {
    cluster
        .client()
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName("restricted")
                .addToLabels("pod-security.kubernetes.io/enforce", "restricted")
                .endMetadata()
                .build())
        .create();
    cluster.create(Benchmarks.benchmark("restricted", "refused", 10_000L));
    // created after it, and in a namespace that sorts after it: behind it in the queue
    namespace = "unrestricted";
    cluster.create(Benchmarks.benchmark(namespace, "admitted", 10_000L));

    ScalingBenchmarkStatus failed =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> cluster.get("restricted", "refused").getStatus(),
                s -> s != null && s.phase == Phase.Failed);
    assertThat(failed.error.reason).isEqualTo("PodSecurity");
    assertThat(failed.error.message)
        .startsWith("the API server refused an object of this benchmark: ")
        .contains("violates PodSecurity \"restricted:latest\"")
        .endsWith("relax the level or run the benchmark in another namespace)")
        .doesNotContain("\n");
    assertThat(condition(failed, Conditions.SUCCEEDED).getReason()).isEqualTo("PodSecurity");

    driverSucceeds("admitted-10000-r1-a1-driver", 10_000, 9.0);
    assertThat(awaitStatus("admitted", s -> s.phase == Phase.Succeeded).results).hasSize(1);
    cluster.client().resources(ScalingBenchmark.class).inNamespace("restricted").delete();
  }

  @Test
  void aDriverPodTheApiServerFindsInvalidFailsItsBenchmarkWithTheServersMessage() {
    namespace = "invalid-pod";
    ScalingBenchmark invalid = Benchmarks.benchmark(namespace, "labelled", 10_000L);
    invalid.getSpec().sparkConf.put("spark.kubernetes.driver.label.team", "x".repeat(64));
    cluster.create(invalid);
    cluster.create(Benchmarks.benchmark(namespace, "plain", 10_000L));

    ScalingBenchmarkStatus failed = awaitStatus("labelled", s -> s.phase == Phase.Failed);
    assertThat(failed.error.reason).isEqualTo("Invalid");
    assertThat(failed.error.message)
        .startsWith("the API server refused an object of this benchmark: ")
        .contains("metadata.labels")
        .contains("must be no more than 63 bytes");
    driverSucceeds("plain-10000-r1-a1-driver", 10_000, 9.0);
    assertThat(awaitStatus("plain", s -> s.phase == Phase.Succeeded).results).hasSize(1);
  }
}
