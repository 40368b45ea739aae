package io.sparkbench.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.operator.Benchmarks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, small: a ScalingBenchmark through the local API server, the real
 * operator and a Spark driver and executor running as local JVMs, to Succeeded.
 */
class LocalRunIT {

  @TempDir Path dir;

  private static String scrape(int port) {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      return response.body();
    } catch (Exception e) {
      throw new IllegalStateException("cannot scrape /metrics", e);
    }
  }

  /**
   * The History Server's jobs page, SQL page and first query page of an application, once it has
   * listed the application (it scans the event-log folder every second).
   */
  private static Map<String, String> historyPages(String applicationPage) {
    assertThat(applicationPage).matches("http://127\\.0\\.0\\.1:\\d+/history/spark-[0-9a-f]+/");
    String base = applicationPage.replaceAll("/$", "");
    Map<String, String> pages = new LinkedHashMap<>();
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(get(base + "/jobs/").statusCode()).isEqualTo(200));
    pages.put("jobs", get(base + "/jobs/").body());
    String sql = get(base + "/SQL/").body();
    pages.put("SQL", sql);
    Matcher query = Pattern.compile("execution/\\?id=(\\d+)").matcher(sql);
    assertThat(query.find()).as("a query link on the SQL page").isTrue();
    pages.put("query", get(base + "/SQL/execution/?id=" + query.group(1)).body());
    return pages;
  }

  private static HttpResponse<String> get(String url) {
    try {
      return HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build()
          .send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException("cannot get " + url, e);
    }
  }

  /** The value of one series of {@code name} for a record count, from the text format. */
  private static double sample(String metrics, String name, long records) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(name + "{") && l.contains("records=\"" + records + "\""))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " for " + records + " not in\n" + metrics));
  }

  @Test
  void aBenchmarkRunsToSucceededWithRealExecutors() throws Exception {
    Path manifest =
        Files.writeString(
            dir.resolve("small.yaml"),
            Benchmarks.smallManifest("records: [1000, 3000]", "predict: [1000000]"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path work = dir.resolve("work");

    AtomicReference<String> metrics = new AtomicReference<>();
    AtomicReference<ScalingBenchmark> finished = new AtomicReference<>();
    Map<String, String> history = new LinkedHashMap<>();
    int code =
        new LocalRunCommand(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                (client, operator) -> {
                  finished.set(
                      client
                          .resources(ScalingBenchmark.class)
                          .inNamespace("default")
                          .withName("small")
                          .get());
                  metrics.set(scrape(operator.httpPort()));
                  // The operator links each result to its run's page in the local History Server.
                  history.putAll(
                      historyPages(finished.get().getStatus().results.get(1).historyServerUrl));
                })
            .run(new String[] {manifest.toString(), "--work-dir", work.toString()});

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(printed)
        .contains("applied scalingbenchmark/small")
        .contains("small: run 1/2 started: 1,000 records, repetition 1, attempt 1")
        .contains("small: 1,000 records, repetition 1:")
        .contains("small: 3,000 records, repetition 1:")
        .contains("small: Succeeded, 2/2 runs")
        .contains("model: ")
        .contains("results page: " + work.resolve("default-small.html"));
    assertThat(Files.readString(work.resolve("default-small.html")))
        .contains("scalingbenchmark/small")
        .contains("<circle class=\"run\"");
    // 1,000 and 3,000 records take about as long as each other: a model whose cost per record
    // came out positive predicts, one that did not says why it does not.
    assertThat(printed)
        .contains(
            finished.get().getStatus().model.microsPerRecord > 0
                ? "predicted: 1,000,000 records in"
                : "no predictions: the fitted cost per record is");
    // One table line per run, with every measurement filled in (no "-" placeholders).
    assertThat(printed.lines().filter(l -> l.matches("\\s+[13],000\\s+1\\s+.*")))
        .hasSize(2)
        .allSatisfy(l -> assertThat(l).doesNotContain(" - "));
    // A scrape of /metrics after the run shows the status's values.
    ScalingBenchmarkStatus status = finished.get().getStatus();
    assertThat(status.results).hasSize(2);
    for (ScalingBenchmarkStatus.RunResult r : status.results) {
      String labels = "{namespace=\"default\",benchmark=\"small\",records=\"" + r.records + "\",}";
      assertThat(sample(metrics.get(), "sparkbench_run_duration_seconds", r.records))
          .as(labels)
          .isEqualTo(r.durationSeconds);
      // The driver ran no task: its CPU is its own (scheduling, planning, JIT, GC).
      assertThat(r.cpuSeconds.tasks).as(labels).isPositive();
      assertThat(r.cpuSeconds.driver).as(labels).isPositive();
      assertThat(r.cpuSeconds.driverJit).as(labels).isPositive().isLessThan(r.cpuSeconds.driver);
      assertThat(r.cpuSeconds.driverGc).as(labels).isNotNegative();
      // The executor, a JVM of its own, reported its work through the job's Spark plugin.
      assertThat(r.cpuSeconds.executors).as(labels).isPositive();
      assertThat(r.cpuSeconds.executorsJit)
          .as(labels)
          .isPositive()
          .isLessThan(r.cpuSeconds.executors);
      assertThat(r.cpuSeconds.executorsGc).as(labels).isNotNegative();
    }
    assertThat(metrics.get())
        .contains("sparkbench_model_fixed_seconds{namespace=\"default\",benchmark=\"small\",}")
        .contains(
            "sparkbench_runs_total{namespace=\"default\",benchmark=\"small\",outcome=\"succeeded\",} 2.0");

    // Each run wrote its Spark event log into the folder the local History Server reads, under
    // the application id the status records: Spark 4's rolling log, a folder of event files,
    // complete (nothing left .inprogress).
    Path events = work.resolve("pods").resolve(".spark-events").toAbsolutePath();
    for (ScalingBenchmarkStatus.RunResult r : status.results) {
      assertThat(r.sparkApplicationId).startsWith("spark-");
      Path file = Path.of(URI.create(r.eventLog));
      assertThat(file.getParent()).isEqualTo(events);
      assertThat(file.getFileName().toString()).isEqualTo("eventlog_v2_" + r.sparkApplicationId);
      try (Stream<Path> parts = Files.list(file)) {
        assertThat(parts.map(p -> p.getFileName().toString()))
            .as(r.eventLog)
            .anyMatch(n -> n.startsWith("events_1_" + r.sparkApplicationId))
            .noneMatch(n -> n.endsWith(".inprogress"));
      }
    }
    assertThat(status.results.get(0).sparkApplicationId)
        .isNotEqualTo(status.results.get(1).sparkApplicationId);

    // Spark's own History Server served the finished run: its jobs, its SQL queries and one
    // query's plan graph (the DAG), read from the event log the run wrote.
    assertThat(printed).containsPattern("Spark History Server: http://127\\.0\\.0\\.1:\\d+ ");
    assertThat(history.get("jobs")).contains("Spark Jobs").contains("Completed Jobs");
    assertThat(history.get("SQL")).contains("Completed Queries");
    assertThat(history.get("query")).contains("Details for Query").contains("plan-viz-graph");
    assertThat(Files.readString(work.resolve("default-small.html")))
        .contains("/history/" + status.results.get(1).sparkApplicationId + "/");

    // Each run's executor ran as a process of its own, with its own log, named after its run.
    try (Stream<Path> pods = Files.list(work.resolve("pods").resolve("default"))) {
      assertThat(pods.filter(p -> p.getFileName().toString().contains("-exec-")))
          .hasSize(2)
          .allSatisfy(p -> assertThat(p.resolve("container.log")).exists())
          .extracting(p -> p.getFileName().toString())
          .containsExactlyInAnyOrder("small-1000-r1-a1-exec-1", "small-3000-r1-a1-exec-1");
    }
  }
}
