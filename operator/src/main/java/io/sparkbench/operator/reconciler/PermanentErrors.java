package io.sparkbench.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkbench.api.result.Failure;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.operator.status.Messages;
import java.net.HttpURLConnection;

/**
 * Tells errors that retrying cannot mend from those it can. A permanent one (the API server
 * refusing an object with 400, 403 or 422, a Pod Security violation, an exception of the operator's
 * own code) fails that benchmark with a reason instead of being retried forever ahead of the
 * others; a transient one (no connection, 409, 429, 5xx) is left to the framework's retries.
 */
final class PermanentErrors {

  private PermanentErrors() {}

  static boolean isTransient(RuntimeException e) {
    KubernetesClientException api = apiError(e);
    if (api == null) {
      return false;
    }
    int code = api.getCode();
    return code <= 0
        || code == HttpURLConnection.HTTP_CONFLICT
        || code == 429
        || code >= HttpURLConnection.HTTP_INTERNAL_ERROR;
  }

  /** Whether the API server refused an object as such: malformed, invalid or too large. */
  static boolean isRefusedObject(RuntimeException e) {
    KubernetesClientException api = apiError(e);
    return api != null
        && (api.getCode() == HttpURLConnection.HTTP_BAD_REQUEST
            || api.getCode() == HttpURLConnection.HTTP_ENTITY_TOO_LARGE
            || api.getCode() == 422);
  }

  /** A short reason for the status: PodSecurity, the API server's reason, or OperatorError. */
  static String reason(RuntimeException e) {
    if (e instanceof Owners.NotOwned) {
      return Owners.NotOwned.REASON;
    }
    KubernetesClientException api = apiError(e);
    if (api == null) {
      return "OperatorError";
    }
    if (serverMessage(api).contains("violates PodSecurity")) {
      return "PodSecurity";
    }
    return api.getStatus() != null && api.getStatus().getReason() != null
        ? api.getStatus().getReason()
        : "ApiError";
  }

  /** One line saying what was refused and, where it can, what to do. */
  static String message(RuntimeException e) {
    if (e instanceof Owners.NotOwned) {
      return Messages.bounded(e.getMessage());
    }
    KubernetesClientException api = apiError(e);
    if (api == null) {
      return Messages.bounded("the operator failed on this benchmark: " + e);
    }
    String message = "the API server refused an object of this benchmark: " + serverMessage(api);
    if (reason(e).equals("PodSecurity")) {
      message +=
          " (the namespace's pod-security.kubernetes.io/enforce level does not admit the driver"
              + " pod: relax the level or run the benchmark in another namespace)";
    }
    return Messages.bounded(message);
  }

  /** Records the error as the benchmark's, stopping its current run's driver if there is one. */
  static Outcome stop(BenchmarkContext ctx, RuntimeException e) {
    ScalingBenchmarkStatus.CurrentRun current = ctx.status.currentRun;
    if (current != null) {
      RunObjects.delete(ctx.client(), ctx.benchmark, ctx.plan().of(current));
    }
    ctx.recordError(new Failure(reason(e), message(e)));
    return new Outcome.Stopped();
  }

  private static String serverMessage(KubernetesClientException api) {
    return api.getStatus() != null && api.getStatus().getMessage() != null
        ? api.getStatus().getMessage()
        : String.valueOf(api.getMessage());
  }

  private static KubernetesClientException apiError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof KubernetesClientException api) {
        return api;
      }
    }
    return null;
  }
}
