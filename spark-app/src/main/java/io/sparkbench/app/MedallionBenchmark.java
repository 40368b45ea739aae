package io.sparkbench.app;

import io.sparkbench.api.settings.RunSettings;
import io.sparkbench.app.BenchmarkOptions.DatasetSpec;
import io.sparkbench.app.settings.Relaunch;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line of the medallion benchmark job. Runs locally ({@code java -jar spark-app.jar}),
 * under spark-submit, and as the driver of a Spark-on-Kubernetes application.
 *
 * <p>Exit codes: 0 success, 1 the run failed (a FAILED result is written), 2 bad arguments (nothing
 * started).
 */
@Command(
    name = "spark-app",
    mixinStandardHelpOptions = true,
    versionProvider = MedallionBenchmark.Version.class,
    sortOptions = false,
    description = {
      "Generates synthetic sales transactions and runs the bronze, silver and gold stages on Spark,",
      "measuring each stage, memory and CPU. Writes a compact result JSON and a full report."
    })
public final class MedallionBenchmark {

  @Option(names = "--records", required = true, description = "Transactions to generate (>= 1).")
  long records;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Generator seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--customers",
      defaultValue = "" + DatasetSpec.DEFAULT_CUSTOMERS,
      description = "Customer dimension size (default ${DEFAULT-VALUE}).")
  int customers;

  @Option(
      names = "--products",
      defaultValue = "" + DatasetSpec.DEFAULT_PRODUCTS,
      description = "Product dimension size (default ${DEFAULT-VALUE}).")
  int products;

  @Option(
      names = "--stores",
      defaultValue = "" + DatasetSpec.DEFAULT_STORES,
      description = "Store dimension size (default ${DEFAULT-VALUE}).")
  int stores;

  @Option(
      names = "--dirty-ratio",
      defaultValue = "" + DatasetSpec.DEFAULT_DIRTY_RATIO,
      description = "Share of dirty transactions, 0 to 0.5 (default ${DEFAULT-VALUE}).")
  double dirtyRatio;

  @Option(
      names = "--data-dir",
      defaultValue = "sparkbench-data",
      description =
          "Local path or Hadoop URI for the tables and report (default ${DEFAULT-VALUE}).")
  String dataDir;

  @Option(names = "--report", description = "Write the compact result JSON to this local file.")
  String report;

  @Option(names = "--event-log-dir", description = "Write the Spark event log under this URI.")
  String eventLogDir;

  @Option(
      names = "--history",
      description =
          "Append the run to the history in this folder (a local path or Hadoop URI): one JSON"
              + " line in a file of its own.")
  String history;

  @Option(
      names = "--master",
      description =
          "Spark master (default: spark-submit's, else " + SparkSessions.DEFAULT_MASTER + ").")
  String master;

  @Option(
      names = "--partitions",
      defaultValue = "0",
      description = "Generator partitions (default: Spark's parallelism).")
  int partitions;

  @Option(names = "--conf", description = "Extra Spark setting KEY=VALUE; repeatable.")
  Map<String, String> sparkConf = new LinkedHashMap<>();

  /**
   * Runs the job. Started by hand with {@code java -jar}, it first relaunches itself in a JVM with
   * the tuned {@link RunSettings} (see {@link Relaunch}); valid arguments are checked before that.
   */
  public static void main(String[] args) {
    Parsed parsed = parse(args, System.out, System.err);
    if (parsed.options() == null) {
      System.exit(parsed.exitCode());
    }
    OptionalInt relaunched =
        Relaunch.ifNeeded(args, parsed.options().dataset().records(), System.err);
    if (relaunched.isPresent()) {
      System.exit(relaunched.getAsInt());
    }
    System.exit(
        new BenchmarkRunner(parsed.options(), Clock.systemUTC()).execute(System.out, System.err));
  }

  /** Parses, validates and runs in this JVM; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Parsed parsed = parse(args, out, err);
    if (parsed.options() == null) {
      return parsed.exitCode();
    }
    return new BenchmarkRunner(parsed.options(), Clock.systemUTC()).execute(out, err);
  }

  /** Valid options, or the exit code when there is nothing to run (help, version, bad input). */
  private record Parsed(BenchmarkOptions options, int exitCode) {}

  private static Parsed parse(String[] args, PrintStream out, PrintStream err) {
    MedallionBenchmark command = new MedallionBenchmark();
    CommandLine cli = new CommandLine(command);
    try {
      CommandLine.ParseResult parsed = cli.parseArgs(args);
      if (parsed.isUsageHelpRequested()) {
        cli.usage(out);
        return new Parsed(null, 0);
      }
      if (parsed.isVersionHelpRequested()) {
        cli.printVersionHelp(out);
        return new Parsed(null, 0);
      }
      return new Parsed(command.toOptions(), 0);
    } catch (CommandLine.ParameterException | IllegalArgumentException e) {
      err.println("error: " + e.getMessage() + " (run with --help for usage)");
      return new Parsed(null, 2);
    }
  }

  /** The validated options; throws IllegalArgumentException naming the first bad value. */
  BenchmarkOptions toOptions() {
    DatasetSpec dataset = new DatasetSpec(records, seed, customers, products, stores, dirtyRatio);
    BenchmarkOptions options =
        new BenchmarkOptions(
            dataset, dataDir, report, eventLogDir, history, master, partitions, sparkConf);
    OutputLocations.requireWritableDirectory("--data-dir", dataDir);
    if (report != null) {
      OutputLocations.requireWritableFile("--report", report);
    }
    if (eventLogDir != null) {
      OutputLocations.requireWritableDirectory("--event-log-dir", eventLogDir);
    }
    if (history != null) {
      OutputLocations.requireWritableDirectory("--history", history);
    }
    return options;
  }

  /** The version line: this job's and the Spark it was built against. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = MedallionBenchmark.class.getPackage().getImplementationVersion();
      return new String[] {
        "sparkbench spark-app "
            + (version == null ? "dev" : version)
            + ", Spark "
            + org.apache.spark.package$.MODULE$.SPARK_VERSION()
      };
    }
  }
}
