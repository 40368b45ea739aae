package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.operator.Benchmarks;
import io.sparkbench.operator.MockCluster;
import io.sparkbench.operator.OperatorCluster;
import io.sparkbench.operator.status.Conditions;
import org.junit.jupiter.api.Test;

/** The operator's lifecycle on the API server stand-in (fabric8's mock in CRUD mode, extended). */
class ScalingBenchmarkReconcilerTest extends ReconcilerContract {

  @Override
  OperatorCluster startCluster() {
    return new MockCluster(CONFIG);
  }

  /**
   * The stand-in applies no schema, as an API server without the CRD's validation would not: the
   * operator's own check refuses what the schema would have.
   */
  @Test
  void aSpecTheSchemaWouldRefuseFailsWithWhatToFixAndOthersStillRun() {
    namespace = "invalid";
    ScalingBenchmark invalid = Benchmarks.benchmark(namespace, "unsorted", 100_000L, 10_000L);
    invalid.getSpec().executor.memory = "lots";
    cluster.create(invalid);
    cluster.create(Benchmarks.benchmark(namespace, "fine", 10_000L));

    ScalingBenchmarkStatus failed = awaitStatus("unsorted", s -> s.phase == Phase.Failed);
    assertThat(failed.error.reason()).isEqualTo("InvalidSpec");
    assertThat(failed.error.message())
        .isEqualTo(
            "spec.records must be ascending without repeats, got [100000, 10000]: sort them,"
                + " e.g. [10000, 100000]; spec.executor.memory is 'lots': use a Spark memory"
                + " amount such as 512m, 1g or 2048m");
    assertThat(condition(failed, Conditions.READY).getStatus()).isEqualTo("False");

    driverSucceeds("fine-10000-r1-a1-driver", 10_000, 22.5);
    assertThat(awaitStatus("fine", s -> s.phase == Phase.Succeeded).progress).isEqualTo("1/1");
  }
}
