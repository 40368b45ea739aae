package io.sparkbench.local;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.api.v1.CleanupPolicy;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.local.kubelet.LocalNode;
import io.sparkbench.local.kubelet.ProcessKubelet;
import io.sparkbench.operator.driver.SparkServiceAccount;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The local cluster's counterpart of an image's build-time training run: one small benchmark
 * through the operator lets the kubelet write the driver's and the executor's class-data-sharing
 * archives, so that every measured run maps them and a benchmark's runs share one cost curve.
 * {@code mvn package} runs it ({@code sparkbench train-archives}); {@code local} runs it before the
 * first measured run only when no archive matches its jars and JVM (another JVM, a build with
 * {@code -Dsparkbench.cds.skip=true}, jars in a folder it cannot write). Without it the first run
 * writes them, takes several seconds longer and is left out of the model's fit.
 */
public final class ArchiveTraining {

  /** The training benchmark's name; it is deleted when it has finished. */
  public static final String NAME = "sparkbench-archive-training";

  /** Records of the training run: enough for every stage's queries, small enough to be quick. */
  static final long RECORDS = 10_000;

  private static final String CLAIM = "sparkbench-archive-training";
  private static final Duration POLL = Duration.ofMillis(200);

  /** How long the training pods' JVMs may take to write their archives and exit. */
  private static final Duration EXIT_TIMEOUT = Duration.ofMinutes(2);

  private ArchiveTraining() {}

  /**
   * Runs the training benchmark when the kubelet lacks an archive, needing the operator to be
   * running; reports its progress in single lines to {@code progress}. Returns whether the archives
   * exist afterwards (also true when none was needed or none can be made). A failed training run
   * fails nothing else: the first measured run writes the archives instead.
   */
  public static boolean trainIfNeeded(
      LocalCluster cluster, Duration timeout, Consumer<String> progress) {
    List<String> missing = cluster.kubelet().archivesToWrite();
    if (missing.isEmpty()) {
      return true;
    }
    progress.accept(
        String.format(
            Locale.ROOT,
            "  no class-data-sharing archive for %s JVMs of these jars and this JVM yet: a"
                + " %,d-record training run first (mvn package runs it)",
            String.join(" and ", missing),
            RECORDS));
    long started = System.nanoTime();
    KubernetesClient client = cluster.client();
    if (cluster.controlPlane() != null) {
      SparkServiceAccount.apply(client, LocalCluster.NAMESPACE, LocalCluster.SPARK_SERVICE_ACCOUNT);
      cluster.provideClaim(LocalCluster.NAMESPACE, CLAIM);
    }
    ScalingBenchmark benchmark = benchmark(timeout);
    client.resource(benchmark).create();
    ScalingBenchmark finished;
    try {
      finished =
          client
              .resource(benchmark)
              .waitUntilCondition(
                  b ->
                      b != null
                          && b.getStatus() != null
                          && (b.getStatus().phase == Phase.Succeeded
                              || b.getStatus().phase == Phase.Failed),
                  timeout.toMillis(),
                  TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      finished = null;
    }
    ScalingBenchmarkStatus status = finished == null ? null : finished.getStatus();
    // Deleted only once its JVMs have exited: a pod deleted while its JVM writes the archive would
    // be killed at the end of its grace period, and the archive lost.
    List<String> stillMissing = awaitArchives(cluster.kubelet());
    client.resource(benchmark).delete();
    double seconds = (System.nanoTime() - started) / 1e9;
    if (status != null && status.phase == Phase.Succeeded && stillMissing.isEmpty()) {
      progress.accept(
          String.format(
              Locale.ROOT,
              "  class-data-sharing archives for %s JVMs trained in %.1f s, kept in %s",
              String.join(" and ", missing),
              seconds,
              cluster.kubelet().archiveDir()));
      return true;
    }
    progress.accept(
        "  warning: the class-data-sharing training run "
            + (status == null
                ? "did not finish in " + timeout
                : status.phase == Phase.Failed
                    ? "failed" + (status.error == null ? "" : ": " + status.error.message())
                    : "left no archive for " + String.join(" and ", stillMissing))
            + "; the first measured run writes the archives instead, and the model leaves it out");
    return false;
  }

  /**
   * The kinds still without an archive once the training pods' processes have ended: a JVM writes
   * its archive as it exits, after its pod's work is done.
   */
  private static List<String> awaitArchives(ProcessKubelet kubelet) {
    long deadline = System.nanoTime() + EXIT_TIMEOUT.toNanos();
    while (true) {
      List<String> missing = kubelet.archivesToWrite();
      boolean running =
          kubelet.runs().stream()
              .anyMatch(r -> r.name().startsWith(NAME + "-") && r.finished() == null);
      if (missing.isEmpty() || !running || System.nanoTime() > deadline) {
        return missing;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return missing;
      }
    }
  }

  /** One run of {@link #RECORDS} records with one executor, deleted when it has finished. */
  static ScalingBenchmark benchmark(Duration timeout) {
    ScalingBenchmark benchmark = new ScalingBenchmark();
    benchmark.setMetadata(
        new ObjectMetaBuilder().withName(NAME).withNamespace(LocalCluster.NAMESPACE).build());
    ScalingBenchmarkSpec spec = new ScalingBenchmarkSpec();
    spec.image = LocalNode.SPARK_APP_IMAGE;
    spec.records = List.of(RECORDS);
    spec.driver.cores = 1;
    spec.driver.memory = "1g";
    spec.executor.instances = 1;
    spec.executor.cores = 1;
    spec.executor.memory = "1g";
    spec.storage.persistentVolumeClaim = new ScalingBenchmarkSpec.PersistentVolumeClaim();
    spec.storage.persistentVolumeClaim.claimName = CLAIM;
    spec.timeouts.run = Math.max(1, timeout.toMinutes()) + "m";
    spec.retry.limit = 0;
    spec.cleanup = CleanupPolicy.Always;
    benchmark.setSpec(spec);
    return benchmark;
  }
}
