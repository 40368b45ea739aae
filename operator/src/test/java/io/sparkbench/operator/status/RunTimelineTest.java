package io.sparkbench.operator.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.Timeline;
import io.sparkbench.operator.Results;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RunTimelineTest {

  /** When the previous run was recorded: the run could start from then on. */
  private static final Instant QUEUED_SINCE = Instant.parse("2026-11-25T10:00:00.000Z");

  /** When the driver's JVM started, on its own clock, to the millisecond. */
  private static final Instant JVM_START = Instant.parse("2026-11-25T10:00:09.400Z");

  @Test
  void splitsTheRunFromQueuedToRecordedIntoPartsThatAddUp() {
    // The API server's times, in whole seconds: created 10:00:05, bound 10:00:06, the container
    // started at 10:00:09 and exited at 10:00:39. The JVM started at 10:00:09.400 and the run
    // took 27.7 s, so gold ended at 10:00:37.100; the operator recorded it at 10:00:41.250.
    Pod driver = driver("2026-11-25T10:00:09Z", "2026-11-25T10:00:39Z");

    Timeline t =
        RunTimeline.of(
            driver,
            withTimeline(Results.succeeded(100_000, 27.7), 12.5),
            QUEUED_SINCE,
            Instant.parse("2026-11-25T10:00:41.250Z"));

    assertThat(t.queued).isEqualTo(5.0); // 10:00:00 → 10:00:05
    assertThat(t.scheduling).isEqualTo(1.0); // 10:00:05 → 10:00:06
    assertThat(t.containerStart).isEqualTo(3.0); // 10:00:06 → 10:00:09
    assertThat(t.jvmStart).isEqualTo(0.4); // 10:00:09 → 10:00:09.400
    assertThat(t.run).isEqualTo(27.7); // 10:00:09.400 → 10:00:37.100, the run's duration
    assertThat(t.driverExit).isEqualTo(1.9); // 10:00:37.100 → 10:00:39
    assertThat(t.recording).isEqualTo(2.25); // 10:00:39 → 10:00:41.250
    // first job 12.5 s after JVM start, the session ready after startup's 10 s: 2.5 s
    assertThat(t.firstJob).isEqualTo(2.5);
    // 5 + 1 + 3 + 0.4 + 27.7 + 1.9 + 2.25 = 41.25 = 10:00:00 → 10:00:41.250
    assertThat(t.totalSeconds).isEqualTo(41.25);
    assertThat(sum(t)).isEqualTo(t.totalSeconds, offset(1e-9));
  }

  @Test
  void aTimestampRoundedDownBeforeTheJvmsGivesAZeroPartAndTheRestStillAddsUp() {
    // The container exited at 10:00:37.6, half a second after gold ended at 10:00:37.100, but
    // the API server truncates it to 10:00:37: before the end of gold on the JVM's clock. The
    // exit is taken at the end of gold, so driverExit is 0, not -0.1, and the half second goes
    // to recording: 10:00:37.100 → 10:00:38.
    Pod driver = driver("2026-11-25T10:00:09Z", "2026-11-25T10:00:37Z");

    Timeline t =
        RunTimeline.of(
            driver,
            withTimeline(Results.succeeded(100_000, 27.7), 12.5),
            QUEUED_SINCE,
            Instant.parse("2026-11-25T10:00:38Z"));

    assertThat(t.run).isEqualTo(27.7);
    assertThat(t.driverExit).isZero();
    assertThat(t.recording).isEqualTo(0.9);
    // 5 + 1 + 3 + 0.4 + 27.7 + 0 + 0.9 = 38 = 10:00:00 → 10:00:38
    assertThat(t.totalSeconds).isEqualTo(38.0);
    assertThat(sum(t)).isEqualTo(t.totalSeconds, offset(1e-9));
  }

  @Test
  void aRecordTakenBeforeTheTruncatedExitGivesAZeroRecordingPart() {
    // Recorded at 10:00:38.500 on the operator's clock; the container's exit shows 10:00:39.
    Timeline t =
        RunTimeline.of(
            driver("2026-11-25T10:00:09Z", "2026-11-25T10:00:39Z"),
            withTimeline(Results.succeeded(100_000, 27.7), null),
            QUEUED_SINCE,
            Instant.parse("2026-11-25T10:00:38.500Z"));

    assertThat(t.driverExit).isEqualTo(1.9); // 10:00:37.100 → 10:00:39
    assertThat(t.recording).isZero();
    // 5 + 1 + 3 + 0.4 + 27.7 + 1.9 + 0 = 39: the record is taken at the exit
    assertThat(t.totalSeconds).isEqualTo(39.0);
    assertThat(sum(t)).isEqualTo(t.totalSeconds, offset(1e-9));
    // Spark reported no job
    assertThat(t.firstJob).isNull();
  }

  @Test
  void aCreationTimeRoundedDownBeforeTheOperatorsRecordGivesAZeroQueuedPart() {
    // The previous run was recorded at 10:00:05.600 on the operator's clock and the driver pod
    // created right after, but the API server writes its creation as 10:00:05. The creation is
    // taken at 10:00:05.600, so queued is 0, not -0.6, and scheduling runs from there to 10:00:06.
    Timeline t =
        RunTimeline.of(
            driver("2026-11-25T10:00:09Z", "2026-11-25T10:00:39Z"),
            withTimeline(Results.succeeded(100_000, 27.7), 12.5),
            Instant.parse("2026-11-25T10:00:05.600Z"),
            Instant.parse("2026-11-25T10:00:41.250Z"));

    assertThat(t.queued).isZero();
    assertThat(t.scheduling).isEqualTo(0.4); // 10:00:05.600 → 10:00:06
    assertThat(t.containerStart).isEqualTo(3.0);
    assertThat(t.run).isEqualTo(27.7);
    // 0 + 0.4 + 3 + 0.4 + 27.7 + 1.9 + 2.25 = 35.65 = 10:00:05.600 → 10:00:41.250
    assertThat(t.totalSeconds).isEqualTo(35.65);
    assertThat(sum(t)).isEqualTo(t.totalSeconds, offset(1e-9));
  }

  @Test
  void withoutWhenTheRunCouldStartNothingIsQueued() {
    Timeline t =
        RunTimeline.of(
            driver("2026-11-25T10:00:09Z", "2026-11-25T10:00:39Z"),
            withTimeline(Results.succeeded(100_000, 27.7), 12.5),
            null,
            Instant.parse("2026-11-25T10:00:41.250Z"));

    assertThat(t.queued).isZero();
    // 41.25 s less the 5 s queued: from the pod's creation at 10:00:05
    assertThat(t.totalSeconds).isEqualTo(36.25);
    assertThat(sum(t)).isEqualTo(t.totalSeconds, offset(1e-9));
  }

  @Test
  void aPodWithoutItsBindingAndContainerTimesPutsTheirSpansIntoTheNeighbouringParts() {
    // Only the creation time: binding counts as at creation, the container's start as at the
    // binding and its exit as at the end of gold.
    Pod driver =
        new PodBuilder()
            .withNewMetadata()
            .withCreationTimestamp("2026-11-25T10:00:05Z")
            .endMetadata()
            .build();

    Timeline t =
        RunTimeline.of(
            driver,
            withTimeline(Results.succeeded(100_000, 27.7), 12.5),
            QUEUED_SINCE,
            Instant.parse("2026-11-25T10:00:41.250Z"));

    assertThat(t.queued).isEqualTo(5.0); // 10:00:00 → 10:00:05
    assertThat(t.scheduling).isZero();
    assertThat(t.containerStart).isZero();
    assertThat(t.jvmStart).isEqualTo(4.4); // 10:00:05 → 10:00:09.400
    assertThat(t.run).isEqualTo(27.7);
    assertThat(t.driverExit).isZero();
    assertThat(t.recording).isEqualTo(4.15); // 10:00:37.100 → 10:00:41.250
    // 5 + 0 + 0 + 4.4 + 27.7 + 0 + 4.15 = 41.25
    assertThat(t.totalSeconds).isEqualTo(41.25);
    assertThat(sum(t)).isEqualTo(t.totalSeconds, offset(1e-9));
  }

  @Test
  void aResultWithoutATimelineHasNone() {
    assertThat(
            RunTimeline.of(
                driver("2026-11-25T10:00:09Z", "2026-11-25T10:00:39Z"),
                Results.succeeded(100_000, 27.7),
                QUEUED_SINCE,
                Instant.parse("2026-11-25T10:00:41Z")))
        .isNull();
    assertThat(
            RunTimeline.of(
                null,
                withTimeline(Results.succeeded(100_000, 27.7), 12.5),
                QUEUED_SINCE,
                Instant.parse("2026-11-25T10:00:41Z")))
        .isNull();
  }

  private static double sum(Timeline t) {
    return t.queued
        + t.scheduling
        + t.containerStart
        + t.jvmStart
        + t.run
        + t.driverExit
        + t.recording;
  }

  /**
   * A driver pod as the API server returns it after the run: created at 10:00:05, initialized at
   * 10:00:04 (a condition the timeline must not read), scheduled at 10:00:06, its container
   * terminated.
   */
  private static Pod driver(String containerStarted, String containerFinished) {
    return new PodBuilder()
        .withNewMetadata()
        .withName("b-100000-r1-a1-driver")
        .withCreationTimestamp("2026-11-25T10:00:05Z")
        .endMetadata()
        .withNewStatus()
        .withPhase("Succeeded")
        .addNewCondition()
        .withType("Initialized")
        .withStatus("True")
        .withLastTransitionTime("2026-11-25T10:00:04Z")
        .endCondition()
        .addNewCondition()
        .withType("PodScheduled")
        .withStatus("True")
        .withLastTransitionTime("2026-11-25T10:00:06Z")
        .endCondition()
        .addNewContainerStatus()
        .withName("spark-kubernetes-driver")
        .withNewState()
        .withNewTerminated()
        .withExitCode(0)
        .withReason("Completed")
        .withStartedAt(containerStarted)
        .withFinishedAt(containerFinished)
        .endTerminated()
        .endState()
        .endContainerStatus()
        .endStatus()
        .build();
  }

  /** {@code result} with the driver's JVM started at {@link #JVM_START}. */
  private static BenchmarkResult withTimeline(BenchmarkResult r, Double firstJobSeconds) {
    return r.withTimeline(
        new BenchmarkResult.Timeline(JVM_START.toEpochMilli(), firstJobSeconds), r.efficiency());
  }
}
