package io.sparkbench.local;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.apiserver.LocalApiServer;
import io.sparkbench.controlplane.Binaries;
import io.sparkbench.controlplane.ControlPlane;
import io.sparkbench.controlplane.Namespaces;
import io.sparkbench.local.kubelet.LocalNode;
import io.sparkbench.local.kubelet.ProcessKubelet;
import io.sparkbench.operator.driver.SparkServiceAccount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A cluster on this machine with a {@link ProcessKubelet} that runs pods as local JVMs, the
 * project's CRDs, namespace {@code default} and the Spark service account. Two kinds:
 *
 * <ul>
 *   <li>{@link #start(Path)}, the embedded default: a {@link LocalApiServer} (fabric8's mock API
 *       server) and a kubelet that runs every pod. Needs nothing but this JVM.
 *   <li>{@link #startOnControlPlane(Path)}: a real {@link ControlPlane} (etcd, kube-apiserver,
 *       kube-controller-manager, kube-scheduler built by {@code control-plane/build.sh}) with the
 *       kubelet registered as its node, running the pods the scheduler binds to it. RBAC, Pod
 *       Security, quotas, garbage collection and scheduling are Kubernetes' own.
 * </ul>
 *
 * Closing it stops every process and the API server.
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start(Path.of("target/local-cluster"))) {
 *   KubernetesClient client = cluster.client();
 *   // kubectl --kubeconfig cluster.kubeconfig() get pods
 * }
 * }</pre>
 */
public final class LocalCluster implements AutoCloseable {

  public static final String NAMESPACE = "default";

  /** The service account drivers run as unless a benchmark names another. */
  public static final String SPARK_SERVICE_ACCOUNT = "sparkbench-spark";

  /** Which API server a local cluster runs on. */
  public enum ControlPlaneKind {
    /** The embedded mock API server: needs nothing but this JVM. */
    MOCK,
    /** A real control plane from the binaries {@code control-plane/build.sh} builds. */
    REAL;

    /** {@code mock} or {@code real}, as the commands' {@code --control-plane} option takes it. */
    public static ControlPlaneKind parse(String value) {
      return switch (value) {
        case "mock" -> MOCK;
        case "real" -> REAL;
        default ->
            throw new IllegalArgumentException(
                "--control-plane must be mock or real, got " + value);
      };
    }

    /** Starts a cluster of this kind in {@code workDir}. */
    public LocalCluster start(Path workDir) {
      return this == MOCK ? LocalCluster.start(workDir) : startOnControlPlane(workDir);
    }

    @Override
    public String toString() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** How long a deleted pod's process may take to stop before it is killed. */
  public static final Duration GRACE_PERIOD = Duration.ofSeconds(10);

  private final Path workDir;
  private final AutoCloseable apiServer;
  private final ControlPlane controlPlane;
  private final String masterUrl;
  private final KubernetesClient client;
  private final ProcessKubelet kubelet;
  private final Path kubeconfig;

  private LocalCluster(
      Path workDir,
      AutoCloseable apiServer,
      ControlPlane controlPlane,
      String masterUrl,
      KubernetesClient client,
      ProcessKubelet kubelet,
      Path kubeconfig) {
    this.workDir = workDir;
    this.apiServer = apiServer;
    this.controlPlane = controlPlane;
    this.masterUrl = masterUrl;
    this.client = client;
    this.kubelet = kubelet;
    this.kubeconfig = kubeconfig;
  }

  /**
   * Starts the embedded cluster, whose pod files (logs, volumes, termination messages) and
   * kubeconfig live in {@code workDir}.
   */
  public static LocalCluster start(Path workDir) {
    Path dir = workDir.toAbsolutePath().normalize();
    LocalApiServer server = LocalApiServer.start();
    KubernetesClient client = null;
    try {
      Files.createDirectories(dir);
      Path kubeconfig = server.writeKubeconfig(dir.resolve("kubeconfig"));
      client = server.createClient();
      ClusterCrd.create(client);
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
          .create();
      SparkServiceAccount.apply(client, NAMESPACE, SPARK_SERVICE_ACCOUNT);
      ProcessKubelet kubelet =
          new ProcessKubelet(client, dir.resolve("pods"), GRACE_PERIOD).start();
      return new LocalCluster(dir, server, null, server.url(), client, kubelet, kubeconfig);
    } catch (IOException e) {
      close(client, server);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      close(client, server);
      throw e;
    }
  }

  /** Starts the embedded cluster in a new temporary folder. */
  public static LocalCluster start() {
    try {
      return start(Files.createTempDirectory("sparkbench-local-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts a real control plane from the pinned binaries, in {@code workDir/control-plane}, with
   * this machine as its one node running the spark-app image.
   *
   * @throws IllegalStateException when the binaries are missing (the message says how to build
   *     them) or a component does not start
   */
  public static LocalCluster startOnControlPlane(Path workDir) {
    return startOnControlPlane(
        workDir, LocalNode.ofThisMachine(List.of(LocalNode.SPARK_APP_IMAGE)));
  }

  /** As {@link #startOnControlPlane(Path)}, with the node described by {@code node}. */
  public static LocalCluster startOnControlPlane(Path workDir, LocalNode node) {
    Path dir = workDir.toAbsolutePath().normalize();
    ControlPlane controlPlane = ControlPlane.start(Binaries.pinned(), dir.resolve("control-plane"));
    try {
      return onControlPlane(controlPlane, controlPlane, dir, node);
    } catch (RuntimeException e) {
      controlPlane.close();
      throw e;
    }
  }

  /**
   * Joins a control plane someone else started (tests share one per JVM): closing the cluster stops
   * its kubelet and removes its node, and leaves the control plane running.
   */
  public static LocalCluster join(ControlPlane controlPlane, Path workDir, LocalNode node) {
    return onControlPlane(controlPlane, () -> {}, workDir.toAbsolutePath().normalize(), node);
  }

  private static LocalCluster onControlPlane(
      ControlPlane controlPlane, AutoCloseable owned, Path dir, LocalNode node) {
    KubernetesClient client = null;
    try {
      client = controlPlane.adminClient();
      ClusterCrd.apply(client);
      Namespaces.ensure(client, NAMESPACE);
      SparkServiceAccount.apply(client, NAMESPACE, SPARK_SERVICE_ACCOUNT);
      ProcessKubelet kubelet =
          new ProcessKubelet(client, dir.resolve("pods"), GRACE_PERIOD, node).start();
      return new LocalCluster(
          dir,
          owned,
          controlPlane,
          controlPlane.apiServerUrl(),
          client,
          kubelet,
          controlPlane.kubeconfig());
    } catch (RuntimeException e) {
      if (client != null) {
        client.close();
      }
      throw e;
    }
  }

  /** A client of the cluster; closed with the cluster. */
  public KubernetesClient client() {
    return client;
  }

  /** The API server's URL, as pods and Spark's {@code k8s://} master see it. */
  public String masterUrl() {
    return masterUrl;
  }

  /** The real control plane, or null for the embedded cluster. */
  public ControlPlane controlPlane() {
    return controlPlane;
  }

  public ProcessKubelet kubelet() {
    return kubelet;
  }

  /** A kubeconfig for kubectl and other clients; its context's namespace is {@code default}. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  public Path workDir() {
    return workDir;
  }

  /**
   * The folder the local runs' Spark event logs go to and the local History Server reads: under the
   * kubelet's root, where pod processes write host paths as they are (a namespace cannot start with
   * a dot, so no namespace's pods are kept there).
   */
  public Path eventLogDir() {
    return workDir.resolve("pods").resolve(".spark-events");
  }

  /** Which API server this is, for the first lines a command prints. */
  public String describe() {
    return controlPlane == null
        ? "embedded mock API server at " + masterUrl + " (no scheduler; every pod runs here)"
        : "real control plane, Kubernetes "
            + controlPlane.kubernetesVersion()
            + " at "
            + masterUrl
            + ", node "
            + kubelet.node().name();
  }

  /**
   * Makes sure the claim exists and can be bound, as a storage provisioner would: on the real
   * control plane, a hostPath PersistentVolume over the claim's local folder, pre-bound to a new
   * claim. The embedded cluster needs no objects (its kubelet mounts any claim's folder).
   */
  public void provideClaim(String namespace, String claim) {
    if (controlPlane == null
        || client.persistentVolumeClaims().inNamespace(namespace).withName(claim).get() != null) {
      return;
    }
    ClaimVolume.provide(
        client,
        namespace,
        claim,
        workDir.resolve("pods").resolve(namespace).resolve("claims").resolve(claim));
  }

  private static void close(KubernetesClient client, AutoCloseable server) {
    if (client != null) {
      client.close();
    }
    try {
      server.close();
    } catch (Exception e) {
      throw new IllegalStateException("stopping the API server: " + e.getMessage(), e);
    }
  }

  /** Stops every pod process, then the client and the API server. */
  @Override
  public void close() {
    try {
      kubelet.close();
    } finally {
      close(client, apiServer);
    }
  }
}
