package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.api.run.RunId;
import io.sparkbench.api.v1.CleanupPolicy;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.operator.StandInApiServer;
import io.sparkbench.operator.driver.Labels;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link CleanUp} on a hand-built context against the API server stand-in: between runs the last
 * recorded run's objects go as {@code spec.cleanup} says, and when the benchmark finished, its
 * drivers.
 */
@StandInApiServer
class CleanUpTest {

  KubernetesClient client;

  private StepFixture fixture;
  private RunId first;
  private RunId second;

  /** Two runs recorded; each left its driver (with an executor), ConfigMap and Service. */
  @BeforeEach
  void twoRecordedRuns() {
    fixture = StepFixture.on(client, 10_000L, 100_000L, 1_000_000L);
    first = fixture.run(0);
    second = fixture.run(1);
    for (RunId run : new RunId[] {first, second}) {
      executorOf(fixture.create(run, StepFixture.running()), run);
      fixture.recorded(run, 22.5);
    }
  }

  @Test
  void betweenRunsTheLastRecordedRunsObjectsAndExecutorsGoUnderOnSuccess() {
    Outcome outcome = CleanUp.lastRun(fixture.context());

    assertThat(outcome).isEqualTo(new Outcome.LastRunCleanedUp());
    assertThat(fixture.objectsOf(second)).isEmpty();
    assertThat(fixture.objectsOf(first)).as("not this step's: done after the first run").hasSize(4);
  }

  @Test
  void betweenRunsNothingGoesUnderNever() {
    fixture.benchmark.getSpec().cleanup = CleanupPolicy.Never;

    CleanUp.lastRun(fixture.context());

    assertThat(fixture.objectsOf(second)).hasSize(4);
  }

  @Test
  void aSucceededBenchmarkLosesEveryDriverUnderOnSuccess() {
    fixture.status.phase = Phase.Succeeded;

    Outcome outcome = CleanUp.finished(fixture.context());

    assertThat(outcome).isEqualTo(new Outcome.FinishedCleanedUp());
    assertThat(fixture.podNames()).isEmpty();
    assertThat(fixture.configMaps()).isEmpty();
  }

  @Test
  void aFailedBenchmarkKeepsItsFailedDriversUnderOnSuccessButNotUnderAlways() {
    fixture.status.phase = Phase.Failed;

    CleanUp.finished(fixture.context());
    assertThat(fixture.podNames()).hasSize(4);

    fixture.benchmark.getSpec().cleanup = CleanupPolicy.Always;
    CleanUp.finished(fixture.context());
    assertThat(fixture.podNames()).isEmpty();
  }

  @Test
  void aFinishedBenchmarkWhoseDriversAreGoneAsksTheApiServerNothing() {
    try (StepFixture finished = StepFixture.offline(10_000L).informerHolds()) {
      finished.status.phase = Phase.Succeeded;

      assertThat(CleanUp.finished(finished.context())).isEqualTo(new Outcome.FinishedCleanedUp());
    }
  }

  /** An executor of the run, owned by its driver pod as Spark makes it. */
  private void executorOf(Pod driver, RunId run) {
    client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName(driver.getMetadata().getName().replace("-driver", "-exec-1"))
                .withNamespace(StepFixture.NS)
                .addToLabels(Labels.of(StepFixture.NAME, run))
                .addToLabels(Labels.SPARK_ROLE, "executor")
                .addNewOwnerReference()
                .withApiVersion("v1")
                .withKind("Pod")
                .withName(driver.getMetadata().getName())
                .withUid(driver.getMetadata().getUid())
                .endOwnerReference()
                .endMetadata()
                .build())
        .create();
  }
}
