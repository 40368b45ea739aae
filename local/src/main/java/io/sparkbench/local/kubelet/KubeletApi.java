package io.sparkbench.local.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the {@link ProcessKubelet} reads from and writes to the API server, as a kubelet does: pod
 * statuses (a whole-status edit on the mock, which has no scheduler to race; a merge patch on a
 * real control plane), Events (only on a real control plane), the confirmation of a deletion, and
 * the Secret and ConfigMap keys a container's environment names. Writes that must arrive are
 * retried with backoff until they do, the object is gone or the kubelet closes.
 */
final class KubeletApi {

  // Logged as the kubelet, whose work this is.
  private static final Logger LOG = LoggerFactory.getLogger(KubeletApi.class);
  private static final Duration MAX_RETRY_PAUSE = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final LocalNode node;
  private final BooleanSupplier closed;

  /**
   * @param node the node the kubelet registered, or null when it runs every pod of the mock
   * @param closed whether the kubelet has closed, which ends every retry
   */
  KubeletApi(KubernetesClient client, LocalNode node, BooleanSupplier closed) {
    this.client = client;
    this.node = node;
    this.closed = closed;
  }

  void patchStatus(String ns, String name, PodStatus status) {
    try {
      writeStatus(ns, name, status);
    } catch (KubernetesClientException e) {
      LOG.debug("Status of pod {}/{} not written: {}", ns, name, e.getMessage());
    }
  }

  /**
   * Writes the container's state, retrying while the API server does not answer: a driver's
   * termination message is a benchmark result, which must reach the server. A Running state is
   * never written after the final one.
   */
  void report(TrackedPod tracked, PodStatus status, boolean last) {
    retry(
        "status of pod " + tracked.namespace + "/" + tracked.name,
        () -> {
          synchronized (tracked.statusLock) {
            if (tracked.deleted || (!last && tracked.finished != null)) {
              return;
            }
            writeStatus(tracked.namespace, tracked.name, status);
          }
        });
  }

  private void writeStatus(String ns, String name, PodStatus status) {
    if (node == null) {
      client
          .pods()
          .inNamespace(ns)
          .withName(name)
          .editStatus(
              p -> {
                p.setStatus(status);
                return p;
              });
    } else {
      // A merge patch: the scheduler's fields (nominated node, its own conditions) are not raced.
      client
          .pods()
          .inNamespace(ns)
          .withName(name)
          .subresource("status")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              Serialization.asJson(Map.of("status", status)));
    }
  }

  /** Runs {@code write} until it succeeds, the object is gone (404) or the kubelet closes. */
  void retry(String what, Runnable write) {
    Duration pause = Duration.ofMillis(200);
    for (int attempt = 1; !closed.getAsBoolean(); attempt++) {
      try {
        write.run();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          return;
        }
        if (attempt == 1 || attempt % 10 == 0) {
          LOG.warn("{} not written yet (attempt {}): {}", what, attempt, e.getMessage());
        }
      }
      sleep(pause);
      pause =
          pause.multipliedBy(2).compareTo(MAX_RETRY_PAUSE) > 0
              ? MAX_RETRY_PAUSE
              : pause.multipliedBy(2);
    }
  }

  /** Records an Event about the pod from this node's kubelet (only on a real control plane). */
  void event(Pod pod, String type, String reason, String message) {
    if (node == null) {
      return;
    }
    String at = PodStatuses.timestamp(Instant.now());
    try {
      client
          .v1()
          .events()
          .inNamespace(pod.getMetadata().getNamespace())
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(pod.getMetadata().getName() + "." + Long.toHexString(System.nanoTime()))
                  .withNamespace(pod.getMetadata().getNamespace())
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withApiVersion("v1")
                  .withKind("Pod")
                  .withName(pod.getMetadata().getName())
                  .withNamespace(pod.getMetadata().getNamespace())
                  .withUid(pod.getMetadata().getUid())
                  .withFieldPath("spec.containers{" + containerName(pod) + "}")
                  .endInvolvedObject()
                  .withType(type)
                  .withReason(reason)
                  .withMessage(message)
                  .withNewSource()
                  .withComponent("kubelet")
                  .withHost(node.name())
                  .endSource()
                  .withReportingComponent("kubelet")
                  .withReportingInstance(node.name())
                  .withFirstTimestamp(at)
                  .withLastTimestamp(at)
                  .withCount(1)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      LOG.debug(
          "event {} of pod {} not recorded: {}",
          reason,
          pod.getMetadata().getName(),
          e.getMessage());
    }
  }

  /**
   * Confirms a deletion once nothing of the pod runs any more, as a kubelet does: on a real API
   * server a deleted pod stays Terminating (and its resources stay taken) until then.
   */
  void remove(String ns, Pod pod) {
    retry(
        "removing pod " + ns + "/" + pod.getMetadata().getName(),
        () ->
            client
                .pods()
                .inNamespace(ns)
                .withName(pod.getMetadata().getName())
                .withGracePeriod(0)
                .delete());
  }

  String lookupKey(String namespace, String kind, String nameAndKey) {
    String name = nameAndKey.substring(0, nameAndKey.indexOf('/'));
    String key = nameAndKey.substring(nameAndKey.indexOf('/') + 1);
    if (kind.equals("secret")) {
      Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
      String value = secret == null || secret.getData() == null ? null : secret.getData().get(key);
      return value == null
          ? null
          : new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    }
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
    return map == null || map.getData() == null ? null : map.getData().get(key);
  }

  static String containerName(Pod pod) {
    return pod.getSpec().getContainers().get(0).getName();
  }

  static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
