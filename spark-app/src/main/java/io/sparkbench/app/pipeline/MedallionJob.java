package io.sparkbench.app.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.sum;

import io.sparkbench.app.BenchmarkOptions;
import io.sparkbench.app.generate.SalesDataGenerator;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
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
    long t0 = System.nanoTime();
    generate();
    long t1 = System.nanoTime();
    long bronzeRows = bronze();
    long t2 = System.nanoTime();
    long[] silverRows = silver();
    long t3 = System.nanoTime();
    Map<String, Long> goldRows = gold();
    long totalAmount = totalAmount();
    long t4 = System.nanoTime();
    long rejected = silverRows[0];
    long silver = silverRows[1];
    long duplicates = bronzeRows - rejected - silver;
    return new Outcome(
        seconds(t0, t1),
        seconds(t1, t2),
        seconds(t2, t3),
        seconds(t3, t4),
        options.dataset().records(),
        bronzeRows,
        rejected,
        duplicates,
        silver,
        goldRows,
        totalAmount);
  }

  /** Writes the landing zone: transactions and the three dimensions as CSV with a header. */
  private void generate() {
    SalesDataGenerator generator = new SalesDataGenerator(options.dataset());
    int partitions =
        options.partitions() > 0 ? options.partitions() : spark.sparkContext().defaultParallelism();
    writeCsv(generator.transactions(spark, partitions), TRANSACTIONS);
    writeCsv(generator.customers(spark), CUSTOMERS);
    writeCsv(generator.products(spark), PRODUCTS);
    writeCsv(generator.stores(spark), STORES);
  }

  /** Lands every table in bronze; returns the bronze transaction count. */
  private long bronze() {
    String batchId = "seed-" + options.dataset().seed() + "-records-" + options.dataset().records();
    ingest(TRANSACTIONS, Schemas.LANDING_TRANSACTIONS, batchId);
    ingest(CUSTOMERS, Schemas.LANDING_CUSTOMERS, batchId);
    ingest(PRODUCTS, Schemas.LANDING_PRODUCTS, batchId);
    ingest(STORES, Schemas.LANDING_STORES, batchId);
    return parquet(layout.bronze(TRANSACTIONS)).count();
  }

  /** Writes silver transactions and rejects; returns {@code [rejected, silver]}. */
  private long[] silver() {
    Silver.Dimensions dimensions =
        Silver.Dimensions.fromBronze(
            parquet(layout.bronze(CUSTOMERS)),
            parquet(layout.bronze(PRODUCTS)),
            parquet(layout.bronze(STORES)));
    Dataset<Row> checked = Silver.check(parquet(layout.bronze(TRANSACTIONS)), dimensions);
    writeParquet(Silver.rejects(checked), layout.silver(REJECTS));
    writeParquet(Silver.deduplicate(Silver.valid(checked)), layout.silver(TRANSACTIONS));
    return new long[] {
      parquet(layout.silver(REJECTS)).count(), parquet(layout.silver(TRANSACTIONS)).count()
    };
  }

  /** Writes the gold tables; returns the row count of each. */
  private Map<String, Long> gold() {
    Dataset<Row> silver = parquet(layout.silver(TRANSACTIONS));
    writeParquet(Gold.dailyRevenue(silver), layout.gold(DAILY_REVENUE));
    writeParquet(Gold.topCustomers(silver, Gold.TOP_CUSTOMERS), layout.gold(TOP_CUSTOMERS));
    writeParquet(Gold.paymentMix(silver), layout.gold(PAYMENT_MIX));
    Map<String, Long> rows = new LinkedHashMap<>();
    for (String table : new String[] {DAILY_REVENUE, TOP_CUSTOMERS, PAYMENT_MIX}) {
      rows.put(table, parquet(layout.gold(table)).count());
    }
    return rows;
  }

  /** Total revenue over the gold payment mix, which covers every silver transaction. */
  private long totalAmount() {
    Row row = parquet(layout.gold(PAYMENT_MIX)).agg(sum(col("revenue_krw"))).first();
    return row.isNullAt(0) ? 0L : row.getLong(0);
  }

  private void ingest(String table, StructType landingSchema, String batchId) {
    Dataset<Row> landing = Bronze.readLanding(spark, layout.landing(table), landingSchema);
    Dataset<Row> bronze =
        Bronze.conform(Bronze.ingest(landing, batchId, clock.instant()), landingSchema);
    writeParquet(bronze, layout.bronze(table));
  }

  private void writeCsv(Dataset<Row> rows, String table) {
    rows.write().mode(SaveMode.Overwrite).option("header", "true").csv(layout.landing(table));
  }

  private static void writeParquet(Dataset<Row> rows, String path) {
    rows.write().mode(SaveMode.Overwrite).parquet(path);
  }

  private Dataset<Row> parquet(String path) {
    return spark.read().parquet(path);
  }

  private static double seconds(long fromNanos, long toNanos) {
    return (toNanos - fromNanos) / 1e9;
  }
}
