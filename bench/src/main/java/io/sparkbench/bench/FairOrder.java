package io.sparkbench.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Whether the order in which the operator admitted waiting benchmarks follows its fair-queue rule
 * ({@code FairQueue}): namespaces take turns in name order, starting after the namespace whose
 * benchmark started last, and within a namespace the oldest (creation time, then name) goes first.
 * The operator publishes no queue position, so this judges what it did: the admissions observed.
 */
final class FairOrder {

  private FairOrder() {}

  /** A benchmark as the queue orders it; {@code created} is its RFC 3339 creation time. */
  record Queued(String namespace, String name, String created) {
    @Override
    public String toString() {
      return namespace + "/" + name;
    }
  }

  /**
   * @param checked admissions judged
   * @param deviations those that were not the rule's
   * @param firstDeviation the first of them, {@code "admission 3: expected ns/a, got ns/b"}, or
   *     null
   */
  record Verdict(int checked, int deviations, String firstDeviation) {
    boolean fair() {
      return deviations == 0;
    }
  }

  private static final Comparator<Queued> OLDEST_FIRST =
      Comparator.comparing(Queued::created).thenComparing(Queued::name);

  /**
   * Judges {@code admitted}, in order, against the rule, when {@code waiting} (which holds them)
   * were all waiting at the first of them and {@code lastNamespace} is the namespace of the
   * admission before it.
   */
  static Verdict check(List<Queued> waiting, String lastNamespace, List<Queued> admitted) {
    NavigableMap<String, TreeSet<Queued>> queues = queues(waiting);
    String last = lastNamespace;
    int deviations = 0;
    String first = null;
    for (int i = 0; i < admitted.size(); i++) {
      Queued actual = admitted.get(i);
      Queued expected = next(queues, last);
      if (!actual.equals(expected)) {
        deviations++;
        if (first == null) {
          first = "admission " + (i + 1) + ": the rule's next was " + expected + ", got " + actual;
        }
      }
      TreeSet<Queued> queue = queues.get(actual.namespace());
      if (queue != null) {
        queue.remove(actual);
        if (queue.isEmpty()) {
          queues.remove(actual.namespace());
        }
      }
      last = actual.namespace();
    }
    return new Verdict(admitted.size(), deviations, first);
  }

  /** The first {@code count} admissions the rule gives from {@code waiting}. */
  static List<Queued> expected(List<Queued> waiting, String lastNamespace, int count) {
    NavigableMap<String, TreeSet<Queued>> queues = queues(waiting);
    List<Queued> order = new ArrayList<>();
    String last = lastNamespace;
    while (order.size() < count && !queues.isEmpty()) {
      Queued next = next(queues, last);
      order.add(next);
      queues.get(next.namespace()).remove(next);
      queues.values().removeIf(TreeSet::isEmpty);
      last = next.namespace();
    }
    return order;
  }

  private static NavigableMap<String, TreeSet<Queued>> queues(List<Queued> waiting) {
    NavigableMap<String, TreeSet<Queued>> queues = new TreeMap<>();
    for (Queued q : waiting) {
      queues.computeIfAbsent(q.namespace(), n -> new TreeSet<>(OLDEST_FIRST)).add(q);
    }
    return queues;
  }

  /** The oldest of the first namespace after {@code last} (wrapping around), or null. */
  private static Queued next(NavigableMap<String, TreeSet<Queued>> queues, String last) {
    Map.Entry<String, TreeSet<Queued>> after =
        last == null ? queues.firstEntry() : queues.higherEntry(last);
    if (after == null) {
      after = queues.firstEntry();
    }
    return after == null ? null : after.getValue().first();
  }
}
