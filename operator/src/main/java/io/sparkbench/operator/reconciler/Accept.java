package io.sparkbench.operator.reconciler;

/**
 * A new benchmark: records the generation and the measured spec it is accepted with, and starts its
 * first round.
 */
final class Accept {

  private Accept() {}

  static Outcome accept(BenchmarkContext ctx) {
    ctx.status.observedGeneration = ctx.generation();
    ctx.status.measuredSpec = RestartOnSpecChange.measuredSpec(ctx);
    Rounds.first(ctx);
    return new Outcome.Accepted();
  }
}
