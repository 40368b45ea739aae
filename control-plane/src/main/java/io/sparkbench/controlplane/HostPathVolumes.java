package io.sparkbench.controlplane;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a storage provisioner would give a claim on a one-node cluster that has none: a host folder
 * the Spark pods may write, and a hostPath volume over it bound ahead to the claim. {@code
 * sparkbench node} and the real-cluster tests make the examples' data claim bind this way.
 */
public final class HostPathVolumes {

  /** The size the volume claims to have; the folder behind it is not limited. */
  public static final String SIZE = "20Gi";

  private HostPathVolumes() {}

  /**
   * Creates {@code folder} and the {@code subfolders} under it, each writable by every user: the
   * Spark pods run as uid 185, whoever made the folder.
   */
  public static Path writableFolder(Path folder, String... subfolders) {
    Path deepest = folder;
    for (String subfolder : subfolders) {
      deepest = deepest.resolve(subfolder);
    }
    try {
      Files.createDirectories(deepest);
      try (Stream<Path> dirs = Files.walk(folder)) {
        for (Path dir : dirs.filter(Files::isDirectory).toList()) {
          Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return folder;
  }

  /**
   * The volume {@code name} over {@code path} on the node (a folder that exists), bound ahead to
   * the claim {@code namespace/claim} of class {@code storageClass} ({@code ""}: none).
   */
  public static PersistentVolume preBound(
      String name, String path, String namespace, String claim, String storageClass) {
    return new PersistentVolumeBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withCapacity(Map.of("storage", new Quantity(SIZE)))
        .withAccessModes(List.of("ReadWriteOnce"))
        .withStorageClassName(storageClass)
        .withNewClaimRef()
        .withNamespace(namespace)
        .withName(claim)
        .endClaimRef()
        .withNewHostPath()
        .withPath(path)
        .withType("Directory")
        .endHostPath()
        .endSpec()
        .build();
  }
}
