package io.sparkbench.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.luben.zstd.ZstdInputStream;
import io.fabric8.kubernetes.api.model.Pod;
import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.result.HistoryLine;
import io.sparkbench.api.result.ResultCodec;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.local.LocalCluster;
import io.sparkbench.local.S3Server;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A benchmark whose storage is an object store: one small run through the local cluster (operator,
 * Spark driver and executor as local JVMs) with {@code spec.storage.uri: s3a://…} on a real S3
 * server. The run's tables, its full report and its Spark event log are objects in the bucket, and
 * the result the driver wrote and the status name them by their s3a:// URIs.
 */
class LocalRunOnS3IT {

  private static final String BUCKET = "sparkbench";
  private static final String NAME = "on-s3";

  @TempDir Path dir;

  private static String manifest(S3Server s3) {
    // The operator's default event-log folder, spark-events in the benchmark's folder of the
    // storage: `local` would otherwise point it at its own History Server's folder.
    String benchmarkFolder = "s3a://" + BUCKET + "/runs/" + NAME;
    return """
        apiVersion: sparkbench.io/v1alpha1
        kind: ScalingBenchmark
        metadata:
          name: %s
        spec:
          image: sparkbench/spark-app:dev
          records: [1000]
          repetitions: 1
          driver: {cores: 1, memory: 512m}
          executor: {instances: 1, cores: 1, memory: 512m}
          storage: {uri: "s3a://%s/runs/"}
          eventLog: {dir: "%s/spark-events"}
          cleanup: Never
          sparkConf:
        %s"""
        .formatted(
            NAME,
            BUCKET,
            benchmarkFolder,
            s3.sparkConf().entrySet().stream()
                .map(e -> "    " + e.getKey() + ": \"" + e.getValue() + "\"\n")
                .collect(Collectors.joining()));
  }

  /** The key of an s3a:// URI in the test's bucket. */
  private static String key(String uri) {
    String bucket = "s3a://" + BUCKET + "/";
    assertThat(uri).startsWith(bucket);
    return uri.substring(bucket.length());
  }

  private static String unzstd(byte[] compressed) throws IOException {
    try (InputStream in = new ZstdInputStream(new ByteArrayInputStream(compressed))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aRunOnObjectStorageWritesItsTablesReportAndEventLogThere() throws Exception {
    try (S3Server s3 = S3Server.start()) {
      s3.createBucket(BUCKET);
      Path manifest = Files.writeString(dir.resolve("on-s3.yaml"), manifest(s3));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      AtomicReference<ScalingBenchmark> finished = new AtomicReference<>();
      AtomicReference<Pod> driver = new AtomicReference<>();
      int code =
          new LocalRunCommand(
                  new PrintStream(out, true, StandardCharsets.UTF_8),
                  new PrintStream(err, true, StandardCharsets.UTF_8),
                  (client, operator) -> {
                    finished.set(
                        client
                            .resources(ScalingBenchmark.class)
                            .inNamespace(LocalCluster.NAMESPACE)
                            .withName(NAME)
                            .get());
                    driver.set(
                        client
                            .pods()
                            .inNamespace(LocalCluster.NAMESPACE)
                            .withLabel("spark-role", "driver")
                            .list()
                            .getItems()
                            .stream()
                            .filter(p -> p.getMetadata().getName().startsWith(NAME + "-"))
                            .findFirst()
                            .orElseThrow());
                  })
              .run(
                  new String[] {
                    manifest.toString(),
                    "--work-dir",
                    dir.resolve("work").toString(),
                    "--timeout",
                    "5m"
                  });

      String printed = out.toString(StandardCharsets.UTF_8);
      assertThat(code).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
      assertThat(printed).contains(NAME + ": Succeeded, 1/1 runs");

      // What the driver wrote to its termination message, as the operator read it.
      BenchmarkResult result =
          ResultCodec.fromJson(
              driver
                  .get()
                  .getStatus()
                  .getContainerStatuses()
                  .get(0)
                  .getState()
                  .getTerminated()
                  .getMessage());
      assertThat(result.status()).isEqualTo(BenchmarkResult.Status.SUCCEEDED);
      assertThat(result.reportUri()).startsWith("s3a://" + BUCKET + "/runs/" + NAME + "/");
      assertThat(result.eventLogUri())
          .isEqualTo(
              "s3a://"
                  + BUCKET
                  + "/runs/"
                  + NAME
                  + "/spark-events/eventlog_v2_"
                  + result.applicationId());
      ScalingBenchmarkStatus.RunResult recorded = finished.get().getStatus().results.get(0);
      assertThat(recorded.sparkApplicationId).isEqualTo(result.applicationId());
      assertThat(recorded.eventLog).isEqualTo(result.eventLogUri());

      // The run's tables: the landing CSV and the bronze, silver and gold Parquet, written by the
      // executor and committed.
      String runFolder = key(result.reportUri()).replaceAll("report\\.json$", "");
      String run = Pattern.quote(runFolder);
      List<String> data = s3.keys(BUCKET, runFolder);
      assertThat(data).as("objects under " + runFolder).contains(runFolder + "report.json");
      for (String layer : List.of("bronze", "silver", "gold")) {
        assertThat(data)
            .as(layer + " under " + runFolder)
            .anyMatch(k -> k.matches(run + layer + "/[a-z_]+/part-[^/]+\\.parquet"))
            .anyMatch(k -> k.matches(run + layer + "/[a-z_]+/_SUCCESS"));
      }
      assertThat(data).anyMatch(k -> k.matches(run + "landing/transactions/part-[^/]+\\.csv"));

      // The full report is the JSON document beside the data, of this run.
      JsonNode report = new ObjectMapper().readTree(s3.read(BUCKET, key(result.reportUri())));
      assertThat(report.path("applicationId").asText()).isEqualTo(result.applicationId());
      assertThat(report.path("result").path("records").asLong()).isEqualTo(1000);
      assertThat(report.path("result").path("reportUri").asText()).isEqualTo(result.reportUri());
      assertThat(report.path("result").path("totalAmount").asLong())
          .isEqualTo(result.totalAmount());

      // The event log: Spark's rolling log folder, complete, from application start to end (its
      // events compressed with zstd, Spark 4's default).
      String eventLog = key(result.eventLogUri()) + "/";
      List<String> parts = s3.keys(BUCKET, eventLog);
      String firstEvents = eventLog + "events_1_" + result.applicationId();
      assertThat(parts)
          .as("objects under " + eventLog)
          .contains(eventLog + "appstatus_" + result.applicationId())
          .anyMatch(k -> k.equals(firstEvents) || k.equals(firstEvents + ".zstd"))
          .noneMatch(k -> k.endsWith(".inprogress"));
      String events =
          parts.contains(firstEvents)
              ? s3.read(BUCKET, firstEvents)
              : unzstd(s3.readBytes(BUCKET, firstEvents + ".zstd"));
      assertThat(events)
          .contains("\"Event\":\"SparkListenerApplicationStart\"")
          .contains("\"Event\":\"SparkListenerExecutorAdded\"")
          .contains("\"Event\":\"SparkListenerApplicationEnd\"");

      // The run's line of history: an object of its own beside the runs, written once by the
      // driver.
      assertThat(finished.get().getStatus().history)
          .isEqualTo("s3a://" + BUCKET + "/runs/" + NAME + "/history");
      String historyFolder = "runs/" + NAME + "/history/";
      List<String> history = s3.keys(BUCKET, historyFolder);
      assertThat(history)
          .singleElement()
          .satisfies(
              k ->
                  assertThat(k)
                      .matches(Pattern.quote(historyFolder) + "\\d{8}T\\d{6}Z-.*-driver\\.json"));
      HistoryLine line = HistoryLine.parse(s3.read(BUCKET, history.get(0)));
      assertThat(line.benchmark()).isEqualTo("default/" + NAME);
      assertThat(line.round()).isEqualTo(1);
      assertThat(line.result().applicationId()).isEqualTo(result.applicationId());
      assertThat(line.result().totalAmount()).isEqualTo(result.totalAmount());
    }
  }
}
