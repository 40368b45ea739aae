package io.sparkbench.bench;

import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.result.ResultCodec;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The local-mode side of {@link OperatorOverhead}: one run of spark-app's scaling sweep. */
final class LocalModeRun {

  private static final String SWEEP_CLASS = "io.sparkbench.app.sweep.ScalingSweep";

  private LocalModeRun() {}

  /**
   * The same record count in local mode, as the scaling sweep runs it: spark-app's {@code
   * ScalingSweep} (its tuned JVM, in a fresh process per run) for one run; returns the job's total
   * seconds, empty when it failed. Waits at most {@code timeout}.
   */
  static Optional<OverheadReport.LocalRun> run(
      PrintStream out, Path appJar, Path dir, long records, int rep, Duration timeout)
      throws IOException {
    out.printf(Locale.ROOT, "local mode: %,d records, repetition %d ... ", records, rep);
    out.flush();
    Files.createDirectories(dir);
    Path log = dir.resolve("sweep-" + records + "-r" + rep + ".log");
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            appJar.toString(),
            SWEEP_CLASS,
            "--records",
            Long.toString(records),
            "--repetitions",
            "1",
            "--predict",
            Long.toString(records),
            "--out",
            dir.toString());
    Path result = dir.resolve("runs").resolve("result-tuned-" + records + "-1.json");
    Files.deleteIfExists(result);
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!process.waitFor(timeout.toMinutes(), TimeUnit.MINUTES)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
    BenchmarkResult parsed =
        Files.exists(result) ? ResultCodec.fromJson(Files.readString(result)) : null;
    if (parsed == null || !parsed.succeeded()) {
      out.println("FAILED: see " + log);
      return Optional.empty();
    }
    out.printf(Locale.ROOT, "%.1f s%n", parsed.totalSeconds());
    // Local mode has no executor JVMs: their parts are not measured, so NaN.
    BenchmarkResult.Cpu cpu = parsed.cpu();
    return Optional.of(
        new OverheadReport.LocalRun(
            parsed.totalSeconds(), parsed.stages(), OverheadReport.Cpu.read(part -> part.of(cpu))));
  }

  /**
   * spark-app's packaged jar: its manifest names its dependencies, which the copy in the operator's
   * {@code lib/} cannot (they sit beside it there), so the sweep runs from the spark-app module's
   * build. Looked for under the working directory, then next to the operator jar's module.
   */
  static Path appJar(Path given) {
    if (given != null) {
      if (!Files.isRegularFile(given)) {
        throw new IllegalArgumentException("--app-jar " + given + " is not a file");
      }
      return given.toAbsolutePath();
    }
    List<Path> candidates = new ArrayList<>();
    candidates.add(Path.of("spark-app", "target", "spark-app.jar"));
    try {
      File self =
          new File(LocalModeRun.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // bench/target/bench.jar or bench/target/classes → the repository root.
      Path root = self.toPath().toAbsolutePath().getParent().getParent().getParent();
      candidates.add(root.resolve("spark-app").resolve("target").resolve("spark-app.jar"));
    } catch (URISyntaxException | RuntimeException e) {
      // only the working directory then
    }
    return candidates.stream()
        .filter(Files::isRegularFile)
        .map(Path::toAbsolutePath)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "spark-app/target/spark-app.jar not found: build it (mvn package) or pass"
                        + " --app-jar, or --skip-local"));
  }
}
