package io.sparkbench.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.operator.driver.Labels;
import io.sparkbench.operator.driver.RunId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Deletes a run's objects (driver pod, ConfigMap, Service) or all of a benchmark's, selected by the
 * operator's labels. Executors carry the same labels and are also owned by their driver pod (Spark
 * sets that owner reference), so Kubernetes removes them with it in any case. Objects are listed
 * and deleted one by one, so the operator needs the {@code list} and {@code delete} verbs only.
 */
final class RunObjects {

  private RunObjects() {}

  static void delete(KubernetesClient client, String namespace, String benchmark, RunId run) {
    delete(client, namespace, Labels.of(benchmark, run));
  }

  static void deleteAll(KubernetesClient client, String namespace, String benchmark) {
    delete(client, namespace, Map.of(Labels.BENCHMARK, benchmark));
  }

  private static void delete(
      KubernetesClient client, String namespace, Map<String, String> labels) {
    List<HasMetadata> objects = new ArrayList<>();
    objects.addAll(client.pods().inNamespace(namespace).withLabels(labels).list().getItems());
    objects.addAll(client.services().inNamespace(namespace).withLabels(labels).list().getItems());
    objects.addAll(client.configMaps().inNamespace(namespace).withLabels(labels).list().getItems());
    for (HasMetadata object : objects) {
      client.resource(object).delete();
    }
  }
}
