package io.sparkbench.apiserver;

import io.fabric8.kubernetes.api.model.NamedAuthInfoBuilder;
import io.fabric8.kubernetes.api.model.NamedClusterBuilder;
import io.fabric8.kubernetes.api.model.NamedContextBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

/**
 * An in-process Kubernetes API server for the local cluster and the operator's tests: the fabric8
 * mock server in CRUD mode, plain HTTP on 127.0.0.1 and a random port, with the extensions of
 * {@link LocalApiDispatcher} (what it does and does not do: see the package). The operator, Spark
 * drivers and kubectl all talk to it.
 */
public final class LocalApiServer implements AutoCloseable {

  /** The kubeconfig context (and cluster and user) name this server writes. */
  public static final String CONTEXT = "sparkbench-local";

  /** The mock logs every request at INFO; kept here so the level setting is not collected. */
  private static final java.util.logging.Logger REQUEST_LOG =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  private final KubernetesMockServer server;

  private LocalApiServer(KubernetesMockServer server) {
    this.server = server;
  }

  /** Starts a server on 127.0.0.1 and a free port. */
  public static LocalApiServer start() {
    return start(RequestFilter.NONE);
  }

  /**
   * Starts a server on 127.0.0.1 and a free port whose requests pass {@code filter} first, which
   * may answer chosen ones itself (a test failing a write, say).
   */
  public static LocalApiServer start(RequestFilter filter) {
    if (REQUEST_LOG.getLevel() == null) {
      REQUEST_LOG.setLevel(java.util.logging.Level.WARNING);
    }
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(Serialization.jsonMapper()),
            new MockWebServer(),
            new HashMap<>(),
            new LocalApiDispatcher(filter),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    return new LocalApiServer(server);
  }

  /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
  public String url() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.getPort();
  }

  /** The Spark master URL of this server. */
  public String sparkMaster() {
    return "k8s://" + url();
  }

  /** Client configuration for this server; the default namespace is {@code default}. */
  public Config config() {
    return new ConfigBuilder(Config.empty())
        .withMasterUrl(url())
        .withNamespace("default")
        .withHttp2Disable(true)
        .build();
  }

  /** A new client; the caller closes it. */
  public KubernetesClient createClient() {
    return new KubernetesClientBuilder().withConfig(config()).build();
  }

  /** Writes a kubeconfig whose current context points at this server and returns the file. */
  public Path writeKubeconfig(Path file) {
    io.fabric8.kubernetes.api.model.Config kubeconfig =
        new io.fabric8.kubernetes.api.model.ConfigBuilder()
            .withApiVersion("v1")
            .withKind("Config")
            .addToClusters(
                new NamedClusterBuilder()
                    .withName(CONTEXT)
                    .withNewCluster()
                    .withServer(url())
                    .endCluster()
                    .build())
            .addToUsers(
                new NamedAuthInfoBuilder().withName(CONTEXT).withNewUser().endUser().build())
            .addToContexts(
                new NamedContextBuilder()
                    .withName(CONTEXT)
                    .withNewContext()
                    .withCluster(CONTEXT)
                    .withUser(CONTEXT)
                    .withNamespace("default")
                    .endContext()
                    .build())
            .withCurrentContext(CONTEXT)
            .build();
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, Serialization.asYaml(kubeconfig));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write kubeconfig " + file, e);
    }
    return file;
  }

  @Override
  public void close() {
    server.destroy();
  }
}
