package io.sparkbench.bench;

import io.sparkbench.common.cli.HelpOption;
import io.sparkbench.common.cli.OneLineErrors;
import io.sparkbench.operator.OperatorMain;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar bench/target/bench.jar COMMAND}: {@code operator-overhead} (what the operator
 * adds over the single-run command), {@code queue-at-scale} (a long queue on the embedded API
 * server) and {@code operator-scale} (the operator in its own JVM on the real control plane).
 */
@Command(
    name = "bench",
    synopsisSubcommandLabel = "(operator-overhead | queue-at-scale | operator-scale)",
    description = "The operator's benchmarks; each command's --help lists its options.")
public final class Bench implements Callable<Integer> {

  @CommandLine.Mixin private HelpOption help;

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  /** Exit codes: 0 done, 1 a run failed, 2 bad input. */
  public static void main(String[] args) {
    // Progress lines go to stdout; the embedded operator's and clients' logs keep to warnings.
    OperatorMain.configureLogging("WARN");
    // fabric8's note that v1alpha1 is not a stable API version asks nothing of the user
    Configurator.setLevel(
        "io.fabric8.kubernetes.client.dsl.internal.VersionUsageUtils", Level.ERROR);
    System.exit(commandLine(System.out, System.err).execute(args));
  }

  static CommandLine commandLine(PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new Bench());
    // Set before the subcommands join, so that each keeps its own.
    cli.setParameterExceptionHandler(new OneLineErrors());
    cli.addSubcommand("operator-overhead", OperatorOverhead.commandLine(out, err));
    cli.addSubcommand("queue-at-scale", QueueAtScale.commandLine(out));
    cli.addSubcommand("operator-scale", OperatorScale.commandLine(out, err));
    cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    return cli;
  }

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a command: operator-overhead, queue-at-scale or operator-scale");
  }
}
