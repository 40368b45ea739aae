package io.sparkbench.operator.local;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The embedded default cluster: a {@link LocalApiServer} with the project's CRDs, namespace {@code
 * default} and the Spark service account, and a {@link ProcessKubelet} that runs pods as local
 * JVMs. One call starts it; closing it stops every process and the server.
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start(Path.of("target/local-cluster"))) {
 *   KubernetesClient client = cluster.client();
 *   // kubectl --kubeconfig cluster.kubeconfig() get pods
 * }
 * }</pre>
 */
public final class LocalCluster implements AutoCloseable {

  /** The generated ScalingBenchmark CRD, on the operator's class path. */
  public static final String CRD_RESOURCE =
      "/META-INF/fabric8/scalingbenchmarks.sparkbench.io-v1.yml";

  public static final String NAMESPACE = "default";

  /** The service account drivers run as unless a benchmark names another. */
  public static final String SPARK_SERVICE_ACCOUNT = "sparkbench-spark";

  /** How long a deleted pod's process may take to stop before it is killed. */
  public static final Duration GRACE_PERIOD = Duration.ofSeconds(10);

  private final Path workDir;
  private final LocalApiServer server;
  private final KubernetesClient client;
  private final ProcessKubelet kubelet;
  private final Path kubeconfig;

  private LocalCluster(
      Path workDir,
      LocalApiServer server,
      KubernetesClient client,
      ProcessKubelet kubelet,
      Path kubeconfig) {
    this.workDir = workDir;
    this.server = server;
    this.client = client;
    this.kubelet = kubelet;
    this.kubeconfig = kubeconfig;
  }

  /**
   * Starts a cluster whose pod files (logs, volumes, termination messages) and kubeconfig live in
   * {@code workDir}.
   */
  public static LocalCluster start(Path workDir) {
    Path dir = workDir.toAbsolutePath().normalize();
    LocalApiServer server = LocalApiServer.start();
    KubernetesClient client = null;
    try {
      Files.createDirectories(dir);
      Path kubeconfig = server.writeKubeconfig(dir.resolve("kubeconfig"));
      client = server.createClient();
      installCrds(client, List.of(CRD_RESOURCE));
      client
          .namespaces()
          .resource(
              new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
          .create();
      client
          .serviceAccounts()
          .inNamespace(NAMESPACE)
          .resource(
              new ServiceAccountBuilder()
                  .withNewMetadata()
                  .withName(SPARK_SERVICE_ACCOUNT)
                  .endMetadata()
                  .build())
          .create();
      ProcessKubelet kubelet =
          new ProcessKubelet(client, dir.resolve("pods"), GRACE_PERIOD).start();
      return new LocalCluster(dir, server, client, kubelet, kubeconfig);
    } catch (IOException e) {
      close(client, server);
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      close(client, server);
      throw e;
    }
  }

  /** Starts a cluster in a new temporary folder. */
  public static LocalCluster start() {
    try {
      return start(Files.createTempDirectory("sparkbench-local-"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A client of the cluster; closed with the cluster. */
  public KubernetesClient client() {
    return client;
  }

  public LocalApiServer apiServer() {
    return server;
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

  private static void installCrds(KubernetesClient client, List<String> resources) {
    for (String resource : resources) {
      try (InputStream in = LocalCluster.class.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException(
              "CRD " + resource + " is not on the class path; build the operator module first");
        }
        CustomResourceDefinition crd =
            client.apiextensions().v1().customResourceDefinitions().load(in).item();
        client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void close(KubernetesClient client, LocalApiServer server) {
    if (client != null) {
      client.close();
    }
    server.close();
  }

  /** Stops every pod process, then the client and the API server. */
  @Override
  public void close() {
    try {
      kubelet.close();
    } finally {
      close(client, server);
    }
  }
}
