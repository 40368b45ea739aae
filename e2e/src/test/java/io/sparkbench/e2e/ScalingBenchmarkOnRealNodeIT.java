package io.sparkbench.e2e;

import io.sparkbench.controlplane.RealNode;
import io.sparkbench.controlplane.RealNodeTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;

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

  @Override
  protected void killContainer(String containerId) {
    node.ctr("task", "kill", "--signal", "SIGKILL", containerId);
  }

  @Override
  protected String prepareDataDirectory() throws IOException {
    Path data = node.workDir().resolve("volumes").resolve("sparkbench-data");
    Files.createDirectories(data.resolve(BENCHMARK).resolve("spark-events"));
    // the Spark pods run as uid 185
    try (Stream<Path> dirs = Files.walk(data)) {
      for (Path dir : dirs.toList()) {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
      }
    }
    return data.toString();
  }
}
