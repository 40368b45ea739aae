package io.sparkbench.local.kubelet;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The status a kubelet reports for a pod whose single container waits, runs or has ended: phase,
 * the five pod conditions, the container's state with its times, exit code, reason and message, and
 * the pod and host IPs (every pod of the process kubelet is at 127.0.0.1).
 */
final class PodStatuses {

  private PodStatuses() {}

  /** The container cannot start yet (say its image cannot be pulled): the pod stays Pending. */
  static PodStatus waiting(Pod pod, String reason, String message, Instant observed) {
    String at = timestamp(observed);
    String unready = "containers with unready status: [" + containerName(pod) + "]";
    return base(pod, "Pending", observed)
        .withConditions(
            conditions(
                at,
                condition("Ready", "False", "ContainersNotReady", unready, at),
                condition("ContainersReady", "False", "ContainersNotReady", unready, at),
                condition("PodReadyToStartContainers", "True", null, null, at)))
        .withContainerStatuses(
            container(
                pod,
                false,
                new ContainerStateBuilder()
                    .withNewWaiting()
                    .withReason(reason)
                    .withMessage(message)
                    .endWaiting()
                    .build()))
        .build();
  }

  static PodStatus running(Pod pod, Instant observed, Instant started) {
    String at = timestamp(started);
    return base(pod, "Running", observed)
        .withConditions(
            conditions(
                timestamp(observed),
                condition("Ready", "True", null, null, at),
                condition("ContainersReady", "True", null, null, at),
                condition("PodReadyToStartContainers", "True", null, null, at)))
        .withContainerStatuses(
            container(pod, true, new ContainerStateBuilder().withNewRunning(at).build()))
        .build();
  }

  /**
   * The container has ended: Succeeded on exit code 0, otherwise Failed.
   *
   * @param started when the process started, or null when it never did
   */
  static PodStatus terminated(
      Pod pod,
      Instant observed,
      Instant started,
      Instant finished,
      int exitCode,
      String reason,
      String message) {
    String end = timestamp(finished);
    String begin = started == null ? end : timestamp(started);
    return base(pod, exitCode == 0 ? "Succeeded" : "Failed", observed)
        .withConditions(
            conditions(
                timestamp(observed),
                condition("Ready", "False", "PodCompleted", null, end),
                condition("ContainersReady", "False", "PodCompleted", null, end),
                condition("PodReadyToStartContainers", "False", null, null, end)))
        .withContainerStatuses(
            container(
                pod,
                false,
                new ContainerStateBuilder()
                    .withNewTerminated()
                    .withExitCode(exitCode)
                    .withReason(reason)
                    .withMessage(message == null || message.isEmpty() ? null : message)
                    .withStartedAt(begin)
                    .withFinishedAt(end)
                    .endTerminated()
                    .build()))
        .build();
  }

  private static PodStatusBuilder base(Pod pod, String phase, Instant observed) {
    return new PodStatusBuilder()
        .withPhase(phase)
        .withHostIP(PodEnvironment.POD_IP)
        .withPodIP(PodEnvironment.POD_IP)
        .withPodIPs(new PodIPBuilder().withIp(PodEnvironment.POD_IP).build())
        .withStartTime(timestamp(observed));
  }

  /** PodScheduled and Initialized (set when the kubelet took the pod) plus the given ones. */
  private static List<PodCondition> conditions(String observed, PodCondition... rest) {
    List<PodCondition> all = new java.util.ArrayList<>();
    all.add(condition("PodScheduled", "True", null, null, observed));
    all.add(condition("Initialized", "True", null, null, observed));
    all.addAll(List.of(rest));
    return all;
  }

  private static PodCondition condition(
      String type, String status, String reason, String message, String at) {
    return new PodConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(message)
        .withLastTransitionTime(at)
        .build();
  }

  private static io.fabric8.kubernetes.api.model.ContainerStatus container(
      Pod pod, boolean running, ContainerState state) {
    return new ContainerStatusBuilder()
        .withName(containerName(pod))
        .withImage(pod.getSpec().getContainers().get(0).getImage())
        .withImageID("")
        .withReady(running)
        .withStarted(running)
        .withRestartCount(0)
        .withState(state)
        .build();
  }

  private static String containerName(Pod pod) {
    return pod.getSpec().getContainers().get(0).getName();
  }

  static String timestamp(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
