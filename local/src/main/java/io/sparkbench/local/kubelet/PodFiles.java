package io.sparkbench.local.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one pod's files live on the host, and how a path inside its container maps to a host path.
 * Every pod of the local cluster shares the host's file system, so a container path such as {@code
 * /dev/termination-log} or {@code /opt/spark/work-dir} is never used as is: volume mounts map to
 * per-pod (emptyDir, configMap) or per-claim folders, the termination message path to a file in the
 * pod folder, and any other absolute path to the same path under the pod's {@code rootfs} folder.
 *
 * <p>Layout: {@code <root>/<namespace>/<pod>/} holding {@code container.log}, {@code
 * termination-log}, {@code volumes/<volume>/} and {@code rootfs/}; claims under {@code
 * <root>/<namespace>/claims/<claim>/}.
 */
final class PodFiles {

  static final String DEFAULT_TERMINATION_PATH = "/dev/termination-log";
  static final String DEFAULT_WORKING_DIR = "/opt/spark/work-dir";

  private final Path root;
  private final Path podDir;
  private final String terminationPath;
  private final Map<String, Path> mounts;

  PodFiles(Path root, Pod pod) {
    this.root = root.toAbsolutePath().normalize();
    String namespace = pod.getMetadata().getNamespace();
    this.podDir =
        inside(this.root, this.root.resolve(namespace).resolve(pod.getMetadata().getName()), pod);
    Container container = pod.getSpec().getContainers().get(0);
    this.terminationPath =
        container.getTerminationMessagePath() == null
            ? DEFAULT_TERMINATION_PATH
            : container.getTerminationMessagePath();
    Map<String, Volume> volumes = new LinkedHashMap<>();
    if (pod.getSpec().getVolumes() != null) {
      pod.getSpec().getVolumes().forEach(v -> volumes.put(v.getName(), v));
    }
    List<VolumeMount> sorted = new ArrayList<>();
    if (container.getVolumeMounts() != null) {
      sorted.addAll(container.getVolumeMounts());
    }
    // Longest mount path first, so nested mounts win.
    sorted.sort(Comparator.comparing((VolumeMount m) -> m.getMountPath().length()).reversed());
    this.mounts = new LinkedHashMap<>();
    for (VolumeMount mount : sorted) {
      Path source = volumeDir(volumes.get(mount.getName()), mount.getName(), namespace);
      if (mount.getSubPath() != null && !mount.getSubPath().isEmpty()) {
        source = inside(source, source.resolve(mount.getSubPath()), pod);
      }
      mounts.put(trimSlash(mount.getMountPath()), source);
    }
  }

  Path podDir() {
    return podDir;
  }

  Path log() {
    return podDir.resolve("container.log");
  }

  Path terminationMessage() {
    return podDir.resolve("termination-log");
  }

  /** The host folder of each mount, keyed by the container's mount path. */
  Map<String, Path> mounts() {
    return mounts;
  }

  /** The host folder backing a volume of this pod. */
  Path volumeDir(Volume volume, String name, String namespace) {
    if (volume != null && volume.getPersistentVolumeClaim() != null) {
      Path claims = root.resolve(namespace).resolve("claims");
      return inside(claims, claims.resolve(volume.getPersistentVolumeClaim().getClaimName()), null);
    }
    return podDir.resolve("volumes").resolve(name);
  }

  /**
   * {@code path}, normalized, when it lies inside {@code base}: a namespace, pod name, claim name
   * or sub-path with {@code ..} or an absolute path in it must not reach outside the cluster's
   * folder.
   */
  private static Path inside(Path base, Path path, Pod pod) {
    Path normalized = path.normalize();
    if (!normalized.startsWith(base.normalize()) || normalized.equals(base.normalize())) {
      throw new IllegalArgumentException(
          (pod == null ? "a volume" : "pod " + pod.getMetadata().getName())
              + " names a folder outside its own: "
              + path);
    }
    return normalized;
  }

  /** The host path of a container path; relative paths stay relative to the working directory. */
  String map(String containerPath) {
    if (!containerPath.startsWith("/")) {
      return containerPath;
    }
    Path absolute = Path.of(containerPath).normalize();
    String path = absolute.toString();
    if (path.equals(trimSlash(terminationPath))) {
      return terminationMessage().toString();
    }
    // Mounts first: a driver builds its executors' mounts from its own (host) paths, and each
    // executor must still get its own volume there.
    for (Map.Entry<String, Path> mount : mounts.entrySet()) {
      String mountPath = mount.getKey();
      if (path.equals(mountPath)) {
        return mount.getValue().toString();
      }
      if (path.startsWith(mountPath.equals("/") ? "/" : mountPath + "/")) {
        return mount.getValue().resolve(path.substring(mountPath.length() + 1)).toString();
      }
    }
    if (absolute.startsWith(root)) {
      return path;
    }
    return podDir.resolve("rootfs").resolve(path.substring(1)).toString();
  }

  /**
   * Maps a command-line or environment value: an absolute path, a {@code file:} or {@code local:}
   * URI, or a comma-separated list of absolute paths. Anything else is returned unchanged.
   */
  String mapValue(String value) {
    if (value == null || value.isEmpty()) {
      return value;
    }
    // URI schemes are case-insensitive: FILE:///etc is a file of this machine as much as file:
    if (scheme(value, "local://") || scheme(value, "file://")) {
      int schemeEnd = value.indexOf("://") + 3;
      return value.substring(0, schemeEnd) + map(value.substring(schemeEnd));
    }
    if (scheme(value, "file:/")) {
      return value.substring(0, "file:".length()) + map(value.substring("file:".length()));
    }
    if (value.startsWith("/") && value.contains(",")) {
      String[] parts = value.split(",");
      StringBuilder mapped = new StringBuilder();
      for (String part : parts) {
        if (!part.startsWith("/")) {
          return value;
        }
        mapped.append(mapped.length() == 0 ? "" : ",").append(map(part));
      }
      return mapped.toString();
    }
    return value.startsWith("/") ? map(value) : value;
  }

  /** The host path of a {@code local://} URI or absolute path, or null for anything else. */
  String localFile(String uriOrPath) {
    if (scheme(uriOrPath, "local://")) {
      return map(uriOrPath.substring("local://".length()));
    }
    if (scheme(uriOrPath, "file:")) {
      return map(uriOrPath.substring("file:".length()).replaceFirst("^//", ""));
    }
    return uriOrPath.startsWith("/") ? map(uriOrPath) : null;
  }

  private static boolean scheme(String value, String prefix) {
    return value.regionMatches(true, 0, prefix, 0, prefix.length());
  }

  private static String trimSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
