package io.sparkbench.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkbench.api.v1.CleanupPolicy;
import io.sparkbench.operator.reconciler.ValidateSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OperatorScaleTest {

  @Test
  void argumentsDefaultToAThousandInTenNamespacesAndAHundredTinyJobs() {
    OperatorScale.Arguments parsed = ScaleOptions.parse();
    assertThat(parsed.benchmarks()).isEqualTo(1_000);
    assertThat(parsed.namespaces()).isEqualTo(10);
    assertThat(parsed.tinyJobs()).isEqualTo(100);
    assertThat(parsed.queueOrder()).isEqualTo(10);
    assertThat(parsed.workDir()).isEqualTo(Path.of("bench-results", "operator-scale"));
    assertThat(parsed.operatorJar()).isEqualTo(Path.of("operator", "target", "operator.jar"));

    OperatorScale.Arguments small =
        ScaleOptions.parse("--benchmarks", "100", "--tiny-jobs", "0", "--namespaces", "3");
    assertThat(small.benchmarks()).isEqualTo(100);
    assertThat(small.tinyJobs()).isZero();
    assertThat(small.namespaces()).isEqualTo(3);
  }

  @Test
  void countsOutOfRangeAreRefusedSayingWhatToFix() {
    assertThatThrownBy(() -> ScaleOptions.parse("--benchmarks", "0"))
        .hasMessage("--benchmarks must be at least 1, got 0");
    assertThatThrownBy(() -> ScaleOptions.parse("--benchmarks", "5", "--namespaces", "6"))
        .hasMessage("--namespaces must be from 1 to 5 (at most --benchmarks and 100), got 6");
    assertThatThrownBy(() -> ScaleOptions.parse("--namespaces", "101"))
        .hasMessageStartingWith("--namespaces must be from 1 to 100");
    assertThatThrownBy(() -> ScaleOptions.parse("--tiny-jobs", "-1"))
        .hasMessage("--tiny-jobs must be at least 0, got -1");
    assertThatThrownBy(
            () ->
                ScaleOptions.parse("--benchmarks", "5", "--namespaces", "2", "--queue-order", "6"))
        .hasMessage("--queue-order must be from 0 to --benchmarks (5), got 6");
    assertThatThrownBy(() -> ScaleOptions.parse("--benchmarks", "many"))
        .hasMessageContaining("--benchmarks")
        .hasMessageContaining("many");
    assertThatThrownBy(() -> ScaleOptions.parse("--nodes", "1"))
        .hasMessage("unknown option --nodes");
  }

  @Test
  void benchJarNamesItsCommandsAndBadInputIsOneLine() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    var cli =
        Bench.commandLine(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(cli.execute("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("operator-overhead")
        .contains("queue-at-scale")
        .contains("operator-scale");
    assertThat(cli.execute("operator-scale", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8).replaceAll("\\s+", " "))
        .contains("Usage: bench operator-scale")
        .containsPattern("--benchmarks=N +Benchmarks queued with no node \\(default 1000\\)")
        .contains("--namespaces=M")
        .contains("--tiny-jobs=K")
        .contains("--queue-order=A")
        .contains("--operator-jar=FILE");
    assertThat(cli.execute("operator-scale", "--namespaces", "0")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "error: --namespaces must be from 1 to 100 (at most --benchmarks and 100), got 0 (see"
                + " bench operator-scale --help)"
                + System.lineSeparator());
    err.reset();
    assertThat(cli.execute()).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("error: name a command");
  }

  @Test
  void theTinyJobIsTheSmallestValidBenchmarkAndCleansUp() {
    var tiny = OperatorScale.tiny("team-3", "tiny-007");
    assertThat(ValidateSpec.problems(tiny, Map.of(), null)).isEmpty();
    assertThat(tiny.getSpec().records).containsExactly(1L);
    assertThat(tiny.getSpec().executor.instances).isEqualTo(1);
    assertThat(tiny.getSpec().retry.limit).isZero();
    assertThat(tiny.getSpec().cleanup).isEqualTo(CleanupPolicy.Always);
    tiny.getSpec().records = List.of(0L);
    assertThat(ValidateSpec.problems(tiny, Map.of(), null))
        .as("1 is the smallest record count")
        .isNotEmpty();
  }

  @Test
  void namespaceNamesSortAsTheirNumbers() {
    assertThat(OperatorScale.namespaces(3)).containsExactly("team-0", "team-1", "team-2");
    List<String> twelve = OperatorScale.namespaces(12);
    assertThat(twelve).hasSize(12).isSorted().startsWith("team-00").endsWith("team-11");
  }

  private static FairOrder.Queued q(String namespace, String name, String created) {
    return new FairOrder.Queued(namespace, name, created);
  }

  /** Three namespaces applied one after another: a's 3, then b's 2, then c's 1. */
  private static List<FairOrder.Queued> blocks() {
    return List.of(
        q("a", "q-0", "2026-12-08T10:00:00Z"),
        q("a", "q-1", "2026-12-08T10:00:00Z"),
        q("a", "q-2", "2026-12-08T10:00:01Z"),
        q("b", "q-3", "2026-12-08T10:00:01Z"),
        q("b", "q-4", "2026-12-08T10:00:01Z"),
        q("c", "q-5", "2026-12-08T10:00:02Z"));
  }

  @Test
  void namespacesTakeTurnsAfterTheLastStartedOldestFirstWithinOne() {
    List<FairOrder.Queued> waiting = blocks().subList(1, 6);
    assertThat(FairOrder.expected(waiting, "a", 5))
        .extracting(FairOrder.Queued::toString)
        .containsExactly("b/q-3", "c/q-5", "a/q-1", "b/q-4", "a/q-2");
    assertThat(FairOrder.expected(blocks(), null, 2))
        .extracting(FairOrder.Queued::toString)
        .as("with none started yet, the first namespace first")
        .containsExactly("a/q-0", "b/q-3");
    assertThat(FairOrder.expected(blocks(), "c", 1))
        .extracting(FairOrder.Queued::toString)
        .as("after the last namespace, the first again")
        .containsExactly("a/q-0");
  }

  @Test
  void roundRobinPassesAndFirstComeFirstServedIsCaught() {
    List<FairOrder.Queued> waiting = blocks().subList(1, 6);
    List<FairOrder.Queued> roundRobin = FairOrder.expected(waiting, "a", 5);
    FairOrder.Verdict fair = FairOrder.check(waiting, "a", roundRobin);
    assertThat(fair.fair()).isTrue();
    assertThat(fair.checked()).isEqualTo(5);
    assertThat(fair.firstDeviation()).isNull();

    FairOrder.Verdict fifo = FairOrder.check(waiting, "a", waiting);
    assertThat(fifo.fair()).isFalse();
    assertThat(fifo.firstDeviation())
        .isEqualTo("admission 1: the rule's next was b/q-3, got a/q-1");
    // a/q-1 (b/q-3 expected), a/q-2 (b/q-3), b/q-3 (ok), b/q-4 (c/q-5), c/q-5 (ok)
    assertThat(fifo.deviations()).isEqualTo(3);

    List<FairOrder.Queued> youngerFirst = new ArrayList<>(roundRobin);
    youngerFirst.set(2, q("a", "q-2", "2026-12-08T10:00:01Z"));
    youngerFirst.set(4, q("a", "q-1", "2026-12-08T10:00:00Z"));
    assertThat(FairOrder.check(waiting, "a", youngerFirst).firstDeviation())
        .isEqualTo("admission 3: the rule's next was a/q-1, got a/q-2");

    assertThat(OperatorScale.fairness(waiting, "a", roundRobin, 2))
        .startsWith("fair round-robin by namespace: yes, admissions 2-6 all as");
    assertThat(OperatorScale.fairness(waiting, "a", waiting, 2))
        .isEqualTo(
            "fair round-robin by namespace: no, 3 of admissions 2-6 differ from FairQueue's rule;"
                + " first, admission 1: the rule's next was b/q-3, got a/q-1");
  }

  private static final String OPERATOR =
      "system:serviceaccount:sparkbench-system:sparkbench-operator";

  private static String event(String user, String stage, String verb, String resource, String sub) {
    return "{\"kind\":\"Event\",\"stage\":\""
        + stage
        + "\",\"verb\":\""
        + verb
        + "\",\"user\":{\"username\":\""
        + user
        + "\"},\"objectRef\":{\"resource\":\""
        + resource
        + "\""
        + (sub == null ? "" : ",\"subresource\":\"" + sub + "\"")
        + "}}";
  }

  @Test
  void requestsAreTheOperatorsCompletedOnesDividedByBenchmarks() {
    List<String> log =
        List.of(
            event(OPERATOR, "ResponseComplete", "patch", "scalingbenchmarks", "status"),
            event(OPERATOR, "ResponseComplete", "patch", "scalingbenchmarks", "status"),
            event(OPERATOR, "ResponseComplete", "patch", "scalingbenchmarks", "status"),
            event(OPERATOR, "ResponseComplete", "patch", "scalingbenchmarks", "status"),
            event(OPERATOR, "ResponseComplete", "create", "events", null),
            event(OPERATOR, "Panic", "get", "pods", null),
            event(OPERATOR, "ResponseStarted", "watch", "pods", null),
            event(
                "system:serviceaccount:team-0:sparkbench-spark",
                "ResponseComplete",
                "create",
                "pods",
                null),
            event("admin", "ResponseComplete", "create", "scalingbenchmarks", null),
            "{\"kind\":\"Event\",\"stage\":\"ResponseComp",
            "");
    AuditedRequests counted = AuditedRequests.count(log, OPERATOR);
    assertThat(counted.total()).isEqualTo(6);
    assertThat(counted.byKind())
        .containsEntry("patch scalingbenchmarks/status", 4L)
        .containsEntry("create events", 1L)
        .containsEntry("get pods", 1L)
        .hasSize(3);
    assertThat(counted.perBenchmark(2, 2))
        .isEqualTo(
            "3.00 per benchmark (patch scalingbenchmarks/status 2.00, create events 0.50, 1 other"
                + " kind(s))");
    assertThat(new AuditedRequests(Map.of()).perBenchmark(10, 4))
        .isEqualTo("0.00 per benchmark (none)");
  }

  @Test
  void procFilesGiveCpuTicksPeakRssAndTheMachinesBusyShare() {
    // the command name holds a space and a parenthesis; utime 1500, stime 250
    String stat =
        "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 1500 250 0 0 20 0 40 0 123 456 789";
    assertThat(ProcFiles.cpuTicks(stat)).isEqualTo(1750);
    assertThat(ProcFiles.peakRssKib("Name:\tjava\nVmPeak:\t 9000 kB\nVmHWM:\t  524288 kB\n"))
        .isEqualTo(524_288);
    assertThat(ProcFiles.peakRssKib("Name:\tjava\n")).isEqualTo(-1);
    long[] ticks = ProcFiles.machineTicks("cpu  100 5 45 800 50 0 0 0 0 0\ncpu0 1 2 3 4\n");
    assertThat(ticks).containsExactly(150, 1000);
  }

  @Test
  void targetsAreMetOrSayWhatBoundsThem() {
    assertThat(ScaleTargets.queue(new ScaleTargets.QueueFigures(1_000, 41.24, 6.0, 30, 70, 2, 3.1)))
        .isEqualTo("1,000 queued benchmarks all with a status within 60 s: met (41.2 s)");
    assertThat(ScaleTargets.queue(new ScaleTargets.QueueFigures(1_000, 80, 6.0, 70, 97, 2, 3.1)))
        .isEqualTo(
            "1,000 queued benchmarks all with a status within 60 s: missed by 20.0 s (80.0 s);"
                + " bound by CPU: the machine's 2 cores 97 % busy, the operator 70.0 s of CPU in"
                + " 80.0 s (0.88 cores), the API server, etcd and the controllers the rest;"
                + " applying took 6.0 s of it");
    assertThat(ScaleTargets.queue(new ScaleTargets.QueueFigures(1_000, 80, 6.0, 20, 40, 2, 3.1)))
        .contains("bound by waiting, not by CPU")
        .contains("3.10 API requests per benchmark");
    assertThat(ScaleTargets.queue(new ScaleTargets.QueueFigures(100, 9.5, 1, 5, 40, 2, 3)))
        .isEqualTo(
            "1,000 queued benchmarks all with a status within 60 s: not judged, this run queued"
                + " 100 (9.5 s)");

    assertThat(ScaleTargets.rss(301.4, new ScaleTargets.Memory(Double.NaN, Double.NaN, Double.NaN)))
        .isEqualTo("operator under 512 MiB RSS: met (peak 301 MiB)");
    assertThat(ScaleTargets.rss(600, new ScaleTargets.Memory(300, 768, 120)))
        .isEqualTo(
            "operator under 512 MiB RSS: missed by 88 MiB (peak 600 MiB); bound by the JVM's"
                + " memory: heap committed 300 MiB (max 768), non-heap 120 MiB (classes, code"
                + " cache), 180 MiB the rest (thread stacks, collector and JIT structures, native"
                + " buffers; at the end, against the peak)");
  }

  @Test
  void theOperatorsMetricsAreReadBySampleAndLabel() {
    String metrics =
        """
        # HELP sparkbench_operator_reconciliations_total Reconciliations of ScalingBenchmarks.
        # TYPE sparkbench_operator_reconciliations_total counter
        sparkbench_operator_reconciliations_total 2051.0
        sparkbench_operator_reconciliations_failed_total 3.0
        jvm_memory_bytes_committed{area="heap",} 1.572864E8
        jvm_memory_bytes_committed{area="nonheap",} 1.048576E8
        jvm_memory_bytes_max{area="heap",} 8.05306368E8
        """;
    assertThat(OperatorProcess.sample(metrics, "sparkbench_operator_reconciliations_total", ""))
        .isEqualTo(2051.0);
    ScaleTargets.Memory memory = OperatorScale.memory(metrics);
    assertThat(memory.heapCommitted()).isEqualTo(150.0);
    assertThat(memory.nonHeapCommitted()).isEqualTo(100.0);
    assertThat(memory.heapMax()).isEqualTo(768.0);
    assertThat(OperatorProcess.sample(metrics, "jvm_threads_current", "")).isNaN();
  }

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(OperatorScale.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(OperatorScale.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
    assertThat(OperatorScale.median(List.of())).isNaN();
  }
}
