package io.sparkbench.app.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.api.result.BenchmarkResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepReportJitTest {

  private static BenchmarkResult ran(long records, String jit) {
    BenchmarkResult failed = BenchmarkResult.failed(records, 42, 1.0, "x", "y");
    return new BenchmarkResult(
        failed.version(),
        BenchmarkResult.Status.SUCCEEDED,
        records,
        42,
        1.0,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        new BenchmarkResult.Jvm("tuned", jit, "Parallel", 491L, null),
        null,
        null,
        null,
        null);
  }

  @Test
  void aFitOverTwoJitChoicesSaysSo() {
    assertThat(
            SweepReport.jitNote(
                List.of(ran(10_000, "C1"), ran(100_000, "C1"), ran(1_000_000, "tiered"))))
        .contains("mixes JIT choices")
        .contains("C1 at 10,000, 100,000")
        .contains("tiered at 1,000,000");
    assertThat(SweepReport.jitNote(List.of(ran(10_000, "tiered"), ran(1_000_000, "tiered"))))
        .isNull();
  }
}
