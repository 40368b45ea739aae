package io.sparkbench.app.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.sparkbench.api.result.BenchmarkResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepReportTest {

  private static BenchmarkResult run(long records, double seconds, long rssMiB) {
    return run(
        records,
        seconds,
        rssMiB,
        new BenchmarkResult.Cpu(
            seconds * 0.5,
            seconds * 1.5,
            2,
            0.5,
            seconds * 0.6,
            0.1,
            seconds * 0.2,
            26,
            null,
            null,
            null));
  }

  private static BenchmarkResult run(
      long records, double seconds, long rssMiB, BenchmarkResult.Cpu cpu) {
    double stage = (seconds - 2) / 4;
    return BenchmarkResult.builder()
        .status(BenchmarkResult.Status.SUCCEEDED)
        .records(records)
        .seed(42)
        .totalSeconds(seconds)
        .stages(new BenchmarkResult.StageSeconds(2, stage, stage, stage, stage))
        .rows(new BenchmarkResult.RowCounts(records, records, 0, 0, records, 10))
        .totalAmount(records * 1000)
        .memory(new BenchmarkResult.Memory(new BenchmarkResult.Peak(100L, rssMiB), null))
        .cpu(cpu)
        .executors(1)
        .sparkVersion("4.1.1")
        .master("local[2]")
        .reportUri("report.json")
        .applicationId("local-1764630000000")
        .build();
  }

  @Test
  void tabulatesMediansRelativeTimesTheModelAndThePublishedBaseline() {
    SweepReport report =
        SweepReport.of(
            List.of(
                run(10_000, 6, 500),
                run(10_000, 7.98, 700),
                run(10_000, 100, 900), // the median ignores this slow repetition
                run(100_000, 10.05, 600),
                run(1_000_000, 30.75, 800)),
            List.of(10_000_000L));

    assertThat(report.rows())
        .extracting(SweepReport.Row::records)
        .containsExactly(10_000L, 100_000L, 1_000_000L);
    SweepReport.Row first = report.rows().get(0);
    assertThat(first.runs()).isEqualTo(3);
    assertThat(first.totalSeconds()).isEqualTo(7.98);
    assertThat(first.peakRssMiB()).isEqualTo(700);
    assertThat(first.generate()).isCloseTo(1.495, offset(1e-9));
    assertThat(first.recordsPerSecond()).isCloseTo(10_000 / 5.98, offset(1e-9));
    assertThat(first.publishedSeconds()).isEqualTo(115);
    assertThat(report.rows().get(2).relativeToSmallest()).isCloseTo(30.75 / 7.98, offset(1e-9));

    // The medians 7.98, 10.05 and 30.75 s lie exactly on 7.75 s + 23 µs/record.
    assertThat(report.model().points()).isEqualTo(3);
    assertThat(report.model().fixedSeconds()).isCloseTo(7.75, offset(1e-9));
    assertThat(report.model().microsPerRecord()).isCloseTo(23.0, offset(1e-9));
    assertThat(report.model().rSquared()).isCloseTo(1.0, offset(1e-12));
    assertThat(report.predictions())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.records()).isEqualTo(10_000_000L);
              assertThat(p.seconds())
                  .isCloseTo(report.model().predictSeconds(10_000_000L), offset(1e-9));
              assertThat(p.publishedSeconds()).isEqualTo(900.0);
            });

    assertThat(report.table())
        .contains("published: 109.9 s + 68.6 µs/record")
        .contains("predicted: 10,000,000 records in");
    assertThat(report.csv().lines())
        .hasSize(4)
        .element(1)
        .asString()
        .startsWith("10000,3,7.980,2.000,1.495,");
  }

  @Test
  void showsWhereTheCpuWentAndLeavesWhatOlderResultsDidNotMeasureBlank() {
    SweepReport report =
        SweepReport.of(
            List.of(
                run(10_000, 10, 500),
                run(10_000, 20, 500),
                run(10_000, 30, 500),
                run(
                    100_000,
                    40,
                    500,
                    new BenchmarkResult.Cpu(
                        20, 60, 2, 0.5, null, null, null, null, null, null, null))),
            List.of());

    SweepReport.CpuProfile small = report.rows().get(0).cpu();
    assertThat(small.tasks()).isEqualTo(10);
    assertThat(small.process()).isEqualTo(30);
    assertThat(small.jit()).isEqualTo(12);
    assertThat(small.gc()).isEqualTo(0.1);
    assertThat(small.other()).isCloseTo(30 - 10 - 12 - 0.1, offset(1e-9));
    assertThat(small.planning()).isEqualTo(4);
    assertThat(small.queries()).isEqualTo(26);

    SweepReport.CpuProfile older = report.rows().get(1).cpu();
    assertThat(older.process()).isEqualTo(60);
    assertThat(older.jit()).isNaN();
    assertThat(older.other()).isNaN();
    assertThat(older.queries()).isNaN();

    assertThat(report.table())
        .contains("where the CPU went")
        .containsPattern("10,000 +30\\.0 +10\\.0 +12\\.0 +0\\.1 +7\\.9 +4\\.0 +26");
    assertThat(report.csv().lines().toList().get(1))
        .endsWith(",10.000,30.000,12.000,0.100,4.000,26");
  }

  @Test
  void aSingleRecordCountHasNoModel() {
    SweepReport report = SweepReport.of(List.of(run(10_000, 6, 500)), List.of(1_000_000L));
    assertThat(report.model()).isNull();
    assertThat(report.predictions()).isEmpty();
    assertThat(report.table()).contains("model:     needs two or more record counts");
  }

  @Test
  void aFallingLinePredictsNothingAndSaysWhy() {
    SweepReport report =
        SweepReport.of(List.of(run(1_000, 40, 500), run(3_000, 39, 500)), List.of(1_000_000L));
    assertThat(report.model().microsPerRecord()).isNegative();
    assertThat(report.predictions()).isEmpty();
    assertThat(report.table())
        .contains("predicted: nothing, the fitted cost per record is not positive")
        .doesNotContain("predicted: 1,000,000 records");
  }

  @Test
  void printsEachTargetAndWhatBoundsAMissedOne() {
    SweepReport report =
        SweepReport.of(
            List.of(run(10_000, 6, 500), run(100_000, 9, 600), run(1_000_000, 30, 1100)),
            List.of());

    String targets = report.targets(2);

    assertThat(targets)
        .contains("      10,000 records     6.00 s, target <= 8 s: met")
        // 100k has no target
        .doesNotContain("100,000 records")
        // process CPU 45 s in 30 s on 2 cores: 75 % busy
        .contains(
            "   1,000,000 records    30.00 s, target <= 15 s: missed by 15.0 s; bound by CPU: the 2"
                + " cores 75 % busy (45.0 s of CPU in 30.0 s); tasks 15.0 s, JIT 18.0 s, GC 0.1 s,"
                + " other 11.9 s; largest stage generate 7.0 s (23 %)")
        .contains(
            "peak RSS 500-1100 MiB, target <= 1024 MiB at every size: missed at 1,000,000 (1100 MiB)");
  }

  @Test
  void aSpeedupShortOfTwiceSaysWhatTheSettingsRemoved() {
    SweepReport before = SweepReport.of(List.of(run(1_000_000, 45, 3000)), List.of());
    SweepReport after = SweepReport.of(List.of(run(1_000_000, 30, 900)), List.of());

    assertThat(SweepReport.comparison(before, after))
        .contains(
            "target: 1.50x at 1,000,000 records, at least 2x: missed; bound by the work both do:"
                + " the settings cut startup by 0.0 s, JIT by 9.0 s and GC by 0.0 s of CPU, and the"
                + " tasks took 22.5 s of CPU untuned against 15.0 s tuned; 2x needs the tuned run"
                + " at 22.5 s");
    SweepReport slow = SweepReport.of(List.of(run(1_000_000, 61, 3000)), List.of());
    assertThat(SweepReport.comparison(slow, after))
        .contains("target: 2.03x at 1,000,000 records, at least 2x: met");
  }
}
