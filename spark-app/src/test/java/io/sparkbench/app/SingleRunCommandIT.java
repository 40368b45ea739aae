package io.sparkbench.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.result.ResultCodec;
import io.sparkbench.app.settings.Relaunch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's single-run command, {@code java -jar spark-app/target/spark-app.jar}, as a user
 * types it: it runs with the project's run settings (it relaunches itself), a user's own JVM
 * options win over them, {@code -Dio.sparkbench.jvmSettings=none} keeps the JVM's defaults, and
 * every result says which settings it ran with, and its first run after {@code mvn package} maps
 * the class-data-sharing archive the package made.
 */
class SingleRunCommandIT {

  private static final Path JAR = Path.of("..", "spark-app", "target", "spark-app.jar");

  @TempDir Path dir;

  private record Run(int exitCode, String output, BenchmarkResult result) {}

  @BeforeAll
  static void jarIsPackaged() {
    assertThat(JAR)
        .as("the spark-app jar; run the README's test command (mvn verify), which packages it")
        .isRegularFile();
  }

  private Run run(String name, List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    return run(JAR, name, jvmOptions, args);
  }

  private Run run(Path jar, String name, List<String> jvmOptions, String... args)
      throws IOException, InterruptedException {
    Path report = dir.resolve(name + ".json");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString()));
    command.addAll(List.of(args));
    if (args.length == 0) {
      command.addAll(
          List.of(
              "--records",
              "1000",
              "--data-dir",
              dir.resolve(name).toString(),
              "--report",
              report.toString()));
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    BenchmarkResult result =
        Files.isRegularFile(report) ? ResultCodec.fromJson(Files.readString(report)) : null;
    return new Run(process.exitValue(), output, result);
  }

  @Test
  void theReadmeCommandRunsWithTheRunSettingsAndTheArchiveThePackageMade() throws Exception {
    Path archive = Relaunch.archiveBeside(JAR);
    assertThat(archive)
        .as(
            "the class-data-sharing archive mvn package makes beside the jar (unless"
                + " -Dsparkbench.cds.skip=true)")
        .isNotNull();

    Run first = run("first", List.of());

    assertThat(first.exitCode()).as(first.output()).isZero();
    BenchmarkResult.Jvm jvm = first.result().jvm();
    assertThat(jvm.settings()).isEqualTo("tuned");
    assertThat(jvm.jit()).as("a short run compiles with C1 only").isEqualTo("C1");
    assertThat(jvm.gc()).isEqualTo("Parallel");
    assertThat(jvm.heapMiB()).isBetween(400L, 512L);
    assertThat(first.output()).contains("jvm: tuned settings, C1 JIT, Parallel GC");
    assertThat(jvm.archive())
        .as("the first run after mvn package maps the archive rather than writes one")
        .isEqualTo(archive.getFileName().toString());
    assertThat(Relaunch.archiveBeside(JAR)).isEqualTo(archive);
  }

  @Test
  void aJarWithoutAMatchingArchiveWritesOneAndItsNextRunMapsIt() throws Exception {
    // The packaged jar elsewhere (its libraries linked): no archive of the build matches it.
    Path copy = Files.createDirectories(dir.resolve("copy")).resolve("spark-app.jar");
    Files.copy(JAR, copy);
    Files.createSymbolicLink(
        copy.resolveSibling("lib"), JAR.toAbsolutePath().normalize().resolveSibling("lib"));
    assertThat(Relaunch.archiveBeside(copy)).isNull();

    Run first = run(copy, "first", List.of());

    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(first.result().jvm().archive()).isNull();
    Path archive = Relaunch.archiveBeside(copy);
    assertThat(archive).as("the class-data-sharing archive a tuned run leaves").isNotNull();

    Run second = run(copy, "second", List.of());

    assertThat(second.exitCode()).as(second.output()).isZero();
    assertThat(second.result().jvm().archive()).isEqualTo(archive.getFileName().toString());
    assertThat(second.result().totalAmount()).isEqualTo(first.result().totalAmount());
  }

  @Test
  void aUsersJvmOptionsWinOverTheSettingsOfTheSameKind() throws Exception {
    Run run = run("own-options", List.of("-Xmx700m", "-XX:+UseG1GC"));

    assertThat(run.exitCode()).as(run.output()).isZero();
    BenchmarkResult.Jvm jvm = run.result().jvm();
    assertThat(jvm.settings()).isEqualTo("tuned");
    assertThat(jvm.gc()).isEqualTo("G1");
    assertThat(jvm.heapMiB()).isGreaterThan(600L);
    assertThat(jvm.jit()).isEqualTo("C1");
  }

  @Test
  void theJvmsDefaultsAreKeptWhenAskedFor() throws Exception {
    Run run = run("defaults", List.of("-Dio.sparkbench.jvmSettings=none"));

    assertThat(run.exitCode()).as(run.output()).isZero();
    BenchmarkResult.Jvm jvm = run.result().jvm();
    assertThat(jvm.settings()).isEqualTo("none");
    assertThat(jvm.jit()).isEqualTo("tiered");
    assertThat(jvm.archive()).isNull();
  }

  @Test
  void badArgumentsAreRefusedBeforeAnythingStarts() throws Exception {
    Run run = run("bad", List.of(), "--records", "0", "--data-dir", dir.resolve("bad").toString());

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.output().lines().filter(l -> l.startsWith("error: "))).hasSize(1);
    assertThat(dir.resolve("bad")).doesNotExist();
  }
}
