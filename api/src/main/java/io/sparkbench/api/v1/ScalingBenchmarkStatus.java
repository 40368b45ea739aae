package io.sparkbench.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed. Bounded: at most {@link #MAX_RESULTS} results are kept. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ScalingBenchmarkStatus {

  /**
   * The newest results kept in the status; older ones are dropped (the schema caps runs at 100).
   */
  public static final int MAX_RESULTS = 100;

  @JsonPropertyDescription("Pending, Queued, Running, Succeeded or Failed.")
  public Phase phase;

  @JsonPropertyDescription("The metadata.generation of the spec this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription(
      "Digest of the spec fields that change what is measured (all but predict): a spec change"
          + " that keeps it keeps the results and only refits the predictions.")
  public String measuredSpec;

  @JsonPropertyDescription("Finished runs out of all runs, e.g. 2/3.")
  public String progress;

  @JsonPropertyDescription("Number of finished runs (succeeded; failed attempts not counted).")
  public Integer completedRuns;

  @JsonPropertyDescription("Duration in seconds of the latest finished run.")
  public Double lastDurationSeconds;

  @JsonPropertyDescription("The run whose driver pod exists now.")
  public CurrentRun currentRun;

  @JsonPropertyDescription(
      "One entry per finished run, oldest first; at most the 100 newest are kept.")
  public List<RunResult> results = new ArrayList<>();

  @JsonPropertyDescription(
      "Linear model seconds = fixedSeconds + microsPerRecord × records / 10⁶, fitted on the"
          + " median duration per record count; set from two record counts on.")
  public Model model;

  @JsonPropertyDescription("Standard conditions: Succeeded and Ready.")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Why the benchmark failed, when it did.")
  public Error error;

  /** The run in progress. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class CurrentRun {
    @JsonPropertyDescription("Record count of the run.")
    public Long records;

    @JsonPropertyDescription("Repetition of that record count, from 1.")
    public Integer repetition;

    @JsonPropertyDescription("Attempt of this run, from 1; a retry gets a new driver.")
    public Integer attempt;

    @JsonPropertyDescription("Name of the driver pod.")
    public String driverPod;

    @JsonPropertyDescription(
        "UID of the driver pod the operator created: its result is read from that pod only.")
    public String driverPodUid;

    @JsonPropertyDescription("When the driver pod was created (RFC 3339).")
    public String startedAt;
  }

  /** What one finished run measured. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RunResult {
    @JsonPropertyDescription("Record count of the run.")
    public Long records;

    @JsonPropertyDescription("Repetition of that record count, from 1.")
    public Integer repetition;

    @JsonPropertyDescription("Attempt that succeeded, from 1.")
    public Integer attempt;

    @JsonPropertyDescription("Wall seconds from driver JVM start to the end of the gold stage.")
    public Double durationSeconds;

    @JsonPropertyDescription("Wall seconds per stage.")
    public Stages stages;

    @JsonPropertyDescription("Row counts per layer.")
    public Rows rows;

    @JsonPropertyDescription("Peak resident memory in MiB of the driver and the largest executor.")
    public PeakMemory peakMemoryMiB;

    @JsonPropertyDescription("Task CPU time over wall time of the stages times the cores, 0 to 1.")
    public Double cpuUtilization;

    @JsonPropertyDescription("CPU seconds of the stages: the tasks', and the driver JVM's own.")
    public CpuSeconds cpuSeconds;

    @JsonPropertyDescription("Records divided by the duration.")
    public Double recordsPerSecond;

    @JsonPropertyDescription(
        "Sum of valid transaction amounts in KRW: a checksum, equal for equal seeds.")
    public Long totalAmount;

    @JsonPropertyDescription(
        "Seconds the model fitted on the smaller record counts predicted for this run; absent"
            + " while fewer than two smaller counts were measured or when that model could not"
            + " predict (a cost per record that is not positive).")
    public Double predictedSeconds;

    @JsonPropertyDescription(
        "The settings of the driver's JVM; runs fitted into one model should share them.")
    public Jvm jvm;

    @JsonPropertyDescription("Name of the driver pod that ran it.")
    public String driverPod;

    @JsonPropertyDescription("When the run finished (RFC 3339).")
    public String finishedAt;

    @JsonPropertyDescription(
        "The Spark application id of the run, as the event log and the History Server name it.")
    public String sparkApplicationId;

    @JsonPropertyDescription(
        "The run's Spark event log: Spark 4's rolling log folder eventlog_v2_<application id>;"
            + " absent when spec.eventLog.enabled is false.")
    public String eventLog;

    @JsonPropertyDescription(
        "The run's page in the Spark History Server the operator was configured with (jobs,"
            + " stages, SQL plans and the DAG); absent without one.")
    public String historyServerUrl;
  }

  /** The settings a run's driver JVM had. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Jvm {
    @JsonPropertyDescription(
        "tuned (the project's run settings), none (the JVM's defaults, asked for) or default.")
    public String settings;

    @JsonPropertyDescription("JIT compilation: C1, tiered or C2.")
    public String jit;

    @JsonPropertyDescription("Garbage collector, e.g. Parallel or G1.")
    public String gc;

    @JsonPropertyDescription("Largest heap the driver's JVM could use, in MiB.")
    public Long heapMiB;

    @JsonPropertyDescription(
        "The class-data-sharing archive the driver's JVM mapped; absent when it had none (or, on"
            + " the local cluster, wrote it at exit for later runs).")
    public String archive;
  }

  /** Wall seconds per stage. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Stages {
    @JsonPropertyDescription("JVM start until the Spark session is ready.")
    public Double startup;

    @JsonPropertyDescription("Generating the landing data.")
    public Double generate;

    @JsonPropertyDescription("Landing data to the bronze table.")
    public Double bronze;

    @JsonPropertyDescription("Validation, de-duplication and enrichment to silver.")
    public Double silver;

    @JsonPropertyDescription("Aggregates to the gold tables.")
    public Double gold;
  }

  /** Row counts per layer. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Rows {
    @JsonPropertyDescription("Rows generated, dirty ones included.")
    public Long generated;

    @JsonPropertyDescription("Rows in bronze.")
    public Long bronze;

    @JsonPropertyDescription("Rows rejected by validation.")
    public Long rejected;

    @JsonPropertyDescription("Valid rows dropped as duplicates.")
    public Long duplicates;

    @JsonPropertyDescription("Rows in silver.")
    public Long silver;

    @JsonPropertyDescription("Rows over all gold tables.")
    public Long gold;
  }

  /** Peak resident memory. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PeakMemory {
    @JsonPropertyDescription("Driver peak RSS in MiB.")
    public Long driver;

    @JsonPropertyDescription("Largest executor's peak RSS in MiB.")
    public Long executor;
  }

  /** CPU seconds over the pipeline stages. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class CpuSeconds {
    @JsonPropertyDescription("All Spark tasks.")
    public Double tasks;

    @JsonPropertyDescription(
        "The driver JVM, all its threads: scheduling, query planning, code generation, JIT and"
            + " GC (and the tasks too when the driver runs them).")
    public Double driver;

    @JsonPropertyDescription("Of the driver's: its JIT compiler threads.")
    public Double driverJit;

    @JsonPropertyDescription("Of the driver's: its garbage collector threads.")
    public Double driverGc;

    @JsonPropertyDescription("The executor JVMs, all their threads (tasks included).")
    public Double executors;

    @JsonPropertyDescription("Of the executors': their JIT compiler threads.")
    public Double executorsJit;

    @JsonPropertyDescription("Of the executors': their garbage collector threads.")
    public Double executorsGc;
  }

  /** The fitted scaling model. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Model {
    @JsonPropertyDescription("Seconds a run takes regardless of its size (the intercept).")
    public Double fixedSeconds;

    @JsonPropertyDescription("Marginal cost of one record in microseconds (the slope).")
    public Double microsPerRecord;

    @JsonPropertyDescription("Coefficient of determination, 1 for a perfect line.")
    public Double rSquared;

    @JsonPropertyDescription(
        "The driver JVM of the fitted runs: run settings, JIT compiler and class-data sharing."
            + " Only runs like the newest one are fitted, as each of these changes the cost curve.")
    public String jvm;

    @JsonPropertyDescription("How many results the model was fitted on.")
    public Integer runs;

    @JsonPropertyDescription(
        "How many results were left out of the fit and why (their driver JVM differed from the"
            + " newest run's); absent when every result was fitted.")
    public String runsLeftOut;

    @JsonPropertyDescription(
        "Predicted durations of spec.predict; empty when predictionsWithheld says why.")
    public List<Prediction> predictions = new ArrayList<>();

    @JsonPropertyDescription(
        "Why predictions were left out, e.g. a cost per record that is not positive (the"
            + " durations did not grow with the record count beyond their noise); absent when"
            + " every prediction was made.")
    public String predictionsWithheld;
  }

  /** One prediction. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Prediction {
    @JsonPropertyDescription("Record count.")
    public Long records;

    @JsonPropertyDescription("Predicted seconds.")
    public Double seconds;
  }

  /** Why the benchmark failed. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Error {
    @JsonPropertyDescription(
        "Short cause, e.g. InvalidSpec, Unschedulable, ImagePullBackOff, OOMKilled, DriverFailed,"
            + " RunTimeout, ResultUnreadable.")
    public String reason;

    @JsonPropertyDescription("What happened and what to change.")
    public String message;
  }
}
