package io.sparkbench.operator.status;

import io.sparkbench.api.run.RunId;
import io.sparkbench.api.run.RunPlan;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import java.time.Instant;

/**
 * The part of a benchmark's status that follows from the rest: {@code phase}, {@code progress} and
 * the {@link Conditions Ready and Succeeded conditions}, and nothing else writes them. The
 * lifecycle says which phase a benchmark enters and, where the recorded facts cannot tell, why (an
 * {@link Entered}); everything written here follows from that and from what the steps recorded:
 * {@code completedRuns}, {@code currentRun}, {@code model}, {@code error}. With n completed runs of
 * m:
 *
 * <pre>
 * entered       phase      progress  Succeeded               Ready               message
 * Accepted      Pending    -         Unknown/Pending         False/Pending       accepted
 * StartingOver  Pending    n/m       Unknown/SpecChanged     False/SpecChanged   spec changed (generation g): starting over
 * Queued(k)     Queued     n/m       Unknown/Queued          False/Queued        waiting for a free slot: at most k benchmark(s) run at once, oldest first
 * Running       Running    n/m       Unknown/Running         True/Running        run n+1/m: &lt;currentRun&gt;, driver pod &lt;pod&gt;
 *   (no currentRun: between two runs, the conditions still describe the last one)
 * Succeeded     Succeeded  n/m       True/AllRunsSucceeded   True/Succeeded      n runs succeeded; model: ...
 * Failed        Failed     n/m       False/error.reason()      False/error.reason()  error.message()
 * </pre>
 *
 * A condition's transition time changes only with its status ({@link Conditions#set}).
 */
public final class PhaseStatus {

  /** The phase a benchmark enters, with what the status does not record about why. */
  public sealed interface Entered {
    Phase phase();
  }

  /** A new benchmark, seen for the first time. */
  public record Accepted() implements Entered {
    @Override
    public Phase phase() {
      return Phase.Pending;
    }
  }

  /** The spec changed what the runs measure; the results were cleared. */
  public record StartingOver() implements Entered {
    @Override
    public Phase phase() {
      return Phase.Pending;
    }
  }

  /** {@code spec.schedule} started the next round; the last round's results made way. */
  public record NextRound(int round) implements Entered {
    @Override
    public Phase phase() {
      return Phase.Pending;
    }
  }

  /** Waiting for one of the operator's {@code maxRunning} slots. */
  public record Queued(int maxRunning) implements Entered {
    @Override
    public Phase phase() {
      return Phase.Queued;
    }
  }

  /** A run was started ({@code currentRun}) or its result recorded (no {@code currentRun}). */
  public record Running() implements Entered {
    @Override
    public Phase phase() {
      return Phase.Running;
    }
  }

  /** Every run's result is recorded. */
  public record Succeeded() implements Entered {
    @Override
    public Phase phase() {
      return Phase.Succeeded;
    }
  }

  /** The benchmark cannot go on; {@code error} says why. */
  public record Failed() implements Entered {
    @Override
    public Phase phase() {
      return Phase.Failed;
    }
  }

  private PhaseStatus() {}

  /**
   * Writes phase, progress and conditions for entering {@code entered}.
   *
   * @return the conditions' message (what the phase's Event says), or null where the conditions
   *     were kept
   */
  public static String enter(
      ScalingBenchmarkStatus status,
      ScalingBenchmarkSpec spec,
      Entered entered,
      long generation,
      Instant now) {
    status.phase = entered.phase();
    if (!(entered instanceof Accepted)) {
      status.progress = progress(status, spec);
    }
    String message = message(status, spec, entered, generation);
    if (message == null) {
      return null;
    }
    String reason = reason(status, entered);
    String succeeded =
        switch (status.phase) {
          case Succeeded -> "True";
          case Failed -> "False";
          default -> "Unknown";
        };
    String ready =
        status.phase == Phase.Running || status.phase == Phase.Succeeded ? "True" : "False";
    Conditions.set(
        status,
        Conditions.SUCCEEDED,
        succeeded,
        entered instanceof Succeeded ? "AllRunsSucceeded" : reason,
        message,
        generation,
        now);
    Conditions.set(status, Conditions.READY, ready, reason, message, generation, now);
    return message;
  }

  /** {@code completedRuns/totalRuns}, e.g. {@code 2/3}. */
  public static String progress(ScalingBenchmarkStatus status, ScalingBenchmarkSpec spec) {
    return progress(completedRuns(status), totalRuns(spec));
  }

  static String progress(int completedRuns, int totalRuns) {
    return completedRuns + "/" + totalRuns;
  }

  /** Every run the spec implies ({@link RunPlan}); 0 for a spec without record counts. */
  public static int totalRuns(ScalingBenchmarkSpec spec) {
    return RunPlan.of(spec).size();
  }

  private static int completedRuns(ScalingBenchmarkStatus status) {
    return status.completedRuns == null ? 0 : status.completedRuns;
  }

  private static String reason(ScalingBenchmarkStatus status, Entered entered) {
    if (entered instanceof Accepted) {
      return "Pending";
    }
    if (entered instanceof StartingOver) {
      return "SpecChanged";
    }
    if (entered instanceof NextRound) {
      return "NextRound";
    }
    if (entered instanceof Failed) {
      return status.error.reason();
    }
    return entered.phase().name();
  }

  private static String message(
      ScalingBenchmarkStatus status, ScalingBenchmarkSpec spec, Entered entered, long generation) {
    if (entered instanceof Accepted) {
      return "accepted";
    }
    if (entered instanceof StartingOver) {
      return "spec changed (generation " + generation + "): starting over";
    }
    if (entered instanceof NextRound next) {
      return "round " + next.round() + " starts, as spec.schedule says";
    }
    if (entered instanceof Queued queued) {
      return "waiting for a free slot: at most "
          + queued.maxRunning()
          + " benchmark(s) run at once, oldest first";
    }
    if (entered instanceof Running) {
      ScalingBenchmarkStatus.CurrentRun current = status.currentRun;
      if (current == null) {
        return null;
      }
      RunId run = RunPlan.of(spec).of(current);
      return "run "
          + (completedRuns(status) + 1)
          + "/"
          + totalRuns(spec)
          + ": "
          + run
          + ", driver pod "
          + current.driverPod;
    }
    if (entered instanceof Succeeded) {
      ScalingBenchmarkStatus.Model model = status.model;
      return completedRuns(status)
          + " runs succeeded"
          + (model == null
              ? ""
              : "; model: "
                  + model.fixedSeconds
                  + " s + "
                  + model.microsPerRecord
                  + " µs/record"
                  + (model.rSquared == null ? "" : " (R² " + model.rSquared + ")")
                  + (model.predictionsWithheld == null ? "" : "; " + model.predictionsWithheld));
    }
    return status.error.message();
  }
}
