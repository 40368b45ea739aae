package io.sparkbench.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.operator.driver.Labels;
import io.sparkbench.operator.driver.RunId;
import java.util.Map;

/**
 * Deletes a run's objects (driver pod, ConfigMap, Service) or all of a benchmark's, selected by the
 * operator's labels. Executors are owned by their driver pod (Spark sets that owner reference), so
 * Kubernetes removes them with it.
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
    client.pods().inNamespace(namespace).withLabels(labels).delete();
    client.services().inNamespace(namespace).withLabels(labels).delete();
    client.configMaps().inNamespace(namespace).withLabels(labels).delete();
  }
}
