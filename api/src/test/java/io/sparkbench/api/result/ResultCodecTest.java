package io.sparkbench.api.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResultCodecTest {

  /** A result as large as a real one at 10M records on many executors. */
  static BenchmarkResult tenMillionRecords() {
    return BenchmarkResult.builder()
        .status(BenchmarkResult.Status.SUCCEEDED)
        .records(10_000_000L)
        .seed(-9_223_372_036_854_775_807L)
        .totalSeconds(123_456.789)
        .stages(new BenchmarkResult.StageSeconds(12.345, 1234.567, 2345.678, 3456.789, 4567.891))
        .rows(
            new BenchmarkResult.RowCounts(
                10_000_000L, 10_000_000L, 83_333L, 16_667L, 9_900_000L, 3_650_000L))
        .totalAmount(6_787_744_055_123_456L)
        .memory(
            new BenchmarkResult.Memory(
                new BenchmarkResult.Peak(65_536L, 98_304L),
                new BenchmarkResult.Peak(131_072L, 262_144L)))
        .cpu(
            new BenchmarkResult.Cpu(
                98_765.432,
                123_456.789,
                256,
                0.873,
                12_345.678,
                2_345.678,
                1_234.567,
                12_345,
                98_765.432,
                23_456.789,
                3_456.789))
        .executors(128)
        .sparkVersion("4.1.1")
        .master("k8s://https://kubernetes.default.svc:443")
        .reportUri(
            "s3a://a-rather-long-bucket-name-for-benchmarks/sparkbench/namespace/benchmark-name/"
                + "records-10000000/repetition-3/attempt-2/report.json")
        .eventLogUri(
            "s3a://a-rather-long-bucket-name-for-benchmarks/spark-events/"
                + "eventlog_v2_spark-0123456789abcdef0123456789abcdef")
        .jvm(
            new BenchmarkResult.Jvm(
                "tuned", "tiered", "Parallel", 65_536L, "spark-app-0123abcd.jsa"))
        .applicationId("spark-0123456789abcdef0123456789abcdef")
        .timeline(new BenchmarkResult.Timeline(1_767_225_600_123L, 12_345.678))
        .efficiency(
            new BenchmarkResult.Efficiency(2_987_654.321, 241.987, 3_160_493.827, 12_345, 123_456))
        .fingerprint(
            new BenchmarkResult.Fingerprint(
                "21.0.123+45-Ubuntu-0ubuntu122.04.1", "0a1b2c3d4e5f6789", 1234))
        .build();
  }

  @Test
  void roundTripsAndStaysUnderTheTerminationMessageLimit() {
    BenchmarkResult result = tenMillionRecords();
    String json = ResultCodec.toJson(result);
    // Well under the limit, so that a field added later still fits: about 1.6 KB now.
    assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThan(ResultCodec.MAX_BYTES / 2);
    assertThat(json).doesNotContain("\n").contains("\"version\":1");
    assertThat(ResultCodec.fromJson(json)).isEqualTo(result);
  }

  /**
   * The document's bytes are a contract (the operator reads them from the termination message, the
   * history keeps them a line each): the fields in the record's order, an absent one left out, a
   * failure's reason and message always both written. {@code ten-million-records.json} is what the
   * codec wrote for {@link #tenMillionRecords} before results were built by name.
   */
  @Test
  void theDocumentKeepsItsFieldOrderAndWhatItLeavesOut() throws IOException {
    String written;
    try (InputStream in = getClass().getResourceAsStream("/ten-million-records.json")) {
      written = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(ResultCodec.toJson(tenMillionRecords())).isEqualTo(written);
    assertThat(ResultCodec.toJson(BenchmarkResult.failed(1000, 42, 3.5, "SparkError", "boom")))
        .isEqualTo(
            "{\"version\":1,\"status\":\"FAILED\",\"records\":1000,\"seed\":42,"
                + "\"totalSeconds\":3.5,\"error\":{\"reason\":\"SparkError\",\"message\":\"boom\"}}");
    assertThat(ResultCodec.toJson(BenchmarkResult.failed(1000, 42, 3.5, "SparkError", null)))
        .endsWith("\"error\":{\"reason\":\"SparkError\",\"message\":null}}");
  }

  @Test
  void aResultIsBuiltWithAStatus() {
    assertThatThrownBy(() -> BenchmarkResult.builder().records(1).build())
        .isInstanceOf(NullPointerException.class)
        .hasMessage("status");
    BenchmarkResult result = tenMillionRecords();
    assertThat(result.toBuilder().build()).isEqualTo(result);
    assertThat(result.version()).isEqualTo(BenchmarkResult.CURRENT_VERSION);
  }

  @Test
  void aResultWrittenBeforeTheTimelineAndEfficiencyWereRecordedStillReads() {
    BenchmarkResult result = tenMillionRecords();
    String json = ResultCodec.toJson(result);
    String old =
        json.replaceAll(",\"timeline\":\\{[^}]*\\}", "")
            .replaceAll(",\"efficiency\":\\{[^}]*\\}", "");
    assertThat(old).doesNotContain("timeline").doesNotContain("efficiency");

    BenchmarkResult back = ResultCodec.fromJson(old);

    assertThat(back.timeline()).isNull();
    assertThat(back.efficiency()).isNull();
    assertThat(back.cpu()).isEqualTo(result.cpu());
    assertThat(back.applicationId()).isEqualTo(result.applicationId());
  }

  @Test
  void aResultWrittenBeforeTheFingerprintWasRecordedStillReads() {
    BenchmarkResult result = tenMillionRecords();
    String json = ResultCodec.toJson(result);
    String old = json.replaceAll(",\"fingerprint\":\\{[^}]*\\}", "");
    assertThat(old).doesNotContain("fingerprint").doesNotContain("settingsHash");

    BenchmarkResult back = ResultCodec.fromJson(old);

    assertThat(back.fingerprint()).isNull();
    assertThat(back.efficiency()).isEqualTo(result.efficiency());
    assertThat(json).contains("\"fingerprint\":{\"javaVersion\":\"21.0.123+45");
  }

  @Test
  void aTimelineWithoutAFirstJobLeavesItOut() {
    BenchmarkResult.Timeline timeline = new BenchmarkResult.Timeline(1_767_225_600_123L, null);
    String json = ResultCodec.toPrettyJson(timeline);
    assertThat(json).contains("jvmStartEpochMs").doesNotContain("firstJobSeconds");
  }

  @Test
  void aFailedResultRoundTripsWithoutMeasurements() {
    BenchmarkResult failed = BenchmarkResult.failed(1000, 42, 3.5, "SparkError", "boom");
    String json = ResultCodec.toJson(failed);
    assertThat(json)
        .doesNotContain("stages")
        .doesNotContain("timeline")
        .doesNotContain("efficiency")
        .contains("\"status\":\"FAILED\"");
    BenchmarkResult back = ResultCodec.fromJson(json);
    assertThat(back).isEqualTo(failed);
    assertThat(back.succeeded()).isFalse();
  }

  @Test
  void anOverlongErrorMessageIsShortenedToFit() {
    String message = "한글 stack trace line ".repeat(2_000);
    BenchmarkResult failed = BenchmarkResult.failed(1000, 42, 3.5, "SparkError", message);
    String json = ResultCodec.toJson(failed);
    assertThat(json.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(ResultCodec.MAX_BYTES);
    BenchmarkResult back = ResultCodec.fromJson(json);
    assertThat(back.error().reason()).isEqualTo("SparkError");
    assertThat(back.error().message()).startsWith("한글 stack trace line").endsWith("[truncated]");
  }

  @Test
  void rejectsWhatIsNotAResult() {
    assertThatThrownBy(() -> ResultCodec.fromJson("Error: OOM"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a result document");
    assertThatThrownBy(() -> ResultCodec.fromJson("{\"version\":2,\"status\":\"SUCCEEDED\"}"))
        .hasMessage("unsupported result version 2, expected 1");
    assertThatThrownBy(() -> ResultCodec.fromJson("{\"version\":1}"))
        .hasMessage("result has no status");
  }
}
