package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.operator.Benchmarks;
import io.sparkbench.operator.MockCluster;
import io.sparkbench.operator.OperatorConfig;
import io.sparkbench.operator.Results;
import java.time.Duration;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A freed slot goes to the next benchmark at once, through the controller's own event source: the
 * operator runs on the API server stand-in with one slot and a queue recheck of ten minutes, so a
 * queued benchmark that starts within seconds was woken by the handover, not by its recheck.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlotHandoverTest {

  private static final Duration RECHECK = Duration.ofMinutes(10);

  private MockCluster cluster;
  private String ns;

  @BeforeAll
  void startOperator() {
    cluster = new MockCluster(OperatorConfig.builder().httpPort(0).queueRecheck(RECHECK).build());
  }

  @AfterAll
  void stopOperator() {
    cluster.close();
  }

  /** Deleting the benchmark that still holds the slot frees it for the next test. */
  @AfterEach
  void deleteBenchmarks() {
    cluster.client().resources(ScalingBenchmark.class).inNamespace(ns).delete();
    promptly()
        .until(
            () -> cluster.client().resources(ScalingBenchmark.class).inNamespace(ns).list(),
            list -> list.getItems().isEmpty());
  }

  @Test
  void aQueuedBenchmarkStartsAsSoonAsTheRunningOneSucceeds() {
    ns = "handover-done";
    startFirstAndQueueSecond();

    cluster.kubelet().succeeded(ns, "first-10000-r1-a1-driver", Results.succeeded(10_000, 7.0));

    Pod next = promptly().until(() -> driver("second"), p -> p != null);
    assertThat(cluster.get(ns, "first").getStatus().phase).isEqualTo(Phase.Succeeded);
    assertThat(next.getMetadata().getOwnerReferences().get(0).getName()).isEqualTo("second");
  }

  @Test
  void aQueuedBenchmarkStartsAsSoonAsTheRunningOneIsDeleted() {
    ns = "handover-deleted";
    startFirstAndQueueSecond();

    cluster.client().resource(cluster.get(ns, "first")).delete();

    promptly().until(() -> driver("second"), p -> p != null);
  }

  private void startFirstAndQueueSecond() {
    cluster.create(Benchmarks.benchmark(ns, "first", 10_000L));
    cluster.awaitPod(ns, "first-10000-r1-a1-driver");
    promptly()
        .until(
            () -> cluster.get(ns, "first"),
            b -> b.getStatus() != null && b.getStatus().phase == Phase.Running);
    cluster.create(Benchmarks.benchmark(ns, "second", 10_000L));
    promptly()
        .until(
            () -> cluster.get(ns, "second"),
            b -> b.getStatus() != null && b.getStatus().phase == Phase.Queued);
  }

  private Pod driver(String benchmark) {
    return cluster
        .client()
        .pods()
        .inNamespace(ns)
        .withName(benchmark + "-10000-r1-a1-driver")
        .get();
  }

  /** Well within the recheck: only the handover can start the queued benchmark this soon. */
  private static ConditionFactory promptly() {
    return await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50));
  }
}
