package io.sparkbench.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.api.result.HistoryLine;
import io.sparkbench.api.v1.Comparison;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.controlplane.Binaries;
import io.sparkbench.controlplane.Kubectl;
import io.sparkbench.controlplane.RealControlPlaneTest;
import io.sparkbench.operator.Benchmarks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code local --control-plane real}: a benchmark through a real kube-apiserver, etcd,
 * controller-manager and scheduler with the process kubelet as their node, and the kubeconfig it
 * prints working for the kubectl verbs that need no kubelet API.
 */
@RealControlPlaneTest
class LocalRunOnControlPlaneIT {

  @TempDir Path dir;

  @Test
  void aBenchmarkRunsOnTheRealControlPlaneAndKubectlSeesIt() throws Exception {
    Path manifest =
        Files.writeString(
            dir.resolve("small.yaml"),
            Benchmarks.smallManifest(
                "records: [1000, 3000]", "executors: [1, 2]", "cleanup: Never"));
    Path other =
        Files.writeString(
            dir.resolve("other.yaml"),
            """
            apiVersion: sparkbench.io/v1alpha1
            kind: ScalingBenchmark
            metadata:
              name: other
            spec:
              image: sparkbench/spark-app:dev
              records: [1000]
              timeouts: {driverStart: 10m}
            """);
    Path work = dir.resolve("work");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> kubectl = new LinkedHashMap<>();

    int code =
        new LocalRunCommand(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                (client, operator) -> {
                  Kubectl k =
                      new Kubectl(
                          Binaries.pinned().path("kubectl"),
                          work.resolve("control-plane").resolve("kubeconfig"));
                  kubectl.put("get", k.run("get", "sb"));
                  kubectl.put(
                      "wait",
                      k.run("wait", "--for=condition=Succeeded", "sb/small", "--timeout=20s"));
                  kubectl.put("describe", k.run("describe", "sb", "small"));
                  kubectl.put(
                      "describe pod", k.run("describe", "pod", "small-1000-e2-r1-a1-driver"));
                  kubectl.put(
                      "speedup",
                      k.run(
                          "get",
                          "sb",
                          "small",
                          "-o",
                          "jsonpath={range .status.executorScaling.speedup[*]}"
                              + "{.records}x{.executors} {end}"));
                  kubectl.put(
                      "timeline",
                      k.run(
                          "get",
                          "sb",
                          "small",
                          "-o",
                          "jsonpath={range .status.results[*]}{.timeline.scheduling}"
                              + "/{.timeline.run} {end}"));
                  kubectl.put(
                      "driver pods",
                      k.run(
                          "get",
                          "pods",
                          "-l",
                          "spark-role=driver",
                          "-o",
                          "jsonpath={range .items[*]}{.metadata.labels.sparkbench\\.io/executors}"
                              + " {end}"));
                  kubectl.put("nodes", k.run("get", "nodes"));
                  kubectl.put("explain", k.run("explain", "scalingbenchmark.spec.records"));
                  kubectl.put("apply", k.run("apply", "-f", other.toString()));
                  kubectl.put("delete", k.run("delete", "-f", other.toString(), "--wait"));
                  kubectl.put("after delete", k.run("get", "sb", "-o", "name"));
                })
            .run(
                new String[] {
                  manifest.toString(), "--control-plane", "real", "--work-dir", work.toString()
                });

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(printed.lines().findFirst().orElse(""))
        .startsWith("sparkbench local cluster: real control plane, Kubernetes ")
        .contains("at https://127.0.0.1:")
        .contains(", node ");
    assertThat(printed)
        .contains("small: 1,000 records × 1 executor, repetition 1:")
        .contains("small: 3,000 records × 2 executors, repetition 1:")
        .contains("small: Succeeded")
        .contains("2 executor(s): ");

    assertThat(kubectl.get("get")).contains("small").contains("Succeeded").contains("4/4");
    // Every record count at both executor counts, the speedup over one executor in the status.
    assertThat(kubectl.get("speedup").trim()).isEqualTo("1000x1 1000x2 3000x1 3000x2");
    // The scheduler bound each driver (whole seconds apart, so often 0) before its run.
    assertThat(kubectl.get("timeline").trim().split(" "))
        .hasSize(4)
        .allSatisfy(t -> assertThat(t).matches("\\d+(\\.\\d+)?/\\d+\\.\\d+"));
    // cleanup Never keeps the drivers, each labelled with its run's executor count.
    assertThat(kubectl.get("driver pods").trim().split(" "))
        .containsExactlyInAnyOrder("1", "2", "1", "2");
    assertThat(kubectl.get("wait")).contains("scalingbenchmark.sparkbench.io/small condition met");
    assertThat(kubectl.get("describe")).contains("RunSucceeded").contains("Succeeded");
    // The driver pod's story, told by the scheduler and this node's kubelet.
    assertThat(kubectl.get("describe pod"))
        .contains("Status:           Succeeded")
        .contains("Scheduled")
        .contains("Started")
        .contains("kube-api-access-");
    assertThat(kubectl.get("nodes")).contains("Ready").contains("sparkbench-process-kubelet");
    assertThat(kubectl.get("explain")).contains("records");
    assertThat(kubectl.get("apply")).contains("scalingbenchmark.sparkbench.io/other created");
    assertThat(kubectl.get("delete")).contains("scalingbenchmark.sparkbench.io \"other\" deleted");
    assertThat(kubectl.get("after delete"))
        .contains("scalingbenchmark.sparkbench.io/small")
        .doesNotContain("other");
  }

  /**
   * A benchmark scheduled every minute runs its first round when created and its second at the next
   * minute; each run's driver appends its line to the history on the claim, and the second round,
   * compared with the first, cannot tell a regression from one repetition each.
   */
  @Test
  void aScheduledBenchmarkRunsTwoRoundsAndItsHistoryHoldsBoth() throws Exception {
    Path manifest =
        Files.writeString(
            dir.resolve("nightly.yaml"),
            Benchmarks.smallManifest(
                "records: [1000]", "schedule: \"* * * * *\"", "baseline: {round: 1}"));
    Path work = dir.resolve("work");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<ScalingBenchmark> seen = new ArrayList<>();

    int code =
        new LocalRunCommand(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                (client, operator) -> {
                  var small =
                      client
                          .resources(ScalingBenchmark.class)
                          .inNamespace("default")
                          .withName("small");
                  seen.add(small.get());
                  Awaitility.await()
                      .atMost(Duration.ofMinutes(4))
                      .pollInterval(Duration.ofSeconds(2))
                      .until(
                          () -> {
                            ScalingBenchmarkStatus status = small.get().getStatus();
                            return status.rounds.size() == 2 && status.phase == Phase.Succeeded;
                          });
                  seen.add(small.get());
                })
            .run(
                new String[] {
                  manifest.toString(), "--control-plane", "real", "--work-dir", work.toString()
                });

    assertThat(code).as(out + err.toString(StandardCharsets.UTF_8)).isZero();
    ScalingBenchmarkStatus first = seen.get(0).getStatus();
    assertThat(first.round).isEqualTo(1);
    assertThat(first.nextRoundAt).isNotNull();
    assertThat(first.comparison.reason).isEqualTo("NotComparable");

    ScalingBenchmarkStatus second = seen.get(1).getStatus();
    assertThat(second.round).isEqualTo(2);
    assertThat(second.rounds).extracting(r -> r.round).containsExactly(1, 2);
    Instant due = Instant.parse(first.nextRoundAt);
    assertThat(Instant.parse(second.rounds.get(1).startedAt))
        .as("the second round starts at the schedule's minute")
        .isBetween(due, due.plusSeconds(30));
    assertThat(second.results)
        .singleElement()
        .satisfies(r -> assertThat(r.records).isEqualTo(1000));
    assertThat(second.comparison.baseline).isEqualTo("round 1");
    assertThat(second.comparison.regressed).isEqualTo(Comparison.Verdict.Unknown);
    assertThat(second.comparison.reason).isEqualTo("TooFewRepetitions");
    assertThat(second.comparison.message)
        .endsWith(
            "1 repetition cannot measure the variation needed to detect a 10 % change: set"
                + " spec.repetitions to at least 3");
    assertThat(second.conditions)
        .filteredOn(c -> c.getType().equals("Regressed"))
        .singleElement()
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("Unknown"));

    // the history on the claim: one line per run, each written by its driver, never rewritten
    Path history = work.resolve("pods/default/claims/sparkbench-data/small/history");
    assertThat(second.history).isEqualTo("file:///var/sparkbench/small/history");
    List<HistoryLine> lines = CompareCommand.historyLines(history);
    assertThat(lines).extracting(HistoryLine::round).containsExactly(1, 2);
    assertThat(lines)
        .allSatisfy(
            line -> {
              assertThat(line.benchmark()).isEqualTo("default/small");
              assertThat(line.repetition()).isEqualTo(1);
              assertThat(line.attempt())
                  .as("each round's run succeeds at its first attempt: its event log is its own")
                  .isEqualTo(1);
              assertThat(line.node()).isNotBlank().isNotEqualTo("local");
              assertThat(line.result().succeeded()).isTrue();
            });
    assertThat(lines.get(1).result().totalSeconds())
        .isEqualTo(second.results.get(0).durationSeconds);
    try (var logs = Files.list(work.resolve("pods/.spark-events"))) {
      assertThat(logs.map(p -> p.getFileName().toString()))
          .as("one event log per round's run, in the local History Server's folder")
          .filteredOn(name -> name.startsWith("eventlog_v2_spark-"))
          .hasSize(2);
    }
  }
}
