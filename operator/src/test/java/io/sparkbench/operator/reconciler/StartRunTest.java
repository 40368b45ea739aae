package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.api.result.Failure;
import io.sparkbench.api.run.RunId;
import io.sparkbench.operator.StandInApiServer;
import io.sparkbench.operator.driver.DriverResources;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link StartRun} on a hand-built context against the API server stand-in: it creates the run's
 * objects, owned by the benchmark, and makes the run current; an object of the run's name that is
 * already there is never used.
 */
@StandInApiServer
class StartRunTest {

  private static final String DRIVER = "nightly-10000-r1-a1-driver";

  KubernetesClient client;

  private StepFixture fixture;
  private RunId run;

  @BeforeEach
  void aBenchmarkOfTwoRuns() {
    fixture = StepFixture.on(client, 10_000L, 100_000L);
    run = fixture.run(0);
  }

  @Test
  void createsTheRunsObjectsOwnedByTheBenchmarkAndMakesItCurrent() {
    fixture.status.error = new Failure("DriverFailed", "the last attempt failed");
    fixture.benchmark.getSpec().timeouts.driverStart = "2m";

    Outcome outcome = StartRun.start(fixture.context(), run, null);

    assertThat(outcome).isEqualTo(new Outcome.RunStarted(Next.after(Duration.ofMinutes(2))));
    assertThat(fixture.objectsOf(run))
        .extracting(o -> o.getKind() + " " + o.getMetadata().getName())
        .containsExactlyInAnyOrder(
            "Pod nightly-10000-r1-a1-driver",
            "ConfigMap nightly-10000-r1-a1-conf-map",
            "Service nightly-10000-r1-a1-driver-svc");
    assertThat(fixture.objectsOf(run))
        .allSatisfy(o -> assertThat(Owners.ownedBy(o, "uid-nightly")).isTrue());
    Pod driver = client.pods().inNamespace(StepFixture.NS).withName(DRIVER).get();
    var current = fixture.status.currentRun;
    assertThat(fixture.context().plan().of(current)).isEqualTo(run);
    assertThat(current.driverPod).isEqualTo(DRIVER);
    assertThat(current.driverPodUid).isEqualTo(driver.getMetadata().getUid()).isNotNull();
    assertThat(current.startedAt).isEqualTo("2026-12-01T10:00:00Z");
    assertThat(fixture.status.error).isNull();
  }

  @Test
  void theNextCheckIsAtTheRunsTimeoutWhenItIsTheSooner() {
    fixture.benchmark.getSpec().timeouts.driverStart = "10m";
    fixture.benchmark.getSpec().timeouts.run = "3m";

    assertThat(StartRun.start(fixture.context(), run, null))
        .isEqualTo(new Outcome.RunStarted(Next.after(Duration.ofMinutes(3))));
  }

  @Test
  void createsTheObjectsTheSpecCheckBuiltWhenItGivesThem() {
    DriverResources built = DriverResources.fromSpec(fixture.benchmark, run);
    built.pod().getMetadata().setAnnotations(Map.of("built-by", "the spec check"));

    StartRun.start(fixture.context(), run, built);

    assertThat(client.pods().inNamespace(StepFixture.NS).withName(DRIVER).get())
        .satisfies(p -> assertThat(p.getMetadata().getAnnotations()).containsKey("built-by"));
  }

  @Test
  void aDriverPodOfTheRunsNameTheBenchmarkOwnsIsDeletedAndTheStartTriedAgain() {
    Pod earlier = fixture.create(run, StepFixture.running());

    Outcome outcome = StartRun.start(fixture.context(), run, null);

    assertThat(outcome).isEqualTo(new Outcome.OldDriverDeleted());
    assertThat(fixture.objectsOf(run)).isEmpty();
    assertThat(fixture.status.currentRun).isNull();

    StartRun.start(fixture.context(), run, null);
    assertThat(fixture.status.currentRun.driverPodUid).isNotEqualTo(earlier.getMetadata().getUid());
  }

  @Test
  void aConfigMapTheBenchmarkOwnsWithTheSameContentIsKept() {
    ConfigMap made =
        client.resource(DriverResources.fromSpec(fixture.benchmark, run).configMap()).create();

    assertThat(StartRun.start(fixture.context(), run, null)).isInstanceOf(Outcome.RunStarted.class);
    assertThat(fixture.configMaps())
        .singleElement()
        .satisfies(
            c -> assertThat(c.getMetadata().getUid()).isEqualTo(made.getMetadata().getUid()));
  }

  @Test
  void anObjectOfTheRunsNameSomeoneElseOwnsIsLeftAloneAndFailsTheBenchmark() {
    Pod foreign =
        client
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName(DRIVER)
                    .withNamespace(StepFixture.NS)
                    .endMetadata()
                    .build())
            .create();

    assertThatThrownBy(() -> StartRun.start(fixture.context(), run, null))
        .isInstanceOf(Owners.NotOwned.class)
        .hasMessage(
            "pod nightly-10000-r1-a1-driver already exists and is not owned by this benchmark:"
                + " delete it or rename the benchmark");
    assertThat(client.pods().inNamespace(StepFixture.NS).withName(DRIVER).get())
        .extracting(p -> p.getMetadata().getUid())
        .isEqualTo(foreign.getMetadata().getUid());
    assertThat(fixture.status.currentRun).isNull();
  }

  @Test
  void anObjectADeletedBenchmarkOfTheSameNameOwnedIsLeftToTheGarbageCollector() {
    HasMetadata left = fixture.objects(run, null).configMap();
    left.getMetadata().getOwnerReferences().get(0).setUid("uid-of-the-deleted-one");
    client.resource(left).create();

    Outcome outcome = StartRun.start(fixture.context(), run, null);

    assertThat(outcome).isEqualTo(new Outcome.OldDriverDeleted());
    assertThat(fixture.configMaps()).hasSize(1);
    assertThat(fixture.status.currentRun).isNull();
  }
}
