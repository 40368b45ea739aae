package io.sparkbench.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The image the chart deploys starts the operator as the Deployment expects. */
class OperatorDockerfileTest {

  @Test
  void runsTheOperatorJarAsUid185WithSparksJavaOptions() throws IOException {
    String dockerfile =
        Files.readString(RenderedChart.ROOT_DIR.resolve("operator").resolve("Dockerfile"));
    String entrypoint = dockerfile.substring(dockerfile.indexOf("ENTRYPOINT"));

    assertThat(dockerfile)
        .contains("ARG BASE=eclipse-temurin:17-jre")
        .contains("FROM ${BASE}")
        .contains("ARG UID=185")
        .contains("USER ${UID}:${UID}")
        .contains("EXPOSE 8080")
        .contains("COPY --chown=root:root operator/target/lib/ /opt/sparkbench/lib/");
    assertThat(entrypoint)
        .isEqualTo(
            "ENTRYPOINT [\"java\", \"-XX:MaxRAMPercentage=75\", \"@/opt/sparkbench/jvm-options\","
                + " \"-jar\", \"/opt/sparkbench/operator.jar\"]\n");
    assertThat(dockerfile)
        .contains("COPY --chown=root:root operator/target/jvm-options /opt/sparkbench/jvm-options");
  }

  /** The argfile the entry point reads is the parent pom's list, as the build wrote it. */
  @Test
  void theArgfileHoldsTheBuildsSparkJvmOptions() throws IOException {
    Path argfile =
        RenderedChart.ROOT_DIR.resolve("operator").resolve("target").resolve("jvm-options");
    assertThat(argfile)
        .as("written by the operator module's process-resources phase")
        .isRegularFile();

    assertThat(Arrays.asList(Files.readString(argfile).trim().split("\\s+")))
        .isEqualTo(sparkJvmOptions());
  }

  private static List<String> sparkJvmOptions() throws IOException {
    String pom = Files.readString(RenderedChart.ROOT_DIR.resolve("pom.xml"));
    Matcher m = Pattern.compile("<spark.jvm.options>([^<]+)</spark.jvm.options>").matcher(pom);
    assertThat(m.find()).as("spark.jvm.options in pom.xml").isTrue();
    List<String> options = Arrays.asList(m.group(1).trim().split("\\s+"));
    assertThat(options).isNotEmpty();
    return options;
  }
}
