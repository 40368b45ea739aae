package io.sparkbench.bench;

import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkbench.common.process.Processes;
import io.sparkbench.controlplane.ControlPlane;
import io.sparkbench.controlplane.Namespaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The operator in a JVM of its own, started as its image starts it ({@code java @jvm-options -jar
 * operator.jar}) with the memory the chart gives its pod, against a real control plane as a service
 * account: its CPU and memory are its own process's, and the API server's audit log holds each of
 * its requests under that account's name.
 */
final class OperatorProcess implements AutoCloseable {

  static final String NAMESPACE = "sparkbench-system";
  static final String ACCOUNT = "sparkbench-operator";

  /**
   * What the image's JVM gets in the chart's pod (memory limit 1 GiB, {@code
   * -XX:MaxRAMPercentage=75}): a 768 MiB heap limit, and the serial collector, which the JVM picks
   * when it sees less than 1.8 GB.
   */
  static final List<String> JVM_OPTIONS =
      List.of("-XX:MaxRAM=1g", "-XX:MaxRAMPercentage=75", "-XX:+UseSerialGC");

  private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Process process;
  private final List<String> command;
  private final int httpPort;
  private final Path log;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Thread shutdownHook;

  private OperatorProcess(Process process, List<String> command, int httpPort, Path log) {
    this.process = process;
    this.command = command;
    this.httpPort = httpPort;
    this.log = log;
    this.shutdownHook = new Thread(process::destroyForcibly, "operator-process-shutdown");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** The account's user name, as the API server authenticates and audits it. */
  static String username() {
    return "system:serviceaccount:" + NAMESPACE + ":" + ACCOUNT;
  }

  /**
   * Starts the operator from {@code operatorJar} (its argfile {@code jvm-options} beside it) with
   * {@code flags}, as the service account {@value #ACCOUNT} bound to cluster-admin, logging to
   * {@code workDir/operator.log}; returns once its {@code /readyz} answers.
   *
   * @throws IllegalStateException when it exits or is not ready in time, with its log's end
   */
  static OperatorProcess start(
      ControlPlane controlPlane,
      KubernetesClient admin,
      Path workDir,
      Path operatorJar,
      List<String> flags) {
    Path kubeconfig = workDir.resolve("operator-kubeconfig");
    writeKubeconfig(controlPlane, admin, kubeconfig);
    int port = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    Path argfile = operatorJar.resolveSibling("jvm-options");
    if (Files.exists(argfile)) {
      command.add("@" + argfile);
    }
    command.addAll(List.of("-jar", operatorJar.toString(), "--http-port=" + port));
    command.addAll(flags);
    Path log = workDir.resolve("operator.log");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", kubeconfig.toString());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    OperatorProcess operator = new OperatorProcess(process, List.copyOf(command), port, log);
    try {
      operator.awaitReady();
      return operator;
    } catch (RuntimeException e) {
      operator.close();
      throw e;
    }
  }

  /** The account, its binding to cluster-admin, and a kubeconfig with a day's token of it. */
  private static void writeKubeconfig(
      ControlPlane controlPlane, KubernetesClient admin, Path kubeconfig) {
    Namespaces.ensure(admin, NAMESPACE);
    admin
        .serviceAccounts()
        .inNamespace(NAMESPACE)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(ACCOUNT)
                .withNamespace(NAMESPACE)
                .endMetadata()
                .build())
        .createOr(existing -> existing.update());
    admin
        .rbac()
        .clusterRoleBindings()
        .resource(
            new ClusterRoleBindingBuilder()
                .withNewMetadata()
                .withName(ACCOUNT)
                .endMetadata()
                .withNewRoleRef()
                .withApiGroup("rbac.authorization.k8s.io")
                .withKind("ClusterRole")
                .withName("cluster-admin")
                .endRoleRef()
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(ACCOUNT)
                .withNamespace(NAMESPACE)
                .endSubject()
                .build())
        .createOr(existing -> existing.update());
    String token =
        admin
            .serviceAccounts()
            .inNamespace(NAMESPACE)
            .withName(ACCOUNT)
            .tokenRequest(
                new TokenRequestBuilder()
                    .withNewSpec()
                    .withExpirationSeconds(86_400L)
                    .endSpec()
                    .build())
            .getStatus()
            .getToken();
    String yaml =
        Serialization.asYaml(
            new ConfigBuilder()
                .withApiVersion("v1")
                .withKind("Config")
                .addNewCluster()
                .withName("sparkbench")
                .withNewCluster()
                .withServer(controlPlane.apiServerUrl())
                .withCertificateAuthorityData(controlPlane.adminConfig().getCaCertData())
                .endCluster()
                .endCluster()
                .addNewUser()
                .withName(ACCOUNT)
                .withNewUser()
                .withToken(token)
                .endUser()
                .endUser()
                .addNewContext()
                .withName(ACCOUNT)
                .withNewContext()
                .withCluster("sparkbench")
                .withUser(ACCOUNT)
                .withNamespace(NAMESPACE)
                .endContext()
                .endContext()
                .withCurrentContext(ACCOUNT)
                .build());
    try {
      Files.writeString(kubeconfig, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the operator exited with " + process.exitValue() + ": " + logTail());
      }
      try {
        if (get("/readyz").statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      sleep(200);
    }
    throw new IllegalStateException(
        "the operator was not ready in " + READY_TIMEOUT + ": " + logTail());
  }

  long pid() {
    return process.pid();
  }

  /** How it was started, for the output. */
  List<String> command() {
    return command;
  }

  Path log() {
    return log;
  }

  boolean alive() {
    return process.isAlive();
  }

  double cpuSeconds() {
    return ProcFiles.cpuSeconds(pid());
  }

  double peakRssMiB() {
    return ProcFiles.peakRssMiB(pid());
  }

  /** Its Prometheus {@code /metrics}, or an empty text when it does not answer. */
  String metrics() {
    try {
      HttpResponse<String> response = get("/metrics");
      return response.statusCode() == 200 ? response.body() : "";
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * The value of the first sample of {@code name} whose labels contain {@code labels} (empty: any)
   * in Prometheus's text format; NaN when there is none.
   */
  static double sample(String metrics, String name, String labels) {
    for (String line : metrics.split("\n")) {
      if (line.startsWith("#") || !line.startsWith(name)) {
        continue;
      }
      String rest = line.substring(name.length());
      boolean labelled = rest.startsWith("{");
      if (!(labelled || rest.startsWith(" "))
          || (!labels.isEmpty() && !(labelled && rest.contains(labels)))) {
        continue;
      }
      String value = rest.substring(rest.lastIndexOf(' ') + 1);
      try {
        return Double.parseDouble(value);
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }
    return Double.NaN;
  }

  private HttpResponse<String> get(String path) throws IOException {
    try {
      return http.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Stops it as Kubernetes would: SIGTERM, then SIGKILL after a grace period. */
  @Override
  public void close() {
    Processes.stop(process, STOP_TIMEOUT);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the hook is running or has run
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
