package io.sparkbench.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.api.result.BenchmarkResult;
import org.junit.jupiter.api.Test;

class SummaryTest {

  private static BenchmarkResult result(BenchmarkResult.Efficiency efficiency) {
    return BenchmarkResult.builder()
        .status(BenchmarkResult.Status.SUCCEEDED)
        .records(5_000)
        .seed(42)
        .totalSeconds(23.68)
        .stages(new BenchmarkResult.StageSeconds(4.335, 5.305, 3.102, 6.411, 2.942))
        .rows(new BenchmarkResult.RowCounts(5_000, 5_000, 93, 15, 4_892, 4_565))
        .totalAmount(2_526_295_000L)
        .memory(new BenchmarkResult.Memory(new BenchmarkResult.Peak(883L, 1_282L), null))
        .cpu(
            new BenchmarkResult.Cpu(
                2.735, 18.92, 2, 0.077, 8.47, 0.811, 4.18, 16, null, null, null))
        .executors(1)
        .sparkVersion("4.1.1")
        .master("local[2]")
        .reportUri("/tmp/report.json")
        .applicationId("local-1796612847584")
        .timeline(new BenchmarkResult.Timeline(1_796_612_844_069L, 9.071))
        .efficiency(efficiency)
        .build();
  }

  @Test
  void listsTheParallelismTheCoreSecondsAndTheLongestStageChain() {
    String summary =
        Summary.of(result(new BenchmarkResult.Efficiency(17.888, 1.007, 35.518, 3, 31)));

    assertThat(summary)
        .contains(
            "parallelism: 1.01 tasks active on average, task CPU 2.7 of 35.5 allocated"
                + " core-seconds, longest stage chain 3 of 31 stages\n");
  }

  @Test
  void aResultWithoutEfficiencyHasNoParallelismLine() {
    assertThat(Summary.of(result(null))).doesNotContain("parallelism:").contains("cpu: tasks");
  }
}
