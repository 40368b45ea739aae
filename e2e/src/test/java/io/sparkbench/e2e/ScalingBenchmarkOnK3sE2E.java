package io.sparkbench.e2e;

import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIf;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The {@link ClusterContract} on k3s in Docker (Testcontainers): both images built from the
 * packaged jars with a Docker engine and imported into the k3s node. Skips, with the reason in the
 * test report, where no Docker engine exists; {@link ScalingBenchmarkOnRealNodeIT} runs the same
 * contract on a real node without one.
 */
@EnabledIf(value = "dockerAvailable", disabledReason = ScalingBenchmarkOnK3sE2E.NO_DOCKER)
class ScalingBenchmarkOnK3sE2E extends ClusterContract {

  /** Another k3s release: {@code -Dsparkbench.e2e.k3s-image=rancher/k3s:<tag>}. */
  private static final DockerImageName K3S_IMAGE =
      DockerImageName.parse(
          System.getProperty("sparkbench.e2e.k3s-image", "rancher/k3s:v1.31.4-k3s1"));

  static final String NO_DOCKER =
      "No Docker engine found: this end-to-end test builds the operator and spark-app images and"
          + " runs k3s in Docker (README, Real cluster tests). ScalingBenchmarkOnRealNodeIT runs"
          + " the same tests on a real node without one.";

  private K3sContainer k3s;

  @Override
  protected String startCluster() throws Exception {
    ProjectImages.build();
    k3s = new K3sContainer(K3S_IMAGE);
    k3s.start();
    ProjectImages.loadInto(k3s);
    return k3s.getKubeConfigYaml();
  }

  static boolean dockerAvailable() {
    return DockerClientFactory.instance().isDockerAvailable();
  }

  @Override
  protected void stopCluster() {
    if (k3s != null) {
      k3s.stop();
    }
  }

  @Override
  protected String sparkAppRepository() {
    return ProjectImages.SPARK_APP.getRepository();
  }

  @Override
  protected String sparkAppTag() {
    return ProjectImages.TAG;
  }

  @Override
  protected String prepareDataDirectory() throws Exception {
    String data = "/var/lib/sparkbench-data";
    String events = data + "/" + BENCHMARK + "/spark-events";
    // the Spark pods run as uid 185
    k3s.execInContainer("sh", "-c", "mkdir -p " + events + " && chmod -R a+rwx " + data);
    return data;
  }

  @Override
  protected void killContainer(String containerId) throws Exception {
    k3s.execInContainer(
        "k3s", "ctr", "--namespace", "k8s.io", "task", "kill", "--signal", "SIGKILL", containerId);
  }

  /** k3s gives claims without a class its local-path class. */
  @Override
  protected String defaultStorageClass() {
    return "local-path";
  }

  @Override
  protected String operatorRepository() {
    return ProjectImages.OPERATOR.getRepository();
  }

  @Override
  protected String operatorTag() {
    return ProjectImages.TAG;
  }

  @Override
  protected Map<String, String> clusterValues() {
    return Map.of();
  }
}
