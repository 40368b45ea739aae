package io.sparkbench.controlplane;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kubernetes control plane on this machine: etcd and kube-apiserver started through
 * fabric8's kube-api-test (API server on 127.0.0.1 with RBAC authorization and the PodSecurity
 * admission), then kube-controller-manager (garbage collector, namespace, service-account, token,
 * root-CA and resource-quota controllers) and kube-scheduler as child processes against it. {@link
 * #close()} stops them all; a shutdown hook and a watchdog process stop them too when the JVM ends
 * without closing, so no process outlives it.
 */
public final class ControlPlane implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

  /** The controllers the operator's objects rely on; the rest of the default set is left off. */
  static final List<String> CONTROLLERS =
      List.of(
          "garbage-collector-controller",
          "namespace-controller",
          "serviceaccount-controller",
          "serviceaccount-token-controller",
          "root-ca-certificate-publisher-controller",
          "resourcequota-controller");

  private final Binaries binaries;
  private final Path workDir;
  private final KubeAPIServer apiServer;
  private final Path kubeconfig;
  private final List<Component> components = new ArrayList<>();
  private final Thread shutdownHook = new Thread(this::stopProcesses, "control-plane-shutdown");
  private Process watchdog;
  private boolean closed;

  private ControlPlane(Binaries binaries, Path workDir) {
    this.binaries = binaries;
    this.workDir = workDir;
    this.kubeconfig = workDir.resolve("kubeconfig");
    this.apiServer =
        new KubeAPIServer(
            KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withTestDir(binaries.testDir().toString())
                .withApiServerVersion(binaries.kubernetesVersion())
                .withOfflineMode(true)
                .withUpdateKubeConfig(false)
                .withWaitForEtcdHealthCheckOnStartup(true)
                .withStartupTimeout((int) STARTUP_TIMEOUT.toMillis())
                .withApiServerFlag("--bind-address", "127.0.0.1")
                .withApiServerFlag("--advertise-address", "127.0.0.1")
                .withApiServerFlag("--enable-admission-plugins", "PodSecurity")
                .build());
  }

  /**
   * Starts the control plane and returns once the API server serves and both controllers report
   * ready. Logs and the admin kubeconfig go to {@code workDir}.
   *
   * @throws IllegalStateException when a binary is missing or a component does not start
   */
  public static ControlPlane start(Binaries binaries, Path workDir) {
    String unavailable = binaries.unavailableReason();
    if (unavailable != null) {
      throw new IllegalStateException(unavailable);
    }
    try {
      Files.createDirectories(workDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ControlPlane controlPlane = new ControlPlane(binaries, workDir);
    try {
      controlPlane.startAll();
      return controlPlane;
    } catch (RuntimeException e) {
      controlPlane.close();
      throw e;
    }
  }

  private void startAll() {
    long started = System.nanoTime();
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    apiServer.start();
    write(kubeconfig, apiServer.getKubeConfigYaml());
    String key = binaries.testDir().resolve("apiserver.key").toString();
    String ca = binaries.testDir().resolve("apiserver.crt").toString();
    components.add(
        Component.start(
            binaries,
            workDir,
            "kube-controller-manager",
            freePort(),
            List.of(
                "--kubeconfig=" + kubeconfig,
                "--authentication-kubeconfig=" + kubeconfig,
                "--authorization-kubeconfig=" + kubeconfig,
                "--controllers=" + String.join(",", CONTROLLERS),
                "--service-account-private-key-file=" + key,
                "--root-ca-file=" + ca,
                "--use-service-account-credentials=false",
                "--leader-elect=false")));
    components.add(
        Component.start(
            binaries,
            workDir,
            "kube-scheduler",
            freePort(),
            List.of(
                "--kubeconfig=" + kubeconfig,
                "--authentication-kubeconfig=" + kubeconfig,
                "--authorization-kubeconfig=" + kubeconfig,
                "--leader-elect=false")));
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    for (Component component : components) {
      component.awaitReady(deadline);
    }
    watchdog = startWatchdog();
    LOG.info(
        "control plane Kubernetes {} ready in {} ms: API server {}, logs in {}",
        binaries.kubernetesVersion(),
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        Config.fromKubeconfig(apiServer.getKubeConfigYaml()).getMasterUrl(),
        workDir);
  }

  /** The admin (system:masters) kubeconfig, as a file. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The admin kubeconfig as YAML. */
  public String kubeconfigYaml() {
    return apiServer.getKubeConfigYaml();
  }

  /** A new admin client; the caller closes it. */
  public KubernetesClient adminClient() {
    return new KubernetesClientBuilder().withConfig(adminConfig()).build();
  }

  /** The admin client configuration (client certificate of a system:masters user). */
  public Config adminConfig() {
    return Config.fromKubeconfig(apiServer.getKubeConfigYaml());
  }

  /** kubectl as this control plane's admin. */
  public Kubectl kubectl() {
    return new Kubectl(binaries.path("kubectl"), kubeconfig);
  }

  /** A binary of this control plane's version, e.g. {@code kubectl}. */
  public Path binary(String name) {
    return binaries.path(name);
  }

  public String kubernetesVersion() {
    return binaries.kubernetesVersion();
  }

  /** The folder holding the kubeconfig and the controllers' logs. */
  public Path workDir() {
    return workDir;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stopProcesses();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or has run
    }
  }

  private void stopProcesses() {
    for (Component component : components) {
      component.stop();
    }
    try {
      apiServer.stop();
    } catch (RuntimeException e) {
      LOG.warn("stopping the API server and etcd: {}", e.getMessage());
    }
    if (watchdog != null) {
      watchdog.destroy();
    }
  }

  /**
   * A shell that kills the control plane's processes once this JVM is gone, also when it was killed
   * without running its shutdown hooks.
   */
  private Process startWatchdog() {
    String binDir = binaries.dir().toString();
    String pids =
        ProcessHandle.current()
            .descendants()
            .filter(p -> p.info().command().map(c -> c.startsWith(binDir)).orElse(false))
            .map(p -> Long.toString(p.pid()))
            .collect(Collectors.joining(" "));
    String script =
        "while kill -0 "
            + ProcessHandle.current().pid()
            + " 2>/dev/null; do sleep 1; done; kill -9 "
            + pids
            + " 2>/dev/null";
    try {
      return new ProcessBuilder("sh", "-c", script)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the control plane's watchdog", e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String content) {
    try {
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
