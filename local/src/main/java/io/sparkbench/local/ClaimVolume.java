package io.sparkbench.local;

import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a storage provisioner would do for a claim on the real control plane, which has none: a
 * hostPath PersistentVolume over the claim's local folder, pre-bound to a new claim, so that the
 * scheduler can place the pods that mount it and the process kubelet finds the folder they write.
 */
final class ClaimVolume {

  /** The size a claim's volume claims to have; the local folder behind it is not limited. */
  static final String CLAIM_SIZE = "100Gi";

  private ClaimVolume() {}

  /** Creates the claim {@code namespace/claim} and its volume over {@code folder}. */
  static void provide(KubernetesClient client, String namespace, String claim, Path folder) {
    String volume = "local-" + namespace + "-" + claim;
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    client
        .persistentVolumes()
        .resource(
            new PersistentVolumeBuilder()
                .withNewMetadata()
                .withName(volume)
                .endMetadata()
                .withNewSpec()
                .withCapacity(Map.of("storage", new Quantity(CLAIM_SIZE)))
                .withAccessModes("ReadWriteOnce", "ReadWriteMany")
                .withStorageClassName("")
                .withPersistentVolumeReclaimPolicy("Retain")
                .withNewHostPath(folder.toString(), "DirectoryOrCreate")
                .withNewClaimRef()
                .withNamespace(namespace)
                .withName(claim)
                .endClaimRef()
                .endSpec()
                .build())
        .createOr(existing -> existing.update());
    client
        .persistentVolumeClaims()
        .inNamespace(namespace)
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(claim)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withStorageClassName("")
                .withVolumeName(volume)
                .withNewResources()
                .withRequests(Map.of("storage", new Quantity(CLAIM_SIZE)))
                .endResources()
                .endSpec()
                .build())
        .create();
  }
}
