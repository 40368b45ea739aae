package io.sparkbench.controlplane;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Namespaces for tests, which a real API server wants to exist before anything is put in them, and
 * with their {@code default} service account before a pod is: the ServiceAccount admission refuses
 * a pod whose account does not exist (yet).
 */
public final class Namespaces {

  private static final long SERVICE_ACCOUNT_TIMEOUT_SECONDS = 30;

  private Namespaces() {}

  /**
   * Creates the namespace unless it exists, then waits until its {@code default} service account
   * exists where a service-account controller runs (where the {@code default} namespace has its
   * own); on the fabric8 mock, which has none, it does not wait.
   *
   * @throws io.fabric8.kubernetes.client.KubernetesClientTimeoutException when the account does not
   *     appear within 30 s
   */
  public static void ensure(KubernetesClient client, String name) {
    ensure(client, name, Map.of());
  }

  /** Like {@link #ensure}, for a namespace that enforces Pod Security's {@code level}. */
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
    if (defaultServiceAccount(client, "default").get() != null) {
      defaultServiceAccount(client, name)
          .waitUntilCondition(Objects::nonNull, SERVICE_ACCOUNT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
  }

  private static Resource<ServiceAccount> defaultServiceAccount(
      KubernetesClient client, String namespace) {
    return client.serviceAccounts().inNamespace(namespace).withName("default");
  }
}
