package io.sparkbench.controlplane;

import io.fabric8.kubeapitest.cert.CertManager;
import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x509.GeneralName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Kubernetes control plane on this machine, each component a child process of this JVM: etcd
 * (data in {@code <workDir>/etcd}, fresh on every {@link #start}), kube-apiserver on 127.0.0.1
 * (RBAC authorization, the default admission plugins including ServiceAccount, and PodSecurity),
 * kube-controller-manager (the {@link #CONTROLLERS}) and kube-scheduler; no node. The serving and
 * client certificates come from fabric8's kube-api-test {@link CertManager}. {@link #close()} stops
 * them all; a shutdown hook and a watchdog per process stop them too when the JVM ends without
 * closing, so no process outlives it.
 */
public final class ControlPlane implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);
  private static final String NAME = "sparkbench";

  /**
   * The controllers the operator's objects rely on, when pods run on the process kubelet; the rest
   * of the default set is left off.
   */
  static final List<String> CONTROLLERS =
      List.of(
          "garbage-collector-controller",
          "namespace-controller",
          "serviceaccount-controller",
          "serviceaccount-token-controller",
          "root-ca-certificate-publisher-controller",
          "resourcequota-controller",
          "persistentvolume-binder-controller",
          "node-lifecycle-controller");

  /**
   * kube-controller-manager's whole default set, for a control plane with a real node: Deployments,
   * ReplicaSets, EndpointSlices and the rest work as in any cluster.
   */
  static final List<String> DEFAULT_CONTROLLERS = List.of("*");

  /** The address of a control plane on this machine's loopback. */
  public static final String LOOPBACK = "127.0.0.1";

  /** The {@code kubernetes} Service's IP in the service range below. */
  static final String KUBERNETES_SERVICE_IP = "10.0.0.1";

  private final Binaries binaries;
  private final Path workDir;
  private final String address;
  private final List<String> controllers;
  private final CertManager certs;
  private final Path servingCert;
  private final Path servingKey;
  private final int etcdPort = freePort();
  private final int etcdPeerPort = freePort();
  private final int apiServerPort = freePort();
  private final Path kubeconfig;
  private final String kubeconfigYaml;
  private final Thread shutdownHook = new Thread(this::stopProcesses, "control-plane-shutdown");
  private volatile Component etcd;
  private volatile Component apiServer;
  private volatile Component controllerManager;
  private volatile Component scheduler;
  private boolean closed;

  private ControlPlane(Binaries binaries, Path workDir, String address, List<String> controllers) {
    this.binaries = binaries;
    this.workDir = workDir;
    this.address = address;
    this.controllers = List.copyOf(controllers);
    this.certs = new CertManager(binaries.testDir().toString());
    certs.createCertificatesIfNeeded();
    this.servingCert = workDir.resolve("apiserver-serving.crt");
    this.servingKey = workDir.resolve("apiserver-serving.key");
    // valid for the address, and for the names and IP that pods reach the API server by
    CertManager.generateKeyAndCertificate(
        "CN=kube-apiserver",
        servingKey.toFile(),
        servingCert.toFile(),
        new GeneralName(GeneralName.iPAddress, LOOPBACK),
        new GeneralName(GeneralName.iPAddress, address),
        new GeneralName(GeneralName.iPAddress, KUBERNETES_SERVICE_IP),
        new GeneralName(GeneralName.dNSName, "kubernetes"),
        new GeneralName(GeneralName.dNSName, "kubernetes.default"),
        new GeneralName(GeneralName.dNSName, "kubernetes.default.svc"),
        new GeneralName(GeneralName.dNSName, "kubernetes.default.svc.cluster.local"));
    this.kubeconfig = workDir.resolve("kubeconfig");
    this.kubeconfigYaml = adminKubeconfig();
    write(kubeconfig, kubeconfigYaml);
  }

  /**
   * Starts a fresh control plane (etcd's data of an earlier start is deleted) and returns once the
   * API server serves, both controllers report ready and the {@code default} namespace has its
   * service account. Logs, etcd's data and the admin kubeconfig go to {@code workDir}.
   *
   * @throws IllegalStateException when a binary is missing or a component does not start
   */
  public static ControlPlane start(Binaries binaries, Path workDir) {
    return start(binaries, workDir, LOOPBACK, CONTROLLERS);
  }

  /**
   * {@link #start(Binaries, Path)}, with the API server listening on {@code address} (an address of
   * this machine, such as the host end of a {@link RealNode}'s network) rather than on {@value
   * #LOOPBACK}, and kube-controller-manager running {@code controllers}.
   */
  static ControlPlane start(
      Binaries binaries, Path workDir, String address, List<String> controllers) {
    String unavailable = binaries.unavailableReason();
    if (unavailable != null) {
      throw new IllegalStateException(unavailable);
    }
    try {
      Files.createDirectories(workDir);
      deleteRecursively(workDir.resolve("etcd"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ControlPlane controlPlane = new ControlPlane(binaries, workDir, address, controllers);
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
    long deadline = started + STARTUP_TIMEOUT.toNanos();
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    etcd =
        Component.start(
            "etcd", etcdCommand(), workDir, URI.create("http://127.0.0.1:" + etcdPort + "/health"));
    etcd.awaitReady(deadline);
    apiServer =
        Component.start(
            "kube-apiserver", apiServerCommand(), workDir, URI.create(apiServerUrl() + "/readyz"));
    awaitApiServer(deadline);
    String key = certs.getAPIServerKeyPath();
    controllerManager =
        controller(
            "kube-controller-manager",
            "--controllers=" + String.join(",", controllers),
            "--service-account-private-key-file=" + key,
            "--root-ca-file=" + servingCert,
            "--use-service-account-credentials=false");
    scheduler = controller("kube-scheduler");
    controllerManager.awaitReady(deadline);
    scheduler.awaitReady(deadline);
    try (KubernetesClient client = adminClient()) {
      await(
          "default service account",
          controllerManager,
          () ->
              client
                  .serviceAccounts()
                  .inNamespace("default")
                  .withName("default")
                  .waitUntilCondition(
                      Objects::nonNull, millisUntil(deadline), TimeUnit.MILLISECONDS));
    }
    LOG.info(
        "control plane Kubernetes {} ready in {} ms: API server {}, logs in {}",
        binaries.kubernetesVersion(),
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        apiServerUrl(),
        workDir);
  }

  private List<String> etcdCommand() {
    String peerUrl = "http://127.0.0.1:" + etcdPeerPort;
    String clientUrl = "http://127.0.0.1:" + etcdPort;
    return List.of(
        binaries.path("etcd").toString(),
        "--name=default",
        "--data-dir=" + workDir.resolve("etcd"),
        "--listen-client-urls=" + clientUrl,
        "--advertise-client-urls=" + clientUrl,
        "--listen-peer-urls=" + peerUrl,
        "--initial-advertise-peer-urls=" + peerUrl,
        "--initial-cluster=default=" + peerUrl);
  }

  /**
   * What the API server's audit log records: every request a service account makes (pods'
   * identities: Spark drivers, the operator when it runs as the chart's account), at the Metadata
   * level, once complete; nothing of anyone else.
   */
  static final String AUDIT_POLICY =
      """
      apiVersion: audit.k8s.io/v1
      kind: Policy
      omitStages: [RequestReceived, ResponseStarted]
      rules:
      - level: Metadata
        userGroups: ["system:serviceaccounts"]
      - level: None
      """;

  /** The API server's audit log of service accounts' requests, one JSON event per line. */
  public Path auditLog() {
    return workDir.resolve("audit.log");
  }

  /**
   * kube-api-test's flags, but on one address only, with a serving certificate for it, and with the
   * ServiceAccount admission on. The API server calls kubelets (logs, exec) with the admin's client
   * certificate, which a node's kubelet verifies against that certificate.
   */
  private List<String> apiServerCommand() {
    String key = certs.getAPIServerKeyPath();
    Path policy = workDir.resolve("audit-policy.yaml");
    try {
      Files.deleteIfExists(auditLog());
      Files.writeString(policy, AUDIT_POLICY);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.of(
        binaries.path("kube-apiserver").toString(),
        "--bind-address=" + address,
        "--advertise-address=" + address,
        "--secure-port=" + apiServerPort,
        "--tls-cert-file=" + servingCert,
        "--tls-private-key-file=" + servingKey,
        "--kubelet-client-certificate=" + certs.getClientCertPath(),
        "--kubelet-client-key=" + certs.getClientKeyPath(),
        "--kubelet-preferred-address-types=InternalIP",
        "--etcd-servers=http://127.0.0.1:" + etcdPort,
        "--authorization-mode=RBAC",
        "--enable-admission-plugins=PodSecurity",
        "--service-account-issuer=https://kubernetes.default.svc",
        "--service-account-signing-key-file=" + key,
        "--service-account-key-file=" + key,
        "--client-ca-file=" + certs.getClientCertPath(),
        "--service-cluster-ip-range=10.0.0.0/24",
        "--allow-privileged",
        // without it, SIGTERM waits 60 s for the controllers' watches to end before it exits
        "--shutdown-watch-termination-grace-period=1s",
        "--audit-policy-file=" + policy,
        "--audit-log-path=" + auditLog(),
        "--audit-log-maxsize=100");
  }

  /** kube-controller-manager or kube-scheduler, with the admin kubeconfig and {@code flags}. */
  private Component controller(String name, String... flags) {
    int port = freePort();
    List<String> command =
        Stream.concat(
                Stream.of(
                    binaries.path(name).toString(),
                    "--kubeconfig=" + kubeconfig,
                    "--authentication-kubeconfig=" + kubeconfig,
                    "--authorization-kubeconfig=" + kubeconfig,
                    "--leader-elect=false",
                    "--bind-address=127.0.0.1",
                    "--secure-port=" + port,
                    "--cert-dir=" + workDir.resolve(name + "-certs")),
                Stream.of(flags))
            .toList();
    return Component.start(
        name, command, workDir, URI.create("https://127.0.0.1:" + port + "/healthz"));
  }

  /** Waits until {@code /readyz} answers 200 and the {@code default} namespace exists. */
  private void awaitApiServer(long deadline) {
    apiServer.awaitReady(deadline);
    try (KubernetesClient client = adminClient()) {
      await(
          "default namespace",
          apiServer,
          () ->
              client
                  .namespaces()
                  .withName("default")
                  .waitUntilCondition(
                      Objects::nonNull, millisUntil(deadline), TimeUnit.MILLISECONDS));
    }
  }

  /**
   * Stops the API server (etcd, the controller-manager and the scheduler keep running), so that
   * fault tests can see what clients and controllers do while it is gone. Does nothing when it is
   * stopped already.
   */
  public synchronized void stopApiServer() {
    requireOpen();
    apiServer.stop();
  }

  /**
   * Starts the API server again after {@link #stopApiServer()}, for fault tests: on the same port
   * and with the same etcd, so every object is still there, and the controller-manager and the
   * scheduler reconnect by themselves. Returns once it is ready; does nothing when it runs.
   *
   * @throws IllegalStateException when it does not get ready in time
   */
  public synchronized void startApiServer() {
    requireOpen();
    if (apiServer.alive()) {
      return;
    }
    apiServer = apiServer.startAgain();
    awaitApiServer(System.nanoTime() + STARTUP_TIMEOUT.toNanos());
  }

  /** The API server's URL, {@code https://<address>:<port>}; the same after a restart. */
  public String apiServerUrl() {
    return "https://" + address + ":" + apiServerPort;
  }

  /**
   * The admin's client certificate (PEM), which is also its own CA: what a kubelet verifies the API
   * server's calls with.
   */
  public Path clientCertificate() {
    return Path.of(certs.getClientCertPath());
  }

  /** The admin (system:masters) kubeconfig, as a file. */
  public Path kubeconfig() {
    return kubeconfig;
  }

  /** The admin kubeconfig as YAML, certificates embedded. */
  public String kubeconfigYaml() {
    return kubeconfigYaml;
  }

  /** A new admin client; the caller closes it. */
  public KubernetesClient adminClient() {
    return new KubernetesClientBuilder().withConfig(adminConfig()).build();
  }

  /** The admin client configuration (client certificate of a system:masters user). */
  public Config adminConfig() {
    return Config.fromKubeconfig(kubeconfigYaml);
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

  /** The folder holding the kubeconfig, etcd's data and the components' logs. */
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

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("the control plane is closed");
    }
  }

  /** Stops every process, clients first; not synchronized, since the shutdown hook calls it. */
  private void stopProcesses() {
    for (Component component : new Component[] {scheduler, controllerManager, apiServer, etcd}) {
      if (component != null) {
        component.stop();
      }
    }
  }

  private String adminKubeconfig() {
    io.fabric8.kubernetes.api.model.Config config =
        new ConfigBuilder()
            .withApiVersion("v1")
            .withKind("Config")
            .addNewCluster()
            .withName(NAME)
            .withNewCluster()
            .withServer(apiServerUrl())
            .withCertificateAuthorityData(base64(servingCert.toString()))
            .endCluster()
            .endCluster()
            .addNewUser()
            .withName("admin")
            .withNewUser()
            .withClientCertificateData(base64(certs.getClientCertPath()))
            .withClientKeyData(base64(certs.getClientKeyPath()))
            .endUser()
            .endUser()
            .addNewContext()
            .withName(NAME)
            .withNewContext()
            .withCluster(NAME)
            .withUser("admin")
            .withNamespace("default")
            .endContext()
            .endContext()
            .withCurrentContext(NAME)
            .build();
    return Serialization.asYaml(config);
  }

  /** Runs a fabric8 wait, failing with the log of the component that should have acted. */
  private static void await(String what, Component component, Runnable wait) {
    try {
      wait.run();
    } catch (KubernetesClientTimeoutException e) {
      throw new IllegalStateException("no " + what + " in time: " + component.logTail(), e);
    }
  }

  private static long millisUntil(long deadlineNanos) {
    return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
  }

  private static String base64(String file) {
    try {
      return Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(file)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static int freePort() {
    // a port free on every address, the loopback included
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
