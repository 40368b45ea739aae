package io.sparkbench.operator.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.api.compare.RegressionCheck;
import io.sparkbench.api.result.Failure;
import io.sparkbench.api.run.RunId;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.RoundSummary;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import io.sparkbench.operator.Benchmarks;
import io.sparkbench.operator.Results;
import io.sparkbench.operator.cost.PodShape;
import io.sparkbench.operator.cost.Prices;
import io.sparkbench.operator.cost.RunCost;
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
  void roundsShowTheirTrendAndTheComparisonWithTheBaseline() {
    ScalingBenchmark b = measured();
    for (int round = 1; round <= 3; round++) {
      RoundSummary summary = new RoundSummary();
      summary.round = round;
      summary.finishedAt = "2026-12-0" + round + "T02:10:00Z";
      summary.phase = Phase.Succeeded;
      RoundSummary.Count count = new RoundSummary.Count();
      count.records = 10_000L;
      count.executors = 2;
      count.seconds = List.of(20.0 + round, 21.0 + round);
      count.medianSeconds = 20.5 + round;
      summary.counts.add(count);
      b.getStatus().rounds.add(summary);
    }
    b.getStatus().round = 3;
    b.getStatus().comparison =
        RegressionCheck.compare(
            new RegressionCheck.Side(
                "round 1",
                List.of(new RegressionCheck.Sample(10_000, 2, List.of(21.0, 22.0), 7L)),
                false),
            new RegressionCheck.Side(
                "round 3",
                List.of(new RegressionCheck.Sample(10_000, 2, List.of(42.0, 44.0), 7L)),
                false),
            0.1,
            List.of("image digest sha256:1a2b3c4d… vs <sha256:5e6f>"));

    String page = ResultsPage.render(b);

    assertThat(page)
        .contains("<h2>Rounds and baseline</h2>")
        .contains("Regressed: <strong>True</strong> (Regressed) against round 1")
        .contains("<table id=\"comparison\">")
        .contains("<td>2.00×</td><td>1.91–2.10×</td><td>True</td>")
        .contains("differs: image digest sha256:1a2b3c4d… vs &lt;sha256:5e6f&gt;")
        .contains("<table id=\"rounds\">")
        .contains("<td>3</td><td>2026-12-03T02:10:00Z</td><td>Succeeded</td><td>10k × 2: 23.5</td>")
        .contains("aria-label=\"Median duration per round\"");
    assertThat(ResultsPage.comparisonJson(b))
        .contains("\"benchmark\" : \"team-a/quickstart\"")
        .contains("\"regressed\" : \"True\"")
        .contains("\"medianSeconds\" : 23.5");
  }

  @Test
  void tenantTextIsEscaped() {
    ScalingBenchmark b = measured();
    b.getStatus().error = new Failure("DriverFailed", "<script>alert(1)</script> & \"quotes\"");
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

  @Test
  void eachRunShowsItsCostAndTheModelWhatAMillionRecordsCost() {
    ScalingBenchmark b = measured();
    ScalingBenchmarkStatus status = b.getStatus();
    // one driver and two executors of 1 core and 1408 MiB (1.375 GiB) each
    PodShape shape = new PodShape(1, 1408, 2, 1, 1408);
    for (RunResult r : status.results) {
      r.cost = RunCost.of(r, shape, null);
    }
    RunResults.refit(status, b.getSpec());

    // the 10k run: the driver 0.7 + 21 + 1.5 = 23.2 s, the executors 21 + 1.5 = 22.5 s:
    // 1 × 23.2 + 2 × 22.5 = 68.2 core-s and 1.375 × 68.2 = 93.775 GiB-s
    assertThat(ResultsPage.render(b))
        .contains("<th>cost</th>")
        .contains("<td>68 core-s, 94 GiB-s</td>")
        .containsPattern("a run of 1,000,000 records by the line: \\d+ core-s, \\d+ GiB-s<");

    Prices prices = Prices.parse("{currency: USD, coreHour: 0.04, gibHour: 0.005}");
    for (RunResult r : status.results) {
      r.cost = RunCost.of(r, shape, prices);
    }
    RunResults.refit(status, b.getSpec());

    // 68.2 / 3600 × 0.04 + 93.775 / 3600 × 0.005 = 0.000758 + 0.000130 = 0.000888
    assertThat(status.results.get(0).cost.amount).isEqualTo(0.000888);
    assertThat(ResultsPage.render(b))
        .contains("<td>0.0009 USD (68 core-s, 94 GiB-s)</td>")
        .containsPattern(
            "a run of 1,000,000 records by the line: \\d\\.\\d{4} USD \\(\\d+ core-s, \\d+ GiB-s\\)<");
  }

  /** Elements whose class is exactly a bar's (legend swatches carry a second class). */
  private static long matches(String text, String regex) {
    return Pattern.compile(regex).matcher(text).results().count();
  }

  private static int count(String text, String needle) {
    return text.split(Pattern.quote(needle), -1).length - 1;
  }
}
