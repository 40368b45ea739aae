package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkbench.api.result.Failure;
import io.sparkbench.api.run.RunId;
import io.sparkbench.operator.StandInApiServer;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

@StandInApiServer
class PermanentErrorsTest {

  KubernetesClient client;

  @Test
  void whatRetryingCanMendIsLeftToTheRetries() {
    assertThat(
            PermanentErrors.isTransient(new KubernetesClientException("down", new IOException())))
        .isTrue();
    for (int code : new int[] {409, 429, 500, 503}) {
      assertThat(PermanentErrors.isTransient(api(code, "Whatever", "x"))).as("%d", code).isTrue();
    }
  }

  @Test
  void refusalsAndTheOperatorsOwnFailuresAreNot() {
    for (int code : new int[] {400, 403, 422}) {
      assertThat(PermanentErrors.isTransient(api(code, "Whatever", "x"))).as("%d", code).isFalse();
    }
    assertThat(PermanentErrors.isTransient(new ArithmeticException("long overflow"))).isFalse();
  }

  @Test
  void theReasonAndOneLineMessageComeFromTheApiServer() {
    KubernetesClientException refused =
        api(
            403,
            "Forbidden",
            "pods \"d\" is forbidden: violates PodSecurity \"restricted:latest\":\n x");
    assertThat(PermanentErrors.reason(refused)).isEqualTo("PodSecurity");
    assertThat(PermanentErrors.message(refused))
        .startsWith("the API server refused an object of this benchmark: pods \"d\" is forbidden")
        .doesNotContain("\n");
    assertThat(PermanentErrors.reason(api(422, "Invalid", "bad label"))).isEqualTo("Invalid");
    RuntimeException bug = new IllegalStateException("no\nluck");
    assertThat(PermanentErrors.reason(bug)).isEqualTo("OperatorError");
    assertThat(PermanentErrors.message(bug))
        .isEqualTo(
            "the operator failed on this benchmark: java.lang.IllegalStateException: no luck");
  }

  @Test
  void aStoppedBenchmarkLosesItsCurrentRunsObjectsAndSaysWhy() {
    StepFixture fixture = StepFixture.on(client, 10_000L);
    RunId run = fixture.run(0);
    fixture.running(run, fixture.create(run, StepFixture.running()), Duration.ofMinutes(1));

    Outcome outcome =
        PermanentErrors.stop(fixture.context(), api(422, "Invalid", "metadata.labels: Invalid"));

    assertThat(outcome).isEqualTo(new Outcome.Stopped());
    assertThat(fixture.objectsOf(run)).isEmpty();
    assertThat(fixture.status.currentRun).isNull();
    assertThat(fixture.status.error)
        .isEqualTo(
            new Failure(
                "Invalid",
                "the API server refused an object of this benchmark: metadata.labels: Invalid"));
  }

  @Test
  void aBenchmarkStoppedBetweenRunsHasNothingToDelete() {
    try (StepFixture fixture = StepFixture.offline(10_000L)) {
      PermanentErrors.stop(fixture.context(), new IllegalStateException("no luck"));

      assertThat(fixture.status.error.reason()).isEqualTo("OperatorError");
    }
  }

  private static KubernetesClientException api(int code, String reason, String message) {
    return new KubernetesClientException(
        new StatusBuilder().withCode(code).withReason(reason).withMessage(message).build());
  }
}
