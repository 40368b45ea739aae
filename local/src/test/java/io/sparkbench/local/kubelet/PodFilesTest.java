package io.sparkbench.local.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodFilesTest {

  @TempDir Path root;

  private final Pod pod =
      new PodBuilder()
          .withNewMetadata()
          .withName("p")
          .withNamespace("ns")
          .endMetadata()
          .withNewSpec()
          .addNewContainer()
          .withName("c")
          .withTerminationMessagePath("/tmp/message")
          .addNewVolumeMount()
          .withName("data")
          .withMountPath("/var/sparkbench")
          .endVolumeMount()
          .addNewVolumeMount()
          .withName("nested")
          .withMountPath("/var/sparkbench/in/side/")
          .endVolumeMount()
          .addNewVolumeMount()
          .withName("claim")
          .withMountPath("/shared")
          .endVolumeMount()
          .endContainer()
          .addNewVolume()
          .withName("data")
          .withNewEmptyDir()
          .endEmptyDir()
          .endVolume()
          .addNewVolume()
          .withName("nested")
          .withNewEmptyDir()
          .endEmptyDir()
          .endVolume()
          .addNewVolume()
          .withName("claim")
          .withNewPersistentVolumeClaim()
          .withClaimName("pvc")
          .endPersistentVolumeClaim()
          .endVolume()
          .endSpec()
          .build();

  @Test
  void everyFileUriWhateverItsCaseResolvesInsideTheWorkDir() {
    PodFiles files = new PodFiles(root, pod);
    for (String uri :
        java.util.List.of(
            "file:///etc/passwd",
            "FILE:///etc/passwd",
            "File:/etc/passwd",
            "LOCAL:///etc/passwd")) {
      String mapped = files.mapValue(uri);
      assertThat(mapped).as(uri).doesNotEndWith(":///etc/passwd").doesNotEndWith(":/etc/passwd");
      assertThat(mapped.substring(mapped.indexOf(':') + 1).replaceFirst("^//", ""))
          .as(uri)
          .startsWith(root.toString());
      assertThat(files.localFile(uri)).as(uri).startsWith(root.toString());
    }
    assertThat(files.localFile("FILE:/../../etc/passwd")).startsWith(root.toString());
  }

  @Test
  void namesAndSubPathsCannotReachOutsideTheClustersFolder() {
    Pod escapingName =
        new PodBuilder(pod).editMetadata().withNamespace("..").withName("..").endMetadata().build();
    assertThatThrownBy(() -> new PodFiles(root, escapingName))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names a folder outside its own");

    Pod escapingSubPath =
        new PodBuilder(pod)
            .editSpec()
            .editFirstContainer()
            .editFirstVolumeMount()
            .withSubPath("../../../../etc")
            .endVolumeMount()
            .endContainer()
            .endSpec()
            .build();
    assertThatThrownBy(() -> new PodFiles(root, escapingSubPath))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("pod p names a folder outside its own");

    Pod escapingClaim =
        new PodBuilder(pod)
            .editSpec()
            .editLastVolume()
            .editPersistentVolumeClaim()
            .withClaimName("../../other/claims/theirs")
            .endPersistentVolumeClaim()
            .endVolume()
            .endSpec()
            .build();
    assertThatThrownBy(() -> new PodFiles(root, escapingClaim))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mapsContainerPathsIntoThePodsFolder() {
    PodFiles files = new PodFiles(root, pod);
    Path podDir = root.resolve("ns/p");

    assertThat(files.map("/tmp/message")).isEqualTo(podDir.resolve("termination-log").toString());
    assertThat(files.map("/var/sparkbench")).isEqualTo(podDir.resolve("volumes/data").toString());
    assertThat(files.map("/var/sparkbench/gold/x.parquet"))
        .isEqualTo(podDir.resolve("volumes/data/gold/x.parquet").toString());
    assertThat(files.map("/var/sparkbench/in/side/f"))
        .isEqualTo(podDir.resolve("volumes/nested/f").toString());
    assertThat(files.map("/shared/out")).isEqualTo(root.resolve("ns/claims/pvc/out").toString());
    assertThat(files.map("/dev/termination-log"))
        .isEqualTo(podDir.resolve("rootfs/dev/termination-log").toString());
    assertThat(files.map("/opt/spark/work-dir"))
        .isEqualTo(podDir.resolve("rootfs/opt/spark/work-dir").toString());
    assertThat(files.map("relative/path")).isEqualTo("relative/path");
    assertThat(files.map(root.resolve("ns/p/already").toString()))
        .isEqualTo(root.resolve("ns/p/already").toString());
  }

  @Test
  void mapsUrisAndPathListsButNotOtherValues() {
    PodFiles files = new PodFiles(root, pod);
    Path podDir = root.resolve("ns/p");

    assertThat(files.mapValue("local:///opt/spark/jars/a.jar"))
        .isEqualTo("local://" + podDir.resolve("rootfs/opt/spark/jars/a.jar"));
    assertThat(files.mapValue("file:///var/sparkbench/events"))
        .isEqualTo("file://" + podDir.resolve("volumes/data/events"));
    assertThat(files.mapValue("/a,/b"))
        .isEqualTo(podDir.resolve("rootfs/a") + "," + podDir.resolve("rootfs/b"));
    assertThat(files.mapValue("spark://CoarseGrainedScheduler@svc:7078")).startsWith("spark://");
    assertThat(files.mapValue("-Dspark.driver.port=7078")).isEqualTo("-Dspark.driver.port=7078");
    assertThat(files.mapValue("s3a://bucket/path")).isEqualTo("s3a://bucket/path");
  }

  @Test
  void aMountAtAHostPathStillGetsThePodsOwnVolume() {
    // A driver builds its executors' local-dir mounts from its own (already mapped) paths.
    String driverLocalDir = root.resolve("ns/driver/volumes/spark-local-dir-1").toString();
    Pod executor =
        new PodBuilder()
            .withNewMetadata()
            .withName("exec-1")
            .withNamespace("ns")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("c")
            .addNewVolumeMount()
            .withName("spark-local-dir-1")
            .withMountPath(driverLocalDir)
            .endVolumeMount()
            .endContainer()
            .addNewVolume()
            .withName("spark-local-dir-1")
            .withNewEmptyDir()
            .endEmptyDir()
            .endVolume()
            .endSpec()
            .build();

    assertThat(new PodFiles(root, executor).mapValue(driverLocalDir))
        .isEqualTo(root.resolve("ns/exec-1/volumes/spark-local-dir-1").toString());
  }

  @Test
  void defaultTerminationMessagePathIsTheKubernetesDefault() {
    Pod plain =
        new PodBuilder()
            .withNewMetadata()
            .withName("q")
            .withNamespace("ns")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("c")
            .endContainer()
            .endSpec()
            .build();

    assertThat(new PodFiles(root, plain).map("/dev/termination-log"))
        .isEqualTo(root.resolve("ns/q/termination-log").toString());
  }
}
