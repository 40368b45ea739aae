package io.sparkbench.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.sparkbench.api.result.Failure;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.operator.OperatorConfig;
import io.sparkbench.operator.driver.Labels;
import io.sparkbench.operator.metrics.OperatorMetrics;
import io.sparkbench.operator.status.Messages;
import io.sparkbench.operator.status.PhaseStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs ScalingBenchmarks. Every event (also a deletion: no finalizer is used) reconciles; the steps
 * and their transitions are {@link Lifecycle}'s. Driver pods are watched through an informer
 * selected by the {@code sparkbench.io/benchmark} label. The status is written through the
 * framework, see {@link #writeStatus}. When a benchmark frees its slot, the benchmarks whose turn
 * it is are reconciled at once through an inbound event source (see {@link #handOver}), not at
 * their next queue recheck.
 */
@ControllerConfiguration(name = "scalingbenchmark", triggerReconcilerOnAllEvents = true)
public class ScalingBenchmarkReconciler implements Reconciler<ScalingBenchmark> {

  private static final Logger LOG = LoggerFactory.getLogger(ScalingBenchmarkReconciler.class);

  private final OperatorConfig config;
  private final OperatorMetrics metrics;
  private final SpecChecks specChecks = new SpecChecks();
  private final Nodes nodes = new Nodes();
  private final FairQueue queue;
  private final StatusWriter statusWriter;
  private final Clock clock;

  /**
   * Reconciles a benchmark given by its ResourceID: the ones whose turn a freed slot is. JOSDK's
   * event processor runs it like any other event (queued behind a running reconciliation of the
   * same benchmark, never beside it); until the controller starts it, events are dropped.
   */
  private final SimpleInboundEventSource<ScalingBenchmark> freedSlots =
      new SimpleInboundEventSource<>("freed-slots");

  /** How often the per-benchmark state of deleted benchmarks missed while away is dropped. */
  private static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

  private volatile Instant lastSweep = Instant.EPOCH;

  /**
   * Writes a reconciliation's status, locked on the version it read; the framework's ({@link
   * #writeStatus}) unless a test writes without a running controller.
   */
  @FunctionalInterface
  interface StatusWriter {
    void write(
        ScalingBenchmark read, ScalingBenchmarkStatus status, Context<ScalingBenchmark> context);
  }

  public ScalingBenchmarkReconciler(OperatorConfig config, OperatorMetrics metrics) {
    this(config, metrics, ScalingBenchmarkReconciler::writeStatus, Clock.systemUTC());
  }

  ScalingBenchmarkReconciler(
      OperatorConfig config, OperatorMetrics metrics, StatusWriter statusWriter, Clock clock) {
    this.config = config;
    this.metrics = metrics;
    this.statusWriter = statusWriter;
    this.clock = clock;
    // a waiting benchmark asks again every queueRecheck; one that stopped asking loses its place
    this.queue =
        new FairQueue(
            config.maxRunning(),
            config.tenancy().maxQueuedPerNamespace(),
            config.queueRecheck().multipliedBy(3).plusSeconds(30));
  }

  @Override
  public List<EventSource<?, ScalingBenchmark>> prepareEventSources(
      EventSourceContext<ScalingBenchmark> context) {
    InformerEventSourceConfiguration<Pod> drivers =
        InformerEventSourceConfiguration.from(Pod.class, ScalingBenchmark.class)
            .withName("driver-pods")
            .withLabelSelector(Labels.DRIVER_SELECTOR)
            .withSecondaryToPrimaryMapper(ScalingBenchmarkReconciler::owningBenchmark)
            .build();
    return List.of(new InformerEventSource<>(drivers, context), freedSlots);
  }

  /**
   * The event source {@link #handOver} wakes benchmarks through (for tests without a controller).
   */
  SimpleInboundEventSource<ScalingBenchmark> freedSlots() {
    return freedSlots;
  }

  @Override
  public UpdateControl<ScalingBenchmark> reconcile(
      ScalingBenchmark benchmark, Context<ScalingBenchmark> context) {
    metrics.reconciled();
    String name = benchmark.getMetadata().getName();
    String namespace = benchmark.getMetadata().getNamespace();
    try (LogContext log = LogContext.open(namespace, name)) {
      if (context.isPrimaryResourceDeleted()) {
        return deleted(benchmark, context);
      }
      return reconcileLive(benchmark, context);
    }
  }

  /**
   * A deleted benchmark: its objects, metrics, spec check and place in the queue go, and a slot it
   * held is handed over.
   */
  private UpdateControl<ScalingBenchmark> deleted(
      ScalingBenchmark benchmark, Context<ScalingBenchmark> context) {
    String name = benchmark.getMetadata().getName();
    String namespace = benchmark.getMetadata().getNamespace();
    // The benchmark owns its objects, so the garbage collector (Kubernetes', or the local cluster's
    // own cascade) removes them too; deleting them here stops the run without waiting for it.
    RunObjects.deleteAll(context.getClient(), benchmark);
    metrics.remove(namespace, name);
    specChecks.forget(benchmark);
    boolean freed = queue.forget(namespace, name);
    metrics.benchmarksPerPhase(queue.perPhase());
    LOG.info("deleted: its pods were deleted");
    if (freed) {
      handOver();
    }
    return UpdateControl.noUpdate();
  }

  private UpdateControl<ScalingBenchmark> reconcileLive(
      ScalingBenchmark benchmark, Context<ScalingBenchmark> context) {
    String name = benchmark.getMetadata().getName();
    String namespace = benchmark.getMetadata().getNamespace();
    try {
      Instant now = clock.instant();
      queue.seed(() -> context.getPrimaryCache().list(), now);
      ScalingBenchmarkStatus original =
          benchmark.getStatus() == null ? new ScalingBenchmarkStatus() : benchmark.getStatus();
      ScalingBenchmarkStatus status =
          context.getClient().getKubernetesSerialization().clone(original);
      BenchmarkContext ctx =
          new BenchmarkContext(
              benchmark,
              status,
              context,
              config,
              metrics,
              new KubernetesEvents(context.getClient()),
              specChecks,
              queue,
              nodes,
              now);
      Next next = Lifecycle.advance(ctx);
      boolean freed = queue.settle(benchmark, status.phase);
      metrics.benchmarksPerPhase(queue.perPhase());
      // From the status, so the series are back after an operator restart.
      metrics.results(namespace, name, status);
      sweep(context, now);
      try {
        if ((!sameJson(context, original, status) || benchmark.getStatus() == null)
            && !write(ctx, original)) {
          return UpdateControl.noUpdate();
        }
      } finally {
        // after the write, so the finished phase is stored before the next benchmark starts; also
        // when it failed, as the queue already counts the slot as free
        if (freed) {
          handOver();
        }
      }
      ctx.statusWritten();
      UpdateControl<ScalingBenchmark> control = UpdateControl.noUpdate();
      if (status.phase != original.phase) {
        LOG.info("phase={} progress={}", status.phase, status.progress);
      }
      return next.after() == null ? control : control.rescheduleAfter(next.after());
    } catch (RuntimeException e) {
      metrics.reconciliationFailed();
      throw e;
    }
  }

  /**
   * Writes the status; false when the API server refused it as an object (400, 413, 422: too large
   * or invalid), which retrying cannot mend. Such a benchmark must not keep its slot or its place
   * in the queue: it fails, keeping the status that was stored, with the reason, and nothing that
   * was to follow the write (a run's Event and metric) happens. Conflicts, outages and the
   * framework's own errors are rethrown for its retry.
   */
  private boolean write(BenchmarkContext ctx, ScalingBenchmarkStatus stored) {
    try {
      statusWriter.write(ctx.benchmark, ctx.status, ctx.josdk);
      return true;
    } catch (RuntimeException e) {
      if (!PermanentErrors.isRefusedObject(e)) {
        throw e;
      }
      boolean freed = queue.forget(ctx.namespace(), ctx.name());
      LOG.warn("status not written, failing it: {}", e.toString());
      ScalingBenchmarkStatus failed = ctx.client().getKubernetesSerialization().clone(stored);
      failed.observedGeneration = ctx.generation();
      failed.error =
          Messages.bounded(
              new Failure(
                  "StatusNotWritten",
                  "the API server refused this benchmark's status: " + e.getMessage()));
      PhaseStatus.enter(
          failed, ctx.spec(), new PhaseStatus.Failed(), ctx.generation(), clock.instant());
      statusWriter.write(ctx.benchmark, failed, ctx.josdk);
      queue.settle(ctx.benchmark, Phase.Failed);
      if (freed) {
        handOver();
      }
      return false;
    }
  }

  /**
   * Hands the slot the benchmark being reconciled freed over at once: reconciles the benchmarks
   * whose turn it is ({@link FairQueue#nextInLine}) through {@link #freedSlots}, rather than
   * leaving the slot idle until their next queue recheck (which stays, for what this misses: an
   * operator restart, a release whose event finds the controller stopped). Their reconciliation
   * asks the queue as always, so one that is no longer next when it runs stays queued. JOSDK's
   * event handler logs about each of them, and clears its log context on the way out: the handover
   * runs aside from this reconciliation's ({@link LogContext#aside}), which is then put back.
   */
  private void handOver() {
    List<ResourceID> next = queue.nextInLine(clock.instant());
    if (!next.isEmpty()) {
      LOG.debug("freed its slot: reconciling {} now", next);
    }
    next.forEach(id -> LogContext.aside(() -> freedSlots.propagateEvent(id)));
  }

  /**
   * Drops per-benchmark state of benchmarks deleted while the operator was away (their deletion was
   * never seen), at most once a minute: the cache holds every benchmark, so doing it on every
   * reconciliation would make N reconciliations cost O(N²).
   */
  private void sweep(Context<ScalingBenchmark> context, Instant now) {
    if (Duration.between(lastSweep, now).compareTo(SWEEP_EVERY) < 0) {
      return;
    }
    lastSweep = now;
    Set<String> known = knownBenchmarks(context);
    metrics.retainOnly(known);
    specChecks.retainOnly(known);
  }

  /**
   * Does once what the first benchmark would otherwise wait for: checks a sample benchmark, which
   * builds its driver objects with Spark's builder (class loading, the host name lookup and the
   * Hadoop configuration and security set-up Spark does once per JVM), maps those objects to JSON
   * and back as creating them does, and reads a watch event of the benchmark as the informer does
   * (the client's first watch event loads its registry of every Kubernetes kind, hundreds of
   * classes). Nothing is sent to the API server. Returns how long it took; a failure is logged and
   * ignored (the first benchmark then pays instead).
   */
  public Duration warmUp(KubernetesClient client) {
    long started = System.nanoTime();
    try {
      ScalingBenchmark sample = new ScalingBenchmark();
      sample.setMetadata(
          new ObjectMetaBuilder()
              .withName("warm-up")
              .withNamespace("default")
              .withUid("warm-up")
              .withGeneration(1L)
              .build());
      sample.setSpec(new ScalingBenchmarkSpec());
      sample.getSpec().image = "sparkbench/warm-up";
      sample.getSpec().records = List.of(1L);
      sample.setStatus(new ScalingBenchmarkStatus());
      var serialization = client.getKubernetesSerialization();
      ValidateSpec.Checked checked = ValidateSpec.check(sample, config.sparkDefaults(), client);
      if (checked.resources() == null) {
        LOG.debug("warm-up sample refused: {}", checked.problems());
      } else {
        for (HasMetadata object : checked.resources().inCreationOrder()) {
          serialization.unmarshal(serialization.asJson(object), object.getClass());
        }
      }
      WatchEvent event = new WatchEvent(sample, "ADDED");
      serialization.unmarshal(serialization.asJson(event), WatchEvent.class);
    } catch (RuntimeException e) {
      LOG.warn("warm-up failed, the first reconciliation will be slower: {}", e.toString());
    }
    return Duration.ofNanos(System.nanoTime() - started);
  }

  /** The benchmark a driver pod belongs to, by its label (none for a pod without it). */
  static Set<ResourceID> owningBenchmark(Pod pod) {
    Map<String, String> labels = pod.getMetadata().getLabels();
    String benchmark = labels == null ? null : labels.get(Labels.BENCHMARK);
    return benchmark == null
        ? Set.of()
        : Set.of(new ResourceID(benchmark, pod.getMetadata().getNamespace()));
  }

  /**
   * Replaces the status through the framework's {@link PrimaryUpdateAndCacheUtils}: an update of
   * the status subresource locked on the version this reconciliation read, whose result JOSDK
   * caches so the next reconciliation starts from it. {@code UpdateControl.patchStatus} without
   * server-side apply would diff against the cached object, which may be older than the stored one
   * (a cleared result list then survives), and would not guarantee the next reconciliation sees the
   * write. A conflict means the benchmark changed meanwhile: the reconciliation fails and JOSDK
   * runs it again on the newer version.
   */
  private static void writeStatus(
      ScalingBenchmark benchmark,
      ScalingBenchmarkStatus status,
      Context<ScalingBenchmark> context) {
    String readVersion = benchmark.getMetadata().getResourceVersion();
    PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(
        benchmark,
        context,
        current -> {
          if (!Objects.equals(readVersion, current.getMetadata().getResourceVersion())) {
            throw new IllegalStateException(
                "benchmark "
                    + current.getMetadata().getName()
                    + " changed while it was reconciled; reconciling the new version");
          }
          ScalingBenchmark updated =
              context.getClient().getKubernetesSerialization().clone(current);
          updated.setStatus(status);
          return updated;
        });
  }

  private static boolean sameJson(
      Context<ScalingBenchmark> context, ScalingBenchmarkStatus a, ScalingBenchmarkStatus b) {
    var serialization = context.getClient().getKubernetesSerialization();
    return Objects.equals(serialization.asJson(a), serialization.asJson(b));
  }

  /** {@code namespace/name} of every benchmark in the informer cache. */
  private static Set<String> knownBenchmarks(Context<ScalingBenchmark> context) {
    return context
        .getPrimaryCache()
        .list()
        .map(b -> b.getMetadata().getNamespace() + "/" + b.getMetadata().getName())
        .collect(Collectors.toSet());
  }
}
