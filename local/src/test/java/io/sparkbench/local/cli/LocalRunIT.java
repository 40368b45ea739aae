package io.sparkbench.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.utils.Serialization;
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
 * The README's first command, small: a ScalingBenchmark sweeping record counts and executor counts
 * through the local API server, the real operator and Spark drivers and executors running as local
 * JVMs, to Succeeded, with its fits, prediction errors, timelines and efficiency.
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
  void anExecutorSweepRunsToSucceededWithRealExecutorsAndHonestPredictions() throws Exception {
    // Three record counts on one and two executors: six runs, one resource.
    Path manifest =
        Files.writeString(
            dir.resolve("small.yaml"),
            Benchmarks.smallManifest(
                "records: [1000, 2000, 4000]", "executors: [1, 2]", "predict: [1000000]"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path work = dir.resolve("work");
    Path prices =
        Files.writeString(
            dir.resolve("prices.yaml"), "{currency: USD, coreHour: 0.04, gibHour: 0.005}");

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
            .run(
                new String[] {
                  manifest.toString(), "--work-dir", work.toString(), "--prices", prices.toString()
                });

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(printed)
        .contains("applied scalingbenchmark/small: records [1000, 2000, 4000] × executors [1, 2]")
        .contains("small: run 1/6 started: 1,000 records × 1 executor, repetition 1, attempt 1")
        .contains("small: run 2/6 started: 1,000 records × 2 executors, repetition 1, attempt 1")
        .contains("small: 1,000 records × 1 executor, repetition 1:")
        .contains("small: 4,000 records × 2 executors, repetition 1:")
        .contains("small: Succeeded, 6/6 runs")
        .contains("model: ")
        .contains("1 executor(s): ")
        .contains("2 executor(s): ")
        .contains("4,000 records at 2 executor(s): ")
        .contains(
            "USL: not fitted: the Universal Scalability Law has three coefficients: it needs runs"
                + " at three or more executor counts, got 2")
        .contains("results page: " + work.resolve("default-small.html"))
        .contains("resource: " + work.resolve("default-small.json"));
    ScalingBenchmarkStatus status = finished.get().getStatus();
    assertThat(status.results)
        .extracting(r -> r.records + "x" + r.executors)
        .containsExactly("1000x1", "1000x2", "2000x1", "2000x2", "4000x1", "4000x2");

    // The 4,000-record runs were predicted by the line of the smaller counts at their executor
    // count before they ran, and each shows how far off it was.
    assertThat(status.results)
        .filteredOn(r -> r.records == 4000)
        .allSatisfy(r -> assertThat(r.predictedSeconds).isPositive());
    for (ScalingBenchmarkStatus.RunResult r : status.results) {
      if (r.records == 4000 && r.predictedSeconds != null) {
        assertThat(r.predictionErrorPercent)
            .isCloseTo(
                100 * (r.predictedSeconds - r.durationSeconds) / r.durationSeconds,
                org.assertj.core.data.Offset.offset(0.11));
        // two earlier runs fit their line exactly: no interval to give
        assertThat(r.predictedInterval).isNull();
      } else {
        assertThat(r.predictedSeconds).as(r.records + "x" + r.executors).isNull();
      }
    }
    ScalingBenchmarkStatus.Model model = status.model;
    assertThat(model.executors).isEqualTo(2);
    assertThat(model.runs).isEqualTo(3);
    // Three runs leave one degree of freedom: the model knows its scatter, and its prediction of
    // 1M, 250 times the largest count, has an interval and says it extrapolates.
    assertThat(model.residualSeconds).isNotNull();
    if (model.predictions.isEmpty()) {
      assertThat(model.predictionsWithheld).startsWith("no predictions: the fitted cost");
    } else {
      assertThat(model.predictions)
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.low).isLessThanOrEqualTo(p.seconds);
                assertThat(p.high).isGreaterThan(p.seconds);
                assertThat(p.extrapolated).isTrue();
              });
    }
    assertThat(model.fixedSecondsByPart)
        .containsKeys("startup", "generate", "bronze", "silver", "gold", "jvmStart");

    // Across executor counts: a line per count, speedup and efficiency per record count, the
    // Ernest fit or why not, and why the USL is not fitted on two counts.
    ScalingBenchmarkStatus.ExecutorScaling scaling = status.executorScaling;
    assertThat(scaling.lines).extracting(l -> l.executors).containsExactly(1, 2);
    assertThat(scaling.speedup).hasSize(6);
    assertThat(scaling.speedup)
        .filteredOn(sp -> sp.executors == 1)
        .allSatisfy(sp -> assertThat(sp.speedup).isEqualTo(1.0));
    assertThat(scaling.ernest != null || scaling.ernestWithheld != null).isTrue();
    assertThat(scaling.usl).isNull();
    assertThat(scaling.uslWithheld).contains("three or more executor counts");
    assertThat(status.memory).extracting(m -> m.role).containsExactly("driver", "executor");
    assertThat(status.memory).allSatisfy(m -> assertThat(m.limitMiB).isEqualTo(896L));

    // Every run has a timeline whose parts add up to its total, with the measured run inside,
    // and its use of the cores.
    for (ScalingBenchmarkStatus.RunResult r : status.results) {
      ScalingBenchmarkStatus.Timeline t = r.timeline;
      assertThat(t).as(r.driverPod).isNotNull();
      assertThat(t.run).isEqualTo(r.durationSeconds, org.assertj.core.data.Offset.offset(0.002));
      assertThat(
              t.queued
                  + t.scheduling
                  + t.containerStart
                  + t.jvmStart
                  + t.run
                  + t.driverExit
                  + t.recording)
          .isCloseTo(t.totalSeconds, org.assertj.core.data.Offset.offset(0.01));
      assertThat(t.jvmStart).isPositive();
      assertThat(t.firstJob).isNotNegative();
      assertThat(r.efficiency.averageActiveTasks).isPositive();
      assertThat(r.efficiency.allocatedCoreSeconds)
          .isGreaterThanOrEqualTo(r.efficiency.usedCoreSeconds);
      assertThat(r.efficiency.longestStageChain).isGreaterThanOrEqualTo(2);
    }

    // Every run records what it ran on, and one benchmark's runs ran on the same: its executor
    // count is its shape's, not a setting, so the sweep's runs share one settings hash.
    for (ScalingBenchmarkStatus.RunResult r : status.results) {
      ScalingBenchmarkStatus.Fingerprint f = r.fingerprint;
      assertThat(f.javaVersion).as(r.driverPod).startsWith("17");
      assertThat(f.sparkVersion).isEqualTo("4.1.1");
      assertThat(f.settingsHash).matches("[0-9a-f]{16}");
      assertThat(f.settings).isGreaterThan(20);
      assertThat(f.executors).isEqualTo(r.executors);
      assertThat(f.image).isEqualTo("sparkbench/spark-app:dev");
      assertThat(f.differences(status.results.get(0).fingerprint))
          .as(r.driverPod)
          .allSatisfy(d -> assertThat(d).startsWith("executors "));
      // its pods' requests over its time, priced by the table given to the operator
      assertThat(r.cost.coreSeconds).as(r.driverPod).isPositive();
      assertThat(r.cost.gibSeconds).isPositive();
      assertThat(r.cost.cores).isEqualTo(1.0 + r.executors);
      assertThat(r.cost.amount).isPositive();
      assertThat(r.cost.currency).isEqualTo("USD");
    }
    assertThat(status.results)
        .extracting(r -> r.fingerprint.settingsHash)
        .containsOnly(status.results.get(0).fingerprint.settingsHash);
    if (model.microsPerRecord > 0) {
      assertThat(model.costPerMillionRecords.amount).isPositive();
      assertThat(printed).contains("cost of a run of 1,000,000 records by the line: ");
    } else {
      assertThat(model.costPerMillionRecords).as("a falling line prices nothing").isNull();
    }

    // The page shows the fits, the errors, the timeline and the sweep; the resource file is
    // the object as the API server held it.
    assertThat(Files.readString(work.resolve("default-small.html")))
        .contains("scalingbenchmark/small")
        .contains("<circle class=\"run\"")
        .contains("Where the time of each run went")
        .contains("Duration against executors")
        .contains("Where the fixed seconds go")
        .contains("prediction error")
        .contains("predicted before measured: 1 run, mean error");
    ScalingBenchmark written =
        Serialization.unmarshal(
            Files.readString(work.resolve("default-small.json")), ScalingBenchmark.class);
    assertThat(written.getSpec().executors).containsExactly(1, 2);
    assertThat(written.getStatus().results).hasSize(6);
    assertThat(written.getStatus().executorScaling.speedup).hasSize(6);

    // One table line per run, with every measurement filled in (no "-" placeholders) but the
    // prediction of the runs nothing predicted.
    assertThat(printed.lines().filter(l -> l.matches("\\s+[124],000\\s+[12]\\s+1\\s+.*")))
        .hasSize(6);
    // A scrape of /metrics after the run shows the status's values: per record count those of
    // the model's executor count, and the sweep's per executor count.
    for (ScalingBenchmarkStatus.RunResult r : status.results) {
      String labels = "{namespace=\"default\",benchmark=\"small\",records=\"" + r.records + "\",}";
      if (r.executors == 2) {
        assertThat(sample(metrics.get(), "sparkbench_run_duration_seconds", r.records))
            .as(labels)
            .isEqualTo(r.durationSeconds);
      }
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
            "sparkbench_runs_total{namespace=\"default\",benchmark=\"small\",outcome=\"succeeded\",} 6.0")
        .contains(
            "sparkbench_sweep_speedup{namespace=\"default\",benchmark=\"small\",records=\"4000\",executors=\"2\",}")
        .contains("sparkbench_run_timeline_seconds{")
        .contains("sparkbench_run_average_active_tasks{")
        .contains("sparkbench_run_core_seconds{")
        .contains(
            "sparkbench_run_cost{namespace=\"default\",benchmark=\"small\",records=\"4000\",currency=\"USD\",}");

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
          .hasSize(9)
          .allSatisfy(p -> assertThat(p.resolve("container.log")).exists())
          .extracting(p -> p.getFileName().toString())
          .contains(
              "small-1000-e1-r1-a1-exec-1",
              "small-4000-e2-r1-a1-exec-1",
              "small-4000-e2-r1-a1-exec-2");
    }
  }
}
