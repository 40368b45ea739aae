package io.sparkbench.operator.reconciler;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.result.Failure;
import io.sparkbench.api.result.ResultCodec;
import io.sparkbench.operator.driver.DriverResources;
import java.util.List;
import java.util.Optional;

/**
 * Reads a driver pod: has it finished, and if so with what result or why it failed; if it is still
 * pending, why. Pure functions of the pod.
 */
final class DriverOutcome {

  /**
   * A finished driver: exactly one of {@code result} and {@code failure} (why the run failed, for
   * {@code status.error} and the Event) is set.
   */
  record Finished(BenchmarkResult result, Failure failure) {}

  private DriverOutcome() {}

  static boolean isPending(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return (phase == null || phase.equals("Pending")) && terminated(pod).isEmpty();
  }

  /** The finished state of the driver, or empty while it has not finished. */
  static Optional<Finished> finished(Pod pod) {
    String name = pod.getMetadata().getName();
    Optional<ContainerStateTerminated> terminated = terminated(pod);
    if (terminated.isEmpty()) {
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      if ("Failed".equals(phase) || "Succeeded".equals(phase)) {
        String why = pod.getStatus().getReason() == null ? phase : pod.getStatus().getReason();
        String message =
            pod.getStatus().getMessage() == null ? "" : ": " + pod.getStatus().getMessage();
        return Optional.of(
            failed(
                "DriverFailed",
                "driver pod "
                    + name
                    + " ended "
                    + why
                    + message
                    + " without a driver container state"));
      }
      return Optional.empty();
    }
    ContainerStateTerminated state = terminated.get();
    int exitCode = state.getExitCode() == null ? -1 : state.getExitCode();
    if ("OOMKilled".equals(state.getReason())) {
      return Optional.of(
          failed(
              "OOMKilled",
              "driver pod "
                  + name
                  + " was killed for exceeding its memory limit ("
                  + memoryLimit(pod)
                  + "): raise spec.driver.memory or run fewer records"));
    }
    String message = state.getMessage() == null ? "" : state.getMessage().trim();
    BenchmarkResult result = null;
    String unreadable = null;
    try {
      result = message.isEmpty() ? null : ResultCodec.fromJson(message);
      if (result == null) {
        unreadable = "the termination message is empty";
      }
    } catch (IllegalArgumentException e) {
      unreadable = e.getMessage();
    }
    if (exitCode == 0) {
      if (result == null) {
        return Optional.of(
            failed(
                "ResultUnreadable",
                "driver pod "
                    + name
                    + " exited 0 but its result could not be read: "
                    + unreadable));
      }
      if (!result.succeeded()) {
        return Optional.of(failed("DriverFailed", describe(name, 0, result)));
      }
      return Optional.of(new Finished(result, null));
    }
    if (result != null) {
      return Optional.of(failed("DriverFailed", describe(name, exitCode, result)));
    }
    String detail = message.isEmpty() ? state.getReason() : message;
    return Optional.of(
        failed(
            "DriverFailed",
            "driver pod "
                + name
                + " exited with code "
                + exitCode
                + (detail == null || detail.isEmpty() ? "" : ": " + detail)));
  }

  /** Why a pod is still pending: unschedulable, image not pulled, or just not started. */
  static Failure whyPending(Pod pod, String image, String timeout) {
    String name = pod.getMetadata().getName();
    Optional<ContainerStateWaiting> waiting =
        driverStatus(pod).map(ContainerStatus::getState).map(s -> s.getWaiting());
    if (waiting.isPresent()
        && List.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName")
            .contains(waiting.get().getReason())) {
      String detail = waiting.get().getMessage() == null ? "" : ": " + waiting.get().getMessage();
      return new Failure(
          waiting.get().getReason(),
          "driver pod "
              + name
              + " could not pull image "
              + image
              + detail
              + " (check spec.image and the image pull secrets)");
    }
    List<PodCondition> conditions =
        pod.getStatus() == null || pod.getStatus().getConditions() == null
            ? List.of()
            : pod.getStatus().getConditions();
    for (PodCondition c : conditions) {
      if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())) {
        return new Failure(
            c.getReason() == null ? "Unschedulable" : c.getReason(),
            "driver pod "
                + name
                + " was not scheduled within "
                + timeout
                + (c.getMessage() == null ? "" : ": " + c.getMessage())
                + " (lower spec.driver.cores or spec.driver.memory, or add nodes)");
      }
    }
    String reason = waiting.map(ContainerStateWaiting::getReason).orElse(null);
    return new Failure(
        "DriverStartTimeout",
        "driver pod "
            + name
            + " did not start within "
            + timeout
            + (reason == null ? "" : " (" + reason + ")")
            + ": raise spec.timeouts.driverStart or check the pod's events");
  }

  private static String describe(String pod, int exitCode, BenchmarkResult result) {
    Failure error = result.error();
    String why =
        error == null ? "the job reported FAILED" : error.reason() + ": " + error.message();
    return "driver pod " + pod + " exited with code " + exitCode + ": " + why;
  }

  private static Finished failed(String reason, String message) {
    return new Finished(null, new Failure(reason, message));
  }

  private static Optional<ContainerStatus> driverStatus(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> DriverResources.DRIVER_CONTAINER.equals(s.getName()))
        .findFirst();
  }

  private static Optional<ContainerStateTerminated> terminated(Pod pod) {
    return driverStatus(pod).map(ContainerStatus::getState).map(state -> state.getTerminated());
  }

  private static String memoryLimit(Pod pod) {
    return pod.getSpec().getContainers().stream()
        .filter(c -> DriverResources.DRIVER_CONTAINER.equals(c.getName()))
        .findFirst()
        .map(c -> c.getResources() == null ? null : c.getResources().getLimits())
        .map(limits -> limits.get("memory"))
        .map(q -> "limit " + q)
        .orElse("no limit");
  }
}
