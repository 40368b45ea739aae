package io.sparkbench.bench;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.v1.CleanupPolicy;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.app.fs.Folders;
import io.sparkbench.local.ArchiveTraining;
import io.sparkbench.local.LocalCluster;
import io.sparkbench.local.kubelet.PodRun;
import io.sparkbench.local.kubelet.ProcessKubelet;
import io.sparkbench.operator.OperatorConfig;
import io.sparkbench.operator.OperatorMain;
import io.sparkbench.operator.driver.SparkServiceAccount;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;

/**
 * What running a benchmark through the operator costs over running the job directly. For each
 * record count and repetition it applies a one-run ScalingBenchmark (one executor) to the local
 * cluster and measures apply → driver pod seen → driver process started → Succeeded, then runs the
 * same record count in local mode the way the scaling sweep does (spark-app's {@code ScalingSweep}
 * in a fresh JVM), and prints the medians, the operator/local ratio and the targets.
 *
 * <pre>
 * java -jar bench/target/bench.jar operator-overhead \
 *   --records 10000,1000000 --repetitions 3
 * </pre>
 */
public final class OperatorOverhead {

  private static final Duration RUN_TIMEOUT = Duration.ofHours(2);
  private static final Duration POLL = Duration.ofMillis(50);

  /** Parsed arguments. */
  record Arguments(
      List<Long> records,
      int repetitions,
      Path workDir,
      Path appJar,
      boolean skipLocal,
      Map<String, String> sparkConf,
      List<LocalCluster.ControlPlaneKind> controlPlanes) {

    /**
     * @throws IllegalArgumentException saying what to fix
     */
    static Arguments parse(String[] args) {
      return OverheadOptions.parse(args);
    }
  }

  private final Arguments arguments;
  private final PrintStream out;

  OperatorOverhead(Arguments arguments, PrintStream out) {
    this.arguments = arguments;
    this.out = out;
  }

  /**
   * The {@code operator-overhead} command printing to {@code out} and {@code err}. Exit codes: 0
   * every run succeeded, 1 one did not, 2 bad input.
   */
  static CommandLine commandLine(PrintStream out, PrintStream err) {
    return OverheadOptions.commandLine(
        arguments -> {
          try {
            return new OperatorOverhead(arguments, out).run();
          } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
          } catch (IOException e) {
            err.println("error: " + e.getMessage());
            return 1;
          }
        });
  }

  /** Returns 0 when every run succeeded (targets missed or not), 1 otherwise. */
  int run() throws IOException {
    Path work = arguments.workDir().toAbsolutePath().normalize();
    Path appJar = arguments.skipLocal() ? null : LocalModeRun.appJar(arguments.appJar());
    out.println("work dir " + work + "; machine load (1 min) " + ProcFiles.loadAverage());
    Map<LocalCluster.ControlPlaneKind, List<OverheadReport>> reports = new LinkedHashMap<>();
    for (LocalCluster.ControlPlaneKind kind : arguments.controlPlanes()) {
      List<OverheadReport> measured = measure(kind, work, appJar);
      if (measured == null) {
        return 1;
      }
      reports.put(kind, measured);
    }
    reports.forEach(
        (kind, measured) -> {
          out.println();
          out.println("== through the operator on the " + kind + " control plane ==");
          measured.forEach(r -> out.print(r.table()));
        });
    out.println(
        "(seconds from the apply; the operator runs the driver and one executor as local JVMs,"
            + " local mode is the single-run command (local[*]); other work on the machine"
            + " inflates every figure)");
    return 0;
  }

  /** Every record count and repetition on one kind of control plane; null when a run failed. */
  private List<OverheadReport> measure(LocalCluster.ControlPlaneKind kind, Path work, Path appJar)
      throws IOException {
    List<OverheadReport> reports = new ArrayList<>();
    long started = System.nanoTime();
    try (LocalCluster cluster = kind.start(work.resolve("cluster-" + kind));
        OperatorMain.Running operator =
            OperatorMain.start(cluster.client(), OperatorConfig.builder().httpPort(-1).build())) {
      out.printf(
          Locale.ROOT,
          "%s; it and the operator started in %.2f s (includes the operator's warm-up)%n",
          cluster.describe(),
          seconds(System.nanoTime() - started));
      if (cluster.controlPlane() != null) {
        SparkServiceAccount.apply(
            cluster.client(), LocalCluster.NAMESPACE, LocalCluster.SPARK_SERVICE_ACCOUNT);
        cluster.provideClaim(LocalCluster.NAMESPACE, CLAIM);
      }
      // Every measured run maps the pods' class-data-sharing archives, as with an image that
      // built them; the training run that writes them is not measured.
      ArchiveTraining.trainIfNeeded(cluster, RUN_TIMEOUT, out::println);
      for (long records : arguments.records()) {
        OverheadReport report = new OverheadReport(records);
        for (int rep = 1; rep <= arguments.repetitions(); rep++) {
          Optional<OverheadReport.OperatorRun> run = throughOperator(cluster, records, rep);
          if (run.isEmpty()) {
            return null;
          }
          report.add(run.get());
          if (appJar != null) {
            Optional<OverheadReport.LocalRun> local =
                LocalModeRun.run(out, appJar, work.resolve("local"), records, rep, RUN_TIMEOUT);
            if (local.isEmpty()) {
              return null;
            }
            report.addLocal(local.get());
          }
        }
        reports.add(report);
      }
    }
    return reports;
  }

  /** One ScalingBenchmark of one run through the operator; empty when it did not succeed. */
  private Optional<OverheadReport.OperatorRun> throughOperator(
      LocalCluster cluster, long records, int rep) throws IOException {
    KubernetesClient client = cluster.client();
    String name = "overhead-" + records + "-r" + rep;
    ScalingBenchmark benchmark = benchmark(name, records);
    if (cluster.controlPlane() != null) {
      // A real scheduler fits requests to the node's CPUs: the driver's core and the executor's
      // (as many as local mode's local[*] uses) would ask for one more than the node has.
      int millis = benchmark.getSpec().executor.cores * 1000;
      benchmark.getSpec().sparkConf.put("spark.kubernetes.driver.request.cores", "100m");
      benchmark
          .getSpec()
          .sparkConf
          .put("spark.kubernetes.executor.request.cores", (millis - 100) + "m");
    }
    benchmark.getSpec().sparkConf.putAll(arguments.sparkConf());
    out.printf(Locale.ROOT, "operator: %,d records, repetition %d ... ", records, rep);
    out.flush();
    Instant applied = Instant.now();
    client.resource(benchmark).create();
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    ScalingBenchmark current = null;
    Instant finished = null;
    while (finished == null && System.nanoTime() < deadline) {
      sleep();
      current =
          client
              .resources(ScalingBenchmark.class)
              .inNamespace(LocalCluster.NAMESPACE)
              .withName(name)
              .get();
      Phase phase =
          current == null || current.getStatus() == null ? null : current.getStatus().phase;
      if (phase == Phase.Succeeded || phase == Phase.Failed) {
        finished = Instant.now();
      }
    }
    Optional<PodRun> driver = firstDriver(cluster.kubelet(), name);
    client.resource(benchmark).delete();
    try {
      Folders.deleteRecursively(
          cluster
              .workDir()
              .resolve("pods")
              .resolve(LocalCluster.NAMESPACE)
              .resolve("claims")
              .resolve(CLAIM)
              .resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ScalingBenchmarkStatus status = current == null ? null : current.getStatus();
    if (finished == null
        || status.phase != Phase.Succeeded
        || driver.isEmpty()
        || driver.get().started() == null) {
      out.println(
          finished == null
              ? "not finished after " + RUN_TIMEOUT
              : "FAILED: " + (status.error == null ? status.phase : status.error.message()));
      out.println("pod logs under " + cluster.workDir().resolve("pods"));
      return Optional.empty();
    }
    OverheadReport.OperatorRun run =
        new OverheadReport.OperatorRun(
            since(applied, driver.get().observed()),
            since(applied, driver.get().started()),
            since(applied, finished),
            status.results.get(0).durationSeconds,
            stages(status.results.get(0).stages),
            cpu(status.results.get(0)));
    out.printf(
        Locale.ROOT,
        "driver process started %.3f s after the apply, Succeeded after %.1f s (driver reports"
            + " %.1f s)%n",
        run.processStarted(),
        run.succeeded(),
        run.driverReported());
    return Optional.of(run);
  }

  private static final String CLAIM = "sparkbench-data";

  /** The status entry's CPU seconds; null if one of the driver's is missing. */
  static OverheadReport.Cpu cpu(ScalingBenchmarkStatus.RunResult result) {
    return OverheadReport.Cpu.read(part -> part.of(result));
  }

  /** The status's stage seconds as the job reported them; null if any is missing. */
  static BenchmarkResult.StageSeconds stages(ScalingBenchmarkStatus.Stages s) {
    if (s == null
        || s.startup == null
        || s.generate == null
        || s.bronze == null
        || s.silver == null
        || s.gold == null) {
      return null;
    }
    return new BenchmarkResult.StageSeconds(s.startup, s.generate, s.bronze, s.silver, s.gold);
  }

  /**
   * What a user would apply: one run, the quick start's memory, one executor with as many cores as
   * local mode's {@code local[*]} uses, so both run the same number of tasks at once.
   */
  static ScalingBenchmark benchmark(String name, long records) {
    ScalingBenchmark benchmark = new ScalingBenchmark();
    benchmark.setMetadata(
        new ObjectMetaBuilder().withName(name).withNamespace(LocalCluster.NAMESPACE).build());
    ScalingBenchmarkSpec spec = new ScalingBenchmarkSpec();
    spec.image = "sparkbench/spark-app:dev";
    spec.records = List.of(records);
    spec.driver.cores = 1;
    spec.driver.memory = "1g";
    spec.executor.instances = 1;
    spec.executor.cores = Runtime.getRuntime().availableProcessors();
    spec.executor.memory = "1g";
    spec.storage.persistentVolumeClaim = new ScalingBenchmarkSpec.PersistentVolumeClaim();
    spec.storage.persistentVolumeClaim.claimName = CLAIM;
    spec.timeouts.run = RUN_TIMEOUT.toMinutes() + "m";
    spec.retry.limit = 0;
    spec.cleanup = CleanupPolicy.OnSuccess;
    benchmark.setSpec(spec);
    return benchmark;
  }

  /** The benchmark's first driver pod as the kubelet ran it. */
  private static Optional<PodRun> firstDriver(ProcessKubelet kubelet, String name) {
    return kubelet.runs().stream()
        .filter(r -> r.namespace().equals(LocalCluster.NAMESPACE))
        .filter(r -> r.name().startsWith(name + "-") && r.name().endsWith("-driver"))
        .min(Comparator.comparing(PodRun::observed));
  }

  private static double since(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void sleep() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
