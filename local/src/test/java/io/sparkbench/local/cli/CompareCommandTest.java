package io.sparkbench.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.api.result.HistoryLine;
import io.sparkbench.api.result.ResultCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int compare(String... args) {
    return new CompareCommand(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .commandLine()
        .execute(args);
  }

  /** A history line of a succeeded run of 2000 records on one executor. */
  private static String line(String benchmark, int round, int repetition, double seconds) {
    String result =
        "{\"version\":1,\"status\":\"SUCCEEDED\",\"records\":2000,\"seed\":42,\"totalSeconds\":"
            + seconds
            + ",\"totalAmount\":6787744055,\"executors\":1,\"sparkVersion\":\"4.1.1\","
            + "\"fingerprint\":{\"javaVersion\":\"17.0.13\",\"settingsHash\":\""
            + (benchmark.endsWith("slower") ? "9f8e7d6c5b4a3921" : "0a1b2c3d4e5f6789")
            + "\",\"settings\":57}}";
    return new HistoryLine(
            HistoryLine.CURRENT_VERSION,
            "2026-12-07T02:00:00Z",
            benchmark,
            round,
            repetition,
            1,
            "node-1",
            "sparkbench/spark-app:dev",
            ResultCodec.fromJson(result))
        .toLine();
  }

  private static Path history(Path dir, String benchmark, int round, double... seconds)
      throws IOException {
    Path folder = Files.createDirectories(dir.resolve(benchmark.replace('/', '-')));
    for (int rep = 1; rep <= seconds.length; rep++) {
      Files.writeString(
          folder.resolve("2026120" + round + "T02000" + rep + "Z-run-r" + rep + ".json"),
          line(benchmark, round, rep, seconds[rep - 1]));
    }
    return folder;
  }

  @Test
  void twoHistoriesCompareTheirLatestRoundsAndARegressionExitsThree(@TempDir Path dir)
      throws IOException {
    Path base = history(dir, "team/base", 1, 8.0, 8.2, 7.9);
    history(dir, "team/base", 2, 9.0, 9.1, 9.2);
    Path slower = history(dir, "team/slower", 1, 16.0, 16.4, 15.8);

    int code = compare(base.toString(), slower.toString(), "--baseline-round=1");

    assertThat(code).isEqualTo(3);
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text)
        .contains("baseline:  history " + base + " round 1")
        .contains("candidate: history " + slower + " round 1")
        .containsPattern("2000 +1 +8\\.000 +3 +16\\.000 +3 +2\\.00× 1\\.93–2\\.08× +True")
        .contains("regressed: True (Regressed): slower than history")
        .contains("differs: settings hash 9f8e7d6c… vs 0a1b2c3d…");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void aBenchmarkFileIsReadFromItsStatusAndNoRegressionExitsZero(@TempDir Path dir)
      throws IOException {
    Path base = history(dir, "team/base", 1, 8.0, 8.2, 7.9);
    Path resource = dir.resolve("team-candidate.json");
    Files.writeString(
        resource,
        """
        {"apiVersion": "sparkbench.io/v1alpha1", "kind": "ScalingBenchmark",
         "metadata": {"name": "candidate", "namespace": "team"},
         "spec": {"image": "sparkbench/spark-app:dev", "records": [2000], "repetitions": 3,
                  "executor": {"instances": 1}},
         "status": {"phase": "Succeeded", "round": 4, "results": [
           {"records": 2000, "executors": 1, "repetition": 1, "durationSeconds": 8.1,
            "totalAmount": 6787744055},
           {"records": 2000, "executors": 1, "repetition": 2, "durationSeconds": 8.0,
            "totalAmount": 6787744055},
           {"records": 2000, "executors": 1, "repetition": 3, "durationSeconds": 8.05,
            "totalAmount": 6787744055}]}}
        """);

    int code = compare(base.toString(), resource.toString(), "--tolerance=0.1");

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("candidate: " + resource + " round 4")
        .contains("regressed: False (WithinTolerance): within 10 % of history");
  }

  @Test
  void badInputIsOneLineAndExitsTwo(@TempDir Path dir) throws IOException {
    assertThat(compare("Not A Benchmark!", dir.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "error: Not A Benchmark! is not a folder, a file, or [namespace/]name of a"
                + " ScalingBenchmark"
                + System.lineSeparator());

    err.reset();
    assertThat(compare(dir.toString(), dir.toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("error: " + dir + " holds no history lines (*.json)");
  }
}
