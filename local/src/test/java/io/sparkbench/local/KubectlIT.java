package io.sparkbench.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.controlplane.Kubectl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubectl against the local cluster's kubeconfig: apply, get (with printer columns), delete. Uses
 * the kubectl built with the control plane ({@code control-plane/build.sh}), else one on the PATH.
 */
class KubectlIT {

  static final String NO_KUBECTL =
      "no kubectl: run control-plane/build.sh or put kubectl on the PATH; skipping kubectl tests";

  @TempDir static Path dir;
  private static LocalCluster cluster;
  private static Kubectl kubectl;

  @BeforeAll
  static void start() {
    Optional<Path> binary = Kubectl.find();
    Assumptions.assumeTrue(binary.isPresent(), NO_KUBECTL);
    cluster = LocalCluster.start(dir.resolve("cluster"));
    kubectl = new Kubectl(binary.get(), cluster.kubeconfig());
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void appliesListsAndDeletesAScalingBenchmark() throws Exception {
    Path manifest = dir.resolve("benchmark.yaml");
    Files.writeString(
        manifest,
        String.join(
            "\n",
            "apiVersion: sparkbench.io/v1alpha1",
            "kind: ScalingBenchmark",
            "metadata:",
            "  name: kubectl-check",
            "spec:",
            "  image: sparkbench/spark-app:local",
            "  records: [1000]",
            ""));

    assertThat(kubectl("apply", "-f", manifest.toString()))
        .contains("scalingbenchmark.sparkbench.io/kubectl-check created");
    assertThat(kubectl("apply", "-f", manifest.toString())).contains("unchanged");
    assertThat(kubectl("get", "sb")).contains("NAME", "PHASE", "PROGRESS", "kubectl-check");
    assertThat(kubectl("get", "namespaces")).contains("default");
    assertThat(kubectl("delete", "-f", manifest.toString())).contains("deleted");
    assertThat(kubectl("get", "scalingbenchmarks")).contains("No resources found");
  }

  private static String kubectl(String... args) {
    return kubectl.run(args);
  }
}
