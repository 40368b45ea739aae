package io.sparkbench.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.result.ResultCodec;
import io.sparkbench.controlplane.Kubectl;
import io.sparkbench.local.kubelet.PodRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.k8s.submit.KubernetesClientApplication;
import org.apache.spark.deploy.k8s.submit.KubernetesClientUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A real Spark-on-Kubernetes application on the local cluster, without the operator: submitted by
 * Spark's own submission client, as spark-submit in cluster mode submits it (the driver pod, its
 * ConfigMap and its Service built by Spark's driver builder and created by its client); the driver
 * asks the local API server for an executor, which the process kubelet runs, and writes its result
 * to the termination message.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkOnLocalClusterIT {

  private static final String NS = LocalCluster.NAMESPACE;
  private static final String APP = "medallion-it";
  private static final String DRIVER = APP + "-driver";

  /**
   * Kept after the run, under {@code target/SparkOnLocalClusterIT-*}: each pod's container.log is
   * the first thing to read when this fails. A folder of its own per run, so that two runs in one
   * checkout do not share pods' files.
   */
  private static Path dir;

  private static LocalCluster cluster;
  private static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
    dir = Files.createTempDirectory(target, "SparkOnLocalClusterIT-");
    cluster = LocalCluster.start(dir.resolve("cluster"));
    client = cluster.client();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  @Order(1)
  void runsADriverAndItsExecutorAsProcessesAndReportsTheResult() throws Exception {
    long submitted = System.nanoTime();
    submit(dir.resolve("data").toString());

    Pod executor =
        await("an executor pod created by the driver")
            .atMost(Duration.ofMinutes(2))
            .pollInterval(Duration.ofMillis(200))
            .until(
                () ->
                    client
                        .pods()
                        .inNamespace(NS)
                        .withLabel("spark-role", "executor")
                        .list()
                        .getItems(),
                pods -> !pods.isEmpty())
            .get(0);
    String executorName = executor.getMetadata().getName();
    long executorCreated = System.nanoTime();
    await("the executor pod running as a process")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> run(executorName), r -> r != null && r.started() != null);

    Pod driver =
        await("the driver pod to finish")
            .atMost(Duration.ofMinutes(5))
            .pollInterval(Duration.ofSeconds(1))
            .until(
                () -> client.pods().inNamespace(NS).withName(DRIVER).get(),
                p -> p != null && isTerminal(p.getStatus().getPhase()));
    long finished = System.nanoTime();

    assertThat(driver.getStatus().getPhase())
        .as("driver log:%n%s", tail(cluster.kubelet().log(NS, DRIVER)))
        .isEqualTo("Succeeded");
    var terminated = driver.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getExitCode()).isZero();
    assertThat(terminated.getReason()).isEqualTo("Completed");
    BenchmarkResult result = ResultCodec.fromJson(terminated.getMessage());
    assertThat(result.status()).isEqualTo(BenchmarkResult.Status.SUCCEEDED);
    assertThat(result.records()).isEqualTo(2000);
    assertThat(result.executors()).isGreaterThanOrEqualTo(1);
    // Each executor has its own local dirs, although the driver built them from its own paths.
    assertThat(Files.readString(cluster.kubelet().log(NS, executorName)))
        .doesNotContain(DRIVER + "/volumes");
    // The image's paths were mapped into the pod's folder, never used on the host.
    assertThat(Path.of("/dev/termination-log")).doesNotExist();

    PodRun driverRun = run(DRIVER);
    PodRun executorRun = run(executorName);
    System.out.printf(
        "local cluster figures: driver pod seen -> process %d ms; executor pod created -> process"
            + " %d ms; submit -> driver Succeeded %d ms (driver process %d ms)%n",
        Duration.between(driverRun.observed(), driverRun.started()).toMillis(),
        Duration.between(executorRun.observed(), executorRun.started()).toMillis(),
        TimeUnit.NANOSECONDS.toMillis(finished - submitted),
        Duration.between(driverRun.started(), driverRun.finished()).toMillis());
    assertThat(executorCreated).isGreaterThan(submitted);
  }

  @Test
  @Order(2)
  void kubectlListsThePods() {
    Optional<Path> kubectl = Kubectl.find();
    Assumptions.assumeTrue(kubectl.isPresent(), KubectlIT.NO_KUBECTL);
    String output = new Kubectl(kubectl.get(), cluster.kubeconfig()).run("get", "pods");
    assertThat(output).contains("STATUS").containsPattern(DRIVER + "\\s+0/1\\s+Completed");
  }

  @Test
  @Order(3)
  void deletingTheDriverPodDeletesWhatItOwns() {
    client.pods().inNamespace(NS).withName(DRIVER).delete();

    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () -> {
              assertThat(client.pods().inNamespace(NS).list().getItems()).isEmpty();
              assertThat(client.services().inNamespace(NS).list().getItems()).isEmpty();
              // the driver's Spark configuration, which Spark's client gives the pod to own
              assertThat(
                      client
                          .configMaps()
                          .inNamespace(NS)
                          .withName(KubernetesClientUtils.configMapNameDriver())
                          .get())
                  .isNull();
            });
  }

  /**
   * What spark-submit in cluster mode does, by Spark's own submission client: it builds the driver
   * pod, its ConfigMap and its Service with Spark's driver builder, creates them (what the driver
   * needs owned by the driver pod) and returns without waiting for the application. Its Kubernetes
   * client is configured as spark-submit's: the master URL, over the local cluster's kubeconfig.
   */
  private static void submit(String dataDir) {
    SparkConf conf = new SparkConf(false);
    conf.set("spark.master", "k8s://" + cluster.masterUrl());
    conf.set("spark.submit.deployMode", "cluster");
    conf.set("spark.app.name", APP);
    conf.set("spark.kubernetes.namespace", NS);
    conf.set("spark.kubernetes.container.image", "sparkbench/spark-app:local");
    conf.set("spark.kubernetes.driver.pod.name", DRIVER);
    conf.set(
        "spark.kubernetes.authenticate.driver.serviceAccountName",
        LocalCluster.SPARK_SERVICE_ACCOUNT);
    conf.set("spark.kubernetes.submission.waitAppCompletion", "false");
    conf.set("spark.executor.instances", "1");
    conf.set("spark.executor.cores", "1");
    conf.set("spark.driver.memory", "1g");
    conf.set("spark.executor.memory", "1g");
    conf.set("spark.ui.enabled", "false");
    // spark-submit's arguments to its cluster-mode client, each application argument after --arg
    List<String> args =
        new ArrayList<>(
            List.of(
                "--main-class", "io.sparkbench.app.MedallionBenchmark",
                "--primary-java-resource", "local:///opt/spark/jars/spark-app.jar"));
    for (String arg :
        List.of("--records", "2000", "--report", "/dev/termination-log", "--data-dir", dataDir)) {
      args.add("--arg");
      args.add(arg);
    }
    // fabric8's auto-configuration, under Spark's client, reads the kubeconfig this names
    String previous =
        System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, cluster.kubeconfig().toString());
    try {
      new KubernetesClientApplication().start(args.toArray(String[]::new), conf);
    } finally {
      if (previous == null) {
        System.clearProperty(Config.KUBERNETES_KUBECONFIG_FILE);
      } else {
        System.setProperty(Config.KUBERNETES_KUBECONFIG_FILE, previous);
      }
    }
  }

  private static PodRun run(String pod) {
    return cluster.kubelet().runs().stream()
        .filter(r -> r.name().equals(pod))
        .findFirst()
        .orElse(null);
  }

  private static boolean isTerminal(String phase) {
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
    } catch (Exception e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
