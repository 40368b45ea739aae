package io.sparkbench.api.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SparkJvmOptionsTest {

  @Test
  void theBuildsListReachesTheClassOptionByOption() {
    assertThat(SparkJvmOptions.OPTIONS)
        .contains(
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "-Djdk.reflect.useDirectMethodHandle=false")
        .allMatch(o -> o.startsWith("-") && !o.isBlank());
  }

  @Test
  void aJavaProcessStartsWithThem() throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(SparkJvmOptions.OPTIONS);
    command.addAll(List.of("-XshowSettings:properties", "-version"));
    Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(java.exitValue()).as(output).isZero();
    assertThat(output)
        .contains("jdk.reflect.useDirectMethodHandle = false")
        .contains("io.netty.tryReflectionSetAccessible = true");
  }
}
