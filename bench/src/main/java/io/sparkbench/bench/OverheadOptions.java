package io.sparkbench.bench;

import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.common.cli.HelpOption;
import io.sparkbench.local.LocalCluster;
import io.sparkbench.local.cli.OptionConverters;
import io.sparkbench.operator.reconciler.ValidateSpec;
import io.sparkbench.operator.status.Messages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@link OperatorOverhead}'s command line, as picocli reads it. */
@Command(
    name = "operator-overhead",
    sortOptions = false,
    description = {
      "Measures what running a benchmark through the operator on the local cluster costs over"
          + " running the job directly in local mode, and prints the medians against the targets."
    })
final class OverheadOptions extends CommandOptions<OperatorOverhead.Arguments> {

  @Option(
      names = "--records",
      paramLabel = "N",
      split = ",",
      converter = WholeNumber.class,
      description = "Record counts to measure (required).")
  private List<Long> records = new ArrayList<>();

  @Option(
      names = "--repetitions",
      paramLabel = "R",
      converter = WholeNumber.class,
      description = "Runs per record count (default ${DEFAULT-VALUE}).")
  private long repetitions = 1;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Where the clusters and the local runs go (default ${DEFAULT-VALUE}).")
  private Path workDir = Path.of("bench-results", "operator-overhead");

  @Option(
      names = "--app-jar",
      paramLabel = "FILE",
      description =
          "spark-app's packaged jar for the local runs (default: spark-app/target/spark-app.jar).")
  private Path appJar;

  @Option(names = "--skip-local", description = "Measure only the runs through the operator.")
  private boolean skipLocal;

  @Option(
      names = "--spark-conf",
      paramLabel = "KEY=VALUE",
      description = "A Spark setting for the benchmarks through the operator; repeatable.")
  private List<String> sparkConf = new ArrayList<>();

  @Option(
      names = "--control-plane",
      paramLabel = "mock|real",
      split = ",",
      converter = OptionConverters.ControlPlane.class,
      description = "The control planes to measure on, in turn (default: mock).")
  private List<LocalCluster.ControlPlaneKind> controlPlanes = new ArrayList<>();

  @CommandLine.Mixin private HelpOption help;

  private OverheadOptions(ToIntFunction<OperatorOverhead.Arguments> run) {
    super(run);
  }

  /** The command: bad input is one line and exit code 2; valid arguments go to {@code run}. */
  static CommandLine commandLine(ToIntFunction<OperatorOverhead.Arguments> run) {
    return commandLine(new OverheadOptions(run));
  }

  /**
   * @throws IllegalArgumentException saying what to fix
   */
  static OperatorOverhead.Arguments parse(String[] args) {
    return parse(new OverheadOptions(arguments -> 0), args);
  }

  @Override
  OperatorOverhead.Arguments arguments() {
    if (records.isEmpty()) {
      throw new IllegalArgumentException("--records is required");
    }
    Map<String, String> conf = new LinkedHashMap<>();
    for (String entry : sparkConf) {
      int eq = entry.indexOf('=');
      if (eq < 1) {
        throw new IllegalArgumentException(
            "--spark-conf takes KEY=VALUE, e.g. spark.executor.extraJavaOptions=-Xss1m, got "
                + entry);
      }
      conf.put(entry.substring(0, eq), entry.substring(eq + 1));
    }
    // The operator would refuse a benchmark with a reserved or malformed setting; say so now.
    ScalingBenchmark probe = OperatorOverhead.benchmark("overhead-check", records.get(0));
    probe.getSpec().sparkConf.putAll(conf);
    List<String> problems = ValidateSpec.problems(probe, Map.of(), null);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(Messages.list(problems));
    }
    return new OperatorOverhead.Arguments(
        List.copyOf(records),
        (int) Math.min(repetitions, Integer.MAX_VALUE),
        workDir,
        appJar,
        skipLocal,
        Map.copyOf(conf),
        controlPlanes.isEmpty()
            ? List.of(LocalCluster.ControlPlaneKind.MOCK)
            : List.copyOf(controlPlanes));
  }

  /** A whole number >= 1. */
  static final class WholeNumber implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        long n = Long.parseLong(value.trim());
        if (n >= 1) {
          return n;
        }
      } catch (NumberFormatException e) {
        // said below
      }
      throw new IllegalArgumentException("takes whole numbers >= 1, got " + value);
    }
  }
}
