package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class PermanentErrorsTest {

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

  private static KubernetesClientException api(int code, String reason, String message) {
    return new KubernetesClientException(
        new StatusBuilder().withCode(code).withReason(reason).withMessage(message).build());
  }
}
