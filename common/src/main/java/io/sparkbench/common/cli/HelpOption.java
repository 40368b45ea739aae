package io.sparkbench.common.cli;

import picocli.CommandLine;

/** The commands' {@code -h, --help}, as a picocli mixin. */
public final class HelpOption {
  @CommandLine.Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  private boolean help;
}
