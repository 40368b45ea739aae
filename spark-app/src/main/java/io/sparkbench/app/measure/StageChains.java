package io.sparkbench.app.measure;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chains of Spark stages that had to run one after another: a stage waits for the output of its
 * parents.
 *
 * <p>A submitted stage's depth is 1 + the largest depth of its parents. A stage Spark skipped (the
 * shuffle it writes was there already) is never submitted: it adds nothing of its own and counts as
 * what it stands for does, the larger of
 *
 * <ul>
 *   <li>the stages submitted earlier that wrote the same shuffle: with adaptive query execution
 *       Spark runs each shuffle's map stage as a job of its own, and the job after it describes the
 *       same shuffle again as a new, skipped stage; and
 *   <li>its own parents.
 * </ul>
 *
 * A stage no job described counts 0. Depths are worked out when asked for, so the order in which
 * stages were described does not matter. Thread-safe: Spark's listener thread records, another
 * thread reads.
 */
final class StageChains {

  /** Parents of every stage a job described or that was submitted. */
  private final Map<Integer, List<Integer>> parents = new HashMap<>();

  /** The shuffle each described or submitted shuffle map stage writes. */
  private final Map<Integer, Integer> shuffles = new HashMap<>();

  /** Submitted stages by the shuffle they wrote. */
  private final Map<Integer, Set<Integer>> writers = new HashMap<>();

  private final Set<Integer> submitted = new HashSet<>();

  /**
   * A job described this stage: it may run, or be skipped.
   *
   * @param shuffleId the shuffle the stage writes; {@code null} for a result stage
   */
  synchronized void described(int stageId, List<Integer> parentIds, Integer shuffleId) {
    parents.putIfAbsent(stageId, List.copyOf(parentIds));
    if (shuffleId != null) {
      shuffles.putIfAbsent(stageId, shuffleId);
    }
  }

  /**
   * Spark submitted this stage (any attempt of it) to run its tasks.
   *
   * @param shuffleId the shuffle the stage writes; {@code null} for a result stage
   */
  synchronized void submitted(int stageId, List<Integer> parentIds, Integer shuffleId) {
    parents.put(stageId, List.copyOf(parentIds));
    submitted.add(stageId);
    if (shuffleId != null) {
      shuffles.put(stageId, shuffleId);
      writers.computeIfAbsent(shuffleId, id -> new HashSet<>()).add(stageId);
    }
  }

  /** Distinct stages submitted. */
  synchronized int stages() {
    return submitted.size();
  }

  /** The largest depth of a submitted stage; 0 when none was. */
  synchronized int longest() {
    Map<Integer, Integer> depths = new HashMap<>();
    int longest = 0;
    for (int stage : submitted) {
      longest = Math.max(longest, depth(stage, depths));
    }
    return longest;
  }

  /** What a stage's depth follows: its parents and, when skipped, the writers of its shuffle. */
  private List<Integer> dependencies(int stage) {
    List<Integer> own = parents.getOrDefault(stage, List.of());
    Integer shuffle = shuffles.get(stage);
    if (submitted.contains(stage) || shuffle == null || !writers.containsKey(shuffle)) {
      return own;
    }
    List<Integer> all = new ArrayList<>(own);
    all.addAll(writers.get(shuffle));
    return all;
  }

  /**
   * The depth of {@code stage}, depth first without recursion (chains may be long); {@code depths}
   * memoises. Spark's stage graph has no cycles; were one reported, a stage met again on its own
   * path counts 0 there.
   */
  private int depth(int stage, Map<Integer, Integer> depths) {
    if (depths.containsKey(stage)) {
      return depths.get(stage);
    }
    Deque<Integer> path = new ArrayDeque<>();
    Set<Integer> onPath = new HashSet<>();
    path.push(stage);
    onPath.add(stage);
    while (!path.isEmpty()) {
      int current = path.peek();
      Integer next = null;
      int deepest = 0;
      for (int dependency : dependencies(current)) {
        Integer known = depths.get(dependency);
        if (known != null) {
          deepest = Math.max(deepest, known);
        } else if (!onPath.contains(dependency)) {
          next = dependency;
          break;
        }
      }
      if (next != null) {
        path.push(next);
        onPath.add(next);
      } else {
        depths.put(current, deepest + (submitted.contains(current) ? 1 : 0));
        path.pop();
        onPath.remove(current);
      }
    }
    return depths.get(stage);
  }
}
