package io.sparkbench.controlplane;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.Map;

/** Namespaces for tests, which a real API server wants to exist before anything is put in them. */
public final class Namespaces {

  private Namespaces() {}

  /** Creates the namespace unless it exists; works on the fabric8 mock too. */
  public static void ensure(KubernetesClient client, String name) {
    ensure(client, name, Map.of());
  }

  /** Creates a namespace that enforces Pod Security's {@code level}, unless it exists. */
  public static void enforcing(KubernetesClient client, String name, String level) {
    ensure(client, name, Map.of("pod-security.kubernetes.io/enforce", level));
  }

  private static void ensure(KubernetesClient client, String name, Map<String, String> labels) {
    try {
      client
          .namespaces()
          .resource(
              new NamespaceBuilder()
                  .withNewMetadata()
                  .withName(name)
                  .withLabels(labels)
                  .endMetadata()
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
  }
}
