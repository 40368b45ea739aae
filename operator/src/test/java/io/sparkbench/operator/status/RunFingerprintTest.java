package io.sparkbench.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.sparkbench.api.run.RunId;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.Fingerprint;
import io.sparkbench.operator.Results;
import org.junit.jupiter.api.Test;

class RunFingerprintTest {

  private static final String DIGEST =
      "sha256:1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809";

  /** A finished driver pod on node {@code ip-10-0-1-17}, as a containerd kubelet reports it. */
  private static Pod driver(String imageId) {
    return new PodBuilder()
        .withNewSpec()
        .withNodeName("ip-10-0-1-17")
        .addNewContainer()
        .withName("spark-kubernetes-driver")
        .withImage("registry.example/sparkbench/spark-app:0.1.0")
        .endContainer()
        .endSpec()
        .withNewStatus()
        .addNewContainerStatus()
        .withName("spark-kubernetes-driver")
        .withImage("registry.example/sparkbench/spark-app:0.1.0")
        .withImageID(imageId)
        .endContainerStatus()
        .endStatus()
        .build();
  }

  private static Node node(String instanceTypeLabel) {
    return new NodeBuilder()
        .withNewMetadata()
        .withName("ip-10-0-1-17")
        .addToLabels(instanceTypeLabel, "m5.xlarge")
        .addToLabels("kubernetes.io/arch", "amd64")
        .addToLabels("topology.kubernetes.io/zone", "eu-west-1a")
        .endMetadata()
        .build();
  }

  @Test
  void mapsThePodTheNodeTheResultAndTheSpecsShape() {
    ScalingBenchmarkSpec spec = new ScalingBenchmarkSpec();
    spec.executor.memory = "2g";

    Fingerprint f =
        RunFingerprint.of(
            driver("registry.example/sparkbench/spark-app@" + DIGEST),
            node("node.kubernetes.io/instance-type"),
            Results.succeeded(100_000, 27.7),
            spec,
            new RunId(100_000, 4, 1, 1, true));

    assertThat(f.image).isEqualTo("registry.example/sparkbench/spark-app:0.1.0");
    assertThat(f.imageDigest).isEqualTo(DIGEST);
    assertThat(f.node).isEqualTo("ip-10-0-1-17");
    assertThat(f.instanceType).isEqualTo("m5.xlarge");
    assertThat(f.arch).isEqualTo("amd64");
    assertThat(f.zone).isEqualTo("eu-west-1a");
    assertThat(f.sparkVersion).isEqualTo("4.1.1");
    assertThat(f.javaVersion).isEqualTo("17.0.13+11");
    assertThat(f.settingsHash).isEqualTo("0a1b2c3d4e5f6789");
    assertThat(f.settings).isEqualTo(57);
    assertThat(f.executors).as("the run's, not spec.executor.instances").isEqualTo(4);
    assertThat(f.executorCores).isEqualTo(1);
    assertThat(f.executorMemory).isEqualTo("2g");
    assertThat(f.driverCores).isEqualTo(1);
    assertThat(f.driverMemory).isEqualTo("1g");
  }

  @Test
  void theBetaInstanceTypeLabelIsReadWhenTheStableOneIsMissing() {
    Fingerprint f =
        RunFingerprint.of(
            driver(DIGEST),
            node("beta.kubernetes.io/instance-type"),
            Results.succeeded(100_000, 27.7),
            new ScalingBenchmarkSpec(),
            new RunId(100_000, 2, 1, 1, false));

    assertThat(f.instanceType).isEqualTo("m5.xlarge");
    assertThat(f.imageDigest).as("a digest reported alone").isEqualTo(DIGEST);
  }

  @Test
  void aNodeThatCouldNotBeReadAndAKubeletWithoutDigestLeaveThemUnknown() {
    Fingerprint f =
        RunFingerprint.of(
            driver(""),
            null,
            Results.succeeded(100_000, 27.7),
            new ScalingBenchmarkSpec(),
            new RunId(100_000, 2, 1, 1, false));

    assertThat(f.node).isEqualTo("ip-10-0-1-17");
    assertThat(f.imageDigest).isNull();
    assertThat(f.instanceType).isNull();
    assertThat(f.arch).isNull();
    assertThat(f.zone).isNull();
    assertThat(f.image).isNotNull();
  }

  @Test
  void whatTheClusterSaysIsOneBoundedLine() {
    assertThat(RunFingerprint.digest("docker-pullable://repo/app@" + DIGEST)).isEqualTo(DIGEST);
    assertThat(RunFingerprint.digest("docker://" + DIGEST)).isEqualTo(DIGEST);
    assertThat(RunFingerprint.bounded("m5.\nxlarge\u0000", 63)).isEqualTo("m5. xlarge");
    assertThat(RunFingerprint.bounded("x".repeat(100), 63)).hasSize(63).endsWith("…");
    assertThat(RunFingerprint.bounded("  ", 63)).isNull();
  }
}
