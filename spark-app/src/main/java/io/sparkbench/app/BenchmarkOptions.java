package io.sparkbench.app;

import java.util.Map;

/**
 * A validated description of one benchmark run. Constructing it checks every value, so a run with
 * bad input fails before Spark starts.
 *
 * @param dataset what to generate
 * @param dataDir where the landing zone, bronze, silver and gold tables and the full report go: a
 *     local path or any Hadoop URI
 * @param reportFile where the compact result JSON goes (the operator uses the container's
 *     termination message), or {@code null} for none
 * @param eventLogDir where Spark writes its event log, or {@code null} for none
 * @param historyDir the folder the run appends its line of history to (a file of its own), or
 *     {@code null} for none
 * @param master Spark master URL, or {@code null} to keep what spark-submit configured
 * @param partitions generator partitions, or 0 for Spark's default parallelism
 * @param sparkConf extra Spark settings
 */
public record BenchmarkOptions(
    DatasetSpec dataset,
    String dataDir,
    String reportFile,
    String eventLogDir,
    String historyDir,
    String master,
    int partitions,
    Map<String, String> sparkConf) {

  public BenchmarkOptions {
    if (dataset == null) {
      throw new IllegalArgumentException("dataset is required");
    }
    if (dataDir == null || dataDir.isBlank()) {
      throw new IllegalArgumentException("--data-dir must not be empty");
    }
    if (partitions < 0) {
      throw new IllegalArgumentException("--partitions must be >= 0, got " + partitions);
    }
    sparkConf = sparkConf == null ? Map.of() : Map.copyOf(sparkConf);
  }

  /**
   * What the generator produces.
   *
   * @param records transactions to generate, at least 1
   * @param seed the seed every generated value derives from
   * @param customers size of the customer dimension
   * @param products size of the product dimension
   * @param stores size of the store dimension
   * @param dirtyRatio share of transactions made invalid or duplicated, 0 to 0.5
   */
  public record DatasetSpec(
      long records, long seed, int customers, int products, int stores, double dirtyRatio) {

    public static final int DEFAULT_CUSTOMERS = 10_000;
    public static final int DEFAULT_PRODUCTS = 1_000;
    public static final int DEFAULT_STORES = 100;
    public static final double DEFAULT_DIRTY_RATIO = 0.01;

    public DatasetSpec {
      if (records < 1) {
        throw new IllegalArgumentException("--records must be at least 1, got " + records);
      }
      requirePositive("--customers", customers);
      requirePositive("--products", products);
      requirePositive("--stores", stores);
      if (!(dirtyRatio >= 0 && dirtyRatio <= 0.5)) {
        throw new IllegalArgumentException(
            "--dirty-ratio must be between 0 and 0.5, got " + dirtyRatio);
      }
    }

    private static void requirePositive(String option, int value) {
      if (value < 1) {
        throw new IllegalArgumentException(option + " must be at least 1, got " + value);
      }
    }
  }
}
