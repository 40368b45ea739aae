package io.sparkbench.app;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Builds the Spark session a run uses, on top of whatever spark-submit configured. */
public final class SparkSessions {

  /** The master used when neither {@code --master} nor spark-submit names one. */
  public static final String DEFAULT_MASTER = "local[*]";

  private SparkSessions() {}

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
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.ui.enabled", "false");
    }
    if (options.eventLogDir() != null) {
      conf.set("spark.eventLog.enabled", "true");
      conf.set("spark.eventLog.dir", options.eventLogDir());
    }
    return conf;
  }

  public static SparkSession create(BenchmarkOptions options) {
    return SparkSession.builder().config(conf(options)).getOrCreate();
  }
}
