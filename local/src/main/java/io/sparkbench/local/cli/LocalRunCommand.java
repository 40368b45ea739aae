package io.sparkbench.local.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.sparkbench.api.run.Measures;
import io.sparkbench.api.run.RunId;
import io.sparkbench.api.run.RunPlan;
import io.sparkbench.api.v1.Comparison;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.common.cli.HelpOption;
import io.sparkbench.common.cli.OneLineErrors;
import io.sparkbench.local.ArchiveTraining;
import io.sparkbench.local.LocalCluster;
import io.sparkbench.local.LocalHistoryServer;
import io.sparkbench.local.kubelet.LocalPodPolicy;
import io.sparkbench.operator.OperatorConfig;
import io.sparkbench.operator.OperatorMain;
import io.sparkbench.operator.driver.SparkServiceAccount;
import io.sparkbench.operator.reconciler.ValidateSpec;
import io.sparkbench.operator.report.ResultsPage;
import io.sparkbench.operator.status.Messages;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiConsumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code local MANIFEST}: runs ScalingBenchmarks end to end on this machine — an API server, the
 * operator, and a process kubelet that runs the Spark driver and executors as local JVMs — printing
 * a line per run and the results, and exiting non-zero if a benchmark failed. The API server is the
 * embedded mock by default; {@code --control-plane real} runs the benchmarks through a real
 * kube-apiserver, etcd, controller-manager and scheduler, with the kubelet as their node.
 */
@Command(
    name = "local",
    sortOptions = false,
    description = {
      "Runs ScalingBenchmarks end to end on this machine: an API server, the operator, and a"
          + " process kubelet that runs the Spark driver and executors as local JVMs.",
      "Prints a line per run and the results; exits 0 when every benchmark succeeded, 1 when one"
          + " failed or timed out, 2 on bad input, 3 when one is Regressed against its"
          + " spec.baseline."
    })
public final class LocalRunCommand implements Callable<Integer> {

  /** The class-data-sharing training run's limit; it takes about half a minute. */
  private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(10);

  private final PrintStream out;
  private final PrintStream err;
  private final BiConsumer<KubernetesClient, OperatorMain.Running> whenFinished;

  @Mixin private LocalOptions arguments = new LocalOptions();

  @Mixin private HelpOption help;

  LocalRunCommand(PrintStream out, PrintStream err) {
    this(out, err, (client, operator) -> {});
  }

  /**
   * {@code whenFinished} sees the cluster and the operator after every benchmark finished and
   * before both stop (tests scrape the metrics there).
   */
  LocalRunCommand(
      PrintStream out,
      PrintStream err,
      BiConsumer<KubernetesClient, OperatorMain.Running> whenFinished) {
    this.out = out;
    this.err = err;
    this.whenFinished = whenFinished;
  }

  /** Parses {@code args} and runs; returns the exit code. */
  int run(String[] args) {
    arguments = new LocalOptions();
    return commandLine().execute(args);
  }

  /** This command for picocli, printing to its streams; bad input is one line and exit code 2. */
  CommandLine commandLine() {
    return OneLineErrors.commandLine(this, out, err);
  }

  /** Exit code when every benchmark succeeded but one is slower than its baseline. */
  static final int REGRESSED = 3;

  /** How long a finished benchmark's comparison may wait for its baseline to finish a round. */
  private static final Duration BASELINE_WAIT = Duration.ofSeconds(60);

  /**
   * Returns the exit code: 0 all succeeded, 1 a benchmark failed or timed out, 2 bad input, 3 a
   * benchmark regressed against its baseline.
   */
  @Override
  public Integer call() {
    List<ScalingBenchmark> benchmarks;
    try {
      if (arguments.manifest() == null) {
        throw new IllegalArgumentException(
            "a manifest file is required: local MANIFEST.yaml (see local --help)");
      }
      benchmarks = Manifests.read(arguments.manifest());
      for (ScalingBenchmark b : benchmarks) {
        b.getMetadata().setNamespace(LocalCluster.NAMESPACE);
        List<String> problems = validate(b);
        if (!problems.isEmpty()) {
          throw new IllegalArgumentException(
              arguments.manifest()
                  + ": scalingbenchmark/"
                  + b.getMetadata().getName()
                  + ": "
                  + Messages.list(problems));
        }
      }
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }

    long started = System.nanoTime();
    LocalCluster cluster;
    try {
      cluster = arguments.controlPlane().start(arguments.workDir().toAbsolutePath());
    } catch (RuntimeException e) {
      err.println(
          "error: the "
              + arguments.controlPlane()
              + " control plane did not start: "
              + e.getMessage());
      return 1;
    }
    // The History Server first: the operator links each result to its page there.
    try (cluster;
        LocalHistoryServer history = LocalHistoryServer.start(cluster.eventLogDir());
        OperatorMain.Running operator =
            OperatorMain.start(
                cluster.client(),
                OperatorConfig.builder()
                    .httpPort(arguments.httpPort())
                    .historyServerUrl(history.url())
                    .prices(arguments.prices())
                    .build())) {
      KubernetesClient client = cluster.client();
      out.println("sparkbench local cluster: " + cluster.describe());
      out.println("  work dir " + cluster.workDir());
      out.println("  kubectl --kubeconfig " + cluster.kubeconfig() + " get scalingbenchmarks");
      if (operator.httpPort() > 0) {
        out.println("  metrics: http://127.0.0.1:" + operator.httpPort() + "/metrics");
        out.println(
            "  results pages: http://127.0.0.1:"
                + operator.httpPort()
                + "/benchmarks/"
                + LocalCluster.NAMESPACE
                + "/<name>");
      }
      out.println(
          "  Spark History Server: "
              + history.url()
              + " (event logs in "
              + cluster.eventLogDir()
              + ")");
      ArchiveTraining.trainIfNeeded(cluster, TRAINING_TIMEOUT, out::println);
      for (ScalingBenchmark b : benchmarks) {
        prepare(cluster, b);
        client.resource(b).create();
        out.printf(
            Locale.ROOT,
            "applied scalingbenchmark/%s: records %s%s × %d repetition(s)%n",
            b.getMetadata().getName(),
            b.getSpec().records,
            RunPlan.of(b.getSpec()).sweepsExecutors()
                ? " × executors " + b.getSpec().executors
                : "",
            b.getSpec().repetitions == null ? 1 : b.getSpec().repetitions);
      }
      int code = follow(client, benchmarks, cluster.workDir(), started, arguments.timeout());
      whenFinished.accept(client, operator);
      if (arguments.keep()) {
        out.println(
            "--keep: serving the API server, /metrics and the History Server until interrupted"
                + " (Ctrl-C)");
        awaitInterrupt();
      }
      return code;
    } catch (RuntimeException e) {
      err.println("error: the local cluster failed: " + e.getMessage());
      return 1;
    }
  }

  /**
   * What the benchmark needs from the cluster that a cluster admin would provide: its service
   * account with the chart's Spark Role, and its claim bound to a volume; and, unless the spec says
   * otherwise, its event logs in the local History Server's folder.
   */
  private static void prepare(LocalCluster cluster, ScalingBenchmark b) {
    // Event logs the spec leaves where they are go into the one folder the History Server reads.
    ScalingBenchmarkSpec.EventLog eventLog = b.getSpec().eventLog;
    if (eventLog != null && !Boolean.FALSE.equals(eventLog.enabled) && eventLog.dir == null) {
      eventLog.dir = "file://" + cluster.eventLogDir();
    }
    if (cluster.controlPlane() == null) {
      return;
    }
    SparkServiceAccount.apply(cluster.client(), LocalCluster.NAMESPACE, b.getSpec().serviceAccount);
    var storage = b.getSpec().storage;
    if (storage != null && storage.persistentVolumeClaim != null) {
      cluster.provideClaim(LocalCluster.NAMESPACE, storage.persistentVolumeClaim.claimName);
    }
  }

  /** The operator's own checks, before anything starts (its driver builder needs no server). */
  private static List<String> validate(ScalingBenchmark benchmark) {
    try (KubernetesClient offline =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl("http://127.0.0.1:1").build())
            .build()) {
      List<String> problems = new ArrayList<>(ValidateSpec.problems(benchmark, Map.of(), offline));
      problems.addAll(LocalPodPolicy.problems(benchmark));
      return problems;
    }
  }

  /** Prints progress until every benchmark has finished, then the results. */
  private int follow(
      KubernetesClient client,
      List<ScalingBenchmark> benchmarks,
      Path workDir,
      long started,
      Duration timeout) {
    Map<String, Progress> progress = new HashMap<>();
    List<ScalingBenchmark> finished = new ArrayList<>();
    long deadline = started + timeout.toNanos();
    while (finished.size() < benchmarks.size()) {
      if (System.nanoTime() > deadline) {
        err.println("error: not finished after " + timeout + "; stopping");
        return 1;
      }
      finished.clear();
      Map<String, ScalingBenchmark> latest = new LinkedHashMap<>();
      for (ScalingBenchmark b : benchmarks) {
        ScalingBenchmark current =
            client
                .resources(ScalingBenchmark.class)
                .inNamespace(LocalCluster.NAMESPACE)
                .withName(b.getMetadata().getName())
                .get();
        if (current == null) {
          err.println("error: scalingbenchmark/" + b.getMetadata().getName() + " was deleted");
          return 1;
        }
        progress
            .computeIfAbsent(current.getMetadata().getName(), n -> new Progress())
            .report(current, seconds(started));
        latest.put(current.getMetadata().getName(), current);
      }
      for (ScalingBenchmark current : latest.values()) {
        if (done(current) && !awaitsBaseline(current, latest)) {
          finished.add(current);
        }
      }
      sleep();
    }
    boolean allSucceeded = true;
    List<String> regressed = new ArrayList<>();
    for (ScalingBenchmark b : finished) {
      out.println();
      out.print(ResultsTable.of(b));
      out.println("results page: " + writePage(workDir, b));
      out.println("resource: " + writeResource(workDir, b, client));
      allSucceeded &= b.getStatus().phase == Phase.Succeeded;
      Comparison comparison = b.getStatus().comparison;
      if (comparison != null && comparison.regressed == Comparison.Verdict.True) {
        regressed.add(b.getMetadata().getName() + ": " + comparison.message);
      }
    }
    if (!allSucceeded) {
      return 1;
    }
    for (String line : regressed) {
      err.println("regressed: " + line);
    }
    return regressed.isEmpty() ? 0 : REGRESSED;
  }

  private static boolean done(ScalingBenchmark b) {
    Phase phase = b.getStatus() == null ? null : b.getStatus().phase;
    return phase == Phase.Succeeded || phase == Phase.Failed;
  }

  /** When each benchmark's comparison began to wait for a baseline that is not running here. */
  private final Map<String, Long> awaitingSince = new HashMap<>();

  /**
   * Whether a finished benchmark's comparison still waits for its baseline benchmark to finish a
   * round (the operator compares again once it has): while that benchmark runs in this manifest,
   * and otherwise for at most {@link #BASELINE_WAIT}.
   */
  private boolean awaitsBaseline(ScalingBenchmark b, Map<String, ScalingBenchmark> manifest) {
    Comparison comparison = b.getStatus().comparison;
    String name = b.getMetadata().getName();
    if (comparison == null || !"BaselineNotReady".equals(comparison.reason)) {
      return false;
    }
    ScalingBenchmark baseline =
        b.getSpec().baseline == null ? null : manifest.get(b.getSpec().baseline.benchmark);
    if (baseline != null && !done(baseline)) {
      awaitingSince.remove(name);
      return true;
    }
    long since = awaitingSince.computeIfAbsent(name, n -> System.nanoTime());
    return System.nanoTime() - since < BASELINE_WAIT.toNanos();
  }

  /**
   * Writes the benchmark's results page, {@code <namespace>-<name>.html}, into the work dir;
   * returns its path, or why it could not be written (the results above stand either way).
   */
  static String writePage(Path workDir, ScalingBenchmark b) {
    Path page = besidePage(workDir, b, ".html");
    try {
      Files.writeString(page, ResultsPage.render(b), StandardCharsets.UTF_8);
      return page.toString();
    } catch (IOException e) {
      return "not written: " + e.getMessage();
    }
  }

  /**
   * Writes the benchmark as the API server holds it, spec and status, as {@code kubectl get -o
   * json} shows it, to {@code <namespace>-<name>.json} beside its page; returns its path, or why it
   * could not be written.
   */
  static String writeResource(Path workDir, ScalingBenchmark b, KubernetesClient client) {
    Path file = besidePage(workDir, b, ".json");
    try {
      String json = client.getKubernetesSerialization().asJson(b);
      String pretty = new ObjectMapper().readTree(json).toPrettyString();
      Files.writeString(file, pretty + "\n", StandardCharsets.UTF_8);
      return file.toString();
    } catch (IOException e) {
      return "not written: " + e.getMessage();
    }
  }

  /** {@code <namespace>-<name><suffix>} in the work dir: the page and the files beside it. */
  private static Path besidePage(Path workDir, ScalingBenchmark b, String suffix) {
    return workDir.resolve(
        b.getMetadata().getNamespace() + "-" + b.getMetadata().getName() + suffix);
  }

  /** Blocks until the process is interrupted; its shutdown hooks then stop the cluster. */
  private static void awaitInterrupt() {
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** What was last printed for one benchmark, so each change is printed once. */
  private final class Progress {
    private String lastRun;
    private int results;
    private Phase phase;

    void report(ScalingBenchmark b, double at) {
      String name = b.getMetadata().getName();
      ScalingBenchmarkStatus s = b.getStatus();
      if (s == null) {
        return;
      }
      RunPlan plan = RunPlan.of(b.getSpec());
      for (int i = results; i < s.results.size(); i++) {
        ScalingBenchmarkStatus.RunResult r = s.results.get(i);
        StringBuilder stages = new StringBuilder();
        for (Measures.Stage stage : Measures.Stage.values()) {
          Double seconds = stage.of(r);
          if (stage != Measures.Stage.STARTUP && seconds != null) {
            stages.append(stages.length() == 0 ? "" : ", ");
            stages.append(String.format(Locale.ROOT, "%s %.2f", stage.key, seconds));
          }
        }
        out.printf(
            Locale.ROOT,
            "[%7.1fs] %s: %s: %.2f s (%s)%s%n",
            at,
            name,
            describe(plan, plan.of(r), false),
            r.durationSeconds,
            stages,
            ResultsTable.predictionNote(r) + ResultsTable.costNote(r));
      }
      results = s.results.size();
      ScalingBenchmarkStatus.CurrentRun run = s.currentRun;
      RunId id = run == null ? null : plan.of(run);
      String key = id == null ? null : id.toString();
      if (run != null && !key.equals(lastRun)) {
        out.printf(
            Locale.ROOT,
            "[%7.1fs] %s: run %d/%d started: %s (pod %s)%n",
            at,
            name,
            results + 1,
            plan.size(),
            describe(plan, id, true),
            run.driverPod);
      }
      lastRun = key;
      if (s.phase != phase) {
        if (s.phase == Phase.Queued || s.phase == Phase.Succeeded || s.phase == Phase.Failed) {
          out.printf(Locale.ROOT, "[%7.1fs] %s: %s%n", at, name, s.phase);
        }
        phase = s.phase;
      }
    }
  }

  /** A run as the progress lines name it: its executors only when the benchmark sweeps them. */
  private static String describe(RunPlan plan, RunId run, boolean attempt) {
    return String.format(
        Locale.ROOT,
        "%,d records%s, repetition %d%s",
        run.records(),
        plan.sweepsExecutors()
            ? String.format(
                Locale.ROOT, " × %d executor%s", run.executors(), run.executors() == 1 ? "" : "s")
            : "",
        run.repetition(),
        attempt ? ", attempt " + run.attempt() : "");
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }

  private static void sleep() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
