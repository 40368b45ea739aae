package io.sparkbench.operator.reconciler;

import io.sparkbench.api.v1.ScalingBenchmark;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The spec check of each benchmark's current generation ({@link ValidateSpec#check}, a dry run of
 * Spark's driver builder, then the driver's account, {@link DriverAccount}), done once per
 * generation: a queued benchmark looks for a slot every few seconds, and its spec has not changed
 * in between.
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
    if (result.problems().isEmpty()) {
      List<String> problems = new ArrayList<>(priorityClassProblems(ctx));
      DriverAccount.problem(
              ctx.client(), ctx.namespace(), ctx.spec().serviceAccount, ctx.config.tenancy())
          .ifPresent(problems::add);
      if (!problems.isEmpty()) {
        result = new ValidateSpec.Checked(problems, null, null);
      }
    }
    byBenchmark.put(key, new Checked(String.valueOf(uid), ctx.generation(), result));
    return result;
  }

  /** The pods' priority classes must be on the operator's allow-list. */
  private static List<String> priorityClassProblems(BenchmarkContext ctx) {
    List<String> problems = new ArrayList<>();
    Set<String> allowed = ctx.config.tenancy().allowedPriorityClasses();
    for (var role :
        List.of(
            Map.entry("spec.driver", ctx.spec().driver),
            Map.entry("spec.executor", ctx.spec().executor))) {
      String name = role.getValue() == null ? null : role.getValue().priorityClassName;
      if (name != null && !allowed.contains(name)) {
        problems.add(
            role.getKey()
                + ".priorityClassName "
                + name
                + " is not one this operator allows ("
                + (allowed.isEmpty() ? "none" : String.join(", ", allowed))
                + "; an admin sets SPARKBENCH_ALLOWED_PRIORITY_CLASSES)");
      }
    }
    return problems;
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
