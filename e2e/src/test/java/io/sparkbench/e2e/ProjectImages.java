package io.sparkbench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * The project's two images, built with its own Dockerfiles from the jars {@code mvn package} left
 * in {@code spark-app/target} and {@code operator/target}, and loaded into a k3s node so that pods
 * start them without a registry.
 */
final class ProjectImages {

  static final Path ROOT_DIR =
      Path.of(System.getProperty("sparkbench.root.dir", "..")).toAbsolutePath().normalize();

  /** The tag both images get; the test's pods use them with a Never pull policy. */
  static final String TAG = "e2e";

  static final DockerImageName SPARK_APP =
      DockerImageName.parse("sparkbench/spark-app").withTag(TAG);
  static final DockerImageName OPERATOR = DockerImageName.parse("sparkbench-operator").withTag(TAG);

  private ProjectImages() {}

  /**
   * Builds both images. The build context holds only what the Dockerfiles copy (the jars), at the
   * paths they copy it from, as a {@code docker build .} from the repository root would see it.
   */
  // withDockerfilePath is deprecated for withDockerfile(Path), but that one replaces the context
  // with the Dockerfile's whole folder, where these Dockerfiles (which copy from the repository
  // root) cannot be built.
  @SuppressWarnings("deprecation")
  static void build() {
    ImageFromDockerfile sparkApp =
        new ImageFromDockerfile(SPARK_APP.asCanonicalNameString(), true)
            .withDockerfilePath("spark-app/Dockerfile")
            .withFileFromPath("spark-app/Dockerfile", ROOT_DIR.resolve("spark-app/Dockerfile"));
    for (String path :
        List.of(
            "spark-app/target/spark-app.jar",
            "spark-app/target/lib",
            "spark-app/target/image-lib",
            "spark-app/target/jvm-options",
            "spark-app/src/main/docker/entrypoint.sh")) {
      sparkApp.withFileFromPath(path, packaged(path));
    }

    ImageFromDockerfile operator =
        new ImageFromDockerfile(OPERATOR.asCanonicalNameString(), true)
            .withDockerfilePath("operator/Dockerfile")
            .withFileFromPath("operator/Dockerfile", ROOT_DIR.resolve("operator/Dockerfile"))
            .withFileFromPath(
                "operator/target/operator.jar", packaged("operator/target/operator.jar"))
            .withFileFromPath("operator/target/lib", packaged("operator/target/lib"))
            .withFileFromPath(
                "operator/target/jvm-options", packaged("operator/target/jvm-options"));

    sparkApp.get();
    operator.get();
  }

  /**
   * Imports both images into the node's containerd ({@code docker save}, copied in, {@code ctr
   * images import}), where the kubelet finds them.
   */
  static void loadInto(GenericContainer<?> k3s) throws IOException, InterruptedException {
    Path archive = Files.createTempFile("sparkbench-images", ".tar");
    try {
      try (InputStream saved =
          DockerClientFactory.instance()
              .client()
              .saveImagesCmd()
              .withImage(SPARK_APP.getRepository(), TAG)
              .withImage(OPERATOR.getRepository(), TAG)
              .exec()) {
        Files.copy(saved, archive, StandardCopyOption.REPLACE_EXISTING);
      }
      String inNode = "/tmp/sparkbench-images.tar";
      k3s.copyFileToContainer(MountableFile.forHostPath(archive), inNode);
      ExecResult imported =
          k3s.execInContainer("k3s", "ctr", "--namespace", "k8s.io", "images", "import", inNode);
      assertThat(imported.getExitCode())
          .as("ctr images import: %s%s", imported.getStdout(), imported.getStderr())
          .isZero();
      k3s.execInContainer("rm", "-f", inNode);
    } finally {
      Files.deleteIfExists(archive);
    }
  }

  private static Path packaged(String relative) {
    Path path = ROOT_DIR.resolve(relative);
    assertThat(path)
        .as(
            "%s is what the image is built from; package the project first (mvn package"
                + " -DskipTests), or run this test through the reactor with -am",
            relative)
        .exists();
    return path;
  }
}
