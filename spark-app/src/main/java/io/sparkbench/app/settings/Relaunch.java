package io.sparkbench.app.settings;

import io.sparkbench.api.settings.ClassDataArchive;
import io.sparkbench.api.settings.RunSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * Gives {@code java -jar spark-app.jar ...} the tuned settings: when this JVM was started by hand
 * from the jar (no {@link RunSettings#PROPERTY}), it starts the same command again in a JVM with
 * {@link RunSettings#localJvmOptions}, the user's own JVM options (which win over ours), the {@link
 * RunSettings#ENVIRONMENT} and a class-data-sharing archive kept beside the jar, and exits with
 * that JVM's exit code. {@code -Dio.sparkbench.jvmSettings=none} runs in the JVM as started.
 *
 * <p>Inside a pod (SparkSubmit's JVM) or a test nothing is relaunched: only a JVM whose main
 * command is this jar is.
 */
public final class Relaunch {

  /** When the user's JVM started (epoch milliseconds), passed to the relaunched one. */
  public static final String STARTED_PROPERTY = "io.sparkbench.launchedAt";

  private static final long STOP_GRACE_SECONDS = 10;

  private Relaunch() {}

  /**
   * Runs the command in a tuned JVM if this one needs it, returning its exit code; empty when this
   * JVM should run the job itself.
   */
  public static OptionalInt ifNeeded(String[] args, long records, PrintStream err) {
    if (System.getProperty(RunSettings.PROPERTY) != null) {
      return OptionalInt.empty();
    }
    Path jar = startedJar();
    if (jar == null) {
      return OptionalInt.empty();
    }
    ClassDataArchive archive = besideJar(jar);
    Path training = archive.existing() == null ? archive.newTrainingFile() : null;
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    List<String> ours = new ArrayList<>(RunSettings.localJvmOptions(records, null));
    ours.addAll(archive.jvmOptions(training));
    command.addAll(RunSettings.merge(ours, userOptions()));
    command.add(
        "-D" + STARTED_PROPERTY + "=" + ManagementFactory.getRuntimeMXBean().getStartTime());
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
    Map<String, String> environment = builder.environment();
    RunSettings.ENVIRONMENT.forEach(environment::putIfAbsent);
    // Its options are in this JVM's input arguments already, and so in the command.
    environment.remove("JDK_JAVA_OPTIONS");
    Process child;
    try {
      child = builder.start();
    } catch (IOException e) {
      err.println("warning: cannot start a tuned JVM (" + e.getMessage() + "); running as started");
      return OptionalInt.empty();
    }
    Thread stopChild = new Thread(() -> stop(child), "stop-tuned-jvm");
    Runtime.getRuntime().addShutdownHook(stopChild);
    int code;
    try {
      code = child.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop(child);
      return OptionalInt.of(130);
    }
    try {
      Runtime.getRuntime().removeShutdownHook(stopChild);
    } catch (IllegalStateException shuttingDown) {
      // the hook stops the child
    }
    if (training != null) {
      archive.keep(training, code == 0);
    }
    return OptionalInt.of(code);
  }

  /**
   * The class-data-sharing archive the build or an earlier run left beside {@code jar}, or null.
   */
  public static Path archiveBeside(Path jar) {
    return besideJar(jar.toAbsolutePath().normalize()).existing();
  }

  /**
   * The archive of {@code java -jar} runs: in {@code cds/} beside the jar, keyed by it and the
   * libraries its manifest lists. The build makes it ({@link JarArchiveTraining}).
   */
  private static ClassDataArchive besideJar(Path jar) {
    return ClassDataArchive.of(jar.getParent().resolve("cds"), "spark-app", List.of(jar));
  }

  /** The jar this JVM was started from with {@code java -jar}, or null. */
  static Path startedJar() {
    String command = System.getProperty("sun.java.command", "").trim();
    Path ownJar;
    try {
      ownJar =
          Path.of(Relaunch.class.getProtectionDomain().getCodeSource().getLocation().toURI())
              .toAbsolutePath()
              .normalize();
    } catch (URISyntaxException | RuntimeException e) {
      return null;
    }
    if (!ownJar.toString().endsWith(".jar") || command.isEmpty()) {
      return null;
    }
    String first = command.split("\\s+", 2)[0];
    Path started = Path.of(first).toAbsolutePath().normalize();
    return started.equals(ownJar) ? ownJar : null;
  }

  /** The options this JVM was started with (the user's {@code -Xmx}, {@code -D...} and so on). */
  private static List<String> userOptions() {
    return ManagementFactory.getRuntimeMXBean().getInputArguments();
  }

  private static void stop(Process child) {
    if (!child.isAlive()) {
      return;
    }
    child.destroy();
    try {
      if (!child.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    } catch (InterruptedException e) {
      child.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
