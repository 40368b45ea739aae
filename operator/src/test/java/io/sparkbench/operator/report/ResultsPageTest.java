package io.sparkbench.operator.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.api.run.RunId;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import io.sparkbench.operator.Benchmarks;
import io.sparkbench.operator.Results;
import io.sparkbench.operator.status.PhaseStatus;
import io.sparkbench.operator.status.RunResults;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ResultsPageTest {

  /** A benchmark of three runs (10k, 100k, 1M) with its model and a 10M prediction. */
  static ScalingBenchmark measured() {
    ScalingBenchmark b =
        Benchmarks.benchmark("team-a", "quickstart", 10_000L, 100_000L, 1_000_000L);
    b.getSpec().predict = List.of(10_000_000L);
    b.getSpec().sparkConf.put("spark.hadoop.fs.s3a.secret.key", "do-not-show-this");
    ScalingBenchmarkStatus status = new ScalingBenchmarkStatus();
    long[] records = {10_000, 100_000, 1_000_000};
    double[] seconds = {21.0, 23.0, 41.0};
    for (int i = 0; i < records.length; i++) {
      RunResult entry =
          RunResults.toRunResult(
              Results.succeeded(records[i], seconds[i]),
              new RunId(records[i], 2, 1, 1, false),
              "quickstart-" + records[i] + "-r1-a1-driver",
              Instant.parse("2026-12-02T10:00:00Z"),
              status.results);
      // as a real node's pod and the driver report it (see RunTimeline)
      entry.timeline = new ScalingBenchmarkStatus.Timeline();
      entry.timeline.queued = 0.2;
      entry.timeline.scheduling = 1.0;
      entry.timeline.containerStart = 2.0;
      entry.timeline.jvmStart = 0.7;
      entry.timeline.run = seconds[i];
      entry.timeline.firstJob = 0.4;
      entry.timeline.driverExit = 1.5;
      entry.timeline.recording = 0.3;
      entry.timeline.totalSeconds = 0.2 + 1.0 + 2.0 + 0.7 + seconds[i] + 1.5 + 0.3;
      RunResults.append(status, entry, b.getSpec());
    }
    status.progress = PhaseStatus.progress(status, b.getSpec());
    status.phase = Phase.Succeeded;
    b.setStatus(status);
    return b;
  }

  @Test
  void drawsOnePointPerResultTheModelLineAndThePrediction() {
    String page = ResultsPage.render(measured());

    assertThat(count(page, "<circle class=\"run\"")).isEqualTo(3);
    assertThat(count(page, "<path class=\"model\"")).isEqualTo(1);
    assertThat(count(page, "<path class=\"prediction\"")).isEqualTo(1);
    // Five stages stacked per run, five CPU parts side by side per run.
    assertThat(matches(page, "<rect class=\"stage-[a-z]+\" ")).isEqualTo(15);
    assertThat(matches(page, "<rect class=\"cpu-[a-z]+\" ")).isEqualTo(15);
    assertThat(count(page, "<circle class=\"driver-memory\"")).isEqualTo(3);
    assertThat(count(page, "<circle class=\"executor-memory\"")).isEqualTo(3);
    assertThat(count(page, "<tr class=\"run-row\">")).isEqualTo(3);
    assertThat(page)
        .contains("scalingbenchmark/quickstart <span class=\"ns\">in team-a</span>")
        .contains("predicted: 10,000,000 records in")
        .contains("<title>1,000,000 records, repetition 1: 41.00 s (predicted")
        .contains("spark-5f3c2a1b9d8e4f60a7b2c3d4e5f60718");
  }

  @Test
  void theModelLineRunsThroughTheFittedValues() {
    ScalingBenchmark b = measured();
    String svg = ResultCharts.durationChart(b.getStatus().results, b.getStatus().model).toSvg();
    // Along a log-log chart the line y = a + b·x is a curve; its first point is at the left edge.
    Matcher m = Pattern.compile("<path class=\"model\" d=\"M([0-9.]+) ").matcher(svg);
    assertThat(m.find()).isTrue();
    assertThat(Double.parseDouble(m.group(1))).isEqualTo(SvgChart.plotLeft());
  }

  @Test
  void loadsNothingAndShowsNoSparkConf() {
    String page = ResultsPage.render(measured());

    assertThat(page)
        .doesNotContain("<script")
        .doesNotContain("<link")
        .doesNotContain("src=")
        // url(#…) names a clip path inside the page (the JFreeSVG charts); nothing else
        .doesNotContainPattern("url\\((?!#)")
        .doesNotContain("do-not-show-this")
        .doesNotContain("secret.key");
    assertThat(ResultsPage.json(measured()))
        .contains("\"records\" : [ 10000, 100000, 1000000 ]")
        .contains("\"fixedSeconds\"")
        .doesNotContain("do-not-show-this")
        .doesNotContain("sparkConf");
  }

  @Test
  void tenantTextIsEscaped() {
    ScalingBenchmark b = measured();
    b.getStatus().error = new ScalingBenchmarkStatus.Error();
    b.getStatus().error.reason = "DriverFailed";
    b.getStatus().error.message = "<script>alert(1)</script> & \"quotes\"";
    b.getSpec().image = "registry.example/x:<b>";

    String page = ResultsPage.render(b);

    assertThat(page)
        .doesNotContain("<script>")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;")
        .contains("registry.example/x:&lt;b&gt;");
  }

  @Test
  void aBenchmarkWithoutResultsSaysSo() {
    ScalingBenchmark b = Benchmarks.benchmark("team-a", "fresh", 10_000L);

    String page = ResultsPage.render(b);

    assertThat(page)
        .contains("no finished run yet")
        .contains("model: needs runs of two record counts")
        .doesNotContain("<circle class=\"run\"");
  }

  /** Elements whose class is exactly a bar's (legend swatches carry a second class). */
  private static long matches(String text, String regex) {
    return Pattern.compile(regex).matcher(text).results().count();
  }

  private static int count(String text, String needle) {
    return text.split(Pattern.quote(needle), -1).length - 1;
  }
}
