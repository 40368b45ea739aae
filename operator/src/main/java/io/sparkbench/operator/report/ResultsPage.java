package io.sparkbench.operator.report;

import static io.sparkbench.operator.report.SvgChart.escape;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A benchmark's results as one self-contained HTML page: duration against records on log axes with
 * the fitted line and the predictions, seconds per stage, peak memory, CPU by part and the runs
 * table. Charts are SVG drawn here; the page loads nothing, so it opens offline and can be mailed.
 * It shows the status and a few spec fields, never {@code sparkConf} (which may hold credentials).
 */
public final class ResultsPage {

  private static final String[] STAGES = {"startup", "generate", "bronze", "silver", "gold"};

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
                    + escape(status.error.reason + ": " + status.error.message)
                    + "</p>")
        .append("</header><main>");
    html.append("<section class=\"charts\">")
        .append(durationChart(results, status.model).toSvg())
        .append(stageChart(results).toSvg())
        .append(memoryChart(results).toSvg())
        .append(cpuChart(results).toSvg())
        .append("</section>");
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
      out.append(escape(String.format(Locale.ROOT, ", fitted on %d runs", model.runs)));
    }
    for (ScalingBenchmarkStatus.Prediction p : model.predictions) {
      out.append("<br>predicted: ")
          .append(
              escape(String.format(Locale.ROOT, "%,d records in %.1f s", p.records, p.seconds)));
    }
    for (String note : new String[] {model.runsLeftOut, model.predictionsWithheld}) {
      if (note != null) {
        out.append("<br><span class=\"note\">").append(escape(note)).append("</span>");
      }
    }
    return out.append("</p>").toString();
  }

  /** Duration against records, both on log axes, with the model's line and its predictions. */
  static SvgChart durationChart(List<RunResult> results, ScalingBenchmarkStatus.Model model) {
    SvgChart chart = new SvgChart("duration", "Duration against records (log axes)");
    if (results.isEmpty()) {
      return chart.note("no finished run yet");
    }
    boolean fitted = model != null && model.fixedSeconds != null && model.microsPerRecord != null;
    List<ScalingBenchmarkStatus.Prediction> predictions =
        fitted ? model.predictions : List.<ScalingBenchmarkStatus.Prediction>of();
    double minRecords = results.stream().mapToDouble(r -> r.records).min().orElse(1);
    double maxRecords = results.stream().mapToDouble(r -> r.records).max().orElse(10);
    double minSeconds = results.stream().mapToDouble(r -> r.durationSeconds).min().orElse(1);
    double maxSeconds = results.stream().mapToDouble(r -> r.durationSeconds).max().orElse(10);
    for (ScalingBenchmarkStatus.Prediction p : predictions) {
      maxRecords = Math.max(maxRecords, p.records);
      minSeconds = Math.min(minSeconds, p.seconds);
      maxSeconds = Math.max(maxSeconds, p.seconds);
    }
    SvgChart.Scale x =
        SvgChart.logScale(minRecords, maxRecords, SvgChart.plotLeft(), SvgChart.plotRight());
    SvgChart.Scale y =
        SvgChart.logScale(minSeconds, maxSeconds, SvgChart.plotBottom(), SvgChart.plotTop());
    chart.xAxis(x, "records").yAxis(y, "seconds");
    if (fitted) {
      List<double[]> line = new ArrayList<>();
      for (int i = 0; i <= 64; i++) {
        double records = x.min() * Math.pow(x.max() / x.min(), i / 64.0);
        double seconds = model.fixedSeconds + model.microsPerRecord * records / 1e6;
        if (seconds >= y.min() && seconds <= y.max()) {
          line.add(new double[] {x.at(records), y.at(seconds)});
        }
      }
      if (line.size() > 1) {
        chart.polyline(line, "model");
      }
    }
    for (RunResult r : results) {
      chart.point(
          x.at(r.records),
          y.at(r.durationSeconds),
          "run",
          String.format(
              Locale.ROOT,
              "%,d records, repetition %d: %.2f s%s",
              r.records,
              r.repetition == null ? 1 : r.repetition,
              r.durationSeconds,
              r.predictedSeconds == null
                  ? ""
                  : String.format(Locale.ROOT, " (predicted %.2f s)", r.predictedSeconds)));
    }
    for (ScalingBenchmarkStatus.Prediction p : predictions) {
      chart.diamond(
          x.at(p.records),
          y.at(p.seconds),
          "prediction",
          String.format(Locale.ROOT, "predicted: %,d records in %.1f s", p.records, p.seconds));
    }
    return chart.legend(
        fitted ? List.of("run", "model", "prediction") : List.of("run"),
        fitted ? List.of("measured", "fitted model", "predicted") : List.of("measured"));
  }

  /** Seconds per stage, stacked, one bar per run. */
  static SvgChart stageChart(List<RunResult> results) {
    SvgChart chart = new SvgChart("stages", "Seconds per stage");
    List<RunResult> staged = results.stream().filter(r -> r.stages != null).toList();
    if (staged.isEmpty()) {
      return chart.note("no run reported its stages");
    }
    double max = staged.stream().mapToDouble(r -> stageTotal(r.stages)).max().orElse(1);
    SvgChart.Scale y = SvgChart.linearScale(max, SvgChart.plotBottom(), SvgChart.plotTop());
    chart.yAxis(y, "seconds").xCategories(staged.stream().map(ResultsPage::category).toList());
    double slot = (SvgChart.plotRight() - SvgChart.plotLeft()) / staged.size();
    for (int i = 0; i < staged.size(); i++) {
      RunResult r = staged.get(i);
      double[] seconds = stageSeconds(r.stages);
      double base = 0;
      double left = SvgChart.plotLeft() + slot * i + slot * 0.2;
      for (int s = 0; s < STAGES.length; s++) {
        chart.bar(
            left,
            slot * 0.6,
            y.at(base + seconds[s]),
            y.at(base),
            "stage-" + STAGES[s],
            String.format(Locale.ROOT, "%s, %s: %.2f s", category(r), STAGES[s], seconds[s]));
        base += seconds[s];
      }
    }
    List<String> classes = new ArrayList<>();
    for (String s : STAGES) {
      classes.add("stage-" + s);
    }
    return chart.legend(classes, List.of(STAGES));
  }

  /** Peak resident memory of the driver and the executor against records. */
  static SvgChart memoryChart(List<RunResult> results) {
    SvgChart chart = new SvgChart("memory", "Peak memory (RSS) against records");
    List<RunResult> measured = results.stream().filter(r -> r.peakMemoryMiB != null).toList();
    if (measured.isEmpty()) {
      return chart.note("no run reported its memory");
    }
    double max = 0;
    for (RunResult r : measured) {
      max = Math.max(max, value(r.peakMemoryMiB.driver));
      max = Math.max(max, value(r.peakMemoryMiB.executor));
    }
    SvgChart.Scale x =
        SvgChart.logScale(
            measured.stream().mapToDouble(r -> r.records).min().orElse(1),
            measured.stream().mapToDouble(r -> r.records).max().orElse(10),
            SvgChart.plotLeft(),
            SvgChart.plotRight());
    SvgChart.Scale y = SvgChart.linearScale(max, SvgChart.plotBottom(), SvgChart.plotTop());
    chart.xAxis(x, "records").yAxis(y, "MiB");
    memorySeries(chart, measured, x, y, "driver", r -> r.peakMemoryMiB.driver);
    memorySeries(chart, measured, x, y, "executor", r -> r.peakMemoryMiB.executor);
    return chart.legend(List.of("driver-memory", "executor-memory"), List.of("driver", "executor"));
  }

  private static void memorySeries(
      SvgChart chart,
      List<RunResult> results,
      SvgChart.Scale x,
      SvgChart.Scale y,
      String kind,
      Function<RunResult, Long> mib) {
    List<double[]> line = new ArrayList<>();
    results.stream()
        .filter(r -> mib.apply(r) != null)
        .sorted((a, b) -> Long.compare(a.records, b.records))
        .forEach(
            r -> {
              double px = x.at(r.records);
              double py = y.at(mib.apply(r));
              line.add(new double[] {px, py});
              chart.point(
                  px,
                  py,
                  kind + "-memory",
                  String.format(Locale.ROOT, "%s, %s: %,d MiB", category(r), kind, mib.apply(r)));
            });
    if (line.size() > 1) {
      chart.polyline(line, kind + "-memory-line");
    }
  }

  /**
   * CPU seconds by part, side by side per run: tasks, the driver's and executors' JVMs, JIT, GC.
   */
  static SvgChart cpuChart(List<RunResult> results) {
    SvgChart chart = new SvgChart("cpu", "CPU seconds by part");
    List<RunResult> measured = results.stream().filter(r -> r.cpuSeconds != null).toList();
    if (measured.isEmpty()) {
      return chart.note("no run reported its CPU");
    }
    String[] parts = {"tasks", "driver", "executors", "jit", "gc"};
    String[] labels = {"tasks", "driver JVM", "executor JVMs", "JIT (both)", "GC (both)"};
    double max = 0;
    for (RunResult r : measured) {
      for (double v : cpuParts(r.cpuSeconds)) {
        max = Math.max(max, v);
      }
    }
    SvgChart.Scale y = SvgChart.linearScale(max, SvgChart.plotBottom(), SvgChart.plotTop());
    chart
        .yAxis(y, "CPU seconds")
        .xCategories(measured.stream().map(ResultsPage::category).toList());
    double slot = (SvgChart.plotRight() - SvgChart.plotLeft()) / measured.size();
    double width = slot * 0.8 / parts.length;
    for (int i = 0; i < measured.size(); i++) {
      RunResult r = measured.get(i);
      double[] values = cpuParts(r.cpuSeconds);
      for (int p = 0; p < parts.length; p++) {
        chart.bar(
            SvgChart.plotLeft() + slot * i + slot * 0.1 + width * p,
            width,
            y.at(values[p]),
            y.at(0),
            "cpu-" + parts[p],
            String.format(Locale.ROOT, "%s, %s: %.2f s", category(r), labels[p], values[p]));
      }
    }
    List<String> classes = new ArrayList<>();
    for (String p : parts) {
      classes.add("cpu-" + p);
    }
    return chart.legend(classes, List.of(labels));
  }

  private static String runsTable(List<RunResult> results) {
    StringBuilder out = new StringBuilder("<section><h2>Runs</h2><table id=\"runs\"><thead><tr>");
    for (String h :
        new String[] {
          "records",
          "rep",
          "attempt",
          "seconds",
          "predicted",
          "error",
          "startup",
          "generate",
          "bronze",
          "silver",
          "gold",
          "silver rows",
          "driver MiB",
          "executor MiB",
          "task CPU s",
          "JVM"
        }) {
      out.append("<th>").append(escape(h)).append("</th>");
    }
    out.append("</tr></thead><tbody>");
    for (RunResult r : results) {
      out.append("<tr class=\"run-row\">");
      cell(out, String.format(Locale.ROOT, "%,d", r.records));
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
          r.predictedSeconds == null || r.predictedSeconds <= 0
              ? "-"
              : String.format(
                  Locale.ROOT,
                  "%+.0f %%",
                  (r.durationSeconds - r.predictedSeconds) / r.predictedSeconds * 100));
      double[] stages = r.stages == null ? null : stageSeconds(r.stages);
      for (int s = 0; s < STAGES.length; s++) {
        cell(out, stages == null ? "-" : String.format(Locale.ROOT, "%.2f", stages[s]));
      }
      cell(
          out,
          r.rows == null || r.rows.silver == null
              ? "-"
              : String.format(Locale.ROOT, "%,d", r.rows.silver));
      cell(out, r.peakMemoryMiB == null ? "-" : number(r.peakMemoryMiB.driver));
      cell(out, r.peakMemoryMiB == null ? "-" : number(r.peakMemoryMiB.executor));
      cell(
          out,
          r.cpuSeconds == null || r.cpuSeconds.tasks == null
              ? "-"
              : String.format(Locale.ROOT, "%.1f", r.cpuSeconds.tasks));
      cell(
          out,
          r.jvm == null
              ? "-"
              : r.jvm.jit + ", " + r.jvm.gc + (r.jvm.archive == null ? "" : ", CDS"));
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

  private static String category(RunResult r) {
    String label = SvgChart.number(r.records);
    return r.repetition != null && r.repetition > 1 ? label + " r" + r.repetition : label;
  }

  private static double[] stageSeconds(ScalingBenchmarkStatus.Stages s) {
    return new double[] {
      value(s.startup), value(s.generate), value(s.bronze), value(s.silver), value(s.gold)
    };
  }

  private static double stageTotal(ScalingBenchmarkStatus.Stages s) {
    double total = 0;
    for (double v : stageSeconds(s)) {
      total += v;
    }
    return total;
  }

  private static double[] cpuParts(ScalingBenchmarkStatus.CpuSeconds c) {
    return new double[] {
      value(c.tasks),
      value(c.driver),
      value(c.executors),
      value(c.driverJit) + value(c.executorsJit),
      value(c.driverGc) + value(c.executorsGc)
    };
  }

  private static double value(Number n) {
    return n == null ? 0 : n.doubleValue();
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
      .charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(600px,1fr));gap:16px;\
      margin-top:16px}
      .chart{background:#fff;border:1px solid #e1e5ec;border-radius:6px;max-width:100%;height:auto}
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
      table{border-collapse:collapse;background:#fff;font-size:12.5px}
      th,td{border:1px solid #e1e5ec;padding:4px 8px;text-align:right;white-space:nowrap}
      th{background:#f1f3f7}td.path{text-align:left;font-family:ui-monospace,monospace}
      footer{margin-top:24px;color:#6a7385;font-size:12px}
      """;
}
