package io.sparkbench.api.compare;

import static io.sparkbench.api.result.ScalingModel.median;

import io.sparkbench.api.v1.Comparison;
import io.sparkbench.api.v1.Comparison.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Decides whether a round regressed against its baseline, per record count and executor count, from
 * the repetitions of both sides: the median ratio's 95 % bootstrap interval (each side's durations
 * resampled with replacement) held against 1 + tolerance. A count is regressed when the whole
 * interval lies above it, unchanged when the whole interval lies at or below it, and otherwise the
 * runs cannot tell: the reason then says how many repetitions the measured variation needs. The
 * resampling is seeded, so one set of durations always gets the same verdict.
 */
public final class RegressionCheck {

  /** Resamples of the bootstrap. */
  static final int RESAMPLES = 10_000;

  /** Seed of the resampling: the verdict depends only on the durations. */
  private static final long SEED = 0x5eed_0f_bea7L;

  /** z for a two-sided 95 % test and for 95 % power, for the repetitions a change needs. */
  private static final double Z_TEST = 1.96;

  private static final double Z_POWER = 1.645;

  /** The longest message. */
  public static final int MAX_MESSAGE = 1024;

  /** The runs of one record count and executor count. */
  public record Sample(long records, int executors, List<Double> seconds, Long totalAmount) {
    public Sample {
      seconds = List.copyOf(seconds);
    }
  }

  /**
   * One side of a comparison. Pinned figures have one duration each and no noise of their own;
   * their {@code executors} may be 0 for "every executor count".
   */
  public record Side(String label, List<Sample> samples, boolean pinned) {
    public Side {
      samples = List.copyOf(samples);
    }
  }

  private RegressionCheck() {}

  /** Compares {@code round} with {@code baseline}; {@code differences} go into the result. */
  public static Comparison compare(
      Side baseline, Side round, double tolerance, List<String> differences) {
    Comparison comparison = new Comparison();
    comparison.baseline = baseline.label();
    comparison.tolerance = tolerance;
    comparison.differences = new ArrayList<>(differences);
    Double variation = variation(baseline, round);
    comparison.variation = variation == null ? null : round4(variation);
    for (Sample sample : round.samples()) {
      Sample base = match(baseline, sample);
      if (base != null && !sample.seconds().isEmpty() && !base.seconds().isEmpty()) {
        comparison.counts.add(count(base, sample, baseline.pinned(), tolerance, variation));
      }
    }
    verdict(comparison, tolerance);
    return comparison;
  }

  private static Sample match(Side baseline, Sample sample) {
    for (Sample base : baseline.samples()) {
      if (base.records() == sample.records()
          && (base.executors() == sample.executors()
              || (baseline.pinned() && base.executors() == 0))) {
        return base;
      }
    }
    return null;
  }

  private static Comparison.Count count(
      Sample base, Sample sample, boolean pinned, double tolerance, Double variation) {
    Comparison.Count count = new Comparison.Count();
    count.records = sample.records();
    count.executors = sample.executors();
    count.baselineSeconds = round4(median(base.seconds()));
    count.baselineRuns = pinned ? null : base.seconds().size();
    count.seconds = round4(median(sample.seconds()));
    count.runs = sample.seconds().size();
    count.ratio = round4(median(sample.seconds()) / median(base.seconds()));
    if (base.totalAmount() != null
        && sample.totalAmount() != null
        && !base.totalAmount().equals(sample.totalAmount())) {
      count.regressed = Verdict.Unknown;
      count.reason =
          "different data (total amount "
              + sample.totalAmount()
              + " vs "
              + base.totalAmount()
              + " KRW): give both the same seed and dataset";
      return count;
    }
    int runs = sample.seconds().size();
    if (runs < 2 || (!pinned && base.seconds().size() < 2)) {
      count.regressed = Verdict.Unknown;
      count.reason =
          tooFew(
              Math.min(runs, pinned ? runs : base.seconds().size()), tolerance, variation, pinned);
      return count;
    }
    double[] interval = interval(base.seconds(), sample.seconds(), pinned, seed(sample));
    count.low = round4(interval[0]);
    count.high = round4(interval[1]);
    double limit = 1 + tolerance;
    if (interval[0] > limit) {
      count.regressed = Verdict.True;
    } else if (interval[1] <= limit) {
      count.regressed = Verdict.False;
    } else {
      count.regressed = Verdict.Unknown;
      count.reason =
          tooFew(
              Math.min(runs, pinned ? runs : base.seconds().size()), tolerance, variation, pinned);
    }
    return count;
  }

  private static long seed(Sample sample) {
    return SEED ^ (sample.records() * 31 + sample.executors());
  }

  /** The 2.5th and 97.5th percentiles of the resampled median ratio. */
  static double[] interval(List<Double> base, List<Double> round, boolean pinned, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] b = toArray(base);
    double[] r = toArray(round);
    double[] ratios = new double[RESAMPLES];
    double[] rs = new double[r.length];
    double[] bs = new double[b.length];
    double pinnedMedian = median(base);
    for (int i = 0; i < RESAMPLES; i++) {
      ratios[i] =
          resampledMedian(r, rs, random) / (pinned ? pinnedMedian : resampledMedian(b, bs, random));
    }
    Arrays.sort(ratios);
    return new double[] {
      ratios[(int) Math.floor(0.025 * (RESAMPLES - 1))],
      ratios[(int) Math.ceil(0.975 * (RESAMPLES - 1))]
    };
  }

  private static double resampledMedian(double[] values, double[] into, SplittableRandom random) {
    for (int i = 0; i < values.length; i++) {
      into[i] = values[random.nextInt(values.length)];
    }
    Arrays.sort(into);
    int n = into.length;
    return n % 2 == 1 ? into[n / 2] : (into[n / 2 - 1] + into[n / 2]) / 2;
  }

  /**
   * The reason a count cannot be decided: how many runs it had and, from the measured variation,
   * about how many a change of {@code tolerance} needs to be caught 95 % of the time.
   */
  static String tooFew(int runs, double tolerance, Double variation, boolean pinned) {
    String change = percent(tolerance) + " change";
    if (variation == null) {
      return runs
          + (runs == 1 ? " repetition cannot" : " repetitions cannot")
          + " measure the variation needed to detect a "
          + change
          + ": set spec.repetitions to at least 3";
    }
    return runs
        + (runs == 1 ? " repetition is" : " repetitions are")
        + " too few to detect a "
        + change
        + " at the measured variation ("
        + percent(variation)
        + " per run); about "
        + needed(tolerance, variation, pinned)
        + " are needed";
  }

  /**
   * Runs per side that catch a change of {@code tolerance} 95 % of the time in a two-sided 95 %
   * test on log durations with standard deviation {@code variation} (half as many against pinned
   * figures, which have no noise of their own); at least 3.
   */
  static int needed(double tolerance, double variation, boolean pinned) {
    double effect = Math.log1p(Math.max(tolerance, 0.01));
    double perSide = Math.pow((Z_TEST + Z_POWER) * variation / effect, 2) * (pinned ? 1 : 2);
    return (int) Math.max(3, Math.ceil(perSide));
  }

  /**
   * The pooled standard deviation of log durations around their count's mean, over every count of
   * both sides with two runs or more; null when there is none.
   */
  static Double variation(Side baseline, Side round) {
    double squares = 0;
    int freedom = 0;
    List<Sample> all = new ArrayList<>(round.samples());
    if (!baseline.pinned()) {
      all.addAll(baseline.samples());
    }
    for (Sample sample : all) {
      int n = sample.seconds().size();
      if (n < 2) {
        continue;
      }
      double mean = 0;
      for (double s : sample.seconds()) {
        mean += Math.log(s) / n;
      }
      for (double s : sample.seconds()) {
        squares += Math.pow(Math.log(s) - mean, 2);
      }
      freedom += n - 1;
    }
    return freedom == 0 ? null : Math.sqrt(squares / freedom);
  }

  private static void verdict(Comparison comparison, double tolerance) {
    if (comparison.counts.isEmpty()) {
      comparison.regressed = Verdict.Unknown;
      comparison.reason = "NotComparable";
      comparison.message =
          "no record count and executor count was measured by both the round and "
              + comparison.baseline;
      return;
    }
    List<String> regressed = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    List<String> within = new ArrayList<>();
    boolean differentData = false;
    for (Comparison.Count count : comparison.counts) {
      String figure = figure(count);
      switch (count.regressed) {
        case True -> regressed.add(figure);
        case False -> within.add(figure);
        case Unknown -> {
          unknown.add(figure + ": " + count.reason);
          differentData |= count.reason.startsWith("different data");
        }
      }
    }
    String message;
    if (!regressed.isEmpty()) {
      comparison.regressed = Verdict.True;
      comparison.reason = "Regressed";
      message =
          "slower than "
              + comparison.baseline
              + " by more than "
              + percent(tolerance)
              + " at "
              + String.join(", ", regressed);
    } else if (!unknown.isEmpty()) {
      comparison.regressed = Verdict.Unknown;
      comparison.reason = differentData ? "NotComparable" : "TooFewRepetitions";
      message = String.join("; ", unknown);
    } else {
      comparison.regressed = Verdict.False;
      comparison.reason = "WithinTolerance";
      message =
          "within "
              + percent(tolerance)
              + " of "
              + comparison.baseline
              + " at "
              + String.join(", ", within);
    }
    comparison.message = bounded(message);
  }

  /** "1000 records on 2 executors 1.92× (95 % 1.85–2.01×)". */
  private static String figure(Comparison.Count count) {
    String interval =
        count.low == null
            ? ""
            : String.format(Locale.ROOT, " (95 %% %.2f–%.2f×)", count.low, count.high);
    return String.format(
        Locale.ROOT,
        "%d records on %d executor%s %.2f×%s",
        count.records,
        count.executors,
        count.executors == 1 ? "" : "s",
        count.ratio,
        interval);
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.0f %%", fraction * 100);
  }

  private static String bounded(String message) {
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 1) + "…";
  }

  private static double[] toArray(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static Double round4(double value) {
    return Double.isFinite(value) ? Math.round(value * 10_000) / 10_000.0 : null;
  }
}
