package io.sparkbench.app;

import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.result.ResultCodec;
import io.sparkbench.app.measure.DriverMemory;
import io.sparkbench.app.measure.ExecutorWorkPlugin;
import io.sparkbench.app.measure.JvmWork;
import io.sparkbench.app.measure.QueryPlanningListener;
import io.sparkbench.app.measure.SparkRunListener;
import io.sparkbench.app.pipeline.Layout;
import io.sparkbench.app.pipeline.MedallionJob;
import io.sparkbench.app.settings.JvmDescription;
import io.sparkbench.app.settings.Relaunch;
import io.sparkbench.app.settings.SettingsFingerprint;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one benchmark: starts Spark, runs the medallion job, measures it, and writes the result
 * JSON, the full report and a summary. Never throws: a failure becomes a FAILED result and exit
 * code 1.
 */
public final class BenchmarkRunner {

  private static final Logger LOG = LoggerFactory.getLogger(BenchmarkRunner.class);

  /** How long to wait for Spark's listeners to receive the last events of a finished job. */
  private static final long LISTENER_DRAIN_MILLIS = 60_000;

  private final BenchmarkOptions options;
  private final Clock clock;

  public BenchmarkRunner(BenchmarkOptions options, Clock clock) {
    this.options = options;
    this.clock = clock;
  }

  /** Runs on a new session, which is stopped at the end. Returns the process exit code. */
  public int execute(PrintStream out, PrintStream err) {
    BenchmarkResult result;
    try (DriverMemory memory = DriverMemory.start(100)) {
      SparkSession spark = SparkSessions.create(options);
      try {
        result = measure(spark, memory);
        appendHistory(spark, result, err);
      } finally {
        spark.stop();
      }
    } catch (RuntimeException | LinkageError e) {
      result =
          BenchmarkResult.failed(
              options.dataset().records(),
              options.dataset().seed(),
              uptimeSeconds(),
              "SparkError",
              describe(e));
    }
    if (result.succeeded()) {
      out.print(Summary.of(result));
    } else {
      err.println("error: the benchmark failed: " + result.error().message());
    }
    try {
      writeResult(result);
    } catch (IOException | RuntimeException e) {
      err.println("error: cannot write --report " + options.reportFile() + ": " + e.getMessage());
      return 1;
    }
    return result.succeeded() ? 0 : 1;
  }

  /**
   * Appends the run to {@code --history}, when given. The history is a record beside the result,
   * not the result: a line that cannot be written is reported and the run still counts.
   */
  private void appendHistory(SparkSession spark, BenchmarkResult result, PrintStream err) {
    if (options.historyDir() == null) {
      return;
    }
    var conf = spark.sparkContext().getConf();
    String name =
        conf.getOption("spark.kubernetes.driver.pod.name")
            .getOrElse(() -> spark.sparkContext().applicationId());
    String image = conf.getOption("spark.kubernetes.container.image").getOrElse(() -> null);
    try {
      String file =
          History.append(
              options.historyDir(),
              name,
              image,
              result,
              System.getenv(),
              clock.instant(),
              spark.sparkContext().hadoopConfiguration());
      LOG.info("history line written to {}", file);
    } catch (IOException | RuntimeException e) {
      err.println(
          "warning: cannot append the run to the history in "
              + options.historyDir()
              + ": "
              + e.getMessage());
    }
  }

  /**
   * Runs the job on {@code spark} and measures it. Used directly by tests with a shared session.
   */
  public BenchmarkResult measure(SparkSession spark, DriverMemory memory) {
    double startupSeconds = uptimeSeconds();
    SparkRunListener listener = new SparkRunListener();
    QueryPlanningListener planning = new QueryPlanningListener();
    spark.sparkContext().addSparkListener(listener);
    spark.listenerManager().register(planning);
    JvmWork workStart = JvmWork.now();
    Map<String, ExecutorWorkPlugin.Report> executorsStart = ExecutorWorkPlugin.latest();
    MedallionJob.Outcome outcome;
    double totalSeconds;
    JvmWork work;
    JvmWork executorWork;
    try {
      outcome = new MedallionJob(spark, options, clock).run();
      totalSeconds = uptimeSeconds();
      work = JvmWork.now().since(workStart);
      executorWork = ExecutorWorkPlugin.between(executorsStart, ExecutorWorkPlugin.latest());
      awaitListeners(spark);
    } finally {
      spark.listenerManager().unregister(planning);
      spark.sparkContext().removeSparkListener(listener);
    }
    double pipelineSeconds =
        outcome.generateSeconds()
            + outcome.bronzeSeconds()
            + outcome.silverSeconds()
            + outcome.goldSeconds();

    boolean local = spark.sparkContext().isLocal();
    // In local mode the tasks run in the driver's process: its own figures cover them.
    JvmWork executors = local ? null : executorWork;
    // Executors usually register before the listener is added, so their cores come from the
    // configuration when the listener saw none.
    int cores =
        local
            ? spark.sparkContext().defaultParallelism()
            : Math.max(
                listener.executorCores(),
                listener.executorsWithTasks()
                    * spark.sparkContext().getConf().getInt("spark.executor.cores", 1));
    double utilization =
        cores == 0 || pipelineSeconds == 0
            ? 0
            : Math.min(1.0, listener.taskCpuSeconds() / (pipelineSeconds * cores));
    // The tasks ran within the pipeline stages: the listener was added just before them.
    double taskWallSeconds = listener.taskWallSeconds();
    Long firstJob = listener.firstJobEpochMillis();
    long[] executorPeak = local ? null : listener.executorPeak();
    String eventLog = options.eventLogDir() == null ? null : eventLogFile(spark);

    BenchmarkResult result =
        BenchmarkResult.builder()
            .status(BenchmarkResult.Status.SUCCEEDED)
            .records(options.dataset().records())
            .seed(options.dataset().seed())
            .totalSeconds(round(totalSeconds))
            .stages(
                new BenchmarkResult.StageSeconds(
                    round(startupSeconds),
                    round(outcome.generateSeconds()),
                    round(outcome.bronzeSeconds()),
                    round(outcome.silverSeconds()),
                    round(outcome.goldSeconds())))
            .rows(
                new BenchmarkResult.RowCounts(
                    outcome.generated(),
                    outcome.bronze(),
                    outcome.rejected(),
                    outcome.duplicates(),
                    outcome.silver(),
                    outcome.goldTotal()))
            .totalAmount(outcome.totalAmount())
            .memory(
                new BenchmarkResult.Memory(
                    new BenchmarkResult.Peak(
                        mib(memory.peakHeapBytes()), mib(DriverMemory.peakRssBytes())),
                    executorPeak == null
                        ? null
                        : new BenchmarkResult.Peak(mib(executorPeak[0]), mib(executorPeak[1]))))
            .cpu(
                new BenchmarkResult.Cpu(
                    round(listener.taskCpuSeconds()),
                    round(work.processCpuSeconds()),
                    cores,
                    round(utilization),
                    Double.isNaN(work.jitSeconds()) ? null : round(work.jitSeconds()),
                    round(work.gcSeconds()),
                    round(planning.seconds()),
                    Math.toIntExact(planning.queries()),
                    executors == null ? null : round(executors.processCpuSeconds()),
                    executors == null ? null : round(executors.jitSeconds()),
                    executors == null ? null : round(executors.gcSeconds())))
            .executors(local ? 1 : listener.executorsWithTasks())
            .sparkVersion(spark.version())
            .master(spark.sparkContext().master())
            .reportUri(new Layout(options.dataDir()).report())
            .eventLogUri(eventLog)
            .jvm(JvmDescription.current(local ? null : executorJvmOptions(spark)))
            .applicationId(spark.sparkContext().applicationId())
            .timeline(
                new BenchmarkResult.Timeline(
                    startEpochMillis(),
                    firstJob == null ? null : round((firstJob - startEpochMillis()) / 1000.0)))
            .efficiency(
                new BenchmarkResult.Efficiency(
                    round(taskWallSeconds),
                    pipelineSeconds == 0 ? 0 : round(taskWallSeconds / pipelineSeconds),
                    round(cores * pipelineSeconds),
                    listener.longestStageChain(),
                    listener.stagesSubmitted()))
            .fingerprint(SettingsFingerprint.of(spark.sparkContext().getConf()))
            .build();
    writeFullReport(spark, result, outcome);
    return result;
  }

  /**
   * Waits until Spark's listeners have heard of the last tasks and queries: they hear of them on
   * Spark's listener thread, possibly after the job has returned. If they fall that far behind, the
   * run still counts; its task CPU and planning time then miss what was not delivered.
   */
  private static void awaitListeners(SparkSession spark) {
    try {
      spark.sparkContext().listenerBus().waitUntilEmpty(LISTENER_DRAIN_MILLIS);
    } catch (TimeoutException e) {
      LOG.warn(
          "Spark's listeners did not catch up within {} ms; task CPU and planning time may be"
              + " short",
          LISTENER_DRAIN_MILLIS);
    }
  }

  /** The folder name of a rolling event log (Spark's default since 4.0) before its app id. */
  private static final String ROLLING_PREFIX = "eventlog_v2_";

  /**
   * The run's event log as Spark names it: by default since Spark 4.0 a rolling log, the folder
   * {@code eventlog_v2_<app id>}; with {@code spark.eventLog.rolling.enabled=false} one file, the
   * application id plus the codec's suffix when compressed, whose {@code .inprogress} Spark drops
   * at stop. If the folder cannot be listed, the application id alone.
   */
  private String eventLogFile(SparkSession spark) {
    String appId = spark.sparkContext().applicationId();
    String dir = options.eventLogDir().replaceAll("/+$", "");
    org.apache.hadoop.fs.Path folder = new org.apache.hadoop.fs.Path(dir);
    try {
      FileSystem fs = folder.getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (org.apache.hadoop.fs.FileStatus file : fs.listStatus(folder)) {
        String name = file.getPath().getName();
        if (name.startsWith(appId) || name.equals(ROLLING_PREFIX + appId)) {
          return dir + "/" + name.replaceAll("\\.inprogress$", "");
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot list the event-log folder {}: {}", dir, e.getMessage());
    }
    return dir + "/" + appId;
  }

  private void writeFullReport(
      SparkSession spark, BenchmarkResult result, MedallionJob.Outcome outcome) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("result", result);
    report.put("dataset", options.dataset());
    report.put("goldRows", outcome.goldRows());
    report.put("applicationId", spark.sparkContext().applicationId());
    report.put("defaultParallelism", spark.sparkContext().defaultParallelism());
    report.put("finishedAt", clock.instant().toString());
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(result.reportUri());
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      try (OutputStream stream = fs.create(path, true)) {
        stream.write(ResultCodec.toPrettyJson(report).getBytes(StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the report to " + path + ": " + e, e);
    }
  }

  private void writeResult(BenchmarkResult result) throws IOException {
    if (options.reportFile() == null) {
      return;
    }
    Path path = OutputLocations.localPath("--report", options.reportFile());
    if (path == null) {
      throw new IOException("--report must be a local file");
    }
    Files.writeString(path, ResultCodec.toJson(result), StandardCharsets.UTF_8);
  }

  /** The innermost cause's message: what Spark says went wrong, without wrapper noise. */
  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? "" : root.getMessage().strip();
    String first = message.lines().findFirst().orElse("");
    return root.getClass().getSimpleName() + (first.isEmpty() ? "" : ": " + first);
  }

  /**
   * Seconds since the run's first JVM started: this one, or the one the user started when this JVM
   * is its relaunch ({@link Relaunch#STARTED_PROPERTY}), so a result counts what a stopwatch would.
   */
  static double uptimeSeconds() {
    return (System.currentTimeMillis() - startEpochMillis()) / 1000.0;
  }

  /**
   * When the run's first JVM started, in milliseconds since the Unix epoch: the origin of {@link
   * #uptimeSeconds}.
   */
  static long startEpochMillis() {
    String launched = System.getProperty(Relaunch.STARTED_PROPERTY);
    long start = ManagementFactory.getRuntimeMXBean().getStartTime();
    if (launched != null) {
      try {
        start = Math.min(start, Long.parseLong(launched));
      } catch (NumberFormatException ignored) {
        // not set by the relaunch: count from this JVM's start
      }
    }
    return start;
  }

  /** The JVM options Spark starts executors with: its defaults, then the extra ones. */
  private static List<String> executorJvmOptions(SparkSession spark) {
    org.apache.spark.SparkConf conf = spark.sparkContext().getConf();
    String options =
        conf.get("spark.executor.defaultJavaOptions", "")
            + " "
            + conf.get("spark.executor.extraJavaOptions", "");
    return Arrays.stream(options.trim().split("\\s+")).filter(o -> !o.isEmpty()).toList();
  }

  private static Long mib(long bytes) {
    return bytes <= 0 ? null : Math.round(bytes / (1024.0 * 1024.0));
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
