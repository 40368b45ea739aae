package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.api.result.Failure;
import io.sparkbench.api.run.RunId;
import io.sparkbench.operator.Results;
import io.sparkbench.operator.StandInApiServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ObserveDriver} on a hand-built context: the current run's driver pod as the informer holds
 * it, read without the API server, decides whether the run finished, failed or goes on, and until
 * when. A driver the informer has not seen is looked up in the API server stand-in. The step
 * records nothing.
 */
@StandInApiServer
class ObserveDriverTest {

  KubernetesClient client;

  private final StepFixture fixture = StepFixture.offline(10_000L);
  private RunId run;

  @BeforeEach
  void timeouts() {
    fixture.benchmark.getSpec().timeouts.driverStart = "5m";
    fixture.benchmark.getSpec().timeouts.run = "30m";
    run = fixture.run(0);
  }

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void aDriverThatExitedWithItsResultSucceeded() {
    Pod driver =
        observed(StepFixture.succeeded(Results.succeeded(10_000, 22.5)), Duration.ofMinutes(1));

    Outcome outcome = ObserveDriver.observe(fixture.context());

    assertThat(outcome)
        .isEqualTo(new Outcome.RunSucceeded(run, driver, Results.succeeded(10_000, 22.5)));
    assertThat(fixture.status.currentRun).as("nothing recorded yet").isNotNull();
    assertThat(fixture.status.results).isEmpty();
  }

  @Test
  void aDriverKilledForItsMemoryFailedTheAttemptAndIsLeftForItsLogs() {
    observed(StepFixture.terminated(137, "OOMKilled", null), Duration.ofMinutes(1));

    Outcome.RunFailed failed = (Outcome.RunFailed) ObserveDriver.observe(fixture.context());

    assertThat(failed.run()).isEqualTo(run);
    assertThat(failed.failure().reason()).isEqualTo("OOMKilled");
    assertThat(failed.failure().message())
        .isEqualTo(
            "driver pod nightly-10000-r1-a1-driver was killed for exceeding its memory limit"
                + " (limit 1408Mi): raise spec.driver.memory or run fewer records");
    assertThat(failed.stopDriver()).isFalse();
  }

  @Test
  void aRunningDriverIsLookedAtAgainByTheRunsDeadline() {
    observed(StepFixture.running(), Duration.ofMinutes(10));

    assertThat(ObserveDriver.observe(fixture.context()))
        .isEqualTo(new Outcome.StillRunning(Next.after(Duration.ofMinutes(20))));
  }

  @Test
  void aDriverRunningPastTheRunsTimeoutIsStopped() {
    observed(StepFixture.running(), Duration.ofMinutes(30));

    assertThat(ObserveDriver.observe(fixture.context()))
        .isEqualTo(
            new Outcome.RunFailed(
                run,
                new Failure(
                    "RunTimeout",
                    "run of 10000 records, repetition 1, attempt 1 did not finish within 30m:"
                        + " raise spec.timeouts.run or run fewer records"),
                true));
  }

  @Test
  void aPendingDriverIsLookedAtAgainByItsStartDeadline() {
    observed(StepFixture.pending(), Duration.ofMinutes(2));

    assertThat(ObserveDriver.observe(fixture.context()))
        .isEqualTo(new Outcome.StillRunning(Next.after(Duration.ofMinutes(3))));
  }

  @Test
  void aDriverPendingPastItsStartTimeoutIsStoppedWithTheSchedulersReason() {
    observed(
        StepFixture.unschedulable("0/3 nodes are available: 3 Insufficient memory."),
        Duration.ofMinutes(5));

    Outcome.RunFailed failed = (Outcome.RunFailed) ObserveDriver.observe(fixture.context());

    assertThat(failed.failure())
        .isEqualTo(
            new Failure(
                "Unschedulable",
                "driver pod nightly-10000-r1-a1-driver was not scheduled within 5m: 0/3 nodes are"
                    + " available: 3 Insufficient memory. (lower spec.driver.cores or"
                    + " spec.driver.memory, or add nodes)"));
    assertThat(failed.stopDriver()).isTrue();
  }

  @Test
  void aDriverNotSeenYetIsWaitedForUntilTheGraceEnds() {
    try (StepFixture onTheMock = StepFixture.on(client, 10_000L)) {
      onTheMock.running(run, onTheMock.driver(run, null), Duration.ofSeconds(4));

      assertThat(ObserveDriver.observe(onTheMock.context()))
          .isEqualTo(new Outcome.StillRunning(Next.after(Duration.ofSeconds(6))));
    }
  }

  @Test
  void aDriverGoneAfterTheGraceOrReplacedByAnotherPodLostTheAttempt() {
    try (StepFixture onTheMock = StepFixture.on(client, 10_000L)) {
      Pod ours = onTheMock.driver(run, null);
      onTheMock.running(run, ours, ObserveDriver.MISSING_GRACE);
      // someone made a pod of the driver's name: not the pod the operator created
      onTheMock.create(run, StepFixture.succeeded(Results.succeeded(10_000, 1.0)));

      assertThat(ObserveDriver.observe(onTheMock.context()))
          .isEqualTo(
              new Outcome.RunFailed(
                  run,
                  new Failure(
                      "DriverDeleted",
                      "driver pod nightly-10000-r1-a1-driver was deleted before the run"
                          + " finished"),
                  false));
    }
  }

  /** The informer holds the current run's driver, started {@code ago}, in {@code status}. */
  private Pod observed(io.fabric8.kubernetes.api.model.PodStatus status, Duration ago) {
    Pod driver = fixture.driver(run, status);
    fixture.informerHolds(driver);
    fixture.running(run, driver, ago);
    return driver;
  }
}
