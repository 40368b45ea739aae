package io.sparkbench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Service;
import io.sparkbench.controlplane.HostPathVolumes;
import io.sparkbench.controlplane.RealNode;
import io.sparkbench.controlplane.RealNodeTest;
import io.sparkbench.operator.RequiredTool;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The {@link ClusterContract} on a real node ({@link RealNode}: the real control plane, containerd,
 * runc, the kubelet, kube-proxy and CoreDNS on this machine), with both images built from the
 * project's Dockerfiles by buildah and imported into containerd: what CI proves about a user's
 * {@code helm install} and {@code kubectl apply}.
 */
@RealNodeTest
class ScalingBenchmarkOnRealNodeIT extends ClusterContract {

  /** The images as the README builds them (the chart's and the examples' names). */
  static final String OPERATOR_REPOSITORY = "sparkbench-operator";

  static final String TAG = "dev";
  static final String SPARK_APP_REPOSITORY = "sparkbench/spark-app";

  /** The JRE base the images are built on, which has curl: the {@code helm test} pod's image. */
  static final String BASE_REPOSITORY = "localhost/sparkbench/jre-base";

  static final String BASE_TAG = "17-bookworm";

  /** Where the node's Prometheus listens, on the node's address. */
  static final int PROMETHEUS_PORT = 9090;

  private final RealNode node;

  ScalingBenchmarkOnRealNodeIT(RealNode node) {
    this.node = node;
  }

  @Override
  protected String startCluster() {
    return node.controlPlane().kubeconfigYaml();
  }

  @Override
  protected void stopCluster() {
    // the extension stops the node after the JVM's last test
  }

  @Override
  protected String sparkAppRepository() {
    return SPARK_APP_REPOSITORY;
  }

  @Override
  protected String sparkAppTag() {
    return TAG;
  }

  @Override
  protected String operatorRepository() {
    return OPERATOR_REPOSITORY;
  }

  @Override
  protected String operatorTag() {
    return TAG;
  }

  @Override
  protected Map<String, String> clusterValues() {
    // the chart's default test image (curlimages/curl) cannot be pulled here
    return Map.of("tests.image.repository", BASE_REPOSITORY, "tests.image.tag", BASE_TAG);
  }

  /**
   * Prometheus (Debian's binary) in the node's network, scraping the operator through its metrics
   * Service's cluster IP, as a Prometheus in the cluster would: the target is up and the operator's
   * series are there.
   */
  @Test
  @Order(7)
  void prometheusScrapesTheOperatorThroughItsService() throws Exception {
    Path prometheus =
        RequiredTool.find("prometheus", "Debian: apt-get install prometheus", "prometheus");
    Service service = metricsService();
    String target =
        service.getSpec().getClusterIP() + ":" + service.getSpec().getPorts().get(0).getPort();
    Path dir = node.workDir().resolve("prometheus");
    Files.createDirectories(dir);
    Path config =
        Files.writeString(
            dir.resolve("prometheus.yml"),
            """
            global: {scrape_interval: 1s, evaluation_interval: 1s}
            scrape_configs:
              - job_name: sparkbench-operator
                static_configs: [{targets: ["%s"]}]
            """
                .formatted(target));
    String listen = RealNode.NODE_ADDRESS + ":" + PROMETHEUS_PORT;
    Process process =
        node.inNodeNetwork(
                List.of(
                    prometheus.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("tsdb"),
                    "--web.listen-address=" + listen))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prometheus.log").toFile())
            .start();
    try {
      HttpClient http = HttpClient.newHttpClient();
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptions()
          .untilAsserted(
              () -> {
                String up = query(http, listen, "up{job=\"sparkbench-operator\"}");
                assertThat(up).contains("\"value\":[").contains("\"1\"]");
                assertThat(query(http, listen, "sparkbench_operator_reconciliations_total"))
                    .contains("\"job\":\"sparkbench-operator\"");
              });
    } finally {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** Prometheus's answer to {@code expr} at {@code listen}, as JSON. */
  private static String query(HttpClient http, String listen, String expr) throws Exception {
    URI uri =
        URI.create(
            "http://"
                + listen
                + "/api/v1/query?query="
                + URLEncoder.encode(expr, StandardCharsets.UTF_8));
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return response.body();
  }

  @Override
  protected void killContainer(String containerId) {
    node.ctr("task", "kill", "--signal", "SIGKILL", containerId);
  }

  @Override
  protected String prepareDataDirectory() {
    return HostPathVolumes.writableFolder(
            node.workDir().resolve("volumes").resolve("sparkbench-data"), BENCHMARK, "spark-events")
        .toString();
  }
}
