package io.sparkbench.app.settings;

import io.sparkbench.app.fs.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The training run of the {@code java -jar spark-app.jar} archive ({@link Relaunch}): one small run
 * of the jar as a user types it, whose tuned JVM writes the archive beside the jar at exit. {@code
 * mvn package} runs {@link #main} on the packaged jar, so that a user's first run maps the archive
 * rather than writes it; the sweep runs it too when the archive is missing.
 */
public final class JarArchiveTraining {

  /** Records of the training run: every stage's queries, in a few seconds. */
  public static final long RECORDS = 10_000;

  private static final long TIMEOUT_MINUTES = 10;

  private JarArchiveTraining() {}

  /**
   * {@code JAR WORK_DIR}: makes the archive of {@code java -jar JAR} runs unless it exists, working
   * in WORK_DIR. Prints one line when it trained; exits 1 when the run left no archive.
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    if (args.length != 2) {
      System.err.println("usage: JarArchiveTraining JAR WORK_DIR");
      System.exit(2);
    }
    Path jar = Path.of(args[0]).toAbsolutePath().normalize();
    Path work = Path.of(args[1]).toAbsolutePath().normalize();
    if (Relaunch.archiveBeside(jar) != null) {
      return;
    }
    long started = System.nanoTime();
    Path log = work.resolve("training.log");
    Path archive = trainIfMissing(jar, List.of(), work.resolve("data"), log);
    if (archive == null) {
      System.err.printf(
          Locale.ROOT,
          "error: the %,d-record class-data-sharing training run of %s left no archive (its"
              + " output: %s); -Dsparkbench.cds.skip=true packages without it%n",
          RECORDS,
          jar.getFileName(),
          log);
      System.exit(1);
    }
    System.out.printf(
        Locale.ROOT,
        "class-data-sharing archive of java -jar %s trained in %.1f s (%,d records): %s%n",
        jar.getFileName(),
        (System.nanoTime() - started) / 1e9,
        RECORDS,
        archive);
  }

  /**
   * Makes the archive of {@code java -jar jar} runs when there is none: one run of {@link #RECORDS}
   * records with its tables in {@code data} (deleted after) and its output in {@code log}, its JVM
   * started with {@code jvmOptions} too. Returns the archive, or null when the run left none.
   */
  public static Path trainIfMissing(Path jar, List<String> jvmOptions, Path data, Path log)
      throws IOException, InterruptedException {
    Path existing = Relaunch.archiveBeside(jar);
    if (existing != null) {
      return existing;
    }
    Files.createDirectories(log.toAbsolutePath().getParent());
    List<String> command =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toString(), "--records", Long.toString(RECORDS)));
    command.addAll(List.of("--data-dir", data.toString()));
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
    if (!finished) {
      // SIGTERM first: the jar's JVM then stops the tuned JVM it started.
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
      }
    }
    Folders.deleteRecursively(data);
    return finished && process.exitValue() == 0 ? Relaunch.archiveBeside(jar) : null;
  }
}
