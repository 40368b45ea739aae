package io.sparkbench.operator.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kubectl against the local cluster's kubeconfig: apply, get (with printer columns), delete. */
class KubectlIT {

  @TempDir static Path dir;
  private static LocalCluster cluster;

  @BeforeAll
  static void start() {
    Assumptions.assumeTrue(onPath("kubectl"), "kubectl is not on the PATH; skipping kubectl tests");
    cluster = LocalCluster.start(dir.resolve("cluster"));
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

  private static String kubectl(String... args) throws Exception {
    List<String> command =
        new ArrayList<>(List.of("kubectl", "--kubeconfig", cluster.kubeconfig().toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("%s%n%s", command, output).isZero();
    return output;
  }

  static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String entry : path.split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(entry, command))) {
        return true;
      }
    }
    return false;
  }
}
