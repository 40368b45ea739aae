package io.sparkbench.controlplane;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** The kubectl built with the control plane, run against one kubeconfig. */
public final class Kubectl {

  private final Path binary;
  private final Path kubeconfig;

  public Kubectl(Path binary, Path kubeconfig) {
    this.binary = binary;
    this.kubeconfig = kubeconfig;
  }

  /** The kubectl built with the control plane, else the first on the PATH, if any. */
  public static Optional<Path> find() {
    Path built = Binaries.pinned().path("kubectl");
    if (Files.isExecutable(built)) {
      return Optional.of(built);
    }
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Arrays.stream(path.split(File.pathSeparator))
        .map(entry -> Path.of(entry, "kubectl"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** Runs kubectl with {@code args}; returns its output, failing with it on a non-zero exit. */
  public String run(String... args) {
    Result result = attempt(args);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          "kubectl "
              + String.join(" ", args)
              + " exited "
              + result.exitCode()
              + ": "
              + result.output());
    }
    return result.output();
  }

  /** Runs kubectl with {@code args} and returns its exit code and output (stdout and stderr). */
  public Result attempt(String... args) {
    List<String> command =
        new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "kubectl " + String.join(" ", args) + " did not finish in 60 s");
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** What one kubectl command printed. */
  public record Result(int exitCode, String output) {}
}
