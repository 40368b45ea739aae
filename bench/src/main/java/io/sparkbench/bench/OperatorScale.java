package io.sparkbench.bench;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.api.result.ScalingModel;
import io.sparkbench.api.v1.CleanupPolicy;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.controlplane.Binaries;
import io.sparkbench.controlplane.ControlPlane;
import io.sparkbench.controlplane.Namespaces;
import io.sparkbench.local.ArchiveTraining;
import io.sparkbench.local.ClusterCrd;
import io.sparkbench.local.LocalCluster;
import io.sparkbench.local.kubelet.LocalNode;
import io.sparkbench.operator.driver.Labels;
import io.sparkbench.operator.driver.SparkServiceAccount;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine;

/**
 * The operator at scale, in its own JVM on the real control plane: N one-run benchmarks applied
 * across M namespaces with no node (so all but one wait in the queue), then K tiny benchmarks run
 * on the process node. Prints how long until every benchmark had a phase, the operator process's
 * CPU and peak RSS, its API requests per benchmark (from the API server's audit log, by its service
 * account), the order it admitted benchmarks in against its fair-queue rule, and benchmarks per
 * minute end to end, beside the targets.
 *
 * <pre>
 * java -jar bench/target/bench.jar operator-scale --benchmarks 1000 --namespaces 10 --tiny-jobs 100
 * </pre>
 */
final class OperatorScale {

  /** Parsed arguments. */
  record Arguments(
      int benchmarks,
      int namespaces,
      int tinyJobs,
      int queueOrder,
      Path workDir,
      Path operatorJar) {}

  /** The part with no node, each wait in it. */
  private static final Duration QUEUE_TIMEOUT = Duration.ofMinutes(30);

  private static final Duration ADMISSION_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration TRAINING_TIMEOUT = Duration.ofMinutes(15);

  /** How long a tiny job may take, beyond which the part gives up. */
  private static final Duration TINY_JOB_BUDGET = Duration.ofMinutes(3);

  /** The operator's own default limit of waiting benchmarks per namespace. */
  private static final int DEFAULT_MAX_QUEUED = 50;

  private final Arguments arguments;
  private final PrintStream out;
  private final List<String> namespaces;

  /** Figures for the targets, set as the parts finish. */
  private ScaleTargets.QueueFigures queueFigures;

  OperatorScale(Arguments arguments, PrintStream out) {
    this.arguments = arguments;
    this.out = out;
    this.namespaces = namespaces(arguments.namespaces());
  }

  /**
   * The {@code operator-scale} command printing to {@code out} and {@code err}. Exit codes: 0 every
   * part finished and no tiny job failed, 1 otherwise, 2 bad input.
   */
  static CommandLine commandLine(PrintStream out, PrintStream err) {
    return ScaleOptions.commandLine(
        arguments -> {
          try {
            return new OperatorScale(arguments, out).run();
          } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
          } catch (IllegalStateException | IOException | UncheckedIOException e) {
            err.println("error: " + e.getMessage());
            return 1;
          }
        });
  }

  int run() throws IOException {
    Path work = arguments.workDir().toAbsolutePath().normalize();
    Path jar = arguments.operatorJar().toAbsolutePath().normalize();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalArgumentException(
          "no operator jar at "
              + jar
              + ": build it first (mvn -q package -DskipTests -pl operator -am) or name it with"
              + " --operator-jar");
    }
    Files.createDirectories(work);
    out.printf(
        Locale.ROOT,
        "operator-scale: %,d benchmarks across %d namespaces with no node, then %,d tiny jobs on"
            + " the process node; %d cores, machine load (1 min) %s; work dir %s%n",
        arguments.benchmarks(),
        arguments.namespaces(),
        arguments.tinyJobs(),
        Runtime.getRuntime().availableProcessors(),
        ProcFiles.loadAverage(),
        work);
    long started = System.nanoTime();
    ControlPlane controlPlane =
        ControlPlane.start(Binaries.pinned(), work.resolve("control-plane"));
    try (controlPlane;
        KubernetesClient admin = controlPlane.adminClient()) {
      out.printf(
          Locale.ROOT,
          "real control plane, Kubernetes %s at %s (etcd, kube-apiserver,"
              + " kube-controller-manager, kube-scheduler), no node; started in %.1f s%n",
          controlPlane.kubernetesVersion(),
          controlPlane.apiServerUrl(),
          seconds(System.nanoTime() - started));
      ClusterCrd.apply(admin);
      for (String namespace : namespaces) {
        Namespaces.ensure(admin, namespace);
        SparkServiceAccount.apply(admin, namespace, LocalCluster.SPARK_SERVICE_ACCOUNT);
      }
      int perNamespace =
          Math.max(DEFAULT_MAX_QUEUED, ceilDiv(arguments.benchmarks(), namespaces.size()));
      List<String> flags =
          List.of(
              "--max-queued-per-namespace=" + perNamespace,
              "--operator-namespace=" + OperatorProcess.NAMESPACE,
              "--operator-service-account=" + OperatorProcess.ACCOUNT);
      started = System.nanoTime();
      try (OperatorProcess operator = OperatorProcess.start(controlPlane, admin, work, jar, flags);
          PhaseTracker tracker = PhaseTracker.start(admin)) {
        out.printf(
            Locale.ROOT,
            "operator: a JVM of its own (pid %d), ready in %.1f s, as service account %s (bound"
                + " to cluster-admin); log %s%n  %s%n",
            operator.pid(),
            seconds(System.nanoTime() - started),
            OperatorProcess.username(),
            operator.log(),
            String.join(" ", operator.command()));
        boolean ok = queue(controlPlane, admin, operator, tracker);
        if (ok && arguments.tinyJobs() > 0) {
          ok = tinyJobs(controlPlane, work, operator, tracker);
        }
        double peakRss = operator.peakRssMiB();
        String metrics = operator.metrics();
        out.println();
        out.println("targets (printed, never asserted):");
        if (queueFigures != null) {
          out.println("  " + ScaleTargets.queue(queueFigures));
        }
        out.println("  " + ScaleTargets.rss(peakRss, memory(metrics)));
        return ok ? 0 : 1;
      }
    }
  }

  /**
   * N benchmarks with no node: the time until each has a phase, what the operator spent on it, and
   * the order it admits them in as the benchmark holding the slot is deleted, again and again.
   */
  private boolean queue(
      ControlPlane controlPlane,
      KubernetesClient admin,
      OperatorProcess operator,
      PhaseTracker tracker)
      throws IOException {
    int n = arguments.benchmarks();
    out.println();
    out.printf(
        Locale.ROOT,
        "== %,d benchmarks queued with no node (one slot: the admitted one's driver stays"
            + " Pending) ==%n",
        n);
    List<ScalingBenchmark> planned = plan("queued", n, "1h");
    Set<String> keys = keys(planned);
    Window window = Window.open(operator, controlPlane.auditLog());
    Map<String, Instant> applied = new HashMap<>();
    Instant first = Instant.now();
    for (ScalingBenchmark b : planned) {
      admin.resource(b).create();
      applied.put(b.getMetadata().getNamespace() + "/" + b.getMetadata().getName(), Instant.now());
    }
    double applySeconds = since(first);
    out.printf(
        Locale.ROOT,
        "  applied %,d in %.1f s, one namespace after another (%s's %,d first), so first come,"
            + " first served and namespaces taking turns differ%n",
        n,
        applySeconds,
        namespaces.get(0),
        ceilDiv(n, namespaces.size()));
    boolean phased =
        tracker.await(
            t -> keys.stream().allMatch(k -> t.get(k) != null && t.get(k).phased() != null),
            QUEUE_TIMEOUT);
    Window.Figures figures = window.close(operator, n);
    List<PhaseTracker.Seen> seen = seen(tracker, keys);
    if (!phased) {
      out.printf(
          Locale.ROOT,
          "  only %,d of %,d had a phase after %s; operator log %s%n",
          seen.stream().filter(s -> s.phased() != null).count(),
          n,
          QUEUE_TIMEOUT,
          operator.log());
      return false;
    }
    Instant last =
        seen.stream().map(PhaseTracker.Seen::phased).max(Comparator.naturalOrder()).get();
    double seconds = Duration.between(first, last).toNanos() / 1e9;
    out.printf(
        Locale.ROOT,
        "  every one with a phase %.1f s after the first apply: %s%n",
        seconds,
        phases(seen));
    List<Double> lags =
        seen.stream()
            .map(s -> Duration.between(applied.get(s.key()), s.phased()).toNanos() / 1e9)
            .sorted()
            .toList();
    out.printf(
        Locale.ROOT,
        "  each one's apply -> phase: median %.2f s, 99th percentile %.2f s, max %.2f s%n",
        median(lags),
        lags.get(Math.min(lags.size() - 1, (int) Math.ceil(lags.size() * 0.99) - 1)),
        lags.get(lags.size() - 1));
    figures.print(out, n, "during that");
    queueFigures =
        new ScaleTargets.QueueFigures(
            n,
            seconds,
            applySeconds,
            figures.cpuSeconds(),
            figures.busyPercent(),
            Runtime.getRuntime().availableProcessors(),
            figures.requests().total() / (double) n);
    if (arguments.queueOrder() > 0) {
      queueOrder(admin, tracker, keys);
    }
    return deleteAll(admin, tracker, keys);
  }

  /**
   * The order the operator admits waiting benchmarks in: it publishes no position, so the benchmark
   * holding the slot is deleted and the next one it admits is recorded, again and again.
   */
  private void queueOrder(KubernetesClient admin, PhaseTracker tracker, Set<String> keys) {
    List<PhaseTracker.Seen> waiting =
        seen(tracker, keys).stream().filter(s -> s.phase() != Phase.Failed).toList();
    List<PhaseTracker.Seen> admitted = new ArrayList<>();
    List<Double> handovers = new ArrayList<>();
    Set<String> taken = new HashSet<>();
    for (int i = 0; i < arguments.queueOrder(); i++) {
      Instant deleted = null;
      if (i > 0) {
        PhaseTracker.Seen holder = admitted.get(i - 1);
        admin
            .resources(ScalingBenchmark.class)
            .inNamespace(holder.namespace())
            .withName(holder.name())
            .delete();
        deleted = Instant.now();
      }
      boolean next =
          tracker.await(
              t ->
                  keys.stream()
                      .map(t::get)
                      .anyMatch(
                          s -> s != null && s.phase() == Phase.Running && !taken.contains(s.key())),
              ADMISSION_TIMEOUT);
      if (!next) {
        out.printf(
            Locale.ROOT,
            "  no benchmark admitted within %s%s%n",
            ADMISSION_TIMEOUT,
            i == 0 ? "" : " of deleting " + admitted.get(i - 1));
        break;
      }
      PhaseTracker.Seen holder =
          keys.stream()
              .map(tracker::get)
              .filter(s -> s != null && s.phase() == Phase.Running && !taken.contains(s.key()))
              .min(Comparator.comparing(PhaseTracker.Seen::running))
              .get();
      admitted.add(holder);
      taken.add(holder.key());
      if (deleted != null) {
        handovers.add(Duration.between(deleted, holder.running()).toNanos() / 1e9);
      }
    }
    out.printf(
        Locale.ROOT,
        "  queue order, admissions 1-%d (the operator publishes no queue position: each after"
            + " deleting the benchmark holding the slot): %s%n",
        admitted.size(),
        admitted.stream().map(PhaseTracker.Seen::key).collect(Collectors.joining(", ")));
    if (admitted.size() > 1) {
      out.println(
          "  "
              + fairness(
                  waiting.stream()
                      .filter(s -> !s.key().equals(admitted.get(0).key()))
                      .map(PhaseTracker.Seen::queued)
                      .toList(),
                  admitted.get(0).namespace(),
                  admitted.subList(1, admitted.size()).stream()
                      .map(PhaseTracker.Seen::queued)
                      .toList(),
                  2));
      out.printf(
          Locale.ROOT,
          "  slot handed over %.1f s after the delete (median; max %.1f s)%n",
          median(handovers),
          handovers.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
    }
  }

  /** {@code fair round-robin by namespace: yes, ...} or the first admission that was not. */
  static String fairness(
      List<FairOrder.Queued> waiting,
      String lastNamespace,
      List<FairOrder.Queued> admitted,
      int firstNumber) {
    FairOrder.Verdict verdict = FairOrder.check(waiting, lastNamespace, admitted);
    String range = "admissions " + firstNumber + "-" + (firstNumber + admitted.size() - 1);
    if (verdict.fair()) {
      return "fair round-robin by namespace: yes, "
          + range
          + " all as FairQueue's rule says (namespaces in turn after the one that started last,"
          + " oldest first within one)";
    }
    return String.format(
        Locale.ROOT,
        "fair round-robin by namespace: no, %d of %s differ from FairQueue's rule; first, %s",
        verdict.deviations(),
        range,
        verdict.firstDeviation());
  }

  /** Deletes what is left of the queue and waits until it and its pods are gone. */
  private boolean deleteAll(KubernetesClient admin, PhaseTracker tracker, Set<String> keys) {
    long started = System.nanoTime();
    for (String namespace : namespaces) {
      admin.resources(ScalingBenchmark.class).inNamespace(namespace).delete();
    }
    boolean gone =
        tracker.await(t -> keys.stream().noneMatch(k -> t.get(k) != null), QUEUE_TIMEOUT)
            && tracker.await(
                t ->
                    namespaces.stream()
                        .allMatch(
                            ns ->
                                admin
                                    .pods()
                                    .inNamespace(ns)
                                    .withLabel(Labels.BENCHMARK)
                                    .list()
                                    .getItems()
                                    .isEmpty()),
                ADMISSION_TIMEOUT);
    out.printf(
        Locale.ROOT,
        "  %s the rest and their driver pods in %.1f s%n",
        gone ? "deleted" : "NOT all gone: deleted",
        seconds(System.nanoTime() - started));
    return gone;
  }

  /** K tiny benchmarks on the process node, applied at once: benchmarks per minute end to end. */
  private boolean tinyJobs(
      ControlPlane controlPlane, Path work, OperatorProcess operator, PhaseTracker tracker) {
    int k = arguments.tinyJobs();
    try (LocalCluster cluster =
        LocalCluster.join(
            controlPlane, work, LocalNode.ofThisMachine(List.of(LocalNode.SPARK_APP_IMAGE)))) {
      out.println();
      out.printf(
          Locale.ROOT,
          "== %,d tiny jobs on the process node %s (1 record, one run, one executor, cleanup"
              + " Always), applied at once ==%n",
          k,
          cluster.kubelet().node().name());
      ArchiveTraining.trainIfNeeded(cluster, TRAINING_TIMEOUT, out::println);
      KubernetesClient client = cluster.client();
      List<ScalingBenchmark> planned = plan("tiny", k, null);
      Set<String> keys = keys(planned);
      Window window = Window.open(operator, controlPlane.auditLog());
      Instant first = Instant.now();
      for (ScalingBenchmark b : planned) {
        client.resource(b).create();
      }
      Instant applied = Instant.now();
      out.printf(
          Locale.ROOT,
          "  applied %,d in %.1f s across %d namespace(s), one namespace after another%n",
          k,
          since(first),
          Math.min(k, namespaces.size()));
      int step = Math.max(1, k / 10);
      int[] reported = {0};
      boolean done =
          tracker.await(
              t -> {
                long finished = keys.stream().filter(key -> isDone(t.get(key))).count();
                if (finished >= reported[0] + step) {
                  reported[0] = (int) (finished - finished % step);
                  out.printf(
                      Locale.ROOT, "  [%7.1fs] %,d of %,d finished%n", since(first), finished, k);
                }
                return finished == k;
              },
              TINY_JOB_BUDGET.multipliedBy(k).plusMinutes(10));
      Window.Figures figures = window.close(operator, k);
      List<PhaseTracker.Seen> seen = seen(tracker, keys);
      List<PhaseTracker.Seen> succeeded =
          seen.stream().filter(s -> s.phase() == Phase.Succeeded).toList();
      List<PhaseTracker.Seen> failed =
          seen.stream().filter(s -> s.phase() == Phase.Failed).toList();
      if (!succeeded.isEmpty()) {
        Instant last =
            succeeded.stream()
                .map(PhaseTracker.Seen::finished)
                .max(Comparator.naturalOrder())
                .get();
        double minutes = Duration.between(first, last).toNanos() / 60e9;
        out.printf(
            Locale.ROOT,
            "  first apply -> last Succeeded %.1f s: %.2f benchmarks per minute (%,d Succeeded,"
                + " %,d Failed%s)%n",
            minutes * 60,
            succeeded.size() / minutes,
            succeeded.size(),
            failed.size(),
            done ? "" : ", " + (k - succeeded.size() - failed.size()) + " unfinished");
      } else {
        out.printf(Locale.ROOT, "  none Succeeded (%,d Failed)%n", failed.size());
      }
      List<PhaseTracker.Seen> admissions =
          seen.stream()
              .filter(s -> s.running() != null)
              .sorted(Comparator.comparing(PhaseTracker.Seen::running))
              .toList();
      List<Double> runs = new ArrayList<>();
      List<Double> gaps = new ArrayList<>();
      for (int i = 0; i < admissions.size(); i++) {
        PhaseTracker.Seen s = admissions.get(i);
        if (s.finished() != null) {
          runs.add(Duration.between(s.running(), s.finished()).toNanos() / 1e9);
        }
        if (i > 0 && admissions.get(i - 1).finished() != null) {
          gaps.add(Duration.between(admissions.get(i - 1).finished(), s.running()).toNanos() / 1e9);
        }
      }
      out.printf(
          Locale.ROOT,
          "  each: Running -> finished %.1f s (median), then the slot idle %.1f s (median; max"
              + " %.1f s) until the next is Running%n",
          median(runs),
          median(gaps),
          gaps.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
      figures.print(out, k, "from the first apply to the last finished");
      printOrder(seen, admissions, applied);
      for (PhaseTracker.Seen s : failed) {
        out.println("  FAILED " + s.key() + ": " + Objects.requireNonNullElse(s.error(), "-"));
      }
      return done && failed.isEmpty();
    }
  }

  /** The tiny jobs' admission order against the rule, from the first admitted after the apply. */
  private void printOrder(
      List<PhaseTracker.Seen> seen, List<PhaseTracker.Seen> admissions, Instant applied) {
    out.printf(
        Locale.ROOT,
        "  queue order, first %d admitted: %s%n",
        Math.min(10, admissions.size()),
        admissions.stream()
            .limit(10)
            .map(PhaseTracker.Seen::key)
            .collect(Collectors.joining(", ")));
    int from = 1;
    while (from < admissions.size() && admissions.get(from).running().isBefore(applied)) {
      from++;
    }
    if (from >= admissions.size()) {
      return;
    }
    Set<String> before =
        admissions.subList(0, from).stream()
            .map(PhaseTracker.Seen::key)
            .collect(Collectors.toSet());
    out.println(
        "  "
            + fairness(
                seen.stream()
                    .filter(s -> !before.contains(s.key()))
                    .map(PhaseTracker.Seen::queued)
                    .toList(),
                admissions.get(from - 1).namespace(),
                admissions.subList(from, admissions.size()).stream()
                    .map(PhaseTracker.Seen::queued)
                    .toList(),
                from + 1));
  }

  /**
   * {@code count} one-run benchmarks named {@code prefix-0000...}, in blocks: the first namespace's
   * share, then the next one's; {@code driverStart} null keeps the spec's default.
   */
  private List<ScalingBenchmark> plan(String prefix, int count, String driverStart) {
    int used = Math.min(count, namespaces.size());
    int width = Integer.toString(count - 1).length();
    List<ScalingBenchmark> planned = new ArrayList<>();
    int index = 0;
    for (int ns = 0; ns < used; ns++) {
      int share = count / used + (ns < count % used ? 1 : 0);
      for (int i = 0; i < share; i++, index++) {
        ScalingBenchmark b =
            tiny(
                namespaces.get(ns),
                String.format(Locale.ROOT, "%s-%0" + width + "d", prefix, index));
        if (driverStart != null) {
          b.getSpec().timeouts.driverStart = driverStart;
        }
        planned.add(b);
      }
    }
    return planned;
  }

  /**
   * The smallest benchmark the spec allows: 1 record, one run, one executor, 512 MiB heaps, no
   * retry, its pods deleted when it ends. It asks the scheduler for a tenth of a core per pod, so a
   * finishing benchmark's pods never keep the next one's from the node.
   */
  static ScalingBenchmark tiny(String namespace, String name) {
    ScalingBenchmark benchmark = new ScalingBenchmark();
    benchmark.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).build());
    ScalingBenchmarkSpec spec = new ScalingBenchmarkSpec();
    spec.image = LocalNode.SPARK_APP_IMAGE;
    spec.records = List.of(1L);
    spec.repetitions = 1;
    spec.driver.memory = "512m";
    spec.executor.instances = 1;
    spec.executor.memory = "512m";
    spec.sparkConf.put("spark.kubernetes.driver.request.cores", "100m");
    spec.sparkConf.put("spark.kubernetes.executor.request.cores", "100m");
    spec.retry.limit = 0;
    spec.cleanup = CleanupPolicy.Always;
    benchmark.setSpec(spec);
    return benchmark;
  }

  /** {@code team-0} to {@code team-9}, or {@code team-00} on: names sort as numbers do. */
  static List<String> namespaces(int count) {
    int width = Integer.toString(count - 1).length();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      names.add(String.format(Locale.ROOT, "team-%0" + width + "d", i));
    }
    return names;
  }

  /**
   * What the operator did over a window: its CPU, the machine's, its reconciliations and its API
   * requests.
   */
  private record Window(
      double cpu, long[] machine, long audit, double reconciled, Path auditLog, long started) {

    static Window open(OperatorProcess operator, Path auditLog) {
      return new Window(
          operator.cpuSeconds(),
          ProcFiles.machineTicks(),
          AuditedRequests.mark(auditLog),
          reconciliations(operator.metrics()),
          auditLog,
          System.nanoTime());
    }

    Figures close(OperatorProcess operator, int benchmarks) {
      double cpuSeconds = operator.cpuSeconds() - cpu;
      long[] machineNow = ProcFiles.machineTicks();
      double seconds = (System.nanoTime() - started) / 1e9;
      AuditedRequests requests =
          AuditedRequests.count(
              auditLog, audit, AuditedRequests.mark(auditLog), OperatorProcess.username());
      double busy = 100.0 * (machineNow[0] - machine[0]) / Math.max(1, machineNow[1] - machine[1]);
      return new Figures(
          seconds,
          cpuSeconds,
          busy,
          operator.peakRssMiB(),
          requests,
          reconciliations(operator.metrics()) - reconciled);
    }

    /** The window's figures. */
    record Figures(
        double seconds,
        double cpuSeconds,
        double busyPercent,
        double peakRssMiB,
        AuditedRequests requests,
        double reconciliations) {

      void print(PrintStream out, int benchmarks, String when) {
        out.printf(
            Locale.ROOT,
            "  operator %s: %.1f s of CPU in %.1f s (%.2f cores; utime+stime of /proc/<pid>/stat),"
                + " peak RSS %.0f MiB so far (VmHWM); the machine's %d cores %.0f %% busy%n",
            when,
            cpuSeconds,
            seconds,
            cpuSeconds / seconds,
            peakRssMiB,
            Runtime.getRuntime().availableProcessors(),
            busyPercent);
        out.printf(
            Locale.ROOT,
            "  API requests by the operator: %,d, %s%n"
                + "    (the API server's audit log, events of user %s only; the tool's own"
                + " requests are not its; watches still open are not counted)%n",
            requests.total(),
            requests.perBenchmark(benchmarks, 4),
            OperatorProcess.username());
        out.printf(
            Locale.ROOT,
            "  reconciliations: %,.0f, %.2f per benchmark (the operator's /metrics)%n",
            reconciliations,
            reconciliations / benchmarks);
      }
    }
  }

  private static double reconciliations(String metrics) {
    double value = OperatorProcess.sample(metrics, "sparkbench_operator_reconciliations_total", "");
    return Double.isNaN(value) ? 0 : value;
  }

  /** The JVM's heap and non-heap from the operator's /metrics, in MiB. */
  static ScaleTargets.Memory memory(String metrics) {
    double mib = 1024 * 1024;
    return new ScaleTargets.Memory(
        OperatorProcess.sample(metrics, "jvm_memory_bytes_committed", "area=\"heap\"") / mib,
        OperatorProcess.sample(metrics, "jvm_memory_bytes_max", "area=\"heap\"") / mib,
        OperatorProcess.sample(metrics, "jvm_memory_bytes_committed", "area=\"nonheap\"") / mib);
  }

  private static boolean isDone(PhaseTracker.Seen s) {
    return s != null && s.done();
  }

  private static List<PhaseTracker.Seen> seen(PhaseTracker tracker, Set<String> keys) {
    return keys.stream().map(tracker::get).filter(Objects::nonNull).toList();
  }

  private static Set<String> keys(List<ScalingBenchmark> planned) {
    return planned.stream()
        .map(b -> b.getMetadata().getNamespace() + "/" + b.getMetadata().getName())
        .collect(Collectors.toUnmodifiableSet());
  }

  /** {@code Queued 999, Running 1}. */
  private static String phases(List<PhaseTracker.Seen> seen) {
    Map<Phase, Long> counts =
        seen.stream()
            .filter(s -> s.phase() != null)
            .collect(
                Collectors.groupingBy(
                    PhaseTracker.Seen::phase,
                    () -> new EnumMap<>(Phase.class),
                    Collectors.counting()));
    return counts.entrySet().stream()
        .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
        .collect(Collectors.joining(", "));
  }

  /** The median, or NaN of no values (a part that measured nothing). */
  static double median(List<Double> values) {
    return values.isEmpty() ? Double.NaN : ScalingModel.median(values);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  private static double since(Instant from) {
    return Duration.between(from, Instant.now()).toNanos() / 1e9;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }
}
