package io.sparkbench.bench;

import io.sparkbench.common.cli.OneLineErrors;
import java.util.concurrent.Callable;
import java.util.function.ToIntFunction;
import picocli.CommandLine;

/**
 * A benchmark's command line: picocli fills the options, {@link #arguments()} checks them into the
 * benchmark's arguments, and valid arguments go to the benchmark. Bad input is one line and exit
 * code 2.
 *
 * @param <A> the benchmark's arguments
 */
abstract class CommandOptions<A> implements Callable<Integer> {

  @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

  private final ToIntFunction<A> run;

  CommandOptions(ToIntFunction<A> run) {
    this.run = run;
  }

  /**
   * The arguments the options give.
   *
   * @throws IllegalArgumentException saying what to fix
   */
  abstract A arguments();

  /** The command of {@code options}, with one-line errors. */
  static CommandLine commandLine(CommandOptions<?> options) {
    return new CommandLine(options).setParameterExceptionHandler(new OneLineErrors());
  }

  /**
   * The arguments {@code args} give {@code options}.
   *
   * @throws IllegalArgumentException saying what to fix
   */
  static <A> A parse(CommandOptions<A> options, String... args) {
    try {
      new CommandLine(options).parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException(
          OneLineErrors.message(e, CommandLine.Model.OptionSpec::longestName), e);
    }
    return options.arguments();
  }

  @Override
  public Integer call() {
    A arguments;
    try {
      arguments = arguments();
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
    return run.applyAsInt(arguments);
  }
}
