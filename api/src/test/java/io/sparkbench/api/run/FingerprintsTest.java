package io.sparkbench.api.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.api.v1.ScalingBenchmarkStatus.Fingerprint;
import org.junit.jupiter.api.Test;

class FingerprintsTest {

  /** A run on an m5.xlarge with the quick start's shape. */
  private static Fingerprint nightly() {
    Fingerprint f = new Fingerprint();
    f.image = "registry.example/sparkbench/spark-app:0.1.0";
    f.imageDigest = "sha256:1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809";
    f.node = "ip-10-0-1-17";
    f.instanceType = "m5.xlarge";
    f.arch = "amd64";
    f.zone = "eu-west-1a";
    f.sparkVersion = "4.1.1";
    f.javaVersion = "17.0.13+11";
    f.executors = 2;
    f.executorCores = 1;
    f.executorMemory = "1g";
    f.driverCores = 1;
    f.driverMemory = "1g";
    f.settingsHash = "0a1b2c3d4e5f6789";
    f.settings = 57;
    return f;
  }

  @Test
  void theSameFingerprintOnAnotherNodeInAnotherZoneHasNoDifference() {
    Fingerprint other = nightly();
    other.node = "ip-10-0-2-33";
    other.zone = "eu-west-1b";
    other.executorMemory = "1024m";

    assertThat(nightly().differences(other)).isEmpty();
  }

  @Test
  void eachDifferenceIsOneShortLine() {
    Fingerprint other = nightly();
    other.imageDigest = "sha256:5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d";
    other.sparkVersion = "4.0.0";
    other.javaVersion = "21.0.5+11";
    other.executors = 4;
    other.driverCores = 2;
    other.driverMemory = "2g";
    other.settingsHash = "9f8e7d6c5b4a3210";
    other.instanceType = "m6i.xlarge";
    other.arch = "arm64";

    assertThat(nightly().differences(other))
        .containsExactly(
            "image digest sha256:1a2b3c4d… vs sha256:5e6f7081…",
            "Spark 4.1.1 vs 4.0.0",
            "Java 17.0.13+11 vs 21.0.5+11",
            "executors 2 × 1 core 1g vs 4 × 1 core 1g",
            "driver 1 core 1g vs 2 cores 2g",
            "settings hash 0a1b2c3d… vs 9f8e7d6c…",
            "instance type m5.xlarge vs m6i.xlarge",
            "architecture amd64 vs arm64");
  }

  @Test
  void whatEitherSideDoesNotKnowIsNoDifference() {
    Fingerprint unknown = new Fingerprint();
    unknown.image = nightly().image;
    unknown.executorMemory = "2g";

    assertThat(nightly().differences(unknown))
        .as("only the executors' heap is known on both sides, and it differs")
        .containsExactly("executors 2 × 1 core 1g vs ? × ? cores 2g");
    assertThat(unknown.differences(nightly())).hasSize(1);
    assertThat(nightly().differences(null)).isEmpty();
  }

  @Test
  void withoutADigestOnBothSidesTheImagesAreComparedByName() {
    Fingerprint local = nightly();
    local.imageDigest = null;
    local.image = "sparkbench/spark-app:dev";

    assertThat(nightly().differences(local))
        .containsExactly(
            "image registry.example/sparkbench/spark-app:0.1.0 vs sparkbench/spark-app:dev");
    Fingerprint sameNameNewBuild = nightly();
    sameNameNewBuild.imageDigest =
        "sha256:ffff3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809";
    assertThat(nightly().differences(sameNameNewBuild))
        .as("a tag pushed again is another image")
        .containsExactly("image digest sha256:1a2b3c4d… vs sha256:ffff3c4d…");
  }

  @Test
  void memoryIsReadAsSparkReadsIt() {
    assertThat(Fingerprints.mebibytes("1g")).isEqualTo(1024L);
    assertThat(Fingerprints.mebibytes("1536")).isEqualTo(1536L);
    assertThat(Fingerprints.mebibytes("2048k")).isEqualTo(2L);
    assertThat(Fingerprints.mebibytes("1Tb")).isEqualTo(1024L * 1024);
    assertThat(Fingerprints.mebibytes("lots")).isNull();
  }
}
