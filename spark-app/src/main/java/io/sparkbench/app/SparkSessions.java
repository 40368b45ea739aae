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

  private SparkSessions() {}

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
    // Peak RSS of executors comes from Spark's process-tree metrics, polled during tasks.
    conf.setIfMissing("spark.executor.processTreeMetrics.enabled", "true");
    conf.setIfMissing("spark.executor.metrics.pollingInterval", "500ms");
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    conf.setIfMissing(LOCAL_FILE_SYSTEM_KEY, PosixLocalFileSystem.class.getName());
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.ui.enabled", "false");
      localTuning(localCores(conf.get("spark.master"))).forEach(conf::setIfMissing);
    } else {
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
