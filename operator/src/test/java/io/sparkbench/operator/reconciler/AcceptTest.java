package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link Accept} on a hand-built context: it records what the benchmark was accepted with. */
class AcceptTest {

  private final StepFixture fixture = StepFixture.offline(10_000L, 100_000L);

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void aNewBenchmarkIsAcceptedAtItsGenerationInItsFirstRoundWithoutTheApiServer() {
    fixture.benchmark.getMetadata().setGeneration(3L);

    Outcome outcome = Accept.accept(fixture.context());

    assertThat(outcome).isEqualTo(new Outcome.Accepted());
    assertThat(fixture.status.observedGeneration).isEqualTo(3L);
    assertThat(fixture.status.measuredSpec).matches("[0-9a-f]{16}");
    assertThat(fixture.status.round).isEqualTo(1);
    assertThat(fixture.status.roundStartedAt).isEqualTo("2026-12-01T10:00:00Z");
    assertThat(fixture.status.phase).as("the lifecycle enters the phase").isNull();
    assertThat(fixture.status.history).as("an emptyDir keeps no history").isNull();
  }

  @Test
  void aBenchmarkOnLastingStorageKeepsItsRoundsHistoryBesideItsData() {
    fixture.benchmark.getSpec().storage.persistentVolumeClaim =
        new ScalingBenchmarkSpec.PersistentVolumeClaim();
    fixture.benchmark.getSpec().storage.persistentVolumeClaim.claimName = "data";

    Accept.accept(fixture.context());

    assertThat(fixture.status.history).endsWith("/nightly/history");
  }

  @Test
  void theMeasuredSpecLeavesOutWhatChangesNoMeasurement() {
    Accept.accept(fixture.context());
    String accepted = fixture.status.measuredSpec;
    ScalingBenchmarkSpec spec = fixture.benchmark.getSpec();

    spec.predict = List.of(10_000_000L);
    spec.schedule = "@daily";
    spec.timeZone = "Asia/Seoul";
    assertThat(RestartOnSpecChange.measuredSpec(fixture.context())).isEqualTo(accepted);

    spec.executor.memory = "2g";
    assertThat(RestartOnSpecChange.measuredSpec(fixture.context())).isNotEqualTo(accepted);
  }
}
