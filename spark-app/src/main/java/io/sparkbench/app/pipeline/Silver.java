package io.sparkbench.app.pipeline;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Silver: typed with safe casts, validated, de-duplicated by transaction id and joined to the
 * dimensions. Each step is a pure function of its inputs.
 */
public final class Silver {

  /** Format of the landing zone's event times. */
  public static final String EVENT_TIME_FORMAT = "yyyy-MM-dd HH:mm:ss";

  /** The shape of {@link #EVENT_TIME_FORMAT}. */
  private static final String EVENT_TIME_SHAPE =
      "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}$";

  /** The hash of a bronze row's raw transaction id, while silver de-duplicates. */
  private static final String ID_HASH = "_id_hash";

  /** Rows per partition when silver counts id hashes: small enough to aggregate in memory. */
  static final long IDS_PER_PARTITION = 500_000;

  /**
   * Side-output rows {@link #onePass} may collect into the driver: as JSON about 0.5 KB each, so
   * some 100 MB at most, while the job's local heap is 512 MiB and nothing else is held then.
   */
  static final long ONE_PASS_SIDE_ROWS = 200_000;

  /** Marks a checked row whose id hash occurs more than once. */
  private static final String REPEATED = "_repeated";

  private static final Map<String, String> JSON_OPTIONS =
      Map.of("timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX");

  private Silver() {}

  /** The three dimensions, typed, as silver joins them. */
  public record Dimensions(Dataset<Row> customers, Dataset<Row> products, Dataset<Row> stores) {

    /** Types bronze dimension tables and keeps the columns silver joins. */
    public static Dimensions fromBronze(
        Dataset<Row> customers, Dataset<Row> products, Dataset<Row> stores) {
      return new Dimensions(
          customers.select(
              col("customer_id"),
              col("segment").as("customer_segment"),
              col("region").as("customer_region")),
          products.select(col("product_id"), col("category").as("product_category")),
          stores.select(
              col("store_id"), col("city").as("store_city"), col("region").as("store_region")));
    }
  }

  /**
   * Types every bronze transaction with safe casts, broadcast-joins the dimensions and adds {@code
   * reject_reason}: the first failed check, or null for a valid row. Keeps every bronze column.
   */
  public static Dataset<Row> check(Dataset<Row> bronze, Dimensions dimensions) {
    Dataset<Row> typed =
        bronze
            // A cast to a number trims blanks itself, more of them than trim() does.
            .withColumn("q_quantity", col("quantity").try_cast("int"))
            .withColumn("q_unit_price", col("unit_price").try_cast("bigint"))
            .withColumn("q_amount", col("amount").try_cast("bigint"))
            .withColumn("q_event_time", eventTime(trim(col("event_time"))));

    Dataset<Row> joined =
        typed
            .join(broadcast(dimensions.customers()), "customer_id", "left")
            .join(broadcast(dimensions.products()), "product_id", "left")
            .join(broadcast(dimensions.stores()), "store_id", "left");

    Column reason =
        when(blank("transaction_id"), code(RejectReason.MISSING_TRANSACTION_ID))
            .when(blank("customer_id"), code(RejectReason.MISSING_CUSTOMER_ID))
            .when(blank("product_id"), code(RejectReason.MISSING_PRODUCT_ID))
            .when(blank("store_id"), code(RejectReason.MISSING_STORE_ID))
            .when(col("q_quantity").isNull(), code(RejectReason.UNPARSABLE_QUANTITY))
            .when(col("q_unit_price").isNull(), code(RejectReason.UNPARSABLE_UNIT_PRICE))
            .when(col("q_amount").isNull(), code(RejectReason.UNPARSABLE_AMOUNT))
            .when(col("q_event_time").isNull(), code(RejectReason.UNPARSABLE_EVENT_TIME))
            .when(col("q_quantity").leq(0), code(RejectReason.NON_POSITIVE_QUANTITY))
            .when(col("q_amount").lt(0), code(RejectReason.NEGATIVE_AMOUNT))
            .when(
                col("q_amount").notEqual(col("q_quantity").multiply(col("q_unit_price"))),
                code(RejectReason.AMOUNT_MISMATCH))
            .when(col("customer_segment").isNull(), code(RejectReason.UNKNOWN_CUSTOMER))
            .when(col("product_category").isNull(), code(RejectReason.UNKNOWN_PRODUCT))
            .when(col("store_city").isNull(), code(RejectReason.UNKNOWN_STORE));
    return joined.withColumn("reject_reason", reason);
  }

  /** Checked rows that failed, as they arrived in bronze plus their reason. */
  public static Dataset<Row> rejects(Dataset<Row> checked) {
    return checked
        .filter(col("reject_reason").isNotNull())
        .select(columns(Schemas.SILVER_REJECTS.fields()));
  }

  /** Checked rows that passed, typed, in the silver schema. Duplicates are still there. */
  public static Dataset<Row> valid(Dataset<Row> checked) {
    return checked.filter(col("reject_reason").isNull()).select(typed());
  }

  /** A checked row's silver columns, typed, in the order of the silver schema. */
  private static Column[] typed() {
    return new Column[] {
      col("transaction_id"),
      col("customer_id"),
      col("product_id"),
      col("store_id"),
      col("q_quantity").as("quantity"),
      col("q_unit_price").as("unit_price"),
      col("q_amount").as("amount"),
      col("q_event_time").as("event_time"),
      to_date(col("q_event_time")).as("sale_date"),
      col("payment_method"),
      col("status"),
      col("customer_segment"),
      col("customer_region"),
      col("product_category"),
      col("store_city"),
      col("store_region")
    };
  }

  /**
   * Silver's transactions: the valid bronze rows, typed, joined to the dimensions and with one row
   * per transaction id (a source re-delivery is an exact copy, so any one copy is kept).
   *
   * <p>Plain {@code dropDuplicates} plans a sort-based aggregate over whole rows, because its
   * {@code first(...)} buffers hold strings: two sorts of every row. Instead the raw ids of all
   * bronze rows are counted as 64-bit hashes, which reads one column and aggregates fixed-width
   * keys. Rows whose hash occurs once cannot share their id with another row, so they are checked
   * and pass through an anti join. Only rows of repeated hashes, about 1%, are checked and
   * de-duplicated by their real id; a hash collision merely sends a few more rows that way. The
   * repeated hashes are broadcast: Spark cannot know before running that they are few, and would
   * otherwise plan both joins as sort-merge joins that shuffle and sort every row.
   *
   * <p>Nearly every hash is distinct, so aggregating before the shuffle saves nothing and builds a
   * hash map as large as the input, which spills once it outgrows a task's memory. When there are
   * more rows than {@link #IDS_PER_PARTITION} per core (Spark's default parallelism), the hashes
   * are shuffled first instead, into partitions of that many rows (at 10M records this halved the
   * count's time; at 1M it cost a second). Shuffle partitions are no measure of it: Spark's default
   * of 200 would put the threshold at 100M rows, and adaptive execution coalesces them anyway.
   *
   * @param bronzeRows the number of bronze rows, to size the count's partitions
   */
  public static Dataset<Row> transactions(
      Dataset<Row> bronze, Dimensions dimensions, long bronzeRows) {
    Dataset<Row> hashed = hashed(bronze);
    Dataset<Row> repeatedHashes = broadcast(repeatedHashes(hashed, bronzeRows));
    Dataset<Row> once =
        valid(check(hashed.join(repeatedHashes, ID_HASH, "left_anti").drop(ID_HASH), dimensions));
    Dataset<Row> repeated =
        valid(check(hashed.join(repeatedHashes, ID_HASH, "left_semi").drop(ID_HASH), dimensions))
            .dropDuplicates("transaction_id");
    return once.unionByName(repeated);
  }

  /**
   * Whether {@link #onePass} suits a bronze table of {@code bronzeRows} with {@code dirtyRatio}
   * dirty rows: its side outputs, every rejected row and both copies of a repeated id, are at most
   * twice the dirty rows and must fit the driver's memory. Larger shares take {@link #check} and
   * {@link #transactions}, which read bronze three times but keep nothing in the driver.
   */
  public static boolean suitsOnePass(long bronzeRows, double dirtyRatio) {
    return bronzeRows * dirtyRatio * 2 <= ONE_PASS_SIDE_ROWS;
  }

  /**
   * Silver in one scan of bronze and one check of each row. The ids are counted first, reading
   * their column only, as {@link #transactions} does. Then a single query checks every row and
   * writes the valid rows whose id occurs once, nearly all of silver, while its observation
   * collects the rest as JSON: the rejected rows and the valid rows of repeated ids, about 1 % each
   * way. Once that query has run, {@link OnePass#rejects} and {@link OnePass#repeated} read them
   * back as small local tables, so no second scan or check of bronze is needed.
   */
  public static OnePass onePass(Dataset<Row> bronze, Dimensions dimensions, long bronzeRows) {
    Dataset<Row> hashed = hashed(bronze);
    Dataset<Row> repeatedHashes =
        broadcast(repeatedHashes(hashed, bronzeRows).withColumn(REPEATED, lit(true)));
    Dataset<Row> checked =
        check(hashed.join(repeatedHashes, ID_HASH, "left").drop(ID_HASH), dimensions);
    Column rejected = col("reject_reason").isNotNull();
    Column repeated = col(REPEATED).isNotNull();
    Observation side = new Observation();
    Dataset<Row> observed =
        checked.observe(
            side,
            collect_list(when(rejected, json(columns(Schemas.SILVER_REJECTS.fields()))))
                .as("rejects"),
            collect_list(when(not(rejected).and(repeated), json(typed()))).as("repeated"));
    return new OnePass(valid(observed.filter(not(repeated))), side);
  }

  /** What {@link #onePass} gives: a query to write, then two small tables it set aside. */
  public static final class OnePass {

    private final Dataset<Row> once;
    private final Observation side;

    private OnePass(Dataset<Row> once, Observation side) {
      this.once = once;
      this.side = side;
    }

    /** The valid rows whose id occurs once, in the silver schema: run this query first. */
    public Dataset<Row> once() {
      return once;
    }

    /** The rejected rows, as {@link #rejects(Dataset)} gives them, once {@link #once} has run. */
    public Dataset<Row> rejects() {
      return fromJson(0, Schemas.SILVER_REJECTS);
    }

    /** The valid rows of repeated ids, one per id, once {@link #once} has run. */
    public Dataset<Row> repeated() {
      return fromJson(1, Schemas.SILVER_TRANSACTIONS).dropDuplicates("transaction_id");
    }

    private Dataset<Row> fromJson(int field, StructType schema) {
      Row collected;
      try {
        collected = side.getRow();
      } catch (RuntimeException e) {
        throw new IllegalStateException("Spark reported no side outputs of silver", e);
      }
      SparkSession spark = once.sparkSession();
      List<String> lines = collected.getList(field);
      return spark
          .read()
          .schema(schema)
          .options(JSON_OPTIONS)
          .json(spark.createDataset(lines, Encoders.STRING()));
    }
  }

  private static Dataset<Row> hashed(Dataset<Row> bronze) {
    return bronze.withColumn(ID_HASH, xxhash64(col("transaction_id")));
  }

  /** The id hashes that occur more than once, in one column. */
  private static Dataset<Row> repeatedHashes(Dataset<Row> hashed, long bronzeRows) {
    Dataset<Row> hashes = hashed.select(col(ID_HASH));
    int cores = hashed.sparkSession().sparkContext().defaultParallelism();
    if (bronzeRows > cores * IDS_PER_PARTITION) {
      long partitions = Math.min(10_000, (bronzeRows + IDS_PER_PARTITION - 1) / IDS_PER_PARTITION);
      hashes = hashes.repartition((int) partitions, col(ID_HASH));
    }
    return hashes
        .groupBy(col(ID_HASH))
        .agg(count(lit(1)).as("copies"))
        .filter(col("copies").gt(1))
        .select(col(ID_HASH));
  }

  /** A row as one JSON line, exact to the microsecond (the default keeps milliseconds). */
  private static Column json(Column[] columns) {
    return to_json(struct(columns), JSON_OPTIONS);
  }

  /**
   * An event time of exactly the shape {@link #EVENT_TIME_FORMAT}, or null. Spark's cast from
   * string to timestamp is its fastest parse (no formatter), but it also takes other shapes (a
   * {@code T}, fewer digits, a sign, a zone), so the shape is checked first. What passes is parsed
   * exactly as the pattern would, in the session's time zone; an impossible date or time (month 13,
   * 25:61) is null either way.
   */
  static Column eventTime(Column text) {
    return when(text.rlike(EVENT_TIME_SHAPE), text.try_cast("timestamp"));
  }

  private static Column blank(String name) {
    return col(name).isNull().or(trim(col(name)).equalTo(""));
  }

  private static Column code(RejectReason reason) {
    return lit(reason.code());
  }

  private static Column[] columns(StructField[] fields) {
    return Arrays.stream(fields).map(f -> col(f.name())).toArray(Column[]::new);
  }
}
