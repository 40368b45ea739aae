package io.sparkbench.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.operator.Benchmarks;
import io.sparkbench.operator.RequiredTool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard against a real Prometheus (Debian's {@code prometheus}, on loopback)
 * scraping the operator after a small local run: every query of every panel returns series, and the
 * run and model series hold the values the status holds. Skipped with the reason without a {@code
 * prometheus} binary, unless {@code sparkbench.prometheus.required} is true (CI).
 */
class DashboardOnPrometheusIT {

  private static final Path DASHBOARD =
      Path.of("..", "helm", "sparkbench-operator", "dashboards", "sparkbench.json");

  /** What Grafana would put for the dashboard's variables and ranges here. */
  private static final Map<String, String> VARIABLES =
      Map.of(
          "$namespace", "default",
          "$benchmark", "small",
          "$job", "sparkbench",
          "$__rate_interval", "30s",
          "$__range", "5m");

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void everyPanelQueryReturnsTheSeriesTheStatusHolds() throws Exception {
    Path prometheus =
        RequiredTool.find("prometheus", "Debian: apt-get install prometheus", "prometheus");
    Path manifest =
        Files.writeString(
            dir.resolve("small.yaml"),
            // Far enough apart for a cost per record above the noise, and three runs, so the
            // model has a measure of its error and predicts.
            Benchmarks.smallManifest(
                "records: [1000, 30000, 100000]",
                "predict: [1000000]",
                "baseline: {figures: [{records: 1000, seconds: 600}]}"));
    AtomicReference<ScalingBenchmark> finished = new AtomicReference<>();
    Map<String, JsonNode> answers = new LinkedHashMap<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        new LocalRunCommand(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                (client, operator) -> {
                  finished.set(
                      client
                          .resources(ScalingBenchmark.class)
                          .inNamespace("default")
                          .withName("small")
                          .get());
                  answers.putAll(queryPanels(prometheus, operator.httpPort()));
                })
            .run(
                new String[] {
                  manifest.toString(),
                  "--work-dir",
                  dir.resolve("work").toString(),
                  "--prices",
                  Files.writeString(
                          dir.resolve("prices.yaml"),
                          "{currency: USD, coreHour: 0.04, gibHour: 0.005}")
                      .toString()
                });
    assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();

    assertThat(answers).isNotEmpty();
    answers.forEach(
        (query, result) -> assertThat(result.size()).as("series of " + query).isPositive());
    ScalingBenchmarkStatus status = finished.get().getStatus();
    for (ScalingBenchmarkStatus.RunResult r : status.results) {
      assertThat(value(answers, "sparkbench_run_duration_seconds", "records", r.records))
          .isEqualTo(r.durationSeconds);
    }
    assertThat(value(answers, "sparkbench_model_fixed_seconds", null, null))
        .isEqualTo(status.model.fixedSeconds);
    assertThat(value(answers, "sparkbench_model_micros_per_record", null, null))
        .isEqualTo(status.model.microsPerRecord);
    assertThat(status.model.predictions).as(status.model.predictionsWithheld).hasSize(1);
    assertThat(value(answers, "sparkbench_model_predicted_seconds", "records", 1_000_000))
        .isEqualTo(status.model.predictions.get(0).seconds);
    // the round's trend and its comparison with pinned figures (one repetition: Unknown, NaN)
    assertThat(value(answers, "sparkbench_round_median_seconds", "records", 1000))
        .isEqualTo(status.rounds.get(0).counts.get(0).medianSeconds);
    assertThat(value(answers, "sparkbench_baseline_ratio", "records", 1000))
        .isEqualTo(status.comparison.counts.get(0).ratio);
    assertThat(value(answers, "sparkbench_regressed", null, null)).isNaN();
    // what each run held and cost, priced from the operator's table
    ScalingBenchmarkStatus.RunResult first = status.results.get(0);
    assertThat(value(answers, "sparkbench_run_core_seconds", "records", first.records))
        .isEqualTo(first.cost.coreSeconds);
    assertThat(value(answers, "sparkbench_run_cost", "records", first.records))
        .isEqualTo(first.cost.amount);
    assertThat(value(answers, "sparkbench_model_cost_per_million_records", null, null))
        .isEqualTo(status.model.costPerMillionRecords.amount);
  }

  /**
   * Starts Prometheus scraping the operator every second, waits for two scrapes after the run, and
   * runs every panel's query; returns each query's result vector. Stops Prometheus.
   */
  private Map<String, JsonNode> queryPanels(Path prometheus, int operatorPort) {
    try {
      int port;
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      Path config =
          Files.writeString(
              dir.resolve("prometheus.yml"),
              """
              global: {scrape_interval: 1s, evaluation_interval: 1s}
              scrape_configs:
                - job_name: sparkbench
                  static_configs: [{targets: ["127.0.0.1:%d"]}]
              """
                  .formatted(operatorPort));
      Process process =
          new ProcessBuilder(
                  prometheus.toString(),
                  "--config.file=" + config,
                  "--storage.tsdb.path=" + dir.resolve("tsdb"),
                  "--web.listen-address=127.0.0.1:" + port)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("prometheus.log").toFile())
              .start();
      try {
        String api = "http://127.0.0.1:" + port + "/api/v1/query?query=";
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .ignoreExceptions()
            .untilAsserted(
                () ->
                    assertThat(
                            query(api, "count_over_time(up{job=\"sparkbench\"}[1m])")
                                .path(0)
                                .path("value")
                                .path(1)
                                .asDouble())
                        .isGreaterThanOrEqualTo(3));
        Map<String, JsonNode> answers = new LinkedHashMap<>();
        for (String expr : panelQueries()) {
          answers.put(expr, query(api, expr));
        }
        return answers;
      } finally {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      }
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("Prometheus did not run: " + e.getMessage(), e);
    }
  }

  /** Every target expression of every panel, with the dashboard's variables filled in. */
  private static List<String> panelQueries() throws IOException {
    List<String> queries = new ArrayList<>();
    for (JsonNode panel : JSON.readTree(DASHBOARD.toFile()).path("panels")) {
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText();
        for (Map.Entry<String, String> v : VARIABLES.entrySet()) {
          expr = expr.replace(v.getKey(), v.getValue());
        }
        if (!expr.isBlank() && !queries.contains(expr)) {
          queries.add(expr);
        }
      }
    }
    assertThat(queries).as("panel queries in " + DASHBOARD).hasSizeGreaterThan(10);
    assertThat(String.join("\n", queries)).doesNotContain("$");
    return queries;
  }

  private static JsonNode query(String api, String expr) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(api + URLEncoder.encode(expr, StandardCharsets.UTF_8)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("status").asText()).as(expr + ": " + response.body()).isEqualTo("success");
    return body.path("data").path("result");
  }

  /**
   * The value of the raw series {@code name} (its panel query is {@code max by (records)} or the
   * series itself), for a record count or the only series.
   */
  private static double value(
      Map<String, JsonNode> answers, String name, String label, Object labelValue) {
    for (Map.Entry<String, JsonNode> answer : answers.entrySet()) {
      if (!answer.getKey().contains(name + "{")) {
        continue;
      }
      for (JsonNode series : answer.getValue()) {
        if (label == null
            || series.path("metric").path(label).asText().equals(labelValue.toString())) {
          return series.path("value").path(1).asDouble();
        }
      }
    }
    throw new AssertionError("no series of " + name + " in " + answers.keySet());
  }
}
