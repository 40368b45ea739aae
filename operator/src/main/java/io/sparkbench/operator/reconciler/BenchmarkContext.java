package io.sparkbench.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.sparkbench.api.result.Failure;
import io.sparkbench.api.run.RunId;
import io.sparkbench.api.run.RunPlan;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.operator.OperatorConfig;
import io.sparkbench.operator.metrics.OperatorMetrics;
import io.sparkbench.operator.status.Messages;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One reconciliation of one benchmark: the object as read, the status being written (a copy) and
 * the operator's collaborators. Steps record facts in {@link #status} and return what happened.
 */
final class BenchmarkContext {

  final ScalingBenchmark benchmark;
  final ScalingBenchmarkStatus status;
  final Context<ScalingBenchmark> josdk;
  final OperatorConfig config;
  final OperatorMetrics metrics;
  final KubernetesEvents events;
  final SpecChecks specChecks;
  final FairQueue queue;
  final Nodes nodes;
  final Instant now;
  private final List<Runnable> afterStatusWritten = new ArrayList<>();

  BenchmarkContext(
      ScalingBenchmark benchmark,
      ScalingBenchmarkStatus status,
      Context<ScalingBenchmark> josdk,
      OperatorConfig config,
      OperatorMetrics metrics,
      KubernetesEvents events,
      SpecChecks specChecks,
      FairQueue queue,
      Nodes nodes,
      Instant now) {
    this.benchmark = benchmark;
    this.status = status;
    this.josdk = josdk;
    this.config = config;
    this.metrics = metrics;
    this.events = events;
    this.specChecks = specChecks;
    this.queue = queue;
    this.nodes = nodes;
    this.now = now;
  }

  String name() {
    return benchmark.getMetadata().getName();
  }

  String namespace() {
    return benchmark.getMetadata().getNamespace();
  }

  long generation() {
    Long generation = benchmark.getMetadata().getGeneration();
    return generation == null ? 1 : generation;
  }

  ScalingBenchmarkSpec spec() {
    return benchmark.getSpec();
  }

  KubernetesClient client() {
    return josdk.getClient();
  }

  /** The runs the spec implies. */
  RunPlan plan() {
    return RunPlan.of(spec());
  }

  int totalRuns() {
    return plan().size();
  }

  /** The run after {@code completed} finished runs, first attempt. */
  RunId runAfter(int completed) {
    return plan().after(completed);
  }

  int completedRuns() {
    return status.completedRuns == null ? 0 : status.completedRuns;
  }

  /**
   * The driver pod this benchmark created, from the informer cache, or from the API when the cache
   * has not seen it yet: a pod of that name with another UID (or, for a run recorded without one,
   * not owned by this benchmark) is no driver of its.
   */
  Optional<Pod> driverPod(String podName, String podUid) {
    String owner = benchmark.getMetadata().getUid();
    java.util.function.Predicate<Pod> ours =
        p -> podUid != null ? podUid.equals(p.getMetadata().getUid()) : Owners.ownedBy(p, owner);
    Optional<Pod> cached =
        josdk
            .getSecondaryResourcesAsStream(Pod.class)
            .filter(p -> podName.equals(p.getMetadata().getName()))
            .filter(ours)
            .findFirst();
    if (cached.isPresent()) {
      return cached;
    }
    return Optional.ofNullable(client().pods().inNamespace(namespace()).withName(podName).get())
        .filter(ours);
  }

  /**
   * Records why the benchmark cannot go on, bounded as every text users read; it has no current run
   * any more.
   */
  void recordError(Failure failure) {
    status.currentRun = null;
    status.error = Messages.bounded(failure);
  }

  /** Runs {@code action} once the status this reconciliation computed is written. */
  void afterStatusWritten(Runnable action) {
    afterStatusWritten.add(action);
  }

  /** Called by the reconciler when the status is written (or needed no write). */
  void statusWritten() {
    afterStatusWritten.forEach(Runnable::run);
    afterStatusWritten.clear();
  }
}
