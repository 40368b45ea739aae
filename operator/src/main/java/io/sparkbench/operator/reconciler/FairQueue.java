package io.sparkbench.operator.reconciler;

import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmark;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The operator-wide limit on running benchmarks, and whose turn a free slot is. Namespaces take
 * turns (round-robin, after the namespace whose benchmark started last), oldest first within one,
 * so one tenant's hundred benchmarks do not hold up another tenant's one. A benchmark keeps its
 * slot from its first run to its last.
 *
 * <p>Kept in memory and updated by each reconciliation in O(log N), so reconciling N waiting
 * benchmarks costs O(N log N), not O(N²): it is seeded once from the informer cache (phase Running
 * holds a slot, no phase, Pending or Queued waits). A waiting benchmark that has not asked for its
 * turn for a while (its reconciliations fail before they get here, for instance because its status
 * cannot be written) is skipped, so it never blocks the queue. At most {@code
 * maxQueuedPerNamespace} benchmarks of one namespace wait at once; a later one is refused.
 *
 * <p>A waiting benchmark asks again at each queue recheck. When a slot frees ({@link #settle} to a
 * final phase, {@link #forget} of a running one), the reconciler also wakes {@link #nextInLine} at
 * once, so the slot is handed over without waiting for their rechecks; their own {@link #ask} still
 * decides, so waking one that is no longer next admits nothing.
 */
final class FairQueue {

  /** What a benchmark asking for a slot is told. */
  enum Turn {
    /** It holds a slot: start its next run. */
    ADMITTED,
    /** It waits for a slot. */
    QUEUED,
    /** Its namespace already has as many waiting benchmarks as the operator allows. */
    QUEUE_FULL
  }

  private record Waiting(String namespace, String name, String created, Instant asked) {
    String key() {
      return namespace + "/" + name;
    }
  }

  private static final Comparator<Waiting> OLDEST_FIRST =
      Comparator.comparing(Waiting::created).thenComparing(Waiting::name);

  private final int maxRunning;
  private final int maxQueuedPerNamespace;
  private final Duration staleAfter;
  private final Map<String, Waiting> waiting = new HashMap<>();
  private final NavigableMap<String, TreeSet<Waiting>> byNamespace = new TreeMap<>();
  private final Set<String> running = new HashSet<>();
  private final Map<String, Phase> phases = new HashMap<>();
  private final Map<Phase, Long> perPhase = new EnumMap<>(Phase.class);
  private String lastStarted = "";
  private boolean seeded;

  /**
   * @param staleAfter how long a waiting benchmark that has not asked again keeps its place
   */
  FairQueue(int maxRunning, int maxQueuedPerNamespace, Duration staleAfter) {
    this.maxRunning = maxRunning;
    this.maxQueuedPerNamespace = maxQueuedPerNamespace;
    this.staleAfter = staleAfter;
  }

  /**
   * Learns every known benchmark's phase once, before the first decision; {@code known} is called
   * only then.
   */
  synchronized void seed(Supplier<Stream<ScalingBenchmark>> known, Instant now) {
    if (seeded) {
      return;
    }
    seeded = true;
    known
        .get()
        .forEach(
            b -> {
              Phase phase = phase(b);
              track(key(b), phase);
              if (phase == Phase.Running) {
                running.add(key(b));
              } else if (phase == Phase.Pending || phase == Phase.Queued) {
                enqueue(b, now);
              }
            });
  }

  /** Whether {@code benchmark} may start its next run now; see {@link Turn}. */
  synchronized Turn ask(ScalingBenchmark benchmark, Instant now) {
    return ask(benchmark, now, false);
  }

  /**
   * Whether {@code benchmark} may start its next run now; with {@code alone}, only once no other
   * benchmark holds a slot (a scheduled round measures the cluster without the operator's other
   * runs); it keeps its place in the queue meanwhile, so the benchmarks behind it wait too.
   */
  synchronized Turn ask(ScalingBenchmark benchmark, Instant now, boolean alone) {
    String key = key(benchmark);
    if (running.contains(key)) {
      return Turn.ADMITTED;
    }
    Waiting self = waiting.get(key);
    if (self == null) {
      TreeSet<Waiting> namespace = byNamespace.get(benchmark.getMetadata().getNamespace());
      if (namespace != null && namespace.size() >= maxQueuedPerNamespace) {
        dropStale(namespace, now);
        if (namespace.size() >= maxQueuedPerNamespace) {
          return Turn.QUEUE_FULL;
        }
      }
    }
    self = enqueue(benchmark, now);
    int free = maxRunning - running.size();
    if (free <= 0 || !nextTurns(free, now).contains(self.key())) {
      return Turn.QUEUED;
    }
    if (alone && !running.isEmpty()) {
      return Turn.QUEUED;
    }
    remove(self);
    running.add(key);
    lastStarted = self.namespace();
    return Turn.ADMITTED;
  }

  /**
   * Records the phase a reconciliation left the benchmark in; a finished one frees its slot.
   *
   * @return whether this freed a slot (the benchmark held one until now)
   */
  synchronized boolean settle(ScalingBenchmark benchmark, Phase phase) {
    String key = key(benchmark);
    track(key, phase);
    if (phase == Phase.Succeeded || phase == Phase.Failed) {
      boolean freed = running.remove(key);
      Waiting w = waiting.get(key);
      if (w != null) {
        remove(w);
      }
      return freed;
    } else if (phase == Phase.Running) {
      running.add(key);
    }
    return false;
  }

  /**
   * Forgets a deleted benchmark, or one whose status cannot be written.
   *
   * @return whether this freed a slot (the benchmark held one until now)
   */
  synchronized boolean forget(String namespace, String name) {
    String key = namespace + "/" + name;
    boolean freed = running.remove(key);
    Waiting w = waiting.get(key);
    if (w != null) {
      remove(w);
    }
    Phase old = phases.remove(key);
    if (old != null) {
      perPhase.merge(old, -1L, Long::sum);
    }
    return freed;
  }

  /**
   * The waiting benchmarks whose turn the free slots are now, in order: those {@link #ask} would
   * admit if they asked at {@code now} (a round that must run alone, only once no other runs); none
   * while every slot is held.
   */
  synchronized List<ResourceID> nextInLine(Instant now) {
    int free = maxRunning - running.size();
    if (free <= 0) {
      return List.of();
    }
    return nextTurns(free, now).stream()
        .map(waiting::get)
        .map(w -> new ResourceID(w.name(), w.namespace()))
        .toList();
  }

  /** How many known benchmarks are in each phase. */
  synchronized Map<Phase, Long> perPhase() {
    return Map.copyOf(perPhase);
  }

  /**
   * Keys of the benchmarks whose turn the next {@code free} slots are, in order: one per namespace
   * in turn, starting after the namespace that started last, oldest first within each. Benchmarks
   * that stopped asking are dropped as they are met.
   */
  private List<String> nextTurns(int free, Instant now) {
    Instant oldest = now.minus(staleAfter);
    List<String> turns = new ArrayList<>();
    List<String> namespaces = new ArrayList<>(byNamespace.tailMap(lastStarted, false).keySet());
    namespaces.addAll(byNamespace.headMap(lastStarted, true).keySet());
    List<Iterator<Waiting>> queues = new ArrayList<>();
    for (String namespace : namespaces) {
      queues.add(byNamespace.get(namespace).iterator());
    }
    while (turns.size() < free && !queues.isEmpty()) {
      for (Iterator<Iterator<Waiting>> it = queues.iterator();
          it.hasNext() && turns.size() < free; ) {
        Waiting next = nextAsking(it.next(), oldest);
        if (next == null) {
          it.remove();
        } else {
          turns.add(next.key());
        }
      }
    }
    byNamespace.values().removeIf(TreeSet::isEmpty);
    return turns;
  }

  /** The queue's next benchmark that still asks, dropping those before it that stopped. */
  private Waiting nextAsking(Iterator<Waiting> queue, Instant oldest) {
    while (queue.hasNext()) {
      Waiting w = queue.next();
      if (!w.asked().isBefore(oldest)) {
        return w;
      }
      queue.remove();
      waiting.remove(w.key());
    }
    return null;
  }

  /** Drops every benchmark of a full namespace's queue that stopped asking. */
  private void dropStale(TreeSet<Waiting> queue, Instant now) {
    Instant oldest = now.minus(staleAfter);
    for (Iterator<Waiting> it = queue.iterator(); it.hasNext(); ) {
      Waiting w = it.next();
      if (w.asked().isBefore(oldest)) {
        it.remove();
        waiting.remove(w.key());
      }
    }
  }

  private Waiting enqueue(ScalingBenchmark benchmark, Instant now) {
    Waiting old = waiting.get(key(benchmark));
    Waiting updated =
        new Waiting(
            benchmark.getMetadata().getNamespace(),
            benchmark.getMetadata().getName(),
            Objects.requireNonNullElse(benchmark.getMetadata().getCreationTimestamp(), ""),
            now);
    if (old != null) {
      remove(old);
    }
    waiting.put(updated.key(), updated);
    byNamespace.computeIfAbsent(updated.namespace(), n -> new TreeSet<>(OLDEST_FIRST)).add(updated);
    return updated;
  }

  private void remove(Waiting w) {
    waiting.remove(w.key());
    TreeSet<Waiting> queue = byNamespace.get(w.namespace());
    if (queue != null) {
      queue.remove(w);
      if (queue.isEmpty()) {
        byNamespace.remove(w.namespace());
      }
    }
  }

  private void track(String key, Phase phase) {
    Phase old = phases.put(key, phase);
    if (old != null) {
      perPhase.merge(old, -1L, Long::sum);
    }
    perPhase.merge(phase, 1L, Long::sum);
  }

  private static Phase phase(ScalingBenchmark benchmark) {
    return benchmark.getStatus() == null || benchmark.getStatus().phase == null
        ? Phase.Pending
        : benchmark.getStatus().phase;
  }

  private static String key(ScalingBenchmark benchmark) {
    return benchmark.getMetadata().getNamespace() + "/" + benchmark.getMetadata().getName();
  }
}
