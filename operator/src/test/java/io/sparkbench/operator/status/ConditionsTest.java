package io.sparkbench.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  @Test
  void theTransitionTimeChangesOnlyWithTheStatus() {
    ScalingBenchmarkStatus status = new ScalingBenchmarkStatus();
    Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
    Conditions.set(status, Conditions.READY, "True", "Running", "run 1/3", 1L, t0);
    Conditions.set(status, Conditions.READY, "True", "Running", "run 2/3", 1L, t0.plusSeconds(30));

    assertThat(Conditions.get(status, Conditions.READY).getLastTransitionTime())
        .isEqualTo("2026-11-25T10:00:00Z");
    assertThat(Conditions.get(status, Conditions.READY).getMessage()).isEqualTo("run 2/3");

    Conditions.set(
        status, Conditions.READY, "False", "OOMKilled", "killed", 2L, t0.plusSeconds(60));
    assertThat(Conditions.get(status, Conditions.READY).getLastTransitionTime())
        .isEqualTo("2026-11-25T10:01:00Z");
    assertThat(Conditions.get(status, Conditions.READY).getObservedGeneration()).isEqualTo(2L);
    assertThat(status.conditions).hasSize(1);
  }
}
