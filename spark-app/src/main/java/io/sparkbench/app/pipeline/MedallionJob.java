package io.sparkbench.app.pipeline;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.sparkbench.app.BenchmarkOptions;
import io.sparkbench.app.generate.SalesDataGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * Runs generate → bronze → silver → gold on a Spark session, timing each stage. Reads and writes
 * happen here; the transformations are the pure functions of {@link Bronze}, {@link Silver} and
 * {@link Gold}.
 */
public final class MedallionJob {

  public static final String TRANSACTIONS = "transactions";
  public static final String CUSTOMERS = "customers";
  public static final String PRODUCTS = "products";
  public static final String STORES = "stores";
  public static final String REJECTS = "rejects";
  public static final String DAILY_REVENUE = "daily_revenue";
  public static final String TOP_CUSTOMERS = "top_customers";
  public static final String PAYMENT_MIX = "payment_mix";

  /** What the job produced. Seconds are wall time per stage. */
  public record Outcome(
      double generateSeconds,
      double bronzeSeconds,
      double silverSeconds,
      double goldSeconds,
      long generated,
      long bronze,
      long rejected,
      long duplicates,
      long silver,
      Map<String, Long> goldRows,
      long totalAmount) {

    public long goldTotal() {
      return goldRows.values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** Columns of nearly distinct values, written without a Parquet dictionary. */
  private static final List<String> DISTINCT_COLUMNS = List.of("transaction_id", "event_time");

  /** Queries of one stage that may run at once: the four tables of generate and of bronze. */
  private static final int CONCURRENT_QUERIES = 4;

  private final SparkSession spark;
  private final BenchmarkOptions options;
  private final Clock clock;
  private final Layout layout;

  public MedallionJob(SparkSession spark, BenchmarkOptions options, Clock clock) {
    this.spark = spark;
    this.options = options;
    this.clock = clock;
    this.layout = new Layout(options.dataDir());
  }

  public Outcome run() {
    try (StageQueries queries = new StageQueries(CONCURRENT_QUERIES)) {
      return run(queries);
    }
  }

  private Outcome run(StageQueries queries) {
    long t0 = System.nanoTime();
    generate(queries);
    long t1 = System.nanoTime();
    long bronzeRows = bronze(queries);
    long t2 = System.nanoTime();
    Observed silver = silver(queries, bronzeRows);
    long t3 = System.nanoTime();
    Map<String, Long> goldRows = gold(queries);
    long t4 = System.nanoTime();
    long duplicates = bronzeRows - silver.rejected() - silver.rows();
    return new Outcome(
        seconds(t0, t1),
        seconds(t1, t2),
        seconds(t2, t3),
        seconds(t3, t4),
        options.dataset().records(),
        bronzeRows,
        silver.rejected(),
        duplicates,
        silver.rows(),
        goldRows,
        silver.amount());
  }

  /** Writes the landing zone: transactions and the three dimensions as CSV with a header. */
  private void generate(StageQueries queries) {
    SalesDataGenerator generator = new SalesDataGenerator(options.dataset());
    int partitions =
        options.partitions() > 0 ? options.partitions() : spark.sparkContext().defaultParallelism();
    queries.all(
        () -> writeCsv(generator.transactions(spark, partitions), TRANSACTIONS),
        () -> writeCsv(generator.customers(spark), CUSTOMERS),
        () -> writeCsv(generator.products(spark), PRODUCTS),
        () -> writeCsv(generator.stores(spark), STORES));
  }

  /** Lands every table in bronze; returns the bronze transaction count. */
  private long bronze(StageQueries queries) {
    String batchId = "seed-" + options.dataset().seed() + "-records-" + options.dataset().records();
    return queries
        .all(
            () -> ingest(TRANSACTIONS, Schemas.LANDING_TRANSACTIONS, batchId),
            () -> ingest(CUSTOMERS, Schemas.LANDING_CUSTOMERS, batchId),
            () -> ingest(PRODUCTS, Schemas.LANDING_PRODUCTS, batchId),
            () -> ingest(STORES, Schemas.LANDING_STORES, batchId))
        .get(0);
  }

  /** Silver's row counts and the checksum, observed while its tables were written. */
  private record Observed(long rejected, long rows, long amount) {}

  /** Writes silver rejects and transactions. */
  private Observed silver(StageQueries queries, long bronzeRows) {
    Silver.Dimensions bronzeDimensions =
        Silver.Dimensions.fromBronze(
            parquet(layout.bronze(CUSTOMERS), Schemas.bronze(Schemas.LANDING_CUSTOMERS)),
            parquet(layout.bronze(PRODUCTS), Schemas.bronze(Schemas.LANDING_PRODUCTS)),
            parquet(layout.bronze(STORES), Schemas.bronze(Schemas.LANDING_STORES)));
    // Read once into the driver, the dimensions are broadcast without a Spark job per query and
    // per branch; as Parquet scans, each join in each branch of the queries below read them again.
    List<Dataset<Row>> onDriver =
        queries.all(
            () -> onDriver(bronzeDimensions.customers()),
            () -> onDriver(bronzeDimensions.products()),
            () -> onDriver(bronzeDimensions.stores()));
    Silver.Dimensions dimensions =
        new Silver.Dimensions(onDriver.get(0), onDriver.get(1), onDriver.get(2));
    Dataset<Row> bronze = parquet(layout.bronze(TRANSACTIONS), Schemas.BRONZE_TRANSACTIONS);
    if (Silver.suitsOnePass(bronzeRows, options.dataset().dirtyRatio())) {
      return silverInOnePass(queries, bronze, dimensions, bronzeRows);
    }
    Observation transactions = new Observation("silver");
    List<Long> rows =
        queries.all(
            () ->
                writeParquet(
                    Silver.rejects(Silver.check(bronze, dimensions)), layout.silver(REJECTS)),
            () -> {
              parquetWriter(
                      withTotals(Silver.transactions(bronze, dimensions, bronzeRows), transactions),
                      SaveMode.Overwrite)
                  .parquet(layout.silver(TRANSACTIONS));
              return observed(transactions).getLong(0);
            });
    return new Observed(rows.get(0), rows.get(1), observed(transactions).getLong(1));
  }

  /**
   * Silver by {@link Silver#onePass}: the transactions of ids seen once, then the rejects and the
   * de-duplicated repeated ids it set aside, the latter appended to the transactions.
   */
  private Observed silverInOnePass(
      StageQueries queries, Dataset<Row> bronze, Silver.Dimensions dimensions, long bronzeRows) {
    Silver.OnePass silver = Silver.onePass(bronze, dimensions, bronzeRows);
    Observation once = new Observation("silver");
    parquetWriter(withTotals(silver.once(), once), SaveMode.Overwrite)
        .parquet(layout.silver(TRANSACTIONS));
    Observation repeated = new Observation("silver-repeated");
    List<Long> rows =
        queries.all(
            () -> writeParquet(silver.rejects(), layout.silver(REJECTS)),
            () -> {
              parquetWriter(withTotals(silver.repeated(), repeated), SaveMode.Append)
                  .parquet(layout.silver(TRANSACTIONS));
              return observed(repeated).getLong(0);
            });
    Row onceTotals = observed(once);
    requireVisible(layout.silver(TRANSACTIONS), onceTotals.getLong(0));
    return new Observed(
        rows.get(0),
        onceTotals.getLong(0) + rows.get(1),
        onceTotals.getLong(1) + observed(repeated).getLong(1));
  }

  /** Observes a table's rows and the sum of its amounts while it is written. */
  private static Dataset<Row> withTotals(Dataset<Row> rows, Observation totals) {
    return rows.observe(
        totals, count(lit(1)).as("rows"), coalesce(sum(col("amount")), lit(0L)).as("amount"));
  }

  /** Writes the gold tables; returns the row count of each. */
  private Map<String, Long> gold(StageQueries queries) {
    Dataset<Row> silver = parquet(layout.silver(TRANSACTIONS), Schemas.SILVER_TRANSACTIONS);
    List<Long> written =
        queries.all(
            () -> writeParquet(Gold.dailyRevenue(silver), layout.gold(DAILY_REVENUE)),
            () ->
                writeParquet(
                    Gold.topCustomers(silver, Gold.TOP_CUSTOMERS), layout.gold(TOP_CUSTOMERS)),
            () -> writeParquet(Gold.paymentMix(silver), layout.gold(PAYMENT_MIX)));
    Map<String, Long> rows = new LinkedHashMap<>();
    rows.put(DAILY_REVENUE, written.get(0));
    rows.put(TOP_CUSTOMERS, written.get(1));
    rows.put(PAYMENT_MIX, written.get(2));
    return rows;
  }

  private long ingest(String table, StructType landingSchema, String batchId) {
    Dataset<Row> landing = Bronze.readLanding(spark, layout.landing(table), landingSchema);
    Dataset<Row> bronze =
        Bronze.conform(Bronze.ingest(landing, batchId, clock.instant()), landingSchema);
    return writeParquet(bronze, layout.bronze(table));
  }

  private Void writeCsv(Dataset<Row> rows, String table) {
    rows.write().mode(SaveMode.Overwrite).option("header", "true").csv(layout.landing(table));
    return null;
  }

  /**
   * A Parquet writer of {@code rows}. Columns whose values are all or nearly all distinct (the
   * transaction id, the event time) are written without a dictionary: Parquet would otherwise look
   * up every value in a dictionary that fills within a few thousand rows of each row group and is
   * then dropped, a hash lookup per value for nothing.
   */
  private static DataFrameWriter<Row> parquetWriter(Dataset<Row> rows, SaveMode mode) {
    DataFrameWriter<Row> writer = rows.write().mode(mode);
    for (String column : DISTINCT_COLUMNS) {
      writer = writer.option("parquet.enable.dictionary#" + column, "false");
    }
    return writer;
  }

  /** Writes Parquet and returns the rows written, counted while writing, not by reading back. */
  private long writeParquet(Dataset<Row> rows, String path) {
    Observation written = new Observation();
    parquetWriter(rows.observe(written, count(lit(1)).as("rows")), SaveMode.Overwrite)
        .parquet(path);
    long count = observed(written).getLong(0);
    requireVisible(path, count);
    return count;
  }

  /**
   * Fails when executors wrote rows the driver cannot see: their data directory is not the driver's
   * (an emptyDir per pod, say), so every later stage would read nothing.
   */
  private void requireVisible(String path, long rows) {
    if (rows == 0) {
      return;
    }
    org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(path);
    try {
      FileSystem fs = dir.getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (FileStatus file : fs.listStatus(dir)) {
        if (file.getPath().getName().endsWith(".parquet")) {
          return;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + path, e);
    }
    throw new IllegalStateException(
        "executors wrote "
            + rows
            + " rows to "
            + path
            + " but the driver sees no data files there: the data directory must be shared by"
            + " the driver and the executors (a volume claim they all mount, or an object store"
            + " URI), not a volume of each pod");
  }

  /** The metrics of a finished write; they are complete once the write has returned. */
  private static Row observed(Observation observation) {
    try {
      return observation.getRow();
    } catch (RuntimeException e) {
      throw new IllegalStateException("Spark reported no metrics for " + observation.name(), e);
    }
  }

  /** A small table collected into the driver, as a local relation with the same schema. */
  private Dataset<Row> onDriver(Dataset<Row> table) {
    return spark.createDataFrame(table.collectAsList(), table.schema());
  }

  /**
   * Reads a table this job wrote, with the schema it was written with: Spark need not open a file
   * footer to learn it.
   */
  private Dataset<Row> parquet(String path, StructType schema) {
    return spark.read().schema(schema).parquet(path);
  }

  private static double seconds(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1e9;
  }
}
