package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.api.result.Failure;
import io.sparkbench.api.run.RunId;
import io.sparkbench.operator.StandInApiServer;
import io.sparkbench.operator.driver.Labels;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link RestartOnSpecChange} on a hand-built context: a changed {@code predict} keeps the results
 * without the API server; any other change deletes the benchmark's objects (in the API server
 * stand-in) and starts over.
 */
@StandInApiServer
class RestartOnSpecChangeTest {

  KubernetesClient client;

  @Test
  void onlyAGenerationPastTheObservedOneIsAChange() {
    try (StepFixture fixture = StepFixture.offline(10_000L)) {
      fixture.benchmark.getMetadata().setGeneration(2L);
      assertThat(RestartOnSpecChange.needed(fixture.context())).as("new").isFalse();
      fixture.status.observedGeneration = 2L;
      assertThat(RestartOnSpecChange.needed(fixture.context())).as("seen").isFalse();
      fixture.status.observedGeneration = 1L;
      assertThat(RestartOnSpecChange.needed(fixture.context())).as("changed").isTrue();
    }
  }

  @Test
  void aChangeOfPredictOnlyKeepsTheResultsAndRefitsThePredictions() {
    try (StepFixture fixture = StepFixture.offline(10_000L, 100_000L, 1_000_000L)) {
      Accept.accept(fixture.context());
      fixture.recorded(fixture.run(0), 22.5);
      fixture.recorded(fixture.run(1), 27.7);
      fixture.recorded(fixture.run(2), 44.4);
      assertThat(fixture.status.model.predictions).isEmpty();
      fixture.benchmark.getSpec().predict = List.of(10_000_000L);
      fixture.benchmark.getMetadata().setGeneration(2L);

      Outcome outcome = RestartOnSpecChange.apply(fixture.context());

      assertThat(outcome).isEqualTo(new Outcome.PredictionsRefitted());
      assertThat(fixture.status.observedGeneration).isEqualTo(2L);
      assertThat(fixture.status.results).hasSize(3);
      assertThat(fixture.status.completedRuns).isEqualTo(3);
      assertThat(fixture.status.model.predictions)
          .singleElement()
          .satisfies(p -> assertThat(p.records).isEqualTo(10_000_000L));
    }
  }

  @Test
  void anyOtherChangeDeletesTheBenchmarksObjectsClearsTheResultsAndStartsOver() {
    StepFixture fixture = StepFixture.on(client, 10_000L, 100_000L);
    Accept.accept(fixture.context());
    String before = fixture.status.measuredSpec;
    fixture.recorded(fixture.run(0), 22.5);
    RunId second = fixture.run(1);
    Pod driver = fixture.create(second, StepFixture.running());
    fixture.running(second, driver, Duration.ofMinutes(1));
    fixture.status.error = new Failure("DriverFailed", "an earlier attempt failed");
    Pod someoneElses = labelledAlikeByOthers(second);
    fixture.metrics.runSucceeded(StepFixture.NS, StepFixture.NAME);
    fixture.benchmark.getSpec().executor.memory = "2g";
    fixture.benchmark.getMetadata().setGeneration(2L);

    Outcome outcome = RestartOnSpecChange.apply(fixture.context());

    assertThat(outcome).isEqualTo(new Outcome.SpecChanged());
    assertThat(fixture.objectsOf(second))
        .extracting(o -> o.getMetadata().getName())
        .containsExactly(someoneElses.getMetadata().getName());
    assertThat(fixture.status.results).isEmpty();
    assertThat(fixture.status.model).isNull();
    assertThat(fixture.status.currentRun).isNull();
    assertThat(fixture.status.error).isNull();
    assertThat(fixture.status.completedRuns).isZero();
    assertThat(fixture.status.lastDurationSeconds).isNull();
    assertThat(fixture.status.observedGeneration).isEqualTo(2L);
    assertThat(fixture.status.measuredSpec).isNotEqualTo(before);
    assertThat(
            fixture
                .metrics
                .registry()
                .getSampleValue(
                    "sparkbench_runs_total",
                    new String[] {"namespace", "benchmark", "outcome"},
                    new String[] {StepFixture.NS, StepFixture.NAME, "succeeded"}))
        .as("the old spec's series are gone")
        .isNull();
  }

  /** A pod with the run's labels that the benchmark does not own. */
  private Pod labelledAlikeByOthers(RunId run) {
    return client
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("lookalike")
                .withNamespace(StepFixture.NS)
                .addToLabels(Labels.of(StepFixture.NAME, run))
                .endMetadata()
                .build())
        .create();
  }
}
