package io.sparkbench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.operator.Benchmarks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command as a user types it, {@code java -jar local/target/sparkbench.jar
 * local}, on a small manifest: its pods run on the packaged jars, so they get class-data-sharing
 * archives, which {@code mvn package} trained beside the jar; only jars no archive matches train
 * them before the first measured run. (Under Maven the operator's own tests run on a class path of
 * folders, where the JVM cannot write an archive.)
 */
class LocalRunJarIT {

  private static final Path SPARKBENCH_JAR =
      ProjectImages.ROOT_DIR.resolve("local").resolve("target").resolve("sparkbench.jar");

  private static final String TRAINING =
      "no class-data-sharing archive for driver and executor JVMs of these jars and this JVM yet:"
          + " a 10,000-record training run first (mvn package runs it)";

  @TempDir Path dir;

  @Test
  void aFreshWorkDirTrainsNothingAndEveryRunMapsTheArchivesThePackageMade() throws Exception {
    assertThat(SPARKBENCH_JAR)
        .as("package the local module first (mvn package -DskipTests)")
        .exists();
    Path work = dir.resolve("work");

    String printed = local(SPARKBENCH_JAR, manifest(), work);

    assertThat(printed)
        .as("mvn package trained the archives (unless -Dsparkbench.cds.skip=true)")
        .doesNotContain("training run")
        .contains("small: Succeeded, 2/2 runs")
        .contains(
            "model fitted on 2 runs with 1 executor(s), driver JVM: tuned settings, C1 JIT, a"
                + " class-data archive")
        .doesNotContain("left out")
        .as("a run that goes well prints no warning")
        .doesNotContain("level=WARN");
    assertThat(work.resolve("pods").resolve(".cds")).doesNotExist();
    assertMapArchivesIn(work, SPARKBENCH_JAR.resolveSibling("cds"));
  }

  @Test
  void jarsNoArchiveMatchesTrainThemFirstAndKeepThemBesideTheJar() throws Exception {
    assertThat(SPARKBENCH_JAR)
        .as("package the local module first (mvn package -DskipTests)")
        .exists();
    // The packaged jar elsewhere (its libraries linked): the build's archives do not match it.
    Path copy = Files.createDirectories(dir.resolve("copy")).resolve("sparkbench.jar");
    Files.copy(SPARKBENCH_JAR, copy);
    Files.createSymbolicLink(copy.resolveSibling("lib"), SPARKBENCH_JAR.resolveSibling("lib"));
    Path work = dir.resolve("work");

    String printed = local(copy, manifest(), work);

    assertThat(printed)
        .contains(TRAINING)
        .containsPattern(
            "class-data-sharing archives for driver and executor JVMs trained in [0-9.]+ s, kept"
                + " in "
                + Pattern.quote(copy.resolveSibling("cds").toString()))
        .contains("small: Succeeded, 2/2 runs")
        .contains(
            "model fitted on 2 runs with 1 executor(s), driver JVM: tuned settings, C1 JIT, a"
                + " class-data archive")
        .doesNotContain("left out");
    try (Stream<Path> archives = Files.list(copy.resolveSibling("cds"))) {
      assertThat(archives.map(p -> p.getFileName().toString()))
          .anyMatch(n -> n.startsWith("driver-") && n.endsWith(".jsa"))
          .anyMatch(n -> n.startsWith("executor-") && n.endsWith(".jsa"));
    }
    assertMapArchivesIn(work, copy.resolveSibling("cds"));
  }

  private Path manifest() throws IOException {
    return Files.writeString(
        dir.resolve("small.yaml"), Benchmarks.smallManifest("records: [1000, 3000]"));
  }

  /** Both measured runs' drivers and executors mapped an archive kept in {@code cds}. */
  private static void assertMapArchivesIn(Path work, Path cds) throws IOException {
    List<Path> commands = commands(work.resolve("pods").resolve("default"), "small-");
    assertThat(commands).hasSizeGreaterThanOrEqualTo(4);
    for (Path command : commands) {
      assertThat(Files.readString(command))
          .as(command.toString())
          .contains("-XX:SharedArchiveFile=" + cds.toAbsolutePath().normalize() + "/");
    }
  }

  /** Runs {@code java -jar sparkbench.jar local MANIFEST}; returns what it printed after exit 0. */
  private String local(Path jar, Path manifest, Path work)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile(dir, "local", ".log");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                jar.toString(),
                "local",
                manifest.toString(),
                "--work-dir",
                work.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean exited = process.waitFor(10, TimeUnit.MINUTES);
    if (!exited) {
      process.destroyForcibly();
    }
    String printed = Files.readString(log, StandardCharsets.UTF_8);
    assertThat(exited && process.exitValue() == 0).as(printed).isTrue();
    return printed;
  }

  /** The command files of the pods whose names start with {@code prefix}. */
  private static List<Path> commands(Path namespaceDir, String prefix) throws IOException {
    try (Stream<Path> pods = Files.list(namespaceDir)) {
      return pods.filter(p -> p.getFileName().toString().startsWith(prefix))
          .map(p -> p.resolve("command"))
          .filter(Files::isRegularFile)
          .toList();
    }
  }
}
