package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.api.result.Failure;
import io.sparkbench.api.run.RunId;
import io.sparkbench.api.v1.CleanupPolicy;
import io.sparkbench.operator.StandInApiServer;
import io.sparkbench.operator.status.Messages;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@link FailRun} on a hand-built context: a failed attempt is retried while {@code retry.limit}
 * allows, else it is the benchmark's error; its driver is deleted (from the API server stand-in)
 * only where it may still run or {@code spec.cleanup} is Always, and kept for its logs otherwise
 * (with no API server at all).
 */
@StandInApiServer
class FailRunTest {

  private static final Failure OOM =
      new Failure("OOMKilled", "driver pod nightly-10000-r1-a1-driver was killed");

  KubernetesClient client;

  @Test
  void aFailedAttemptIsRetriedWhileAttemptsRemainAndItsDriverKept() {
    try (StepFixture fixture = StepFixture.offline(10_000L)) {
      RunId run = fixture.run(0);
      fixture.running(run, fixture.driver(run, null), Duration.ofMinutes(1));

      Outcome outcome = FailRun.fail(fixture.context(), new Outcome.RunFailed(run, OOM, false));

      assertThat(outcome).isEqualTo(new Outcome.Retrying(run.nextAttempt(), OOM, 2));
      assertThat(fixture.status.currentRun).isNull();
      assertThat(fixture.status.error).as("not the benchmark's error yet").isNull();
      assertThat(failedRuns(fixture)).isEqualTo(1.0);
    }
  }

  @Test
  void theLastAttemptsFailureIsTheBenchmarksErrorAndEarlierResultsStay() {
    try (StepFixture fixture = StepFixture.offline(10_000L, 100_000L)) {
      fixture.recorded(fixture.run(0), 22.5);
      RunId last = fixture.run(1).nextAttempt();
      fixture.running(last, fixture.driver(last, null), Duration.ofMinutes(1));

      Outcome outcome = FailRun.fail(fixture.context(), new Outcome.RunFailed(last, OOM, false));

      assertThat(outcome).isEqualTo(new Outcome.OutOfAttempts());
      assertThat(fixture.status.error)
          .isEqualTo(
              new Failure(
                  "OOMKilled",
                  "driver pod nightly-10000-r1-a1-driver was killed (after 2 attempts)"));
      assertThat(fixture.status.results).hasSize(1);
      assertThat(fixture.status.currentRun).isNull();
    }
  }

  @Test
  void withoutRetriesTheFirstFailureIsTheErrorAsTheDriverSaidItBounded() {
    try (StepFixture fixture = StepFixture.offline(10_000L)) {
      fixture.benchmark.getSpec().retry.limit = 0;
      RunId run = fixture.run(0);
      String trace = "java.lang.IllegalStateException: boom\n\tat Job.run(Job.java:1)\n".repeat(40);

      FailRun.fail(
          fixture.context(),
          new Outcome.RunFailed(run, new Failure("Driver failed!", trace), false));

      assertThat(fixture.status.error.reason()).isEqualTo("Driverfailed");
      assertThat(fixture.status.error.message())
          .hasSizeLessThanOrEqualTo(Messages.MAX_LENGTH)
          .doesNotContain("\n")
          .startsWith("java.lang.IllegalStateException: boom at Job.run(Job.java:1) java.lang")
          .endsWith("more characters)");
    }
  }

  @Test
  void aDriverThatMayStillRunIsDeletedWithItsObjects() {
    StepFixture fixture = StepFixture.on(client, 10_000L);
    RunId run = fixture.run(0);
    Pod driver = fixture.create(run, StepFixture.pending());
    fixture.running(run, driver, Duration.ofMinutes(5));

    FailRun.fail(fixture.context(), new Outcome.RunFailed(run, OOM, true));

    assertThat(fixture.objectsOf(run)).isEmpty();
  }

  @Test
  void underCleanupAlwaysAFailedDriverIsDeletedToo() {
    StepFixture fixture = StepFixture.on(client, 10_000L);
    fixture.benchmark.getSpec().cleanup = CleanupPolicy.Always;
    RunId run = fixture.run(0);
    Pod driver = fixture.create(run, StepFixture.terminated(1, "Error", "exit 1"));
    fixture.running(run, driver, Duration.ofMinutes(5));

    FailRun.fail(fixture.context(), new Outcome.RunFailed(run, OOM, false));

    assertThat(fixture.objectsOf(run)).isEmpty();
  }

  private static Double failedRuns(StepFixture fixture) {
    return fixture
        .metrics
        .registry()
        .getSampleValue(
            "sparkbench_runs_total",
            new String[] {"namespace", "benchmark", "outcome"},
            new String[] {StepFixture.NS, StepFixture.NAME, "failed"});
  }
}
