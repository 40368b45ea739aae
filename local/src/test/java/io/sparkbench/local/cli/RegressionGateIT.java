package io.sparkbench.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.api.v1.Comparison;
import io.sparkbench.api.v1.ScalingBenchmark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/nightly-regression.yaml} on the embedded local cluster: a baseline, an unchanged
 * candidate and one made slower by its Spark settings, three repetitions each. The slower one is
 * Regressed against the baseline with its ratio, the unchanged one is not, and {@code local} exits
 * with its own code for a regression; the operator serves the comparison as JSON.
 */
class RegressionGateIT {

  @TempDir Path dir;

  @Test
  void theSlowerCandidateIsRegressedAndTheUnchangedOneIsNot() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, ScalingBenchmark> finished = new LinkedHashMap<>();
    Map<String, String> served = new LinkedHashMap<>();

    int code =
        new LocalRunCommand(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                (client, operator) -> {
                  for (String name :
                      new String[] {
                        "medallion-baseline", "medallion-unchanged", "medallion-slower"
                      }) {
                    finished.put(
                        name,
                        client
                            .resources(ScalingBenchmark.class)
                            .inNamespace("default")
                            .withName(name)
                            .get());
                  }
                  served.put(
                      "comparison",
                      get(
                          "http://127.0.0.1:"
                              + operator.httpPort()
                              + "/benchmarks/default/medallion-slower/comparison"));
                })
            .run(
                new String[] {
                  Path.of("..", "examples", "nightly-regression.yaml").toString(),
                  "--work-dir",
                  dir.resolve("work").toString()
                });

    String printed = out.toString(StandardCharsets.UTF_8);
    String errors = err.toString(StandardCharsets.UTF_8);
    Comparison slower = finished.get("medallion-slower").getStatus().comparison;
    Comparison unchanged = finished.get("medallion-unchanged").getStatus().comparison;
    assertThat(code).as(printed + errors).isEqualTo(LocalRunCommand.REGRESSED);
    assertThat(finished.get("medallion-baseline").getStatus().comparison).isNull();

    assertThat(slower.regressed).as(slower.message).isEqualTo(Comparison.Verdict.True);
    assertThat(slower.baseline).isEqualTo("benchmark medallion-baseline round 1");
    assertThat(slower.counts)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.runs).isEqualTo(3);
              assertThat(c.baselineRuns).isEqualTo(3);
              assertThat(c.low).isGreaterThan(1.25);
            });
    assertThat(slower.differences).anyMatch(d -> d.startsWith("settings hash "));
    assertThat(unchanged.regressed).as(unchanged.message).isNotEqualTo(Comparison.Verdict.True);
    // the same image, versions, shape and settings: nothing differs but the runs
    assertThat(unchanged.differences).isEmpty();
    assertThat(unchanged.counts.get(0).ratio).isBetween(0.7, 1.3);

    assertThat(errors).contains("regressed: medallion-slower: slower than benchmark");
    assertThat(printed)
        .contains("regressed: True (Regressed) against benchmark medallion-baseline round 1")
        .contains("history: file:///var/sparkbench/medallion-slower/history (round 1)");
    assertThat(served.get("comparison"))
        .contains("\"benchmark\" : \"default/medallion-slower\"")
        .contains("\"regressed\" : \"True\"");
    System.out.println(printed);
  }

  private static String get(String url) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
          .body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
