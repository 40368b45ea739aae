package io.sparkbench.api.result;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What one run of the medallion job measured: the versioned contract between the Spark job and the
 * operator. It is small enough for a container termination message (at most {@link
 * ResultCodec#MAX_BYTES} bytes as compact JSON). Build one by name with {@link #builder()}; the
 * JSON follows the order of the components below whichever way it was built.
 *
 * @param version contract version, {@link #CURRENT_VERSION}
 * @param status whether the pipeline finished
 * @param records transactions generated
 * @param seed generator seed; the same seed gives the same data and the same {@code totalAmount}
 * @param totalSeconds wall time from JVM start to the end of the gold stage
 * @param stages wall seconds per stage
 * @param rows row counts per layer
 * @param totalAmount sum of valid, de-duplicated transaction amounts in KRW (a checksum of the
 *     data)
 * @param memory peak heap and resident memory of the driver and the executors
 * @param cpu CPU time spent and how well the cores were used
 * @param executors executors that ran tasks (1 in local mode: the driver itself)
 * @param sparkVersion Spark version that ran the job
 * @param master Spark master URL
 * @param reportUri where the full report was written
 * @param eventLogUri the Spark event log file of the run, if event logging was on
 * @param error why the run failed, e.g. {@code SparkError} or {@code InvalidArguments}; {@code
 *     null} when it succeeded
 * @param jvm the settings the driver's JVM ran with; {@code null} in results written before they
 *     were recorded
 * @param applicationId the Spark application id ({@code spark-...} on Kubernetes, {@code local-...}
 *     in local mode), which names the run in the event log and the History Server; {@code null} for
 *     a run that failed before Spark started, or a result written before it was recorded
 * @param timeline where the run began on the wall clock and when Spark's first job started, so the
 *     stages can be placed in time; {@code null} for a failed run, or a result written before it
 *     was recorded
 * @param efficiency how many tasks were active on average over the pipeline stages, the
 *     core-seconds they were given, and how deep the chains of dependent Spark stages were; {@code
 *     null} for a failed run, or a result written before it was recorded
 * @param fingerprint what the driver ran with: its Java version and a hash of its effective Spark
 *     settings, to tell runs that may be compared from runs that may not; {@code null} for a failed
 *     run, or a result written before it was recorded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BenchmarkResult(
    int version,
    Status status,
    long records,
    long seed,
    double totalSeconds,
    StageSeconds stages,
    RowCounts rows,
    Long totalAmount,
    Memory memory,
    Cpu cpu,
    Integer executors,
    String sparkVersion,
    String master,
    String reportUri,
    String eventLogUri,
    Failure error,
    Jvm jvm,
    String applicationId,
    Timeline timeline,
    Efficiency efficiency,
    Fingerprint fingerprint) {

  public static final int CURRENT_VERSION = 1;

  /** Outcome of a run. */
  public enum Status {
    SUCCEEDED,
    FAILED
  }

  /**
   * Wall seconds per stage. {@code startup} runs from JVM start until the Spark session is ready;
   * {@code generate}, {@code bronze}, {@code silver} and {@code gold} follow one another without a
   * gap, and gold ends at {@code totalSeconds} to within a few milliseconds (the driver's query
   * threads being shut down). The stages are not contiguous with {@code startup}: between the end
   * of {@code startup} and the start of {@code generate} the driver prepares to measure, counted in
   * no stage. Most of that is Spark building the session's SQL state (catalog, analyser,
   * optimiser), which it does on first use, here when the driver registers its query listener: from
   * tens of milliseconds to over a second in a fresh JVM. Adding the listeners, reading the CPU
   * counters and starting the query threads take a few milliseconds more. So {@code startup +
   * generate + bronze + silver + gold} is at most {@code totalSeconds} (up to rounding), and the
   * remainder is that preparation. To place the stages in time, count back from the end: gold ends
   * at {@code totalSeconds}, generate starts at {@code totalSeconds − (generate + bronze + silver +
   * gold)}.
   *
   * @param startup from JVM start (see {@link Timeline#jvmStartEpochMs}) until the Spark session
   *     was ready, in seconds
   * @param generate writing the landing zone, in seconds
   * @param bronze landing to bronze, in seconds
   * @param silver bronze to silver, in seconds
   * @param gold silver to gold, in seconds
   */
  public record StageSeconds(
      double startup, double generate, double bronze, double silver, double gold) {}

  /**
   * Row counts per layer.
   *
   * @param generated rows written to the landing zone, dirty ones included
   * @param bronze rows in the bronze table (equal to {@code generated}: bronze drops nothing)
   * @param rejected rows that failed validation, kept with a reason in the rejects table
   * @param duplicates valid rows dropped because their transaction id was already seen
   * @param silver valid, de-duplicated, enriched rows
   * @param gold rows over all gold tables
   */
  public record RowCounts(
      long generated, long bronze, long rejected, long duplicates, long silver, long gold) {}

  /** Peak memory of one role, in MiB; {@code null} where it could not be measured. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Peak(Long heapMiB, Long rssMiB) {}

  /** Peak memory of the driver and of the largest executor. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Memory(Peak driver, Peak executor) {}

  /**
   * CPU use over the pipeline stages, and where the driver's and the executors' went. The fields
   * after {@code utilization} are {@code null} in results written before they were measured, and
   * {@code jitSeconds} where the JVM does not time its compilers.
   *
   * @param taskSeconds CPU time of all Spark tasks
   * @param processSeconds CPU time of the driver JVM (all threads: tasks in local mode, JIT, GC)
   * @param cores cores available to tasks
   * @param utilization {@code taskSeconds / (wall seconds of the stages × cores)}, 0..1
   * @param jitSeconds CPU time of the driver JVM's JIT compiler threads (on Linux; elsewhere the
   *     compilers' elapsed compile time)
   * @param gcSeconds CPU time of the driver JVM's garbage collector threads (on Linux; elsewhere
   *     the collectors' elapsed collection time)
   * @param planningSeconds time Spark spent analysing, optimizing and planning queries before
   *     running them, summed over queries
   * @param queries Spark queries (actions: writes, counts, collects) the job ran
   * @param executorProcessSeconds CPU of the executor JVMs, all their threads; {@code null} in
   *     local mode (the driver's process runs the tasks) and where executors did not report
   * @param executorJitSeconds CPU of the executor JVMs' JIT compiler threads, as for {@code
   *     jitSeconds}
   * @param executorGcSeconds CPU of the executor JVMs' garbage collector threads, as for {@code
   *     gcSeconds}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Cpu(
      double taskSeconds,
      double processSeconds,
      int cores,
      double utilization,
      Double jitSeconds,
      Double gcSeconds,
      Double planningSeconds,
      Integer queries,
      Double executorProcessSeconds,
      Double executorJitSeconds,
      Double executorGcSeconds) {}

  /**
   * The settings of the driver's JVM: the runs a model is fitted over must share them, since the
   * JIT and the collector change the cost per record.
   *
   * @param settings {@code tuned} (the project's run settings), {@code none} (the JVM's defaults,
   *     asked for) or {@code default} (started by hand, not relaunched)
   * @param jit {@code C1}, {@code tiered} or {@code C2}; both when executors of their own compile
   *     otherwise than the driver ({@code driver C1, executors tiered})
   * @param gc the collector, e.g. {@code Parallel} or {@code G1}
   * @param heapMiB the largest heap the JVM may use
   * @param archive the class-data-sharing archive it was given, or {@code null}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Jvm(String settings, String jit, String gc, Long heapMiB, String archive) {}

  /**
   * Where the driver's part of the run lies on the wall clock. With {@code totalSeconds} and the
   * {@link StageSeconds}, in seconds after {@code jvmStartEpochMs}: JVM up (0) → Spark session
   * ready ({@code startup}) → preparing to measure → generate starts ({@code totalSeconds −
   * (generate + bronze + silver + gold)}) → Spark's first job ({@code firstJobSeconds}, inside
   * generate: its queries are planned first) → bronze → silver → gold, which ends at {@code
   * totalSeconds}.
   *
   * @param jvmStartEpochMs when the driver's JVM started, in milliseconds since the Unix epoch (its
   *     {@code RuntimeMXBean} start time; when that JVM is the tuned relaunch of {@code java -jar},
   *     the start of the JVM the user started): the origin {@code totalSeconds} and {@code
   *     stages.startup} count from
   * @param firstJobSeconds seconds from {@code jvmStartEpochMs} until Spark submitted the first job
   *     of the pipeline (the earliest {@code SparkListenerJobStart} the driver's listener saw; the
   *     listener is added when the session is ready), at least {@code stages.startup}, to the
   *     millisecond; {@code null} if Spark reported no job
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Timeline(long jvmStartEpochMs, Double firstJobSeconds) {}

  /**
   * How well the pipeline stages (generate to gold) used the cores they had, as the driver's Spark
   * listener saw it. The core-seconds given but not spent on task CPU are {@code
   * allocatedCoreSeconds − cpu.taskSeconds}; those held by no task are {@code allocatedCoreSeconds
   * − taskWallSeconds}.
   *
   * @param taskWallSeconds wall time of every Spark task, from its launch to its end (Spark's
   *     {@code TaskInfo.duration}: a task slot held, including deserialising the task, waiting for
   *     shuffle data and sending the result), summed over tasks, failed ones included, in seconds
   * @param averageActiveTasks {@code taskWallSeconds} divided by the wall seconds of the pipeline
   *     stages: how many tasks ran at once on average, the effective parallelism, from 0 to {@code
   *     cpu.cores} (Spark's millisecond task times may carry it a little over)
   * @param allocatedCoreSeconds {@code cpu.cores} × the wall seconds of the pipeline stages: the
   *     core-seconds the tasks could have used, in seconds
   * @param longestStageChain the most Spark stages that ran one after another because each needed
   *     the previous one's output, across jobs: a submitted stage's depth is 1 + the largest depth
   *     of its parents; a parent Spark skipped (never submitted, its shuffle written already) adds
   *     nothing of its own and counts as its parents and the stages that wrote its shuffle earlier
   *     do (with adaptive query execution each shuffle's map stage runs as a job of its own, and
   *     the next job lists it again as a new, skipped stage); a parent no job described counts 0. 1
   *     when no stage waited on another, 0 when no stage ran
   * @param stages Spark stages submitted, each counted once however many attempts it took (the
   *     skipped ones are not)
   */
  public record Efficiency(
      double taskWallSeconds,
      double averageActiveTasks,
      double allocatedCoreSeconds,
      int longestStageChain,
      int stages) {}

  /**
   * What the driver ran with, as far as the driver can tell: the node, image and shape are the
   * operator's to record (it sees the pod).
   *
   * @param javaVersion the driver JVM's {@code java.runtime.version}, e.g. {@code 17.0.13+11}
   * @param settingsHash the first 16 hex digits of the SHA-256 of the running session's Spark
   *     settings, sorted by key, one {@code key=value} line each, without the keys that name one
   *     run rather than a setting and with secret-looking values redacted (see the spark-app's
   *     {@code SettingsFingerprint})
   * @param settings how many settings were hashed
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Fingerprint(String javaVersion, String settingsHash, Integer settings) {}

  /** A failed run: only what is known before or without measurements. */
  public static BenchmarkResult failed(
      long records, long seed, double totalSeconds, String reason, String message) {
    return builder()
        .status(Status.FAILED)
        .records(records)
        .seed(seed)
        .totalSeconds(totalSeconds)
        .error(new Failure(reason, message))
        .build();
  }

  /** This result with the driver's timeline and its use of the cores replaced. */
  public BenchmarkResult withTimeline(Timeline newTimeline, Efficiency newEfficiency) {
    return toBuilder().timeline(newTimeline).efficiency(newEfficiency).build();
  }

  public boolean succeeded() {
    return status == Status.SUCCEEDED;
  }

  /** A result built field by field, of version {@link #CURRENT_VERSION} unless set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this result's fields, to build a copy with some of them replaced. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.version = version;
    b.status = status;
    b.records = records;
    b.seed = seed;
    b.totalSeconds = totalSeconds;
    b.stages = stages;
    b.rows = rows;
    b.totalAmount = totalAmount;
    b.memory = memory;
    b.cpu = cpu;
    b.executors = executors;
    b.sparkVersion = sparkVersion;
    b.master = master;
    b.reportUri = reportUri;
    b.eventLogUri = eventLogUri;
    b.error = error;
    b.jvm = jvm;
    b.applicationId = applicationId;
    b.timeline = timeline;
    b.efficiency = efficiency;
    b.fingerprint = fingerprint;
    return b;
  }

  /**
   * Builds a {@link BenchmarkResult} by field name; the fields are those of the record and a field
   * left unset is absent from the JSON ({@code null}) or 0. Only {@code status} is required.
   */
  public static final class Builder {
    private int version = CURRENT_VERSION;
    private Status status;
    private long records;
    private long seed;
    private double totalSeconds;
    private StageSeconds stages;
    private RowCounts rows;
    private Long totalAmount;
    private Memory memory;
    private Cpu cpu;
    private Integer executors;
    private String sparkVersion;
    private String master;
    private String reportUri;
    private String eventLogUri;
    private Failure error;
    private Jvm jvm;
    private String applicationId;
    private Timeline timeline;
    private Efficiency efficiency;
    private Fingerprint fingerprint;

    private Builder() {}

    public Builder version(int version) {
      this.version = version;
      return this;
    }

    public Builder status(Status status) {
      this.status = status;
      return this;
    }

    public Builder records(long records) {
      this.records = records;
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    public Builder totalSeconds(double totalSeconds) {
      this.totalSeconds = totalSeconds;
      return this;
    }

    public Builder stages(StageSeconds stages) {
      this.stages = stages;
      return this;
    }

    public Builder rows(RowCounts rows) {
      this.rows = rows;
      return this;
    }

    public Builder totalAmount(Long totalAmount) {
      this.totalAmount = totalAmount;
      return this;
    }

    public Builder memory(Memory memory) {
      this.memory = memory;
      return this;
    }

    public Builder cpu(Cpu cpu) {
      this.cpu = cpu;
      return this;
    }

    public Builder executors(Integer executors) {
      this.executors = executors;
      return this;
    }

    public Builder sparkVersion(String sparkVersion) {
      this.sparkVersion = sparkVersion;
      return this;
    }

    public Builder master(String master) {
      this.master = master;
      return this;
    }

    public Builder reportUri(String reportUri) {
      this.reportUri = reportUri;
      return this;
    }

    public Builder eventLogUri(String eventLogUri) {
      this.eventLogUri = eventLogUri;
      return this;
    }

    public Builder error(Failure error) {
      this.error = error;
      return this;
    }

    public Builder jvm(Jvm jvm) {
      this.jvm = jvm;
      return this;
    }

    public Builder applicationId(String applicationId) {
      this.applicationId = applicationId;
      return this;
    }

    public Builder timeline(Timeline timeline) {
      this.timeline = timeline;
      return this;
    }

    public Builder efficiency(Efficiency efficiency) {
      this.efficiency = efficiency;
      return this;
    }

    public Builder fingerprint(Fingerprint fingerprint) {
      this.fingerprint = fingerprint;
      return this;
    }

    /**
     * @throws NullPointerException without a status
     */
    public BenchmarkResult build() {
      return new BenchmarkResult(
          version,
          java.util.Objects.requireNonNull(status, "status"),
          records,
          seed,
          totalSeconds,
          stages,
          rows,
          totalAmount,
          memory,
          cpu,
          executors,
          sparkVersion,
          master,
          reportUri,
          eventLogUri,
          error,
          jvm,
          applicationId,
          timeline,
          efficiency,
          fingerprint);
    }
  }
}
