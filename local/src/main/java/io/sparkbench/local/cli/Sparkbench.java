package io.sparkbench.local.cli;

import io.sparkbench.operator.OperatorMain;
import java.util.Arrays;

/**
 * The operator jar's entry point: {@code local MANIFEST} runs benchmarks on this machine; anything
 * else (or nothing) starts the operator against the cluster of the current kubeconfig or service
 * account.
 */
public final class Sparkbench {

  private Sparkbench() {}

  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("local")) {
      // Progress lines go to stdout; the operator's own log keeps to warnings.
      OperatorMain.configureLogging("WARN");
      System.exit(LocalRunCommand.main(Arrays.copyOfRange(args, 1, args.length)));
    }
    OperatorMain.main(args);
  }
}
