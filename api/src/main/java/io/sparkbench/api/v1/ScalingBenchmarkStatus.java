package io.sparkbench.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.sparkbench.api.result.Failure;
import io.sparkbench.api.run.Fingerprints;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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

  @JsonPropertyDescription(
      "With spec.executors: how time falls with executors, per executor count and across them;"
          + " set once two executor counts have runs at two record counts.")
  public ExecutorScaling executorScaling;

  @JsonPropertyDescription(
      "Peak memory per role fitted against records, and where it would reach the pod's limit.")
  public List<MemoryFit> memory = new ArrayList<>();

  @JsonPropertyDescription("Standard conditions: Succeeded and Ready.")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription("Why the benchmark failed, when it did.")
  public Failure error;

  @JsonPropertyDescription(
      "The round the results belong to, from 1; a scheduled benchmark starts a new one on each"
          + " of its schedule's times.")
  public Integer round;

  @JsonPropertyDescription(
      "When the round began: the benchmark's acceptance or its schedule's time.")
  public String roundStartedAt;

  @JsonPropertyDescription("When spec.schedule starts the next round (RFC 3339).")
  public String nextRoundAt;

  @JsonPropertyDescription(
      "A summary of each finished round, oldest first; at most the 30 newest are kept.")
  public List<RoundSummary> rounds = new ArrayList<>();

  @JsonPropertyDescription("The latest finished round compared with spec.baseline.")
  public Comparison comparison;

  @JsonPropertyDescription(
      "The folder of the history: one JSON line per run, written by the run's driver into the"
          + " storage and never rewritten; absent with emptyDir storage, which a pod's end loses.")
  public String history;

  /** The run in progress. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class CurrentRun {
    @JsonPropertyDescription("Record count of the run.")
    public Long records;

    @JsonPropertyDescription("Executors the run asks for.")
    public Integer executors;

    @JsonPropertyDescription("Repetition of that record count and executor count, from 1.")
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

    @JsonPropertyDescription(
        "Executors the run asked for; absent in results written before runs recorded it.")
    public Integer executors;

    @JsonPropertyDescription("Repetition of that record count and executor count, from 1.")
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
        "Seconds the model fitted on the smaller record counts (same executor count and driver"
            + " JVM) predicted for this run before it ran, also when that line fell; absent while"
            + " fewer than two smaller counts were measured or when the line gives no positive"
            + " time.")
    public Double predictedSeconds;

    @JsonPropertyDescription(
        "How far predictedSeconds was off, in percent of the measured duration: (predicted −"
            + " measured) / measured × 100, positive when the model expected longer.")
    public Double predictionErrorPercent;

    @JsonPropertyDescription(
        "The 95 % prediction interval around predictedSeconds, from the fitted runs' scatter"
            + " around their line; absent when the model had no measure of its error (two runs fit"
            + " any line exactly).")
    public Interval predictedInterval;

    @JsonPropertyDescription(
        "Where the run's time went, from when it could start until its result was recorded: the"
            + " parts add up to totalSeconds.")
    public Timeline timeline;

    @JsonPropertyDescription(
        "How well the run used the cores it was given over the pipeline stages, from Spark's"
            + " listener.")
    public Efficiency efficiency;

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

    @JsonPropertyDescription(
        "What the run ran on: image and digest, node and its instance type, Spark and Java, the"
            + " pods' shape and a hash of the Spark settings; runs whose fingerprints differ (see"
            + " Fingerprint.differences) measure different things. Absent in results written"
            + " before it was recorded.")
    public Fingerprint fingerprint;

    @JsonPropertyDescription(
        "What the run cost: the core-seconds and GiB-seconds its pods requested, and with the"
            + " operator's price table the amount. Absent in results written before it was"
            + " recorded.")
    public Cost cost;
  }

  /** A 95 % interval of seconds. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Interval {
    @JsonPropertyDescription("Lower end, seconds.")
    public Double low;

    @JsonPropertyDescription("Upper end, seconds.")
    public Double high;

    public Interval() {}

    public Interval(Double low, Double high) {
      this.low = low;
      this.high = high;
    }
  }

  /**
   * A run's time from when it could start until its result was recorded, in parts that follow each
   * other: queued, scheduling, containerStart, jvmStart, then the run's durationSeconds (its
   * stages: startup, generate, bronze, silver, gold), driverExit and recording. Pod times come from
   * the API server (whole seconds), the JVM's from the driver, so a part is 0 where the coarser
   * clock cannot tell two points apart.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Timeline {
    @JsonPropertyDescription(
        "From when the run could start (the previous run recorded, or the benchmark created)"
            + " until its driver pod was created: waiting for a slot and the operator's work.")
    public Double queued;

    @JsonPropertyDescription("Driver pod created until the scheduler bound it to a node.")
    public Double scheduling;

    @JsonPropertyDescription(
        "Bound until the driver container started: image pull, pod sandbox, volumes.")
    public Double containerStart;

    @JsonPropertyDescription("Container started until the driver JVM started: the entrypoint.")
    public Double jvmStart;

    @JsonPropertyDescription(
        "The run's durationSeconds: JVM start to the end of the gold stage (see stages).")
    public Double run;

    @JsonPropertyDescription(
        "Of run: seconds from the Spark session being ready until Spark's first job started.")
    public Double firstJob;

    @JsonPropertyDescription(
        "End of the gold stage until the driver container exited: writing the result, stopping"
            + " Spark and its executors.")
    public Double driverExit;

    @JsonPropertyDescription("Driver exit until the operator recorded the result.")
    public Double recording;

    @JsonPropertyDescription("Sum of the parts: from when the run could start to its record.")
    public Double totalSeconds;
  }

  /** How a run used its cores over the pipeline stages. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Efficiency {
    @JsonPropertyDescription(
        "Average tasks running at once over the stages (effective parallelism): task wall"
            + " seconds over stage wall seconds.")
    public Double averageActiveTasks;

    @JsonPropertyDescription("Cores given to tasks times the stages' wall seconds.")
    public Double allocatedCoreSeconds;

    @JsonPropertyDescription("CPU seconds the tasks used (cpuSeconds.tasks).")
    public Double usedCoreSeconds;

    @JsonPropertyDescription("Share of the allocated core-seconds no task used, in percent.")
    public Double wastedPercent;

    @JsonPropertyDescription("The longest chain of Spark stages each waiting for the one before.")
    public Integer longestStageChain;

    @JsonPropertyDescription("Spark stages submitted.")
    public Integer stages;
  }

  /** The settings a run's driver JVM had. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Jvm {
    @JsonPropertyDescription(
        "tuned (the project's run settings), none (the JVM's defaults, asked for) or default.")
    public String settings;

    @JsonPropertyDescription(
        "JIT compilation: C1, tiered or C2; both when executors of their own compile otherwise"
            + " than the driver, e.g. \"driver C1, executors tiered\".")
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

  /**
   * What a run ran on. The strings come from the cluster (pod, node) and the driver, each cut to a
   * bounded length; a field the operator could not learn (a node it may not read, a kubelet that
   * reports no digest) is absent, and an absent field is never a difference.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Fingerprint {
    @JsonPropertyDescription("The image as the driver pod names it.")
    public String image;

    @JsonPropertyDescription(
        "The image's digest as the kubelet reported it for the driver container (its imageID),"
            + " e.g. sha256:…; absent when the kubelet reported none.")
    public String imageDigest;

    @JsonPropertyDescription("The node the driver ran on.")
    public String node;

    @JsonPropertyDescription(
        "The node's node.kubernetes.io/instance-type label (or beta.kubernetes.io/instance-type);"
            + " absent when the node has none or the operator may not read nodes.")
    public String instanceType;

    @JsonPropertyDescription("The node's kubernetes.io/arch label, e.g. amd64 or arm64.")
    public String arch;

    @JsonPropertyDescription("The node's topology.kubernetes.io/zone label.")
    public String zone;

    @JsonPropertyDescription("The Spark version the driver ran.")
    public String sparkVersion;

    @JsonPropertyDescription("The driver JVM's java.runtime.version.")
    public String javaVersion;

    @JsonPropertyDescription("Executors the run asked for.")
    public Integer executors;

    @JsonPropertyDescription("Cores per executor, as the spec gave them.")
    public Integer executorCores;

    @JsonPropertyDescription("Heap per executor, as the spec gave it, e.g. 1g.")
    public String executorMemory;

    @JsonPropertyDescription("Cores of the driver, as the spec gave them.")
    public Integer driverCores;

    @JsonPropertyDescription("Heap of the driver, as the spec gave it.")
    public String driverMemory;

    @JsonPropertyDescription(
        "First 16 hex digits of the SHA-256 of the driver's effective Spark settings, sorted,"
            + " without those that name one run or a place (application id and name, hosts and"
            + " ports, pod names and labels, namespace, master, image, executor count, the"
            + " folders of the event log, the warehouse, spark.local.dir and the pod template)"
            + " and with secret-looking values redacted by spark.redaction.regex.")
    public String settingsHash;

    @JsonPropertyDescription("How many Spark settings the hash covers.")
    public Integer settings;

    /**
     * Why runs with this fingerprint and {@code other}'s may not be compared, one short line per
     * difference ({@code Spark 4.1.1 vs 4.0.0}); empty when they may. A field unknown on either
     * side is no difference; the node and the zone are recorded but not compared.
     */
    public List<String> differences(Fingerprint other) {
      return Fingerprints.differences(this, other);
    }
  }

  /** The resources a run (or, on the model, a run of one million records) held, and their price. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Cost {
    @JsonPropertyDescription(
        "Core-seconds the pods requested: the driver's CPU request over its running time"
            + " (container start to exit) plus each executor's over the executors' time, counted"
            + " from the driver JVM's start (it asks for them while starting Spark) to the"
            + " driver's exit (which stops them).")
    public Double coreSeconds;

    @JsonPropertyDescription(
        "GiB-seconds the pods requested, over the same times: memory requests are the heap plus"
            + " Spark's overhead (max(384 MiB, 10 %)), as Spark's builder asks for them.")
    public Double gibSeconds;

    @JsonPropertyDescription("Cores requested: the driver's plus every executor's.")
    public Double cores;

    @JsonPropertyDescription("GiB requested: the driver pod's plus every executor pod's.")
    public Double gib;

    @JsonPropertyDescription(
        "coreSeconds / 3600 × pricePerCoreHour + gibSeconds / 3600 × pricePerGibHour; absent"
            + " when the operator has no price table.")
    public Double amount;

    @JsonPropertyDescription("Currency of amount, from the price table, e.g. USD.")
    public String currency;

    @JsonPropertyDescription(
        "The price of a core-hour used: the price table's for the node's instance type when it"
            + " lists it, its default otherwise.")
    public Double pricePerCoreHour;

    @JsonPropertyDescription("The price of a GiB-hour used, chosen as pricePerCoreHour is.")
    public Double pricePerGibHour;
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

    @JsonPropertyDescription(
        "Executors of the fitted runs: with spec.executors, the newest run's count (see"
            + " executorScaling for the others).")
    public Integer executors;

    @JsonPropertyDescription("How many results the model was fitted on.")
    public Integer runs;

    @JsonPropertyDescription(
        "The fitted runs' scatter around the line (residual standard error, N − 2 degrees of"
            + " freedom), in seconds; absent with two runs, which fit any line exactly.")
    public Double residualSeconds;

    @JsonPropertyDescription(
        "How well the model predicted the runs it saw before they were measured: each run's"
            + " predictedSeconds against its duration.")
    public PredictionCheck priorPredictions;

    @JsonPropertyDescription(
        "The fixed seconds split by part of the run (stages and the pod's start and exit), each"
            + " part fitted against records as the model is; the run's parts (startup to gold) add"
            + " up to fixedSeconds.")
    public Map<String, Double> fixedSecondsByPart;

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

    @JsonPropertyDescription(
        "What a run of one million records costs by the fitted line: its seconds at 10⁶ records"
            + " (fixedSeconds + microsPerRecord) times the cores and GiB the pods of the newest"
            + " fitted run requested (driver and executors), priced as that run was when the"
            + " operator has a price table. An estimate: it counts every pod for the whole line's"
            + " seconds. Absent while the line's cost per record is not positive.")
    public Cost costPerMillionRecords;
  }

  /** One prediction. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Prediction {
    @JsonPropertyDescription("Record count.")
    public Long records;

    @JsonPropertyDescription("Predicted seconds.")
    public Double seconds;

    @JsonPropertyDescription("Lower end of the 95 % prediction interval, seconds.")
    public Double low;

    @JsonPropertyDescription("Upper end of the 95 % prediction interval, seconds.")
    public Double high;

    @JsonPropertyDescription(
        "True beyond 10 times the largest measured record count: the line is extrapolated"
            + " further than the runs can show it holds.")
    public Boolean extrapolated;
  }

  /** How a model did on runs it predicted before they were measured. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PredictionCheck {
    @JsonPropertyDescription("Runs that had a prediction.")
    public Integer runs;

    @JsonPropertyDescription("Mean of |predictionErrorPercent| over them.")
    public Double meanAbsoluteErrorPercent;

    @JsonPropertyDescription("The largest |predictionErrorPercent|.")
    public Double worstErrorPercent;

    @JsonPropertyDescription("Of them, runs whose duration fell inside the predicted interval.")
    public Integer withinInterval;

    @JsonPropertyDescription("Of them, runs that had an interval.")
    public Integer withInterval;
  }

  /** How time falls with executors. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ExecutorScaling {
    @JsonPropertyDescription("Per executor count, the line seconds = fixed + µs × records.")
    public List<ExecutorLine> lines = new ArrayList<>();

    @JsonPropertyDescription(
        "How many results were left out of these fits and why (their driver JVM differed from the"
            + " newest run's); absent when every result was fitted.")
    public String runsLeftOut;

    @JsonPropertyDescription(
        "The Ernest model over all runs: seconds = fixedSeconds + microsPerRecord × records /"
            + " executors / 10⁶ + logExecutorsSeconds × ln(executors) + perExecutorSeconds ×"
            + " executors, all terms non-negative (non-negative least squares).")
    public Ernest ernest;

    @JsonPropertyDescription("Why the Ernest model is not set, when it is not.")
    public String ernestWithheld;

    @JsonPropertyDescription(
        "Per record count and executor count: median seconds, speedup over the fewest executors"
            + " and parallel efficiency (speedup over the executor ratio).")
    public List<Speedup> speedup = new ArrayList<>();

    @JsonPropertyDescription(
        "Gunther's Universal Scalability Law fitted on the largest record count's throughput:"
            + " X(N) = lambda N / (1 + sigma (N − 1) + kappa N (N − 1)).")
    public Usl usl;

    @JsonPropertyDescription(
        "Why the Universal Scalability Law is not fitted, e.g. fewer than three executor counts.")
    public String uslWithheld;

    @JsonPropertyDescription(
        "The Ernest model's seconds for each spec.predict record count at each executor count.")
    public List<ExecutorPrediction> predictions = new ArrayList<>();
  }

  /** The line of one executor count. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ExecutorLine {
    @JsonPropertyDescription("Executor count.")
    public Integer executors;

    @JsonPropertyDescription("Intercept, seconds.")
    public Double fixedSeconds;

    @JsonPropertyDescription("Slope, microseconds per record.")
    public Double microsPerRecord;

    @JsonPropertyDescription("Coefficient of determination.")
    public Double rSquared;

    @JsonPropertyDescription("Runs fitted.")
    public Integer runs;
  }

  /** The Ernest model's coefficients. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Ernest {
    @JsonPropertyDescription("θ0: seconds regardless of records and executors.")
    public Double fixedSeconds;

    @JsonPropertyDescription("θ1: microseconds per record at one executor, shared by executors.")
    public Double microsPerRecord;

    @JsonPropertyDescription("θ2: seconds per unit of ln(executors), e.g. tree-shaped aggregation.")
    public Double logExecutorsSeconds;

    @JsonPropertyDescription("θ3: seconds per executor, e.g. starting and coordinating each one.")
    public Double perExecutorSeconds;

    @JsonPropertyDescription("Coefficient of determination over the runs.")
    public Double rSquared;

    @JsonPropertyDescription("Runs fitted.")
    public Integer runs;
  }

  /** Speedup at one record count and executor count. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Speedup {
    @JsonPropertyDescription("Record count.")
    public Long records;

    @JsonPropertyDescription("Executor count.")
    public Integer executors;

    @JsonPropertyDescription("Median seconds of its runs.")
    public Double seconds;

    @JsonPropertyDescription("Seconds at the fewest executors over these seconds.")
    public Double speedup;

    @JsonPropertyDescription("Speedup over the executor ratio, 1 for perfect scaling.")
    public Double efficiency;
  }

  /** The Universal Scalability Law's coefficients. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Usl {
    @JsonPropertyDescription("Record count whose throughput was fitted.")
    public Long records;

    @JsonPropertyDescription("Records per second of one executor without contention.")
    public Double lambda;

    @JsonPropertyDescription("Contention: the serial share, 0 to 1.")
    public Double sigma;

    @JsonPropertyDescription("Coherency: the cost of executors keeping each other consistent.")
    public Double kappa;

    @JsonPropertyDescription("Coefficient of determination on throughput.")
    public Double rSquared;

    @JsonPropertyDescription(
        "Executors at which throughput peaks, sqrt((1 − sigma) / kappa); absent when kappa is 0.")
    public Double peakExecutors;
  }

  /** A prediction at a record count and an executor count. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ExecutorPrediction {
    @JsonPropertyDescription("Record count.")
    public Long records;

    @JsonPropertyDescription("Executor count.")
    public Integer executors;

    @JsonPropertyDescription("Predicted seconds.")
    public Double seconds;

    @JsonPropertyDescription("True beyond 10 times the largest measured record count.")
    public Boolean extrapolated;
  }

  /** Peak memory of one role against records. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class MemoryFit {
    @JsonPropertyDescription("driver or executor.")
    public String role;

    @JsonPropertyDescription("Peak RSS at no records, MiB (the intercept).")
    public Double fixedMiB;

    @JsonPropertyDescription("Peak RSS growth per million records, MiB.")
    public Double mibPerMillionRecords;

    @JsonPropertyDescription("Coefficient of determination.")
    public Double rSquared;

    @JsonPropertyDescription("The role's pod memory limit, MiB (heap plus overhead).")
    public Long limitMiB;

    @JsonPropertyDescription(
        "Record count at which the fitted peak would reach the limit; absent when it does not"
            + " grow.")
    public Long limitReachedAtRecords;

    @JsonPropertyDescription(
        "Heap to ask for so the largest record count of spec.predict and records stays 25 % under"
            + " the limit, in Spark's memory format (e.g. 1536m).")
    public String recommendedMemory;
  }
}
