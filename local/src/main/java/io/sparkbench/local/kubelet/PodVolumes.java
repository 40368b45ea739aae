package io.sparkbench.local.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.DownwardAPIVolumeFile;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccountTokenProjection;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Writes a pod's volumes into its folders before its process starts, as a kubelet mounts them:
 * emptyDir and claim folders, ConfigMap and Secret keys as files, and projected volumes — the
 * service-account token a real API server's admission adds to every pod ({@code kube-api-access-*}:
 * a token from the TokenRequest API bound to the pod, the cluster's CA from {@code
 * kube-root-ca.crt} and the namespace from the downward API).
 */
final class PodVolumes {

  private static final Duration WAIT = Duration.ofSeconds(30);

  /** What a kubelet asks for when a projection names none: an hour, as the admission sets. */
  private static final long DEFAULT_TOKEN_SECONDS = 3607;

  private final KubernetesClient client;
  private final BooleanSupplier closed;

  PodVolumes(KubernetesClient client, BooleanSupplier closed) {
    this.client = client;
    this.closed = closed;
  }

  void prepare(Pod pod, PodFiles files) throws IOException {
    String ns = pod.getMetadata().getNamespace();
    Files.createDirectories(files.podDir());
    Files.deleteIfExists(files.terminationMessage());
    Files.createFile(files.terminationMessage());
    if (pod.getSpec().getVolumes() == null) {
      return;
    }
    for (Volume volume : pod.getSpec().getVolumes()) {
      Path dir = files.volumeDir(volume, volume.getName(), ns);
      Files.createDirectories(dir);
      if (volume.getConfigMap() != null) {
        var source = volume.getConfigMap();
        configMap(ns, source.getName(), source.getOptional(), source.getItems(), dir);
      } else if (volume.getSecret() != null) {
        var source = volume.getSecret();
        secret(ns, source.getSecretName(), source.getOptional(), source.getItems(), dir);
      } else if (volume.getProjected() != null) {
        for (VolumeProjection projection : volume.getProjected().getSources()) {
          project(pod, projection, dir);
        }
      }
    }
  }

  private void project(Pod pod, VolumeProjection projection, Path dir) throws IOException {
    String ns = pod.getMetadata().getNamespace();
    if (projection.getServiceAccountToken() != null) {
      ServiceAccountTokenProjection source = projection.getServiceAccountToken();
      write(dir, source.getPath(), token(pod, source).getBytes(StandardCharsets.UTF_8));
    } else if (projection.getConfigMap() != null) {
      var source = projection.getConfigMap();
      configMap(ns, source.getName(), source.getOptional(), source.getItems(), dir);
    } else if (projection.getSecret() != null) {
      var source = projection.getSecret();
      secret(ns, source.getName(), source.getOptional(), source.getItems(), dir);
    } else if (projection.getDownwardAPI() != null) {
      for (DownwardAPIVolumeFile item : projection.getDownwardAPI().getItems()) {
        String value =
            item.getFieldRef() == null
                ? null
                : PodEnvironment.field(pod, item.getFieldRef().getFieldPath());
        if (value == null) {
          throw new IllegalStateException(
              "downward API item " + item.getPath() + " is not supported by the process kubelet");
        }
        write(dir, item.getPath(), value.getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  /** A token of the pod's service account, bound to the pod, as the kubelet requests it. */
  private String token(Pod pod, ServiceAccountTokenProjection source) {
    String account = pod.getSpec().getServiceAccountName();
    TokenRequest request =
        new TokenRequestBuilder()
            .withNewSpec()
            .withAudiences(source.getAudience() == null ? List.of() : List.of(source.getAudience()))
            .withExpirationSeconds(
                source.getExpirationSeconds() == null
                    ? DEFAULT_TOKEN_SECONDS
                    : source.getExpirationSeconds())
            .withNewBoundObjectRef()
            .withApiVersion("v1")
            .withKind("Pod")
            .withName(pod.getMetadata().getName())
            .withUid(pod.getMetadata().getUid())
            .endBoundObjectRef()
            .endSpec()
            .build();
    TokenRequest response =
        client
            .serviceAccounts()
            .inNamespace(pod.getMetadata().getNamespace())
            .withName(account == null ? "default" : account)
            .tokenRequest(request);
    return response.getStatus().getToken();
  }

  private void configMap(String ns, String name, Boolean optional, List<KeyToPath> items, Path dir)
      throws IOException {
    boolean canBeAbsent = Boolean.TRUE.equals(optional);
    ConfigMap map =
        await(() -> client.configMaps().inNamespace(ns).withName(name).get(), canBeAbsent);
    if (map == null && !canBeAbsent) {
      throw new IllegalStateException("configmap \"" + name + "\" not found");
    }
    if (map != null) {
      writeFiles(dir, map.getData(), items, false);
      writeFiles(dir, map.getBinaryData(), items, true);
    }
  }

  private void secret(String ns, String name, Boolean optional, List<KeyToPath> items, Path dir)
      throws IOException {
    boolean canBeAbsent = Boolean.TRUE.equals(optional);
    Secret secret = await(() -> client.secrets().inNamespace(ns).withName(name).get(), canBeAbsent);
    if (secret == null && !canBeAbsent) {
      throw new IllegalStateException("secret \"" + name + "\" not found");
    }
    if (secret != null) {
      writeFiles(dir, secret.getData(), items, true);
    }
  }

  private <T> T await(Supplier<T> get, boolean optional) {
    Instant deadline = Instant.now().plus(optional ? Duration.ZERO : WAIT);
    while (true) {
      T value = get.get();
      if (value != null || !Instant.now().isBefore(deadline) || closed.getAsBoolean()) {
        return value;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }

  private static void writeFiles(
      Path dir, Map<String, String> data, List<KeyToPath> items, boolean base64)
      throws IOException {
    if (data == null) {
      return;
    }
    for (Map.Entry<String, String> entry : data.entrySet()) {
      String path = entry.getKey();
      if (items != null && !items.isEmpty()) {
        path =
            items.stream()
                .filter(i -> i.getKey().equals(entry.getKey()))
                .map(KeyToPath::getPath)
                .findFirst()
                .orElse(null);
        if (path == null) {
          continue;
        }
      }
      write(
          dir,
          path,
          base64
              ? Base64.getDecoder().decode(entry.getValue())
              : entry.getValue().getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void write(Path dir, String path, byte[] bytes) throws IOException {
    Path file = dir.resolve(path).normalize();
    if (!file.startsWith(dir)) {
      throw new IllegalArgumentException("volume item path escapes the volume: " + path);
    }
    Files.createDirectories(file.getParent());
    Files.write(file, bytes);
  }
}
