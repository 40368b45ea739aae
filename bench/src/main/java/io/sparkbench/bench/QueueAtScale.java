package io.sparkbench.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.apiserver.LocalApiServer;
import io.sparkbench.common.cli.HelpOption;
import io.sparkbench.common.cli.OneLineErrors;
import io.sparkbench.local.LocalCluster;
import io.sparkbench.operator.OperatorConfig;
import io.sparkbench.operator.OperatorMain;
import io.sparkbench.operator.ServedCrd;
import io.sparkbench.operator.driver.SparkServiceAccount;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What a long queue costs the operator: N benchmarks in M namespaces on the embedded API server,
 * one slot, no kubelet (the admitted benchmark's driver stays Pending, holding the slot). Prints
 * how long the operator took to give every benchmark a phase, then, over a steady window in which
 * each queued benchmark looks for its turn every queue recheck, reconciliations per second, the
 * operator's CPU per reconciliation and the JVM's resident memory. Compare sizes as ratios within
 * one sitting. {@code java -jar bench/target/bench.jar queue-at-scale --benchmarks 100,500}.
 */
@Command(
    name = "queue-at-scale",
    description = "Measures the operator's cost of a long queue of benchmarks.")
public final class QueueAtScale implements Callable<Integer> {

  @Mixin private HelpOption help;

  @Option(
      names = "--benchmarks",
      split = ",",
      paramLabel = "N",
      description = "Queue lengths to measure, one after another (default: 100,500).")
  private List<Integer> benchmarks = List.of(100, 500);

  @Option(
      names = "--namespaces",
      paramLabel = "M",
      description = "Namespaces the benchmarks are spread over (default: ${DEFAULT-VALUE}).")
  private int namespaces = 10;

  @Option(
      names = "--window",
      paramLabel = "SECONDS",
      description = "Length of the steady window (default: ${DEFAULT-VALUE}).")
  private int window = 30;

  private final PrintStream out;

  private QueueAtScale(PrintStream out) {
    this.out = out;
  }

  /** The {@code queue-at-scale} command printing to {@code out}. */
  static CommandLine commandLine(PrintStream out) {
    return new CommandLine(new QueueAtScale(out)).setParameterExceptionHandler(new OneLineErrors());
  }

  @Override
  public Integer call() throws Exception {
    out.printf(
        Locale.ROOT,
        "%8s %6s %10s %12s %14s %10s%n",
        "queue",
        "ns",
        "phased s",
        "reconc./s",
        "cpu ms/reconc.",
        "RSS MiB");
    for (int n : benchmarks) {
      measure(n);
    }
    out.println(
        "(phased: from the first apply until every benchmark has a phase; the rest over a "
            + window
            + " s window with every queued benchmark rechecking every 5 s)");
    return 0;
  }

  private void measure(int n) throws Exception {
    try (LocalApiServer server = LocalApiServer.start();
        KubernetesClient client = server.createClient()) {
      client.resource(ServedCrd.bundled(client)).create();
      for (int ns = 0; ns < namespaces; ns++) {
        String namespace = "team-" + ns;
        client
            .namespaces()
            .resource(
                new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
            .create();
        SparkServiceAccount.apply(client, namespace, LocalCluster.SPARK_SERVICE_ACCOUNT);
      }
      OperatorConfig config =
          OperatorConfig.builder()
              .httpPort(-1)
              .maxRunning(1)
              .maxQueuedPerNamespace(Math.max(50, n))
              .build();
      try (OperatorMain.Running operator = OperatorMain.start(client, config)) {
        long started = System.nanoTime();
        for (int i = 0; i < n; i++) {
          client.resource(benchmark("team-" + (i % namespaces), "b" + i)).create();
        }
        while (phased(client) < n) {
          Thread.sleep(200);
        }
        double phasedSeconds = (System.nanoTime() - started) / 1e9;
        Thread.sleep(5_000); // one recheck period, so the window is steady
        double before = reconciliations(operator);
        long cpuBefore = cpuNanos();
        Thread.sleep(window * 1_000L);
        double reconciled = reconciliations(operator) - before;
        long cpu = cpuNanos() - cpuBefore;
        out.printf(
            Locale.ROOT,
            "%8d %6d %10.1f %12.1f %14.3f %10d%n",
            n,
            namespaces,
            phasedSeconds,
            reconciled / window,
            reconciled == 0 ? 0 : cpu / 1e6 / reconciled,
            rssMiB());
        Map<Phase, Integer> phases = new EnumMap<>(Phase.class);
        for (ScalingBenchmark b :
            client.resources(ScalingBenchmark.class).inAnyNamespace().list().getItems()) {
          phases.merge(b.getStatus().phase, 1, Integer::sum);
        }
        out.println("         phases " + phases);
      }
    }
  }

  private static ScalingBenchmark benchmark(String namespace, String name) {
    ScalingBenchmark b = new ScalingBenchmark();
    b.getMetadata().setName(name);
    b.getMetadata().setNamespace(namespace);
    b.setSpec(new ScalingBenchmarkSpec());
    b.getSpec().image = "sparkbench/spark-app:dev";
    b.getSpec().records = List.of(10_000L);
    return b;
  }

  private static long phased(KubernetesClient client) {
    return client.resources(ScalingBenchmark.class).inAnyNamespace().list().getItems().stream()
        .filter(b -> b.getStatus() != null && b.getStatus().phase != null)
        .count();
  }

  private static double reconciliations(OperatorMain.Running operator) {
    Double value =
        operator.metrics().registry().getSampleValue("sparkbench_operator_reconciliations_total");
    return value == null ? 0 : value;
  }

  /** CPU time of every thread of this JVM (the operator and the embedded API server). */
  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long rssMiB() throws Exception {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return -1;
  }
}
