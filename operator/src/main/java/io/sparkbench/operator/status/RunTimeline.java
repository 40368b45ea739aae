package io.sparkbench.operator.status;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.Timeline;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * A run's timeline from the driver pod's timestamps (the API server's, in whole seconds), the
 * driver's own clock (its JVM start, with milliseconds) and the operator's (when the run could
 * start, when its result was recorded). Each point is taken no earlier than the one before and the
 * points before the JVM no later than its start, so a coarse timestamp never makes a part negative,
 * the run's part is its measured duration, and the parts add up to the span from the first point to
 * the last.
 */
public final class RunTimeline {

  private RunTimeline() {}

  /**
   * The timeline of a finished run, or null when its driver's result has no JVM start time (a
   * result written before timelines).
   *
   * @param queuedSince when the run could start: the previous run's record, or the benchmark's
   *     creation
   * @param recordedAt when the operator recorded the result
   */
  public static Timeline of(
      Pod driver, BenchmarkResult result, Instant queuedSince, Instant recordedAt) {
    if (result.timeline() == null || driver == null) {
      return null;
    }
    Instant jvmStart = Instant.ofEpochMilli(result.timeline().jvmStartEpochMs());
    Instant created = instant(driver.getMetadata().getCreationTimestamp()).orElse(jvmStart);
    Instant scheduled = scheduled(driver).orElse(created);
    Optional<ContainerStateTerminated> terminated = terminated(driver);
    Instant containerStarted = terminated.flatMap(t -> instant(t.getStartedAt())).orElse(scheduled);
    Instant goldEnd = jvmStart.plusMillis(Math.round(result.totalSeconds() * 1000));
    Instant exited = terminated.flatMap(t -> instant(t.getFinishedAt())).orElse(goldEnd);

    Instant[] points = {
      queuedSince == null ? created : queuedSince,
      created,
      scheduled,
      containerStarted,
      jvmStart,
      goldEnd,
      exited,
      recordedAt
    };
    // Each point no earlier than the one before; the driver's own two points (JVM start, end of
    // gold) stay as measured, so the run's part is its duration: an API-server time after the
    // JVM started (rounding, or another clock) is taken as the JVM's start.
    if (points[0].isAfter(jvmStart)) {
      points[0] = jvmStart;
    }
    for (int i = 1; i < points.length; i++) {
      if (points[i].isBefore(points[i - 1])) {
        points[i] = points[i - 1];
      }
      if (i < 4 && points[i].isAfter(jvmStart)) {
        points[i] = jvmStart;
      }
      if (i == 4 || i == 5) {
        points[i] = i == 4 ? jvmStart : goldEnd;
      }
    }
    Timeline t = new Timeline();
    t.queued = seconds(points[0], points[1]);
    t.scheduling = seconds(points[1], points[2]);
    t.containerStart = seconds(points[2], points[3]);
    t.jvmStart = seconds(points[3], points[4]);
    t.run = seconds(points[4], points[5]);
    t.driverExit = seconds(points[5], points[6]);
    t.recording = seconds(points[6], points[7]);
    t.totalSeconds = seconds(points[0], points[7]);
    Double firstJob = result.timeline().firstJobSeconds();
    if (firstJob != null && result.stages() != null) {
      t.firstJob = RunResults.round(Math.max(0, firstJob - result.stages().startup()), 3);
    }
    return t;
  }

  private static Optional<Instant> scheduled(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getConditions().stream()
        .filter(c -> "PodScheduled".equals(c.getType()) && "True".equals(c.getStatus()))
        .map(PodCondition::getLastTransitionTime)
        .map(RunTimeline::instant)
        .flatMap(Optional::stream)
        .findFirst();
  }

  private static Optional<ContainerStateTerminated> terminated(Pod pod) {
    if (pod.getStatus() == null) {
      return Optional.empty();
    }
    List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
    if (statuses == null) {
      return Optional.empty();
    }
    return statuses.stream()
        .filter(s -> s.getState() != null && s.getState().getTerminated() != null)
        .map(s -> s.getState().getTerminated())
        .findFirst();
  }

  private static Optional<Instant> instant(String timestamp) {
    if (timestamp == null || timestamp.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(timestamp));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static double seconds(Instant from, Instant to) {
    return RunResults.round((to.toEpochMilli() - from.toEpochMilli()) / 1000.0, 3);
  }
}
