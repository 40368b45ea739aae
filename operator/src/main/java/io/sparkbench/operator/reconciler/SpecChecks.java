package io.sparkbench.operator.reconciler;

import io.sparkbench.api.v1.ScalingBenchmark;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The spec check of each benchmark's current generation ({@link ValidateSpec#check}, a dry run of
 * Spark's driver builder), done once per generation: a queued benchmark looks for a slot every few
 * seconds, and its spec has not changed in between.
 */
final class SpecChecks {

  private record Checked(String uid, long generation, ValidateSpec.Checked result) {}

  private final Map<String, Checked> byBenchmark = new ConcurrentHashMap<>();

  ValidateSpec.Checked check(BenchmarkContext ctx) {
    String key = ctx.namespace() + "/" + ctx.name();
    String uid = ctx.benchmark.getMetadata().getUid();
    Checked known = byBenchmark.get(key);
    if (known != null && known.generation() == ctx.generation() && known.uid().equals(uid)) {
      return known.result();
    }
    ctx.metrics.specChecked();
    ValidateSpec.Checked result =
        ValidateSpec.check(ctx.benchmark, ctx.config.sparkDefaults(), ctx.client());
    byBenchmark.put(key, new Checked(String.valueOf(uid), ctx.generation(), result));
    return result;
  }

  /** Forgets every benchmark not in {@code known} ({@code namespace/name}, the informer cache). */
  void retainOnly(Set<String> known) {
    byBenchmark.keySet().retainAll(known);
  }

  /** Forgets a deleted benchmark. */
  void forget(ScalingBenchmark benchmark) {
    byBenchmark.remove(
        benchmark.getMetadata().getNamespace() + "/" + benchmark.getMetadata().getName());
  }
}
