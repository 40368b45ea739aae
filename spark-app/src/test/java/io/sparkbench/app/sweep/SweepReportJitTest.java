package io.sparkbench.app.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.api.result.BenchmarkResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepReportJitTest {

  private static BenchmarkResult ran(long records, String jit) {
    return BenchmarkResult.builder()
        .status(BenchmarkResult.Status.SUCCEEDED)
        .records(records)
        .seed(42)
        .totalSeconds(1.0)
        .jvm(new BenchmarkResult.Jvm("tuned", jit, "Parallel", 491L, null))
        .build();
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
