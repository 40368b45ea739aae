package io.sparkbench.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.result.HistoryLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryTest {

  private static final BenchmarkResult RESULT =
      BenchmarkResult.failed(1000, 42, 3.5, "SparkError", "lost an executor");

  @Test
  void aRunWritesOneLineInAFileOfItsOwnAndNeverRewritesIt(@TempDir Path dir) throws IOException {
    Instant now = Instant.parse("2026-12-07T02:00:00.123Z");
    Map<String, String> env =
        Map.of(
            HistoryLine.ENV_BENCHMARK, "team-a/nightly",
            HistoryLine.ENV_ROUND, "3",
            HistoryLine.ENV_REPETITION, "2",
            HistoryLine.ENV_ATTEMPT, "1",
            HistoryLine.ENV_NODE, "node-1");

    String file =
        History.append(
            dir.toUri().toString(),
            "nightly-1000-r2-a1-driver",
            "spark-app:0.1.0",
            RESULT,
            env,
            now,
            new Configuration());

    Path written = dir.resolve("20261207T020000Z-nightly-1000-r2-a1-driver.json");
    assertThat(file).endsWith(written.getFileName().toString());
    String text = Files.readString(written);
    assertThat(text).endsWith("\n").doesNotContain("\n{");
    HistoryLine line = HistoryLine.parse(text);
    assertThat(line.benchmark()).isEqualTo("team-a/nightly");
    assertThat(line.round()).isEqualTo(3);
    assertThat(line.repetition()).isEqualTo(2);
    assertThat(line.node()).isEqualTo("node-1");
    assertThat(line.image()).isEqualTo("spark-app:0.1.0");
    assertThat(line.result().records()).isEqualTo(1000);
    assertThat(line.result().error().message()).isEqualTo("lost an executor");

    assertThatThrownBy(
            () ->
                History.append(
                    dir.toString(),
                    "nightly-1000-r2-a1-driver",
                    null,
                    RESULT,
                    Map.of(),
                    now,
                    new Configuration()))
        .isInstanceOf(IOException.class);
    assertThat(HistoryLine.parse(Files.readString(written)).round()).isEqualTo(3);
  }

  @Test
  void outsideTheOperatorTheLineHasNoBenchmark(@TempDir Path dir) throws IOException {
    History.append(
        dir.toString(),
        "local-1733536800000",
        null,
        RESULT,
        Map.of(HistoryLine.ENV_ROUND, "not a number"),
        Instant.parse("2026-12-07T02:00:00Z"),
        new Configuration());

    try (var files = Files.list(dir)) {
      Path only = files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
      HistoryLine line = HistoryLine.parse(Files.readString(only));
      assertThat(line.benchmark()).isNull();
      assertThat(line.round()).isNull();
    }
  }
}
