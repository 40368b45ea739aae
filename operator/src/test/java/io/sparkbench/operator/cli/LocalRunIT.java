package io.sparkbench.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, small: a ScalingBenchmark through the local API server, the real
 * operator and a Spark driver and executor running as local JVMs, to Succeeded.
 */
class LocalRunIT {

  @TempDir Path dir;

  @Test
  void aBenchmarkRunsToSucceededWithRealExecutors() throws Exception {
    Path manifest =
        Files.writeString(
            dir.resolve("small.yaml"),
            """
            apiVersion: sparkbench.io/v1alpha1
            kind: ScalingBenchmark
            metadata:
              name: small
            spec:
              image: sparkbench/spark-app:dev
              records: [1000, 3000]
              driver: {cores: 1, memory: 512m}
              executor: {instances: 1, cores: 1, memory: 512m}
              storage: {persistentVolumeClaim: {claimName: sparkbench-data}}
              predict: [1000000]
            """);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path work = dir.resolve("work");

    int code =
        new LocalRunCommand(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(new String[] {manifest.toString(), "--work-dir", work.toString()});

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(printed)
        .contains("applied scalingbenchmark/small")
        .contains("small: run 0/2 started: 1,000 records, repetition 1, attempt 1")
        .contains("small: 1,000 records, repetition 1:")
        .contains("small: 3,000 records, repetition 1:")
        .contains("small: Succeeded, 2/2 runs")
        .contains("model: ")
        .contains("predicted: 1,000,000 records in");
    // One table line per run, with every measurement filled in (no "-" placeholders).
    assertThat(printed.lines().filter(l -> l.matches("\\s+[13],000\\s+1\\s+.*")))
        .hasSize(2)
        .allSatisfy(l -> assertThat(l).doesNotContain(" - "));
    // Each run's executor ran as a process of its own, with its own log.
    try (Stream<Path> pods = Files.list(work.resolve("pods").resolve("default"))) {
      assertThat(pods.filter(p -> p.getFileName().toString().contains("-exec-")))
          .hasSize(2)
          .allSatisfy(p -> assertThat(p.resolve("container.log")).exists());
    }
  }
}
