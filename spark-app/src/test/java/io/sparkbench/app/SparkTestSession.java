package io.sparkbench.app;

import io.sparkbench.app.fs.PosixLocalFileSystem;
import org.apache.spark.sql.SparkSession;

/** A small local Spark session for tests; each test class creates one and stops it after all. */
public final class SparkTestSession {

  private SparkTestSession() {}

  public static SparkSession start() {
    return SparkSession.builder()
        .master("local[2]")
        .appName("sparkbench-test")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config(SparkSessions.LOCAL_FILE_SYSTEM_KEY, PosixLocalFileSystem.class.getName())
        .getOrCreate();
  }
}
