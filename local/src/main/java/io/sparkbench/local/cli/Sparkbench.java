package io.sparkbench.local.cli;

import io.sparkbench.common.cli.HelpOption;
import io.sparkbench.common.cli.OneLineErrors;
import io.sparkbench.operator.OperatorMain;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sparkbench} command: {@code local MANIFEST} runs benchmarks on this machine; {@code
 * operator} starts the operator against the cluster of the current kubeconfig or service account;
 * {@code node} starts a real one-node cluster on this machine with the project's images; {@code
 * compare A B} compares two rounds of benchmarks or histories as the operator does for {@code
 * spec.baseline}.
 */
@Command(
    name = "sparkbench",
    synopsisSubcommandLabel = "(local | operator | node | compare)",
    description = "Runs Spark scaling benchmarks (ScalingBenchmark resources).")
public final class Sparkbench implements Callable<Integer> {

  @CommandLine.Mixin private HelpOption help;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine(System.out, System.err, System.getenv()).execute(args));
  }

  /**
   * The command printing to {@code out} and {@code err}; the operator's settings from {@code env}.
   */
  static CommandLine commandLine(PrintStream out, PrintStream err, Map<String, String> env) {
    CommandLine cli = new CommandLine(new Sparkbench());
    // Set before the subcommands join, so that the operator's own keeps naming its variables.
    cli.setParameterExceptionHandler(new OneLineErrors());
    cli.addSubcommand("local", new LocalRunCommand(out, err).commandLine());
    cli.addSubcommand("operator", OperatorMain.commandLine(env));
    cli.addSubcommand("node", new NodeCommand(out, err).commandLine());
    cli.addSubcommand("compare", new CompareCommand(out, err).commandLine());
    cli.addSubcommand("train-archives", new TrainArchivesCommand(out, err).commandLine());
    cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cli.setExecutionStrategy(
        parsed -> {
          if (parsed.subcommand() != null
              && List.of("local", "train-archives")
                  .contains(parsed.subcommand().commandSpec().name())) {
            // Progress lines go to stdout; the operator's own log keeps to warnings.
            OperatorMain.configureLogging("WARN");
            quietNoticesWithNothingToFix();
          }
          return new CommandLine.RunLast().execute(parsed);
        });
    return cli;
  }

  /**
   * Loggers whose warnings at the start of {@code local} ask nothing of the user: Spark's note that
   * the host name resolves to loopback (the in-process History Server binds to loopback anyway),
   * Hadoop's missing native library (its Java code is used instead) and fabric8's note that {@code
   * v1alpha1} is not a stable API version. Their errors still show.
   */
  private static final List<String> NOTICES_WITH_NOTHING_TO_FIX =
      List.of(
          "org.apache.spark.util.Utils",
          "org.apache.hadoop.util.NativeCodeLoader",
          "io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils");

  private static void quietNoticesWithNothingToFix() {
    NOTICES_WITH_NOTHING_TO_FIX.forEach(logger -> Configurator.setLevel(logger, Level.ERROR));
  }

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a command: local, operator, node or compare");
  }
}
