package io.sparkbench.operator;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.result.ResultCodec;
import java.net.HttpURLConnection;

/**
 * The test's hand on pod statuses: it writes a driver pod's status as a kubelet (or, for {@link
 * #unschedulable}, a scheduler) would. A test driver, not a Kubernetes stand-in: it runs and
 * watches nothing, and moves a pod only when the test says so. The one stand-in is the API server
 * of the apiserver-standin module ({@link MockCluster}); the kubelet that runs pods as processes is
 * the local module's.
 */
public final class FakeKubelet {

  private final KubernetesClient client;

  public FakeKubelet(KubernetesClient client) {
    this.client = client;
  }

  /** The kubelet started the driver container. */
  public void running(String namespace, String pod) {
    setStatus(namespace, pod, runningStatus());
  }

  /** A driver pod's status once its container runs, as a kubelet writes it. */
  public static PodStatus runningStatus() {
    return new PodStatusBuilder()
        .withPhase("Running")
        .addToContainerStatuses(
            new ContainerStatusBuilder()
                .withName("spark-kubernetes-driver")
                .withImage("sparkbench/spark-app")
                .withImageID("")
                .withReady(true)
                .withRestartCount(0)
                .withState(new ContainerStateBuilder().withNewRunning().endRunning().build())
                .build())
        .build();
  }

  /** The driver container ended with this exit code, reason and termination message. */
  public void terminated(
      String namespace, String pod, int exitCode, String reason, String message) {
    setStatus(namespace, pod, terminatedStatus(exitCode, reason, message));
  }

  /**
   * A driver pod's status once its container ended with this exit code, reason and termination
   * message, as a kubelet writes it.
   */
  public static PodStatus terminatedStatus(int exitCode, String reason, String message) {
    return new PodStatusBuilder()
        .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
        .addToContainerStatuses(
            new ContainerStatusBuilder()
                .withName("spark-kubernetes-driver")
                .withImage("sparkbench/spark-app")
                .withImageID("")
                .withReady(false)
                .withRestartCount(0)
                .withState(
                    new ContainerStateBuilder()
                        .withNewTerminated()
                        .withExitCode(exitCode)
                        .withReason(reason)
                        .withMessage(message)
                        .endTerminated()
                        .build())
                .build())
        .build();
  }

  /** The driver ran and wrote {@code result} to its termination message. */
  public void succeeded(String namespace, String pod, BenchmarkResult result) {
    running(namespace, pod);
    terminated(namespace, pod, 0, "Completed", ResultCodec.toJson(result));
  }

  /** The scheduler found no node for the pod (where no real scheduler says so itself). */
  public void unschedulable(String namespace, String pod, String message) {
    setStatus(namespace, pod, unschedulableStatus(message));
  }

  /** A pending pod's status once the scheduler found no node for it. */
  public static PodStatus unschedulableStatus(String message) {
    return new PodStatusBuilder()
        .withPhase("Pending")
        .addToConditions(
            new PodConditionBuilder()
                .withType("PodScheduled")
                .withStatus("False")
                .withReason("Unschedulable")
                .withMessage(message)
                .build())
        .build();
  }

  /**
   * Writes the pod's status; where another writer (a real scheduler) changed the pod meanwhile,
   * reads it again and retries, as a kubelet does.
   */
  private void setStatus(String namespace, String pod, PodStatus status) {
    for (int attempt = 1; ; attempt++) {
      try {
        client
            .pods()
            .inNamespace(namespace)
            .withName(pod)
            .editStatus(
                p -> {
                  p.setStatus(status);
                  return p;
                });
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == 5) {
          throw e;
        }
      }
    }
  }
}
