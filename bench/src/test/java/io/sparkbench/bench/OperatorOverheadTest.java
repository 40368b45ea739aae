package io.sparkbench.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.local.LocalCluster;
import io.sparkbench.operator.reconciler.ValidateSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class OperatorOverheadTest {

  @Test
  void mediansRatioAndVerdictsArePrintedBesideTheTargets() {
    OverheadReport report = new OverheadReport(10_000, 2);
    report.add(
        new OverheadReport.OperatorRun(
            0.2,
            0.4,
            40.0,
            38.0,
            stages(8, 6, 6, 12, 6),
            new OverheadReport.Cpu(27, 19, 9, Double.NaN, Double.NaN)));
    report.add(
        new OverheadReport.OperatorRun(
            0.9,
            1.3,
            50.0,
            47.0,
            stages(10, 8, 8, 14, 7),
            new OverheadReport.Cpu(29, 21, 10, Double.NaN, Double.NaN)));
    report.add(
        new OverheadReport.OperatorRun(
            0.3,
            0.5,
            45.0,
            43.0,
            stages(9, 7, 7, 13, 7),
            new OverheadReport.Cpu(28, 20, 11, Double.NaN, Double.NaN)));
    report.addLocal(
        new OverheadReport.LocalRun(
            30.0,
            stages(2, 5, 5, 12, 6),
            new OverheadReport.Cpu(22, 50, 18, Double.NaN, Double.NaN)));
    report.addLocal(
        new OverheadReport.LocalRun(
            32.0,
            stages(2, 5, 6, 13, 6),
            new OverheadReport.Cpu(23, 52, 17, Double.NaN, Double.NaN)));
    report.addLocal(new OverheadReport.LocalRun(28.0, stages(3, 4, 5, 11, 5), null));

    assertThat(report.median(OverheadReport.OperatorRun::processStarted)).isEqualTo(0.5);
    assertThat(report.ratio()).isEqualTo(1.5);
    assertThat(report.table())
        .contains("10,000 records, 1 executor: medians of 3 operator and 3 local run(s)")
        .containsPattern(
            "apply -> driver process started +0\\.500 +\\(0\\.400, 1\\.300, 0\\.500\\)")
        .contains("target <= 1 s: met")
        .containsPattern(
            "apply -> Succeeded \\(operator, end to end\\) +45\\.000 .*target <= 12 s: missed")
        .contains(
            "bound by: apply -> driver 0.5 s, startup 9.0 s, generate 7.0 s, bronze 7.0 s, silver"
                + " 13.0 s, gold 7.0 s, driver's result -> Succeeded 1.6 s; the 2 cores 22 % busy"
                + " from apply to Succeeded (20.0 s of CPU)")
        .as("the ratio's target is at 1M records")
        .containsPattern("ratio operator / local +1\\.50x\n")
        .containsPattern("ratio driver-reported / local +1\\.43x")
        .containsPattern("startup +9\\.00 +2\\.00 +4\\.50x")
        .containsPattern("silver +13\\.00 +12\\.00 +1\\.08x")
        .as("a local run without CPU figures leaves the CPU table out")
        .doesNotContain("CPU medians");

    OverheadReport measured = new OverheadReport(1_000_000, 2);
    measured.add(
        new OverheadReport.OperatorRun(
            0.1,
            0.2,
            45,
            44,
            stages(8, 7, 7, 15, 6),
            new OverheadReport.Cpu(27.1, 19.6, 9.8, 41.2, 14.3)));
    measured.addLocal(
        new OverheadReport.LocalRun(
            28,
            stages(2, 5, 5, 12, 3),
            new OverheadReport.Cpu(22.9, 50.3, 17.8, Double.NaN, Double.NaN)));
    assertThat(measured.table())
        .containsPattern("ratio operator / local +1\\.61x +target <= 1\\.2x: missed")
        .contains(
            "bound by: +17.0 s over local mode: apply -> driver +0.2, startup +6.0, generate +2.0,"
                + " bronze +2.0, silver +3.0, gold +3.0, result -> Succeeded +0.8 s; CPU 60.8 s in"
                + " the driver and executor JVMs against 50.3 s in local mode's one; the 2 cores"
                + " 68 % busy from apply to Succeeded (60.8 s of CPU)")
        .doesNotContain("target <= 12 s")
        .containsPattern("tasks +27\\.10 +22\\.90")
        .containsPattern("driver JVM \\(local mode: the whole process\\) +19\\.60 +50\\.30")
        .containsPattern("driver JIT threads +9\\.80 +17\\.80")
        .containsPattern("executor JVMs +41\\.20 +-")
        .containsPattern("executor JIT threads +14\\.30 +-");
  }

  private static BenchmarkResult.StageSeconds stages(
      double startup, double generate, double bronze, double silver, double gold) {
    return new BenchmarkResult.StageSeconds(startup, generate, bronze, silver, gold);
  }

  @Test
  void aSlowDriverStartAndNoLocalRunsAreSaidSo() {
    OverheadReport report = new OverheadReport(1_000_000);
    report.add(
        new OverheadReport.OperatorRun(1.1, 1.4, 90.0, 85.0, stages(9, 20, 20, 30, 5), null));

    assertThat(report.table())
        .contains("target <= 1 s: missed")
        .containsPattern("local mode \\(the single-run command\\) +skipped")
        .doesNotContain("ratio operator")
        .doesNotContain("stage medians");
  }

  @Test
  void argumentsNeedRecordCounts() {
    OperatorOverhead.Arguments parsed =
        OperatorOverhead.Arguments.parse(
            new String[] {"--records", "10000,1000000", "--repetitions", "3", "--skip-local"});
    assertThat(parsed.records()).containsExactly(10_000L, 1_000_000L);
    assertThat(parsed.repetitions()).isEqualTo(3);
    assertThat(parsed.skipLocal()).isTrue();
    assertThat(parsed.workDir()).isEqualTo(Path.of("bench-results", "operator-overhead"));
    assertThat(parsed.sparkConf()).isEmpty();

    assertThatThrownBy(() -> OperatorOverhead.Arguments.parse(new String[0]))
        .hasMessage("--records is required");
    assertThatThrownBy(
            () -> OperatorOverhead.Arguments.parse(new String[] {"--records", "10000,0"}))
        .hasMessage("--records takes whole numbers >= 1, got 0");
    assertThatThrownBy(
            () -> OperatorOverhead.Arguments.parse(new String[] {"--records", "1000", "-r", "2"}))
        .hasMessage("unknown option -r");
    assertThatThrownBy(
            () ->
                OperatorOverhead.Arguments.parse(
                    new String[] {"--records", "1000", "--repetitions", "none"}))
        .hasMessage("--repetitions takes whole numbers >= 1, got none");
    assertThat(
            OperatorOverhead.Arguments.parse(
                    new String[] {"--records", "1000", "--control-plane", "mock,real"})
                .controlPlanes())
        .containsExactly(LocalCluster.ControlPlaneKind.MOCK, LocalCluster.ControlPlaneKind.REAL);
  }

  @Test
  void sparkConfGoesIntoTheSpecAndWhatTheOperatorWouldRefuseIsRefusedFirst() {
    OperatorOverhead.Arguments parsed =
        OperatorOverhead.Arguments.parse(
            new String[] {
              "--records",
              "1000000",
              "--spark-conf",
              "spark.scheduler.minRegisteredResourcesRatio=0",
              "--spark-conf",
              "spark.executor.extraJavaOptions=-XX:+UseParallelGC -Xss1m"
            });
    assertThat(parsed.sparkConf())
        .containsEntry("spark.scheduler.minRegisteredResourcesRatio", "0")
        .containsEntry("spark.executor.extraJavaOptions", "-XX:+UseParallelGC -Xss1m");

    assertThatThrownBy(
            () ->
                OperatorOverhead.Arguments.parse(
                    new String[] {"--records", "1000", "--spark-conf", "novalue"}))
        .hasMessageStartingWith("--spark-conf takes KEY=VALUE");
    assertThatThrownBy(
            () ->
                OperatorOverhead.Arguments.parse(
                    new String[] {"--records", "1000", "--spark-conf", "spark.master=local[2]"}))
        .hasMessageContaining("spark.master");
  }

  @Test
  void theStatusStagesAreReadOnlyWhenAllFiveAreThere() {
    ScalingBenchmarkStatus.Stages stages = new ScalingBenchmarkStatus.Stages();
    stages.startup = 8.6;
    stages.generate = 7.0;
    stages.bronze = 6.7;
    stages.silver = 15.5;
    assertThat(OperatorOverhead.stages(stages)).isNull();
    stages.gold = 6.1;
    assertThat(OperatorOverhead.stages(stages)).isEqualTo(stages(8.6, 7.0, 6.7, 15.5, 6.1));
    assertThat(OperatorOverhead.stages(null)).isNull();
  }

  @Test
  void theAppliedBenchmarkIsValidAndHasOneRunWithOneExecutorOfLocalModesCores() {
    var benchmark = OperatorOverhead.benchmark("overhead-10000-r1", 10_000);

    assertThat(ValidateSpec.problems(benchmark, Map.of(), null)).isEmpty();
    assertThat(benchmark.getSpec().records).isEqualTo(List.of(10_000L));
    assertThat(benchmark.getSpec().executor.instances).isEqualTo(1);
    assertThat(benchmark.getSpec().executor.cores)
        .isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void helpListsEveryOptionAndBadInputIsOneLine() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Bench.commandLine(System.out, System.err);
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("operator-overhead", "--help")).isZero();
    assertThat(out.toString().replaceAll("\\s+", " "))
        .contains("Usage: bench operator-overhead")
        .contains("--records=N")
        .containsPattern("--repetitions=R +Runs per record count \\(default 1\\)")
        .containsPattern("--work-dir=DIR [^(]*\\(default bench-results/operator-overhead")
        .contains("--app-jar=FILE")
        .contains("--skip-local")
        .contains("--spark-conf=KEY=VALUE")
        .contains("--control-plane=mock|real");
    assertThat(cli.execute("operator-overhead", "--records", "1000", "--spark-conf", "novalue"))
        .isEqualTo(2);
    assertThat(err.toString())
        .startsWith("error: --spark-conf takes KEY=VALUE")
        .endsWith("(see bench operator-overhead --help)" + System.lineSeparator())
        .hasLineCount(1);
  }
}
