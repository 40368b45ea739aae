package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.sparkbench.api.result.Failure;
import io.sparkbench.api.result.ResultCodec;
import io.sparkbench.api.run.RunId;
import io.sparkbench.operator.Benchmarks;
import io.sparkbench.operator.Results;
import io.sparkbench.operator.driver.DriverResources;
import org.junit.jupiter.api.Test;

class DriverOutcomeTest {

  private static final String POD = "medallion-10000-r1-a1-driver";

  @Test
  void aPodWithoutStatusIsPendingAndNotFinished() {
    Pod pod = pod(null);
    assertThat(DriverOutcome.isPending(pod)).isTrue();
    assertThat(DriverOutcome.finished(pod)).isEmpty();
  }

  @Test
  void exitZeroWithAResultIsASuccess() {
    DriverOutcome.Finished finished =
        DriverOutcome.finished(
                terminated(0, "Completed", ResultCodec.toJson(Results.succeeded(10_000, 22.5))))
            .orElseThrow();
    assertThat(finished.failure()).isNull();
    assertThat(finished.result().totalSeconds()).isEqualTo(22.5);
  }

  @Test
  void exitZeroWithoutAReadableResultIsResultUnreadable() {
    Failure failure =
        DriverOutcome.finished(terminated(0, "Completed", "hello")).orElseThrow().failure();
    assertThat(failure.reason()).isEqualTo("ResultUnreadable");
    assertThat(failure.message())
        .startsWith(
            "driver pod "
                + POD
                + " exited 0 but its result could not be read: not a result document");
  }

  @Test
  void aNonZeroExitUsesTheResultsErrorOrTheRawMessage() {
    assertThat(
            DriverOutcome.finished(
                    terminated(
                        1,
                        "Error",
                        ResultCodec.toJson(
                            Results.failed(10_000, "InvalidArguments", "--records must be >= 1"))))
                .orElseThrow()
                .failure())
        .isEqualTo(
            new Failure(
                "DriverFailed",
                "driver pod "
                    + POD
                    + " exited with code 1: InvalidArguments: --records must be >= 1"));
    assertThat(
            DriverOutcome.finished(terminated(2, "Error", "Exception in thread main"))
                .orElseThrow()
                .failure()
                .message())
        .isEqualTo("driver pod " + POD + " exited with code 2: Exception in thread main");
    assertThat(
            DriverOutcome.finished(terminated(137, "Error", null))
                .orElseThrow()
                .failure()
                .message())
        .isEqualTo("driver pod " + POD + " exited with code 137: Error");
  }

  @Test
  void oomKilledNamesTheLimitAndWhatToChange() {
    Failure failure =
        DriverOutcome.finished(terminated(137, "OOMKilled", null)).orElseThrow().failure();
    assertThat(failure.reason()).isEqualTo("OOMKilled");
    assertThat(failure.message())
        .isEqualTo(
            "driver pod "
                + POD
                + " was killed for exceeding its memory limit (limit 1408Mi): raise"
                + " spec.driver.memory or run fewer records");
  }

  @Test
  void anImagePullFailureNamesTheImage() {
    Pod pod =
        pod(
            new PodStatusBuilder()
                .withPhase("Pending")
                .addToContainerStatuses(
                    new ContainerStatusBuilder()
                        .withName(DriverResources.DRIVER_CONTAINER)
                        .withState(
                            new ContainerStateBuilder()
                                .withNewWaiting()
                                .withReason("ImagePullBackOff")
                                .withMessage("Back-off pulling image")
                                .endWaiting()
                                .build())
                        .build())
                .build());
    assertThat(DriverOutcome.isPending(pod)).isTrue();
    assertThat(DriverOutcome.whyPending(pod, "example/app:9", "5m"))
        .isEqualTo(
            new Failure(
                "ImagePullBackOff",
                "driver pod "
                    + POD
                    + " could not pull image example/app:9: Back-off pulling image (check"
                    + " spec.image and the image pull secrets)"));
  }

  @Test
  void aPodThatNeverStartedForNoVisibleReasonTimesOut() {
    assertThat(DriverOutcome.whyPending(pod(null), "example/app:9", "5m"))
        .isEqualTo(
            new Failure(
                "DriverStartTimeout",
                "driver pod "
                    + POD
                    + " did not start within 5m: raise spec.timeouts.driverStart or check the"
                    + " pod's events"));
  }

  private static Pod terminated(int exitCode, String reason, String message) {
    return pod(StepFixture.terminated(exitCode, reason, message));
  }

  private static Pod pod(PodStatus status) {
    return StepFixture.driverPod(
        Benchmarks.benchmark("ns", "medallion", 10_000L),
        new RunId(10_000, 2, 1, 1, false),
        status);
  }
}
