package io.sparkbench.operator.status;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.run.RunId;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.Fingerprint;
import io.sparkbench.operator.driver.DriverResources;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run ran on, from its driver pod (image, the digest the kubelet reported, node), the node
 * (instance type, architecture, zone; null when the operator could not read it), the driver's
 * result (Spark, Java, the settings hash) and the spec (the pods' shape). Every string from the
 * cluster or the driver is one line and cut to a bounded length.
 */
public final class RunFingerprint {

  /** The longest image reference kept: Kubernetes allows long ones, registries far fewer. */
  static final int MAX_IMAGE = 512;

  /** The longest digest kept: {@code sha512:} and 128 hex digits. */
  static final int MAX_DIGEST = 135;

  /** The longest node name: a DNS subdomain. */
  static final int MAX_NODE = 253;

  /** The longest label value Kubernetes allows. */
  static final int MAX_LABEL = 63;

  /** The longest version (Spark's, Java's) and settings hash kept. */
  static final int MAX_VERSION = 64;

  static final String INSTANCE_TYPE = "node.kubernetes.io/instance-type";
  static final String BETA_INSTANCE_TYPE = "beta.kubernetes.io/instance-type";
  static final String ARCH = "kubernetes.io/arch";
  static final String ZONE = "topology.kubernetes.io/zone";

  private RunFingerprint() {}

  /** The fingerprint of a run of {@code run}'s executors; {@code node} may be null. */
  public static Fingerprint of(
      Pod driver, Node node, BenchmarkResult result, ScalingBenchmarkSpec spec, RunId run) {
    Fingerprint f = new Fingerprint();
    Optional<Container> container = driverContainer(driver);
    f.image = bounded(container.map(Container::getImage).orElse(null), MAX_IMAGE);
    f.imageDigest = bounded(digest(imageId(driver)), MAX_DIGEST);
    f.node =
        bounded(
            driver == null || driver.getSpec() == null ? null : driver.getSpec().getNodeName(),
            MAX_NODE);
    Map<String, String> labels =
        node == null || node.getMetadata() == null || node.getMetadata().getLabels() == null
            ? Map.of()
            : node.getMetadata().getLabels();
    f.instanceType =
        bounded(labels.getOrDefault(INSTANCE_TYPE, labels.get(BETA_INSTANCE_TYPE)), MAX_LABEL);
    f.arch = bounded(labels.get(ARCH), MAX_LABEL);
    f.zone = bounded(labels.get(ZONE), MAX_LABEL);
    f.sparkVersion = bounded(result.sparkVersion(), MAX_VERSION);
    BenchmarkResult.Fingerprint own = result.fingerprint();
    if (own != null) {
      f.javaVersion = bounded(own.javaVersion(), MAX_VERSION);
      f.settingsHash = bounded(own.settingsHash(), MAX_VERSION);
      f.settings = own.settings();
    }
    f.executors = run.executors();
    if (spec.executor != null) {
      f.executorCores = spec.executor.cores;
      f.executorMemory = spec.executor.memory;
    }
    if (spec.driver != null) {
      f.driverCores = spec.driver.cores;
      f.driverMemory = spec.driver.memory;
    }
    return f;
  }

  /**
   * The digest in a container's imageID, which runtimes write as {@code registry/repo@sha256:...},
   * {@code docker-pullable://repo@sha256:...} or {@code sha256:...}; null when the kubelet reported
   * none.
   */
  static String digest(String imageId) {
    if (imageId == null || imageId.isBlank()) {
      return null;
    }
    String id = imageId.trim();
    int at = id.lastIndexOf('@');
    if (at >= 0) {
      return id.substring(at + 1);
    }
    return id.replaceFirst("^[a-z-]+://", "");
  }

  private static Optional<Container> driverContainer(Pod driver) {
    if (driver == null || driver.getSpec() == null || driver.getSpec().getContainers() == null) {
      return Optional.empty();
    }
    List<Container> containers = driver.getSpec().getContainers();
    return containers.stream()
        .filter(c -> DriverResources.DRIVER_CONTAINER.equals(c.getName()))
        .findFirst()
        .or(() -> containers.stream().findFirst());
  }

  private static String imageId(Pod driver) {
    if (driver == null
        || driver.getStatus() == null
        || driver.getStatus().getContainerStatuses() == null) {
      return null;
    }
    List<ContainerStatus> statuses = driver.getStatus().getContainerStatuses();
    return statuses.stream()
        .filter(s -> DriverResources.DRIVER_CONTAINER.equals(s.getName()))
        .findFirst()
        .or(() -> statuses.stream().findFirst())
        .map(ContainerStatus::getImageID)
        .orElse(null);
  }

  /** One line, at most {@code max} characters; null for nothing. */
  static String bounded(String text, int max) {
    if (text == null) {
      return null;
    }
    String line = Messages.oneLine(text).strip();
    if (line.isEmpty()) {
      return null;
    }
    return line.length() <= max ? line : line.substring(0, max - 1) + "…";
  }
}
