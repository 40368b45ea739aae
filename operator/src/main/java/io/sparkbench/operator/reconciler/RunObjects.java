package io.sparkbench.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.api.run.RunId;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.operator.driver.Labels;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deletes a run's objects (driver pod, ConfigMap, Service) or all of a benchmark's, selected by the
 * operator's labels and owned by the benchmark: labels are anyone's to set, so an object someone
 * else labelled alike is never touched. Executors carry the same labels and are owned by their
 * driver pod (Spark sets that owner reference), so they go with it. Objects are listed and deleted
 * one by one, so the operator needs the {@code list} and {@code delete} verbs only.
 */
final class RunObjects {

  private RunObjects() {}

  static void delete(KubernetesClient client, ScalingBenchmark benchmark, RunId run) {
    delete(client, benchmark, Labels.of(benchmark.getMetadata().getName(), run));
  }

  static void deleteAll(KubernetesClient client, ScalingBenchmark benchmark) {
    delete(client, benchmark, Map.of(Labels.BENCHMARK, benchmark.getMetadata().getName()));
  }

  private static void delete(
      KubernetesClient client, ScalingBenchmark benchmark, Map<String, String> labels) {
    String namespace = benchmark.getMetadata().getNamespace();
    List<HasMetadata> objects = new ArrayList<>();
    objects.addAll(client.pods().inNamespace(namespace).withLabels(labels).list().getItems());
    objects.addAll(client.services().inNamespace(namespace).withLabels(labels).list().getItems());
    objects.addAll(client.configMaps().inNamespace(namespace).withLabels(labels).list().getItems());
    Set<String> owners = new HashSet<>();
    owners.add(benchmark.getMetadata().getUid());
    objects.stream()
        .filter(o -> Owners.ownedBy(o, benchmark.getMetadata().getUid()))
        .forEach(o -> owners.add(o.getMetadata().getUid()));
    for (HasMetadata object : objects) {
      if (Owners.ownedByAny(object, owners)) {
        client.resource(object).delete();
      }
    }
  }
}
