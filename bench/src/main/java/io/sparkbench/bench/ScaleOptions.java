package io.sparkbench.bench;

import io.sparkbench.common.cli.HelpOption;
import java.nio.file.Path;
import java.util.function.ToIntFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@link OperatorScale}'s command line, as picocli reads it. */
@Command(
    name = "operator-scale",
    sortOptions = false,
    description = {
      "Runs the operator in its own JVM on the real control plane (control-plane/build.sh):"
          + " N benchmarks queued across M namespaces with no node, then K tiny jobs on the"
          + " process node; prints the time until every benchmark has a phase, the operator's"
          + " CPU, peak RSS and API requests per benchmark, the queue order, and benchmarks per"
          + " minute, against the targets."
    })
final class ScaleOptions extends CommandOptions<OperatorScale.Arguments> {

  /** The most namespaces: enough to show the turns, few enough to create quickly. */
  static final int MAX_NAMESPACES = 100;

  @Option(
      names = "--benchmarks",
      paramLabel = "N",
      description = "Benchmarks queued with no node (default ${DEFAULT-VALUE}).")
  private int benchmarks = 1_000;

  @Option(
      names = "--namespaces",
      paramLabel = "M",
      description =
          "Namespaces they are spread over, applied one namespace after another (default"
              + " ${DEFAULT-VALUE}).")
  private int namespaces = 10;

  @Option(
      names = "--tiny-jobs",
      paramLabel = "K",
      description =
          "Benchmarks of one 1-record run then run on the process node; 0 skips them (default"
              + " ${DEFAULT-VALUE}).")
  private int tinyJobs = 100;

  @Option(
      names = "--queue-order",
      paramLabel = "A",
      description =
          "Admissions observed in the queue of N, deleting the benchmark holding the slot each"
              + " time; 0 skips them (default ${DEFAULT-VALUE}).")
  private int queueOrder = 10;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description =
          "Where the control plane, the operator's log and the pods go (default ${DEFAULT-VALUE}).")
  private Path workDir = Path.of("bench-results", "operator-scale");

  @Option(
      names = "--operator-jar",
      paramLabel = "FILE",
      description =
          "The operator's packaged jar, its jvm-options beside it (default ${DEFAULT-VALUE}).")
  private Path operatorJar = Path.of("operator", "target", "operator.jar");

  @CommandLine.Mixin private HelpOption help;

  private ScaleOptions(ToIntFunction<OperatorScale.Arguments> run) {
    super(run);
  }

  /** The command: bad input is one line and exit code 2; valid arguments go to {@code run}. */
  static CommandLine commandLine(ToIntFunction<OperatorScale.Arguments> run) {
    return commandLine(new ScaleOptions(run));
  }

  /**
   * @throws IllegalArgumentException saying what to fix
   */
  static OperatorScale.Arguments parse(String... args) {
    return parse(new ScaleOptions(arguments -> 0), args);
  }

  @Override
  OperatorScale.Arguments arguments() {
    if (benchmarks < 1) {
      throw new IllegalArgumentException("--benchmarks must be at least 1, got " + benchmarks);
    }
    if (namespaces < 1 || namespaces > Math.min(benchmarks, MAX_NAMESPACES)) {
      throw new IllegalArgumentException(
          "--namespaces must be from 1 to "
              + Math.min(benchmarks, MAX_NAMESPACES)
              + " (at most --benchmarks and "
              + MAX_NAMESPACES
              + "), got "
              + namespaces);
    }
    if (tinyJobs < 0) {
      throw new IllegalArgumentException("--tiny-jobs must be at least 0, got " + tinyJobs);
    }
    if (queueOrder < 0 || queueOrder > benchmarks) {
      throw new IllegalArgumentException(
          "--queue-order must be from 0 to --benchmarks (" + benchmarks + "), got " + queueOrder);
    }
    return new OperatorScale.Arguments(
        benchmarks, namespaces, tinyJobs, queueOrder, workDir, operatorJar);
  }
}
