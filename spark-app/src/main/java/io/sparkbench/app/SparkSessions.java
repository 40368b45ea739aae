package io.sparkbench.app;

import io.sparkbench.app.fs.PosixLocalFileSystem;
import io.sparkbench.app.measure.ExecutorWorkPlugin;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Builds the Spark session a run uses, on top of whatever spark-submit configured. */
public final class SparkSessions {

  /** The master used when neither {@code --master} nor spark-submit names one. */
  public static final String DEFAULT_MASTER = "local[*]";

  /**
   * Settings the job changes in local mode, with the value each has when left to Spark. Two cores
   * do not need 200 shuffle partitions: each costs a task, a file and scheduling per shuffle.
   */
  public static final Map<String, String> SPARK_DEFAULTS_OF_LOCAL_TUNING =
      Map.of("spark.sql.shuffle.partitions", "200");

  /**
   * The Hadoop file system the job uses for {@code file:} paths, local or a volume mounted in every
   * pod: see {@link PosixLocalFileSystem} for why.
   */
  public static final String LOCAL_FILE_SYSTEM_KEY = "spark.hadoop.fs.file.impl";

  /** Parquet's row group size, in bytes: what each of a JVM's writers holds before it flushes. */
  static final String ROW_GROUP_KEY = "spark.hadoop.parquet.block.size";

  /** Parquet's own row group size. */
  static final long PARQUET_ROW_GROUP = 128L << 20;

  private static final long SMALLEST_ROW_GROUP = 8L << 20;

  private SparkSessions() {}

  /**
   * A row group that lets a JVM's concurrent writers, one per core, hold theirs in an eighth of its
   * heap: between 8 MiB and Parquet's 128 MiB. At Parquet's size two writers held half of a 512 MiB
   * heap, and collection work grew from about 2 s of CPU at 1M records to 21 s at 10M.
   */
  static long rowGroupBytes(long heapBytes, int cores) {
    long share = heapBytes / 8 / Math.max(1, cores);
    return Math.max(SMALLEST_ROW_GROUP, Math.min(PARQUET_ROW_GROUP, share));
  }

  /** The job's local-mode values of {@link #SPARK_DEFAULTS_OF_LOCAL_TUNING}'s settings. */
  static Map<String, String> localTuning(int cores) {
    return Map.of("spark.sql.shuffle.partitions", Integer.toString(Math.max(4, 4 * cores)));
  }

  /**
   * The Spark configuration for a run: spark-submit's settings, then {@code --conf} values, then
   * the job's defaults for whatever is still unset.
   */
  public static SparkConf conf(BenchmarkOptions options) {
    SparkConf conf = new SparkConf(true);
    options.sparkConf().forEach(conf::set);
    if (options.master() != null) {
      conf.setMaster(options.master());
    } else if (!conf.contains("spark.master")) {
      conf.setMaster(DEFAULT_MASTER);
    }
    conf.setIfMissing(
        "spark.app.name", "sparkbench-medallion-" + options.dataset().records() + "-records");
    // Generated event times are rendered and parsed in UTC, so the data is the same everywhere.
    conf.set("spark.sql.session.timeZone", "UTC");
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    conf.setIfMissing(LOCAL_FILE_SYSTEM_KEY, PosixLocalFileSystem.class.getName());
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.ui.enabled", "false");
      int cores = localCores(conf.get("spark.master"));
      localTuning(cores).forEach(conf::setIfMissing);
      conf.setIfMissing(
          ROW_GROUP_KEY, Long.toString(rowGroupBytes(Runtime.getRuntime().maxMemory(), cores)));
    } else {
      // Peak RSS of executors comes from Spark's process-tree metrics, polled during tasks. In
      // local mode the driver measures its own process, and the poll would only fork pgrep.
      conf.setIfMissing("spark.executor.processTreeMetrics.enabled", "true");
      conf.setIfMissing("spark.executor.metrics.pollingInterval", "500ms");
      conf.setIfMissing(
          ROW_GROUP_KEY,
          Long.toString(
              rowGroupBytes(
                  conf.getSizeAsBytes("spark.executor.memory", "1g"),
                  conf.getInt("spark.executor.cores", 1))));
      // Executors are JVMs of their own: have them report their JIT and GC work.
      String plugins = conf.get("spark.plugins", "");
      String plugin = ExecutorWorkPlugin.class.getName();
      if (!List.of(plugins.split(",")).contains(plugin)) {
        conf.set("spark.plugins", plugins.isBlank() ? plugin : plugins + "," + plugin);
      }
    }
    if (options.eventLogDir() != null) {
      OutputLocations.createDirectory("--event-log-dir", options.eventLogDir(), conf);
      conf.set("spark.eventLog.enabled", "true");
      conf.set("spark.eventLog.dir", options.eventLogDir());
    }
    return conf;
  }

  /** Cores of a local master URL: {@code local}, {@code local[4]}, {@code local[*]}, ... */
  static int localCores(String master) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("local(?:-cluster)?\\[(\\d+|\\*)").matcher(master);
    if (m.find() && !m.group(1).equals("*")) {
      return Integer.parseInt(m.group(1));
    }
    return master.equals("local") ? 1 : Runtime.getRuntime().availableProcessors();
  }

  public static SparkSession create(BenchmarkOptions options) {
    return SparkSession.builder().config(conf(options)).getOrCreate();
  }
}
