package io.sparkbench.common.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import picocli.CommandLine;

/**
 * Prints bad command-line input as one line saying what to fix, {@code error: ... (see COMMAND
 * --help)}, and returns exit code 2; for the operator's command and the ones beside it.
 */
public final class OneLineErrors implements CommandLine.IParameterExceptionHandler {
  private final Function<CommandLine.Model.OptionSpec, String> name;

  /** Names each option as it is written, {@code --timeout}. */
  public OneLineErrors() {
    this(CommandLine.Model.OptionSpec::longestName);
  }

  public OneLineErrors(Function<CommandLine.Model.OptionSpec, String> name) {
    this.name = name;
  }

  /**
   * {@code command} for picocli, printing its output and errors to {@code out} and {@code err}; bad
   * input is one line and exit code 2.
   */
  public static CommandLine commandLine(Object command, PrintStream out, PrintStream err) {
    return new CommandLine(command)
        .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
        .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
        .setParameterExceptionHandler(new OneLineErrors());
  }

  /**
   * Prints {@code e}; picocli hands a subcommand's errors to the top command's handler, which
   * passes them to the subcommand's own.
   */
  @Override
  public int handleParseException(CommandLine.ParameterException e, String[] args) {
    CommandLine cli = e.getCommandLine();
    if (cli.getParameterExceptionHandler() instanceof OneLineErrors own && own != this) {
      return own.handleParseException(e, args);
    }
    cli.getErr()
        .println(
            "error: "
                + message(e, name)
                + " (see "
                + cli.getCommandSpec().qualifiedName()
                + " --help)");
    return 2;
  }

  /**
   * The one line: an unknown option's name; a converter's complaint about a value (an {@link
   * IllegalArgumentException} worded to follow the option's name, {@code is '1x': use ...}, as
   * {@link io.sparkbench.common.time.Durations.Converter}'s is) after {@code name} of its option;
   * picocli's own message otherwise.
   */
  public static String message(
      CommandLine.ParameterException e, Function<CommandLine.Model.OptionSpec, String> name) {
    if (e instanceof CommandLine.UnmatchedArgumentException unmatched
        && !unmatched.getUnmatched().isEmpty()) {
      String arg = unmatched.getUnmatched().get(0);
      return arg.startsWith("-")
          ? "unknown option " + arg.replaceFirst("=.*", "")
          : "unexpected argument '" + arg + "'";
    }
    if (e.getCause() instanceof IllegalArgumentException invalid
        && e.getArgSpec() instanceof CommandLine.Model.OptionSpec option) {
      String named = name.apply(option);
      return invalid.getMessage().startsWith(named)
          ? invalid.getMessage()
          : named + " " + invalid.getMessage();
    }
    return e.getMessage();
  }
}
