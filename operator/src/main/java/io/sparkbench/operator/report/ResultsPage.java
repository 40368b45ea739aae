package io.sparkbench.operator.report;

import static io.sparkbench.operator.report.SvgChart.escape;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkbench.api.run.Measures;
import io.sparkbench.api.v1.Comparison;
import io.sparkbench.api.v1.RoundSummary;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import io.sparkbench.operator.cost.RunCost;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A benchmark's results as one self-contained HTML page: duration against records on log axes with
 * the fitted line and the predictions, seconds per stage, peak memory, CPU by part and the runs
 * table. Charts are SVG drawn here ({@link ResultCharts}); the page loads nothing, so it opens
 * offline and can be mailed. It shows the status and a few spec fields, never {@code sparkConf}
 * (which may hold credentials).
 */
public final class ResultsPage {

  private ResultsPage() {}

  /**
   * The page of {@code benchmark} as it is now; a run whose result records its page in a Spark
   * History Server ({@code historyServerUrl}) links there.
   */
  public static String render(ScalingBenchmark benchmark) {
    ScalingBenchmarkStatus status =
        benchmark.getStatus() == null ? new ScalingBenchmarkStatus() : benchmark.getStatus();
    List<RunResult> results =
        status.results.stream()
            .filter(r -> r.records != null && r.durationSeconds != null)
            .toList();
    String name = benchmark.getMetadata().getName();
    String namespace = benchmark.getMetadata().getNamespace();
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>")
        .append(escape(name))
        .append(" · sparkbench</title><style>")
        .append(CSS)
        .append("</style></head><body>");
    html.append("<header><h1>scalingbenchmark/")
        .append(escape(name))
        .append(" <span class=\"ns\">in ")
        .append(escape(namespace))
        .append("</span></h1><p class=\"summary\"><span class=\"phase phase-")
        .append(escape(String.valueOf(status.phase)))
        .append("\">")
        .append(escape(status.phase == null ? "Pending" : status.phase.name()))
        .append("</span> ")
        .append(escape(status.progress == null ? "" : status.progress + " runs"))
        .append(" · image <code>")
        .append(escape(benchmark.getSpec() == null ? "" : benchmark.getSpec().image))
        .append("</code></p>")
        .append(modelSummary(status.model))
        .append(
            status.error == null
                ? ""
                : "<p class=\"error\">"
                    + escape(status.error.reason() + ": " + status.error.message())
                    + "</p>")
        .append("</header><main>");
    html.append("<section class=\"charts\">")
        .append(ResultCharts.durationChart(results, status.model).toSvg())
        .append(ResultCharts.stageChart(results).toSvg())
        .append(ResultCharts.memoryChart(results).toSvg())
        .append(ResultCharts.cpuChart(results).toSvg())
        .append(TimelineAndSweepCharts.timeline(results))
        .append(
            status.executorScaling == null
                ? ""
                : TimelineAndSweepCharts.sweep(status.executorScaling))
        .append("</section>");
    html.append(fixedSeconds(status.model));
    html.append(executorSection(status.executorScaling));
    html.append(memorySection(status.memory));
    html.append(roundsSection(status));
    html.append(runsTable(results));
    html.append("</main><footer>")
        .append(escape(results.size() + " result(s). The same data: kubectl get scalingbenchmark "))
        .append(escape(name + " -n " + namespace + " -o yaml"))
        .append("</footer></body></html>\n");
    return html.toString();
  }

  /**
   * The page's data as JSON: the benchmark's name, what it measures (image, record counts,
   * repetitions, predictions, driver and executor resources) and its status; never {@code
   * sparkConf}, storage or anything else of the spec.
   */
  public static String json(ScalingBenchmark benchmark) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", benchmark.getMetadata().getName());
    metadata.put("namespace", benchmark.getMetadata().getNamespace());
    Map<String, Object> spec = new LinkedHashMap<>();
    ScalingBenchmarkSpec s = benchmark.getSpec();
    if (s != null) {
      spec.put("image", s.image);
      spec.put("records", s.records);
      spec.put("executors", s.executors);
      spec.put("repetitions", s.repetitions);
      spec.put("predict", s.predict);
      spec.put("driver", Map.of("cores", s.driver.cores, "memory", s.driver.memory));
      spec.put(
          "executor",
          Map.of(
              "instances", s.executor.instances,
              "cores", s.executor.cores,
              "memory", s.executor.memory));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("apiVersion", benchmark.getApiVersion());
    json.put("kind", benchmark.getKind());
    json.put("metadata", metadata);
    json.put("spec", spec);
    json.put("status", benchmark.getStatus());
    try {
      return JSON.writeValueAsString(json) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the results as JSON", e);
    }
  }

  /**
   * The latest round's comparison with the baseline and the summary of the kept rounds, as JSON
   * (what {@code /benchmarks/<namespace>/<name>/comparison} serves).
   */
  public static String comparisonJson(ScalingBenchmark benchmark) {
    ScalingBenchmarkStatus status =
        benchmark.getStatus() == null ? new ScalingBenchmarkStatus() : benchmark.getStatus();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put(
        "benchmark",
        benchmark.getMetadata().getNamespace() + "/" + benchmark.getMetadata().getName());
    json.put("round", status.round);
    json.put("baseline", benchmark.getSpec() == null ? null : benchmark.getSpec().baseline);
    json.put("comparison", status.comparison);
    json.put("rounds", status.rounds);
    try {
      return JSON.writeValueAsString(json) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the comparison as JSON", e);
    }
  }

  /** The trend across rounds and the latest comparison with the baseline, when there are any. */
  private static String roundsSection(ScalingBenchmarkStatus status) {
    boolean rounds = status.rounds != null && !status.rounds.isEmpty();
    Comparison comparison = status.comparison;
    if (!rounds && comparison == null) {
      return "";
    }
    StringBuilder out = new StringBuilder("<section><h2>Rounds and baseline</h2>");
    if (comparison != null) {
      out.append("<p class=\"verdict verdict-")
          .append(escape(String.valueOf(comparison.regressed)))
          .append("\">Regressed: <strong>")
          .append(escape(String.valueOf(comparison.regressed)))
          .append("</strong> (")
          .append(escape(String.valueOf(comparison.reason)))
          .append(") against ")
          .append(escape(String.valueOf(comparison.baseline)))
          .append(": ")
          .append(escape(String.valueOf(comparison.message)))
          .append("</p>");
      out.append(
          "<table id=\"comparison\"><thead><tr><th>records</th><th>executors</th>"
              + "<th>baseline s</th><th>runs</th><th>round s</th><th>runs</th><th>ratio</th>"
              + "<th>95 % interval</th><th>regressed</th></tr></thead><tbody>");
      for (Comparison.Count c : comparison.counts) {
        out.append("<tr><td>")
            .append(SvgChart.number(c.records))
            .append("</td><td>")
            .append(c.executors)
            .append("</td><td>")
            .append(c.baselineSeconds)
            .append("</td><td>")
            .append(c.baselineRuns == null ? "pinned" : c.baselineRuns)
            .append("</td><td>")
            .append(c.seconds)
            .append("</td><td>")
            .append(c.runs)
            .append("</td><td>")
            .append(String.format(java.util.Locale.ROOT, "%.2f×", c.ratio))
            .append("</td><td>")
            .append(
                c.low == null
                    ? "–"
                    : String.format(java.util.Locale.ROOT, "%.2f–%.2f×", c.low, c.high))
            .append("</td><td>")
            .append(escape(String.valueOf(c.regressed)))
            .append("</td></tr>");
      }
      out.append("</tbody></table>");
      for (String difference : comparison.differences) {
        out.append("<p class=\"note\">differs: ").append(escape(difference)).append("</p>");
      }
    }
    if (rounds) {
      out.append("<div class=\"charts\">")
          .append(TimelineAndSweepCharts.trend(status.rounds, comparison))
          .append("</div>");
      out.append(
          "<table id=\"rounds\"><thead><tr><th>round</th><th>finished</th><th>phase</th>"
              + "<th>medians (records × executors: s)</th><th>fixed s</th><th>µs/record</th>"
              + "<th>regressed</th></tr></thead><tbody>");
      for (RoundSummary r : status.rounds) {
        StringBuilder medians = new StringBuilder();
        for (RoundSummary.Count c : r.counts) {
          medians
              .append(medians.length() == 0 ? "" : ", ")
              .append(SvgChart.number(c.records))
              .append(" × ")
              .append(c.executors)
              .append(": ")
              .append(c.medianSeconds);
        }
        out.append("<tr><td>")
            .append(r.round)
            .append("</td><td>")
            .append(escape(String.valueOf(r.finishedAt)))
            .append("</td><td>")
            .append(escape(String.valueOf(r.phase)))
            .append("</td><td>")
            .append(escape(medians.toString()))
            .append("</td><td>")
            .append(r.fixedSeconds == null ? "–" : r.fixedSeconds)
            .append("</td><td>")
            .append(r.microsPerRecord == null ? "–" : r.microsPerRecord)
            .append("</td><td>")
            .append(r.regressed == null ? "–" : escape(r.regressed))
            .append("</td></tr>");
      }
      out.append("</tbody></table>");
    }
    if (status.nextRoundAt != null) {
      out.append("<p class=\"note\">next round at ")
          .append(escape(status.nextRoundAt))
          .append("</p>");
    }
    return out.append("</section>").toString();
  }

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private static String modelSummary(ScalingBenchmarkStatus.Model model) {
    if (model == null || model.fixedSeconds == null || model.microsPerRecord == null) {
      return "<p class=\"model-summary\">model: needs runs of two record counts</p>";
    }
    StringBuilder out = new StringBuilder("<p class=\"model-summary\">model: ");
    out.append(
        escape(
            String.format(
                Locale.ROOT,
                "%.2f s + %.3f µs/record%s",
                model.fixedSeconds,
                model.microsPerRecord,
                model.rSquared == null
                    ? ""
                    : String.format(Locale.ROOT, " (R² %.4f)", model.rSquared))));
    if (model.runs != null) {
      out.append(
          escape(
              String.format(
                  Locale.ROOT,
                  ", fitted on %d runs%s",
                  model.runs,
                  model.executors == null ? "" : " with " + model.executors + " executor(s)")));
    }
    out.append("<br>")
        .append(
            escape(
                model.residualSeconds == null
                    ? "error: unknown, two runs fit any line exactly"
                    : String.format(
                        Locale.ROOT,
                        "error: the runs scatter ±%.2f s around the line",
                        model.residualSeconds)));
    ScalingBenchmarkStatus.PredictionCheck check = model.priorPredictions;
    out.append("<br>")
        .append(
            escape(
                check == null
                    ? "predicted before measured: no run yet (a run is predicted once two smaller"
                        + " record counts are measured)"
                    : String.format(
                        Locale.ROOT,
                        "predicted before measured: %d run%s, mean error %.1f %%, worst %.1f %%,"
                            + " %s",
                        check.runs,
                        check.runs == 1 ? "" : "s",
                        check.meanAbsoluteErrorPercent,
                        check.worstErrorPercent,
                        check.withInterval == null || check.withInterval == 0
                            ? "none with an interval"
                            : check.withinInterval
                                + " of "
                                + check.withInterval
                                + " inside their 95 % interval")));
    for (ScalingBenchmarkStatus.Prediction p : model.predictions) {
      out.append("<br>predicted: ")
          .append(
              escape(
                  String.format(
                      Locale.ROOT,
                      "%,d records in %.1f s (95 %% interval %.1f to %.1f s)",
                      p.records,
                      p.seconds,
                      p.low,
                      p.high)));
      if (Boolean.TRUE.equals(p.extrapolated)) {
        out.append(
            " <span class=\"note\">extrapolated beyond 10× the largest measured count</span>");
      }
    }
    if (model.costPerMillionRecords != null) {
      out.append("<br>")
          .append(
              escape(
                  "a run of 1,000,000 records by the line: "
                      + RunCost.describe(model.costPerMillionRecords)));
    }
    for (String note : new String[] {model.runsLeftOut, model.predictionsWithheld}) {
      if (note != null) {
        out.append("<br><span class=\"note\">").append(escape(note)).append("</span>");
      }
    }
    return out.append("</p>").toString();
  }

  /** Where the model's fixed seconds go: each part's intercept. */
  private static String fixedSeconds(ScalingBenchmarkStatus.Model model) {
    if (model == null || model.fixedSecondsByPart == null) {
      return "";
    }
    StringBuilder out =
        new StringBuilder(
            "<section><h2>Where the fixed seconds go</h2><table id=\"fixed\"><thead><tr>");
    model
        .fixedSecondsByPart
        .keySet()
        .forEach(k -> out.append("<th>").append(escape(k)).append("</th>"));
    out.append("</tr></thead><tbody><tr>");
    model
        .fixedSecondsByPart
        .values()
        .forEach(v -> cell(out, String.format(Locale.ROOT, "%.2f", v)));
    out.append("</tr></tbody></table><p class=\"note\">")
        .append(
            escape(
                "Each part of the runs fitted against records as the model is: its seconds at no"
                    + " records. The stages (startup to gold) make up the model's "
                    + String.format(Locale.ROOT, "%.2f", model.fixedSeconds)
                    + " fixed seconds; the others happen around the measured run."))
        .append("</p></section>");
    return out.toString();
  }

  private static String executorSection(ScalingBenchmarkStatus.ExecutorScaling scaling) {
    if (scaling == null) {
      return "";
    }
    StringBuilder out = new StringBuilder("<section><h2>Executors</h2>");
    out.append("<table id=\"executor-lines\"><thead><tr><th>executors</th><th>fixed s</th>")
        .append("<th>µs/record</th><th>R²</th><th>runs</th></tr></thead><tbody>");
    for (ScalingBenchmarkStatus.ExecutorLine l : scaling.lines) {
      out.append("<tr>");
      cell(out, String.valueOf(l.executors));
      cell(out, String.format(Locale.ROOT, "%.2f", l.fixedSeconds));
      cell(out, String.format(Locale.ROOT, "%.3f", l.microsPerRecord));
      cell(out, l.rSquared == null ? "-" : String.format(Locale.ROOT, "%.4f", l.rSquared));
      cell(out, String.valueOf(l.runs));
      out.append("</tr>");
    }
    out.append("</tbody></table>");
    out.append("<table id=\"speedup\"><thead><tr><th>records</th><th>executors</th>")
        .append("<th>seconds</th><th>speedup</th><th>efficiency</th></tr></thead><tbody>");
    for (ScalingBenchmarkStatus.Speedup sp : scaling.speedup) {
      out.append("<tr>");
      cell(out, String.format(Locale.ROOT, "%,d", sp.records));
      cell(out, String.valueOf(sp.executors));
      cell(out, String.format(Locale.ROOT, "%.2f", sp.seconds));
      cell(out, String.format(Locale.ROOT, "%.2f", sp.speedup));
      cell(out, String.format(Locale.ROOT, "%.0f %%", sp.efficiency * 100));
      out.append("</tr>");
    }
    out.append("</tbody></table><p class=\"model-summary\">");
    if (scaling.runsLeftOut != null) {
      out.append("<span class=\"note\">").append(escape(scaling.runsLeftOut)).append("</span><br>");
    }
    if (scaling.ernest != null) {
      out.append(
          escape(
              String.format(
                  Locale.ROOT,
                  "Ernest: %.2f s + %.3f µs × records / executors + %.2f s × ln(executors) + %.2f"
                      + " s × executors (R² %s, %d runs)",
                  scaling.ernest.fixedSeconds,
                  scaling.ernest.microsPerRecord,
                  scaling.ernest.logExecutorsSeconds,
                  scaling.ernest.perExecutorSeconds,
                  scaling.ernest.rSquared == null
                      ? "n/a"
                      : String.format(Locale.ROOT, "%.4f", scaling.ernest.rSquared),
                  scaling.ernest.runs)));
    } else if (scaling.ernestWithheld != null) {
      out.append("<span class=\"note\">")
          .append(escape("Ernest: not fitted: " + scaling.ernestWithheld))
          .append("</span>");
    }
    out.append("<br>");
    if (scaling.usl != null) {
      out.append(
          escape(
              String.format(
                  Locale.ROOT,
                  "Universal Scalability Law at %,d records: lambda %.1f records/s, sigma %.4f,"
                      + " kappa %.6f (R² %s)%s",
                  scaling.usl.records,
                  scaling.usl.lambda,
                  scaling.usl.sigma,
                  scaling.usl.kappa,
                  scaling.usl.rSquared == null
                      ? "n/a"
                      : String.format(Locale.ROOT, "%.4f", scaling.usl.rSquared),
                  scaling.usl.peakExecutors == null
                      ? ", no peak (kappa 0)"
                      : String.format(
                          Locale.ROOT,
                          ", throughput peaks at %.1f executors",
                          scaling.usl.peakExecutors))));
    } else if (scaling.uslWithheld != null) {
      out.append("<span class=\"note\">")
          .append(escape("Universal Scalability Law: not fitted: " + scaling.uslWithheld))
          .append("</span>");
    }
    for (ScalingBenchmarkStatus.ExecutorPrediction p : scaling.predictions) {
      out.append("<br>")
          .append(
              escape(
                  String.format(
                      Locale.ROOT,
                      "Ernest predicts %,d records at %d executor(s) in %.1f s%s",
                      p.records,
                      p.executors,
                      p.seconds,
                      Boolean.TRUE.equals(p.extrapolated) ? " (extrapolated)" : "")));
    }
    return out.append("</p></section>").toString();
  }

  private static String memorySection(List<ScalingBenchmarkStatus.MemoryFit> fits) {
    if (fits == null || fits.isEmpty()) {
      return "";
    }
    StringBuilder out =
        new StringBuilder(
            "<section><h2>Memory</h2><table id=\"memory-fits\"><thead><tr><th>role</th>"
                + "<th>MiB at no records</th><th>MiB per million records</th><th>R²</th>"
                + "<th>pod limit MiB</th><th>limit reached at records</th>"
                + "<th>recommended memory</th></tr></thead><tbody>");
    for (ScalingBenchmarkStatus.MemoryFit m : fits) {
      out.append("<tr>");
      cell(out, m.role);
      cell(out, String.format(Locale.ROOT, "%.0f", m.fixedMiB));
      cell(out, String.format(Locale.ROOT, "%.1f", m.mibPerMillionRecords));
      cell(out, m.rSquared == null ? "-" : String.format(Locale.ROOT, "%.2f", m.rSquared));
      cell(out, m.limitMiB == null ? "-" : String.valueOf(m.limitMiB));
      cell(
          out,
          m.limitReachedAtRecords == null
              ? "not reached"
              : String.format(Locale.ROOT, "%,d", m.limitReachedAtRecords));
      cell(out, m.recommendedMemory == null ? "-" : m.recommendedMemory);
      out.append("</tr>");
    }
    return out.append("</tbody></table></section>").toString();
  }

  private static String runsTable(List<RunResult> results) {
    StringBuilder out = new StringBuilder("<section><h2>Runs</h2><table id=\"runs\"><thead><tr>");
    List<String> headers =
        new ArrayList<>(
            List.of(
                "records",
                "executors",
                "rep",
                "attempt",
                "seconds",
                "predicted",
                "95 % interval",
                "prediction error"));
    for (Measures.Stage stage : Measures.Stage.values()) {
      headers.add(stage.key);
    }
    for (Measures.MemoryRole role : Measures.MemoryRole.values()) {
      headers.add(role.key + " MiB");
    }
    headers.addAll(
        List.of("task CPU s", "active tasks", "cores wasted", "stage chain", "JVM", "cost"));
    for (String h : headers) {
      out.append("<th>").append(escape(h)).append("</th>");
    }
    out.append("</tr></thead><tbody>");
    for (RunResult r : results) {
      out.append("<tr class=\"run-row\">");
      cell(out, String.format(Locale.ROOT, "%,d", r.records));
      cell(out, r.executors == null ? "-" : String.valueOf(r.executors));
      cell(out, String.valueOf(r.repetition));
      cell(out, String.valueOf(r.attempt));
      cell(out, String.format(Locale.ROOT, "%.2f", r.durationSeconds));
      cell(
          out,
          r.predictedSeconds == null
              ? "-"
              : String.format(Locale.ROOT, "%.2f", r.predictedSeconds));
      cell(
          out,
          r.predictedInterval == null
              ? "-"
              : String.format(
                  Locale.ROOT, "%.1f to %.1f", r.predictedInterval.low, r.predictedInterval.high));
      cell(
          out,
          r.predictionErrorPercent == null
              ? "-"
              : String.format(Locale.ROOT, "%+.0f %%", r.predictionErrorPercent));
      double[] stages = r.stages == null ? null : ResultCharts.stageSeconds(r);
      for (int s = 0; s < ResultCharts.STAGES.length; s++) {
        cell(out, stages == null ? "-" : String.format(Locale.ROOT, "%.2f", stages[s]));
      }
      for (Measures.MemoryRole role : Measures.MemoryRole.values()) {
        cell(out, number(role.of(r)));
      }
      cell(
          out,
          r.cpuSeconds == null || r.cpuSeconds.tasks == null
              ? "-"
              : String.format(Locale.ROOT, "%.1f", r.cpuSeconds.tasks));
      ScalingBenchmarkStatus.Efficiency e = r.efficiency;
      cell(
          out,
          e == null || e.averageActiveTasks == null
              ? "-"
              : String.format(Locale.ROOT, "%.2f", e.averageActiveTasks));
      cell(
          out,
          e == null || e.wastedPercent == null
              ? "-"
              : String.format(Locale.ROOT, "%.0f %%", e.wastedPercent));
      cell(out, e == null || e.longestStageChain == null ? "-" : e.longestStageChain.toString());
      cell(
          out,
          r.jvm == null
              ? "-"
              : r.jvm.jit + ", " + r.jvm.gc + (r.jvm.archive == null ? "" : ", CDS"));
      cell(out, RunCost.describe(r.cost));
      out.append("</tr>");
    }
    out.append("</tbody></table>");
    // What to open each run with in Spark's History Server: its application and event log.
    boolean links = results.stream().anyMatch(r -> r.historyServerUrl != null);
    out.append("<h2>Spark applications</h2><table id=\"applications\"><thead><tr>")
        .append("<th>records</th><th>rep</th><th>attempt</th><th>application id</th>")
        .append("<th>event log</th>")
        .append(links ? "<th>Spark History Server</th>" : "")
        .append("</tr></thead><tbody>");
    for (RunResult r : results) {
      out.append("<tr>");
      cell(out, String.format(Locale.ROOT, "%,d", r.records));
      cell(out, String.valueOf(r.repetition));
      cell(out, String.valueOf(r.attempt));
      cell(out, r.sparkApplicationId == null ? "-" : r.sparkApplicationId);
      out.append("<td class=\"path\">")
          .append(escape(r.eventLog == null ? "event logs were off" : r.eventLog))
          .append("</td>");
      if (links) {
        String link = r.eventLog == null ? null : r.historyServerUrl;
        out.append(
            link == null || !link.matches("^https?://\\S+$")
                ? "<td>-</td>"
                : "<td><a class=\"history\" href=\""
                    + escape(link)
                    + "\">jobs, stages, SQL and DAG</a></td>");
      }
      out.append("</tr>");
    }
    return out.append("</tbody></table></section>").toString();
  }

  private static void cell(StringBuilder out, String text) {
    out.append("<td>").append(escape(text)).append("</td>");
  }

  private static String number(Long value) {
    return value == null ? "-" : String.format(Locale.ROOT, "%,d", value);
  }

  private static final String CSS =
      """
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#1d2433;\
      background:#fafbfc}
      h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:24px 0 8px}.ns{color:#6a7385;\
      font-weight:400;font-size:16px}
      .summary,.model-summary{margin:4px 0}.note{color:#8a5a00}.error{color:#b00020}
      .phase{padding:1px 8px;border-radius:10px;background:#e3e7ee;font-weight:600}
      .phase-Succeeded{background:#d6f0dc;color:#11632b}.phase-Failed{background:#fbdada;\
      color:#9b1c1c}.phase-Running{background:#dbe8fb;color:#1d4d9b}
      .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(540px,1fr));gap:16px;\
      margin-top:16px}
      .chart{background:#fff;border:1px solid #e1e5ec;border-radius:6px;box-sizing:border-box;\
      width:100%;height:auto}
      .title{font-weight:600;font-size:14px;fill:#1d2433}.tick,.legend{font-size:11px;fill:#4b5468}
      .label{font-size:12px;fill:#4b5468}.note{font-size:13px;fill:#8a93a6}
      .axis{stroke:#8a93a6}.grid{stroke:#eef0f4}
      .run{fill:#1f6feb}.model{fill:none;stroke:#e8590c;stroke-width:2}.model.swatch{fill:#e8590c}
      .prediction{fill:#fff;stroke:#e8590c;stroke-width:2}
      .stage-startup{fill:#5c6678}.stage-generate{fill:#4c9be8}.stage-bronze{fill:#c58b3c}
      .stage-silver{fill:#b9c3cf}.stage-gold{fill:#e0b531}
      .driver-memory{fill:#1f6feb}.executor-memory{fill:#2f9e44}
      .driver-memory-line{fill:none;stroke:#1f6feb}.executor-memory-line{fill:none;stroke:#2f9e44}
      .cpu-tasks{fill:#2f9e44}.cpu-driver{fill:#1f6feb}.cpu-executors{fill:#6741d9}
      .cpu-jit{fill:#e8590c}.cpu-gc{fill:#c2255c}
      table{border-collapse:collapse;background:#fff;font-size:12px}
      th,td{border:1px solid #e1e5ec;padding:3px 5px;text-align:right;white-space:nowrap}
      th{background:#f1f3f7;white-space:normal}td.path{text-align:left;\
      font-family:ui-monospace,monospace;white-space:normal;overflow-wrap:anywhere;max-width:36em}
      section{max-width:100%;overflow-x:auto}main{max-width:1232px}
      footer{margin-top:24px;color:#6a7385;font-size:12px}
      """;
}
