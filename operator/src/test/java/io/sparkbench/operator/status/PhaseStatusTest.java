package io.sparkbench.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.api.result.Failure;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PhaseStatusTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private final ScalingBenchmarkSpec spec = spec(10_000L, 100_000L);
  private final ScalingBenchmarkStatus status = new ScalingBenchmarkStatus();

  @Test
  void aNewBenchmarkIsPendingWithoutProgress() {
    assertThat(PhaseStatus.enter(status, spec, new PhaseStatus.Accepted(), 1, T0))
        .isEqualTo("accepted");

    assertThat(status.phase).isEqualTo(Phase.Pending);
    assertThat(status.progress).isNull();
    assertCondition(Conditions.SUCCEEDED, "Unknown", "Pending", "accepted");
    assertCondition(Conditions.READY, "False", "Pending", "accepted");
  }

  @Test
  void runningDescribesTheCurrentRunAndKeepsItsConditionsBetweenRuns() {
    status.currentRun = new ScalingBenchmarkStatus.CurrentRun();
    status.currentRun.records = 10_000L;
    status.currentRun.repetition = 1;
    status.currentRun.attempt = 1;
    status.currentRun.driverPod = "b-10000-r1-a1-driver";
    String message = PhaseStatus.enter(status, spec, new PhaseStatus.Running(), 1, T0);

    assertThat(message)
        .isEqualTo(
            "run 1/2: 10000 records, repetition 1, attempt 1, driver pod b-10000-r1-a1-driver");
    assertThat(status.progress).isEqualTo("0/2");
    assertCondition(Conditions.READY, "True", "Running", message);
    assertCondition(Conditions.SUCCEEDED, "Unknown", "Running", message);

    status.currentRun = null;
    status.completedRuns = 1;
    assertThat(PhaseStatus.enter(status, spec, new PhaseStatus.Running(), 1, T0.plusSeconds(60)))
        .isNull();
    assertThat(status.progress).isEqualTo("1/2");
    assertCondition(Conditions.READY, "True", "Running", message);
  }

  @Test
  void failedTakesReasonAndMessageFromTheErrorAndTheTransitionTimeMovesWithTheStatusOnly() {
    PhaseStatus.enter(status, spec, new PhaseStatus.Queued(2), 1, T0);
    assertCondition(
        Conditions.READY,
        "False",
        "Queued",
        "waiting for a free slot: at most 2 benchmark(s) run at once, oldest first");
    status.error = new Failure("OOMKilled", "killed");
    status.completedRuns = 1;

    PhaseStatus.enter(status, spec, new PhaseStatus.Failed(), 2, T0.plusSeconds(60));

    assertThat(status.phase).isEqualTo(Phase.Failed);
    assertThat(status.progress).isEqualTo("1/2");
    assertCondition(Conditions.SUCCEEDED, "False", "OOMKilled", "killed");
    assertCondition(Conditions.READY, "False", "OOMKilled", "killed");
    assertThat(Conditions.get(status, Conditions.READY).getLastTransitionTime())
        .isEqualTo("2026-12-01T10:00:00Z");
    assertThat(Conditions.get(status, Conditions.SUCCEEDED).getLastTransitionTime())
        .isEqualTo("2026-12-01T10:01:00Z");
    assertThat(Conditions.get(status, Conditions.READY).getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void succeededSaysTheModel() {
    status.completedRuns = 2;
    status.model = new ScalingBenchmarkStatus.Model();
    status.model.fixedSeconds = 21.922;
    status.model.microsPerRecord = 57.778;
    status.model.rSquared = 1.0;

    String message = PhaseStatus.enter(status, spec, new PhaseStatus.Succeeded(), 1, T0);

    assertThat(message).isEqualTo("2 runs succeeded; model: 21.922 s + 57.778 µs/record (R² 1.0)");
    assertThat(status.progress).isEqualTo("2/2");
    assertCondition(Conditions.SUCCEEDED, "True", "AllRunsSucceeded", message);
    assertCondition(Conditions.READY, "True", "Succeeded", message);
  }

  @Test
  void startingOverSaysTheGeneration() {
    PhaseStatus.enter(status, spec, new PhaseStatus.StartingOver(), 3, T0);

    assertThat(status.progress).isEqualTo("0/2");
    assertCondition(
        Conditions.SUCCEEDED,
        "Unknown",
        "SpecChanged",
        "spec changed (generation 3): starting over");
  }

  private void assertCondition(String type, String value, String reason, String message) {
    var condition = Conditions.get(status, type);
    assertThat(condition).as(type).isNotNull();
    assertThat(condition.getStatus()).as(type).isEqualTo(value);
    assertThat(condition.getReason()).as(type).isEqualTo(reason);
    assertThat(condition.getMessage()).as(type).isEqualTo(message);
  }

  private static ScalingBenchmarkSpec spec(Long... records) {
    ScalingBenchmarkSpec spec = new ScalingBenchmarkSpec();
    spec.records = List.of(records);
    return spec;
  }
}
