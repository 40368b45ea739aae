package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.api.result.Failure;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.operator.Benchmarks;
import io.sparkbench.operator.OperatorConfig;
import io.sparkbench.operator.StandInApiServer;
import io.sparkbench.operator.driver.SparkServiceAccount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Admit} on a hand-built context: the spec check (which reads the driver's service account
 * from the API server stand-in) and the queue decide whether the next run starts.
 */
@StandInApiServer
class AdmitTest {

  KubernetesClient client;

  private StepFixture fixture;

  @BeforeEach
  void aBenchmarkWithItsDriverAccount() {
    fixture = StepFixture.on(client, 10_000L, 100_000L);
    SparkServiceAccount.apply(client, StepFixture.NS, fixture.benchmark.getSpec().serviceAccount);
  }

  @Test
  void aValidBenchmarkWithAFreeSlotStartsItsNextRunWithTheObjectsItsCheckBuilt() {
    fixture.status.completedRuns = 1;

    Outcome outcome = Admit.admit(fixture.context());

    Outcome.Admitted admitted = (Outcome.Admitted) outcome;
    assertThat(admitted.run()).isEqualTo(fixture.run(1));
    assertThat(admitted.built()).as("the dry run built the first run, not this one").isNull();
    assertThat(fixture.status.error).isNull();
    assertThat(fixture.podNames()).as("the step only decides").isEmpty();
  }

  @Test
  void theFirstRunStartsWithTheObjectsTheSpecCheckBuilt() {
    Outcome.Admitted admitted = (Outcome.Admitted) Admit.admit(fixture.context());

    assertThat(admitted.run()).isEqualTo(fixture.run(0));
    assertThat(admitted.built().pod().getMetadata().getName())
        .isEqualTo("nightly-10000-r1-a1-driver");
  }

  @Test
  void anInvalidSpecIsRefusedWithEveryProblem() {
    fixture.benchmark.getSpec().driver.memory = "1 GB";
    fixture.benchmark.getSpec().executor.memory = "lots";

    Outcome outcome = Admit.admit(fixture.context());

    assertThat(outcome).isEqualTo(new Outcome.Invalid());
    assertThat(fixture.status.error)
        .isEqualTo(
            new Failure(
                "InvalidSpec",
                "spec.driver.memory is '1 GB': use a Spark memory amount such as 512m, 1g or"
                    + " 2048m; spec.executor.memory is 'lots': use a Spark memory amount such as"
                    + " 512m, 1g or 2048m"));
    assertThat(fixture.queue().nextInLine(fixture.now)).as("it took no place").isEmpty();
  }

  @Test
  void aPriorityClassTheOperatorDoesNotAllowIsRefused() {
    fixture.benchmark.getSpec().driver.priorityClassName = "system-cluster-critical";

    assertThat(Admit.admit(fixture.context())).isEqualTo(new Outcome.Invalid());
    assertThat(fixture.status.error.message())
        .isEqualTo(
            "spec.driver.priorityClassName system-cluster-critical is not one this operator"
                + " allows (none; an admin sets SPARKBENCH_ALLOWED_PRIORITY_CLASSES)");
  }

  @Test
  void aBenchmarkWaitsWhileEverySlotIsHeldAndItsCheckIsNotDoneAgain() {
    fixture.queue().ask(other("running"), fixture.now);

    assertThat(Admit.admit(fixture.context())).isEqualTo(new Outcome.Queued());
    assertThat(Admit.admit(fixture.context())).isEqualTo(new Outcome.Queued());
    assertThat(specChecks()).as("once per generation").isEqualTo(1.0);
    assertThat(fixture.status.error).isNull();
  }

  @Test
  void aScheduledRoundWaitsUntilNoOtherBenchmarkRunsThoughASlotIsFree() {
    fixture.config = OperatorConfig.builder().httpPort(0).maxRunning(2).build();
    fixture.benchmark.getSpec().schedule = "@daily";
    fixture.queue().ask(other("running"), fixture.now);

    assertThat(Admit.admit(fixture.context())).isEqualTo(new Outcome.Queued());

    fixture.queue().settle(other("running"), Phase.Succeeded);
    assertThat(Admit.admit(fixture.context())).isInstanceOf(Outcome.Admitted.class);
  }

  @Test
  void aNamespaceWithItsShareOfWaitingBenchmarksStopsTheNextOneSaying() {
    fixture.config = OperatorConfig.builder().httpPort(0).maxQueuedPerNamespace(1).build();
    fixture.queue().ask(other("running"), fixture.now);
    fixture.queue().ask(other("waiting"), fixture.now);

    Outcome outcome = Admit.admit(fixture.context());

    assertThat(outcome).isEqualTo(new Outcome.Stopped());
    assertThat(fixture.status.error)
        .isEqualTo(
            new Failure(
                "QueueFull",
                "namespace steps already has 1 benchmarks waiting, the operator's limit"
                    + " (SPARKBENCH_MAX_QUEUED_PER_NAMESPACE): delete this one and create it again"
                    + " when fewer wait"));
  }

  private static ScalingBenchmark other(String name) {
    return Benchmarks.benchmark(StepFixture.NS, name, 10_000L);
  }

  private double specChecks() {
    return fixture.metrics.registry().getSampleValue("sparkbench_operator_spec_checks_total");
  }
}
