package io.sparkbench.controlplane;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;

/** Namespaces for tests, which a real API server wants to exist before anything is put in them. */
public final class Namespaces {

  private Namespaces() {}

  /** Creates the namespace unless it exists; works on the fabric8 mock too. */
  public static void ensure(KubernetesClient client, String name) {
    try {
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
          .create();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
    }
  }
}
