package io.sparkbench.operator.cost;

import io.sparkbench.api.v1.ScalingBenchmarkStatus.Cost;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.Model;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.Timeline;
import java.util.Locale;

/**
 * What a run cost: the core-seconds and GiB-seconds its pods requested and, with a price table,
 * their price. The driver holds its requests from its container's start to its exit; the executors
 * are counted from the driver JVM's start, as the driver asks for them while it starts Spark, to
 * the driver's exit, which stops them: an upper bound, as an executor starts a few seconds after it
 * is asked for.
 */
public final class RunCost {

  private static final double SECONDS_PER_HOUR = 3600;

  /** Records of the model's cost figure. */
  public static final long MILLION = 1_000_000;

  private RunCost() {}

  /**
   * The cost of a recorded run from its timeline (or, for a result without one, its duration for
   * both roles), priced as its node's instance type is when {@code prices} is not null.
   */
  public static Cost of(RunResult run, PodShape shape, Prices prices) {
    Timeline t = run.timeline;
    double driverSeconds;
    double executorSeconds;
    if (t != null && t.run != null) {
      executorSeconds = t.run + zeroIfNull(t.driverExit);
      driverSeconds = zeroIfNull(t.jvmStart) + executorSeconds;
    } else {
      driverSeconds = run.durationSeconds == null ? 0 : run.durationSeconds;
      executorSeconds = driverSeconds;
    }
    String instanceType = run.fingerprint == null ? null : run.fingerprint.instanceType;
    return of(shape, driverSeconds, executorSeconds, prices, instanceType);
  }

  /** The cost of {@code shape}'s driver over {@code driverSeconds} and executors over theirs. */
  public static Cost of(
      PodShape shape,
      double driverSeconds,
      double executorSeconds,
      Prices prices,
      String instanceType) {
    Cost cost = new Cost();
    cost.cores = round(shape.cores(), 3);
    cost.gib = round(shape.gib(), 3);
    double executors = shape.executors() * executorSeconds;
    double coreSeconds = shape.driverCores() * driverSeconds + shape.executorCores() * executors;
    double gibSeconds =
        (shape.driverMiB() * driverSeconds + shape.executorMiB() * executors) / 1024.0;
    cost.coreSeconds = round(coreSeconds, 3);
    cost.gibSeconds = round(gibSeconds, 3);
    if (prices != null) {
      price(cost, prices.currency(), prices.of(instanceType), coreSeconds, gibSeconds);
    }
    return cost;
  }

  /**
   * A run of one million records by the model's line: its seconds at 10⁶ records times the cores
   * and GiB {@code newest} (the newest fitted run) requested, priced at that run's prices. Null
   * when the line's cost per record is not positive (it predicts nothing, as {@code
   * predictionsWithheld} says), when it gives no positive time there, or when the run has no cost.
   */
  public static Cost perMillionRecords(Model model, RunResult newest) {
    if (model == null
        || model.fixedSeconds == null
        || model.microsPerRecord == null
        || !(model.microsPerRecord > 0)
        || newest == null
        || newest.cost == null
        || newest.cost.cores == null
        || newest.cost.gib == null) {
      return null;
    }
    // the line at 10⁶ records: fixed + µs/record × 10⁶ / 10⁶
    double seconds = model.fixedSeconds + model.microsPerRecord * MILLION / 1e6;
    if (!(seconds > 0)) {
      return null;
    }
    Cost run = newest.cost;
    Cost cost = new Cost();
    cost.cores = run.cores;
    cost.gib = run.gib;
    double coreSeconds = seconds * run.cores;
    double gibSeconds = seconds * run.gib;
    cost.coreSeconds = round(coreSeconds, 3);
    cost.gibSeconds = round(gibSeconds, 3);
    if (run.currency != null && run.pricePerCoreHour != null && run.pricePerGibHour != null) {
      price(
          cost,
          run.currency,
          new Prices.Rates(run.pricePerCoreHour, run.pricePerGibHour),
          coreSeconds,
          gibSeconds);
    }
    return cost;
  }

  /**
   * A cost as pages and tables show it: {@code 0.0012 USD (89 core-s, 123 GiB-s)} with a price,
   * {@code 89 core-s, 123 GiB-s} without one, {@code -} for none.
   */
  public static String describe(Cost cost) {
    if (cost == null || cost.coreSeconds == null || cost.gibSeconds == null) {
      return "-";
    }
    String held =
        String.format(Locale.ROOT, "%.0f core-s, %.0f GiB-s", cost.coreSeconds, cost.gibSeconds);
    return cost.amount == null
        ? held
        : String.format(Locale.ROOT, "%.4f %s (%s)", cost.amount, cost.currency, held);
  }

  private static void price(
      Cost cost, String currency, Prices.Rates rates, double coreSeconds, double gibSeconds) {
    cost.currency = currency;
    cost.pricePerCoreHour = rates.coreHour();
    cost.pricePerGibHour = rates.gibHour();
    cost.amount =
        round(
            coreSeconds / SECONDS_PER_HOUR * rates.coreHour()
                + gibSeconds / SECONDS_PER_HOUR * rates.gibHour(),
            6);
  }

  private static double zeroIfNull(Double value) {
    return value == null ? 0 : value;
  }

  private static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale + 0.0;
  }
}
