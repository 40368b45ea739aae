package io.sparkbench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The product as a user installs it: both images built from the packaged jars, k3s, the operator
 * installed with the Helm chart, a data volume claim and a small ScalingBenchmark, watched to
 * Succeeded through the API like {@code kubectl wait} would, then its status and the operator's
 * {@code /metrics}. Skips, with the reason in the test report, where no Docker engine exists.
 */
class ScalingBenchmarkOnK3sE2E {

  /** Another k3s release: {@code -Dsparkbench.e2e.k3s-image=rancher/k3s:<tag>}. */
  private static final DockerImageName K3S_IMAGE =
      DockerImageName.parse(
          System.getProperty("sparkbench.e2e.k3s-image", "rancher/k3s:v1.31.4-k3s1"));

  /** The operator's namespace, apart from the benchmarks', as the README installs it. */
  private static final String RELEASE_NAMESPACE = "sparkbench-system";

  /** The chart's default benchmark namespace, where it creates the Spark driver account. */
  private static final String NAMESPACE = "sparkbench-benchmarks";

  private static final String RELEASE = "bench";
  private static final String BENCHMARK = "e2e";
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);

  private static final String NO_DOCKER =
      "No Docker engine found: this end-to-end test builds the operator and spark-app images and"
          + " runs k3s in Docker (README, Real cluster tests). The local-cluster tests cover the same"
          + " operator and Spark-on-Kubernetes code paths without one.";

  private static boolean dockerAvailable;
  private static K3sContainer k3s;
  private static KubernetesClient client;

  @BeforeAll
  static void installOperatorOnK3s() throws Exception {
    dockerAvailable = DockerClientFactory.instance().isDockerAvailable();
    if (!dockerAvailable) {
      System.err.println(ScalingBenchmarkOnK3sE2E.class.getSimpleName() + " skipped: " + NO_DOCKER);
      return; // each test then reports itself skipped, with the reason
    }
    ProjectImages.build();
    k3s = new K3sContainer(K3S_IMAGE);
    k3s.start();
    ProjectImages.loadInto(k3s);
    client =
        new KubernetesClientBuilder()
            .withConfig(Config.fromKubeconfig(k3s.getKubeConfigYaml()))
            .build();

    // As the README's helm install, with the image just loaded into the node.
    new Helm(ProjectImages.ROOT_DIR.resolve("helm/sparkbench-operator"))
        .install()
        .withName(RELEASE)
        .withNamespace(RELEASE_NAMESPACE)
        .createNamespace()
        .withKubeConfigContents(k3s.getKubeConfigYaml())
        .set("image.repository", ProjectImages.OPERATOR.getRepository())
        .set("image.tag", ProjectImages.TAG)
        .set("image.pullPolicy", "Never")
        .waitReady()
        .withTimeout(300)
        .call();
  }

  @BeforeEach
  void needsDocker() {
    assumeTrue(dockerAvailable, NO_DOCKER);
  }

  @AfterAll
  static void stopCluster() {
    if (client != null) {
      client.close();
    }
    if (k3s != null) {
      k3s.stop();
    }
  }

  @Test
  void helmTestFindsTheOperatorReadyAndTheCrdServed() {
    assertThat(
            Helm.test(RELEASE)
                .withNamespace(RELEASE_NAMESPACE)
                .withKubeConfigContents(k3s.getKubeConfigYaml())
                .withTimeout(300)
                .call()
                .getStatus())
        .isEqualTo("deployed");
  }

  @Test
  void aSmallBenchmarkRunsToSucceededWithResultsModelAndMetrics() throws Exception {
    // examples/data-volume.yaml and examples/quickstart.yaml, made small.
    try (InputStream volume = Files.newInputStream(example("data-volume.yaml"))) {
      client.load(volume).inNamespace(NAMESPACE).serverSideApply();
    }
    ScalingBenchmark benchmark =
        client.resources(ScalingBenchmark.class).load(example("quickstart.yaml").toFile()).item();
    benchmark.getMetadata().setName(BENCHMARK);
    benchmark.getSpec().image = ProjectImages.SPARK_APP.asCanonicalNameString();
    benchmark.getSpec().records = List.of(1_000L, 3_000L);
    benchmark.getSpec().predict = List.of(1_000_000L);
    benchmark.getSpec().driver.memory = "768m";
    benchmark.getSpec().executor.instances = 1;
    benchmark.getSpec().executor.memory = "768m";
    // Spark's own settings: the image is in the node already, and the pods fit a 2-core node.
    benchmark.getSpec().sparkConf.put("spark.kubernetes.container.image.pullPolicy", "Never");
    benchmark.getSpec().sparkConf.put("spark.kubernetes.driver.request.cores", "250m");
    benchmark.getSpec().sparkConf.put("spark.kubernetes.executor.request.cores", "250m");
    client.resources(ScalingBenchmark.class).inNamespace(NAMESPACE).resource(benchmark).create();

    ScalingBenchmark finished = awaitFinished();
    ScalingBenchmarkStatus status = finished.getStatus();
    assertThat(status.phase).as(ScalingBenchmarkOnK3sE2E::diagnostics).isEqualTo(Phase.Succeeded);
    assertThat(status.observedGeneration).isEqualTo(finished.getMetadata().getGeneration());
    assertThat(status.progress).isEqualTo("2/2");
    assertThat(status.conditions)
        .filteredOn(c -> List.of("Succeeded", "Ready").contains(c.getType()))
        .hasSize(2)
        .allSatisfy(c -> assertThat(c.getStatus()).isEqualTo("True"));

    // One result per record count, each measured in full by the job on the cluster.
    assertThat(status.results).extracting(r -> r.records).containsExactly(1_000L, 3_000L);
    for (RunResult r : status.results) {
      assertThat(r)
          .as("result of %d records", r.records)
          .hasNoNullFieldsOrPropertiesExcept("predictedSeconds"); // none before 3 counts
      assertThat(r.stages).as("stages of %d", r.records).hasNoNullFieldsOrProperties();
      assertThat(
              List.of(
                  r.durationSeconds,
                  r.stages.startup,
                  r.stages.generate,
                  r.stages.bronze,
                  r.stages.silver,
                  r.stages.gold))
          .as("duration and stage seconds of %d", r.records)
          .allSatisfy(seconds -> assertThat(seconds).isPositive());
      assertThat(r.peakMemoryMiB.driver).as("driver peak MiB of %d", r.records).isPositive();
      assertThat(r.peakMemoryMiB.executor).as("executor peak MiB of %d", r.records).isPositive();
      assertThat(r.rows.generated).isEqualTo(r.records);
      assertThat(r.rows.bronze).as("bronze drops nothing").isEqualTo(r.records);
      assertThat(r.rows.silver).isPositive().isLessThanOrEqualTo(r.records);
      assertThat(r.totalAmount).isPositive();
      assertThat(r.cpuUtilization).isBetween(0.0, 1.0);
      assertThat(r.cpuSeconds).as("CPU seconds of %d", r.records).hasNoNullFieldsOrProperties();
      assertThat(r.cpuSeconds.tasks).as("task CPU of %d", r.records).isPositive();
      assertThat(r.driverPod).startsWith(BENCHMARK + "-" + r.records + "-r1-a");
    }
    // Two record counts give a line; its slope may have either sign at these sizes.
    assertThat(status.model).isNotNull();
    assertThat(status.model.fixedSeconds).isNotNull();
    assertThat(status.model.microsPerRecord).isNotNull();
    assertThat(status.model.predictions)
        .singleElement()
        .satisfies(p -> assertThat(p.records).isEqualTo(1_000_000L))
        .satisfies(p -> assertThat(p.seconds).isNotNull());

    // cleanup: OnSuccess, and the cluster's garbage collector takes the executors with the drivers.
    await()
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(() -> assertThat(benchmarkPods()).isEmpty());

    String metrics = scrapeOperatorMetrics();
    for (RunResult r : status.results) {
      assertThat(sample(metrics, "sparkbench_run_duration_seconds", r.records))
          .isEqualTo(r.durationSeconds);
    }
    assertThat(metrics)
        .contains(
            "sparkbench_runs_total{namespace=\"%s\",benchmark=\"%s\",outcome=\"succeeded\",} 2.0"
                .formatted(NAMESPACE, BENCHMARK));
  }

  /** Polls the status until the benchmark has finished, either way. */
  private static ScalingBenchmark awaitFinished() {
    try {
      return await()
          .atMost(RUN_TIMEOUT)
          .pollInterval(Duration.ofSeconds(5))
          .until(
              () -> benchmark().get(),
              b ->
                  b != null
                      && b.getStatus() != null
                      && b.getStatus().phase != null
                      && b.getStatus().phase.isFinished());
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("not finished within " + RUN_TIMEOUT + "\n" + diagnostics(), e);
    }
  }

  private static Resource<ScalingBenchmark> benchmark() {
    return client.resources(ScalingBenchmark.class).inNamespace(NAMESPACE).withName(BENCHMARK);
  }

  private static List<Pod> benchmarkPods() {
    return client
        .pods()
        .inNamespace(NAMESPACE)
        .withLabel("sparkbench.io/benchmark", BENCHMARK)
        .list()
        .getItems();
  }

  /** GET /metrics through a port-forward to the chart's metrics Service. */
  private static String scrapeOperatorMetrics() throws Exception {
    Service service =
        client
            .services()
            .inNamespace(NAMESPACE)
            .withLabel("app.kubernetes.io/component", "metrics")
            .list()
            .getItems()
            .get(0);
    int port = service.getSpec().getPorts().get(0).getPort();
    try (LocalPortForward forward =
        client
            .services()
            .inNamespace(NAMESPACE)
            .withName(service.getMetadata().getName())
            .portForward(port)) {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + forward.getLocalPort() + "/metrics"))
                      .timeout(Duration.ofSeconds(30))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    }
  }

  /** One series of {@code name} for a record count, from the Prometheus text format. */
  private static double sample(String metrics, String name, long records) {
    String labels =
        "{namespace=\"%s\",benchmark=\"%s\",records=\"%d\",}"
            .formatted(NAMESPACE, BENCHMARK, records);
    return metrics
        .lines()
        .filter(l -> l.startsWith(name + labels))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + labels + " not in\n" + metrics));
  }

  private static Path example(String file) {
    return ProjectImages.ROOT_DIR.resolve("examples").resolve(file);
  }

  /** What a person would look at when the run did not succeed: status, pods, operator log. */
  private static String diagnostics() {
    StringBuilder out = new StringBuilder();
    try {
      ScalingBenchmark benchmark = benchmark().get();
      out.append("status:\n")
          .append(benchmark == null ? "none" : Serialization.asYaml(benchmark.getStatus()));
      out.append("pods:\n")
          .append(
              client.pods().inNamespace(NAMESPACE).list().getItems().stream()
                  .map(p -> "  " + name(p) + " " + p.getStatus().getPhase())
                  .collect(Collectors.joining("\n")));
      out.append("\nevents:\n")
          .append(
              client.v1().events().inNamespace(NAMESPACE).list().getItems().stream()
                  .map(e -> "  " + e.getReason() + " " + e.getMessage())
                  .collect(Collectors.joining("\n")));
      out.append("\noperator log:\n")
          .append(
              client
                  .apps()
                  .deployments()
                  .inNamespace(NAMESPACE)
                  .withName(RELEASE + "-sparkbench-operator")
                  .tailingLines(200)
                  .getLog());
    } catch (RuntimeException e) {
      out.append("\n(could not read more: ").append(e).append(')');
    }
    return out.toString();
  }

  private static String name(HasMetadata object) {
    return object.getMetadata().getName();
  }
}
