package io.sparkbench.local.cli;

import io.sparkbench.operator.OperatorMain;
import io.sparkbench.operator.cli.HelpOption;
import io.sparkbench.operator.cli.OneLineErrors;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code sparkbench} command: {@code local MANIFEST} runs benchmarks on this machine; {@code
 * operator} starts the operator against the cluster of the current kubeconfig or service account.
 */
@Command(
    name = "sparkbench",
    synopsisSubcommandLabel = "(local | operator)",
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
    cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cli.setExecutionStrategy(
        parsed -> {
          if (parsed.subcommand() != null
              && parsed.subcommand().commandSpec().name().equals("local")) {
            // Progress lines go to stdout; the operator's own log keeps to warnings.
            OperatorMain.configureLogging("WARN");
          }
          return new CommandLine.RunLast().execute(parsed);
        });
    return cli;
  }

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a command: local or operator");
  }
}
