package io.sparkbench.bench;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmark;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * When each ScalingBenchmark first had a phase, first ran and finished, as a watch sees them: one
 * watch of all namespaces rather than listing a thousand benchmarks again and again, which would
 * load the API server the operator is measured against.
 */
final class PhaseTracker implements AutoCloseable {

  /** What was seen of one benchmark; times are when the watch delivered the change. */
  record Seen(
      String namespace,
      String name,
      String created,
      Phase phase,
      Instant phased,
      Instant running,
      Instant finished,
      String error) {

    String key() {
      return namespace + "/" + name;
    }

    FairOrder.Queued queued() {
      return new FairOrder.Queued(namespace, name, created);
    }

    boolean done() {
      return phase == Phase.Succeeded || phase == Phase.Failed;
    }
  }

  private final Map<String, Seen> seen = new ConcurrentHashMap<>();
  private final SharedIndexInformer<ScalingBenchmark> informer;

  private PhaseTracker(KubernetesClient client) {
    this.informer =
        client
            .resources(ScalingBenchmark.class)
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(ScalingBenchmark b) {
                    observe(b);
                  }

                  @Override
                  public void onUpdate(ScalingBenchmark old, ScalingBenchmark b) {
                    observe(b);
                  }

                  @Override
                  public void onDelete(ScalingBenchmark b, boolean unknown) {
                    seen.remove(key(b));
                  }
                },
                0);
  }

  static PhaseTracker start(KubernetesClient client) {
    return new PhaseTracker(client);
  }

  private void observe(ScalingBenchmark b) {
    Instant now = Instant.now();
    Phase phase = b.getStatus() == null ? null : b.getStatus().phase;
    String error =
        b.getStatus() == null || b.getStatus().error == null ? null : b.getStatus().error.message();
    seen.compute(
        key(b),
        (key, old) ->
            new Seen(
                b.getMetadata().getNamespace(),
                b.getMetadata().getName(),
                b.getMetadata().getCreationTimestamp(),
                phase,
                first(old == null ? null : old.phased(), phase != null, now),
                first(old == null ? null : old.running(), phase == Phase.Running, now),
                first(
                    old == null ? null : old.finished(),
                    phase == Phase.Succeeded || phase == Phase.Failed,
                    now),
                error));
  }

  private static Instant first(Instant before, boolean now, Instant at) {
    return before != null ? before : now ? at : null;
  }

  private static String key(ScalingBenchmark b) {
    return b.getMetadata().getNamespace() + "/" + b.getMetadata().getName();
  }

  /** The benchmark now, or null when none is known by that key. */
  Seen get(String key) {
    return seen.get(key);
  }

  /** Every benchmark known now, by key. */
  Map<String, Seen> all() {
    return Map.copyOf(seen);
  }

  /** Waits until {@code condition} holds of what is known; false when {@code timeout} passed. */
  boolean await(Predicate<PhaseTracker> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.test(this)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      OperatorProcess.sleep(50);
    }
    return true;
  }

  @Override
  public void close() {
    informer.close();
  }
}
