package io.sparkbench.app.pipeline;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * Silver: typed with safe casts, validated, de-duplicated by transaction id and joined to the
 * dimensions. Each step is a pure function of its inputs.
 */
public final class Silver {

  /** Format of the landing zone's event times. */
  public static final String EVENT_TIME_FORMAT = "yyyy-MM-dd HH:mm:ss";

  /** The hash of a bronze row's raw transaction id, while silver de-duplicates. */
  private static final String ID_HASH = "_id_hash";

  /** Rows per partition when silver counts id hashes: small enough to aggregate in memory. */
  static final long IDS_PER_PARTITION = 500_000;

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
            .withColumn("q_quantity", trim(col("quantity")).try_cast("int"))
            .withColumn("q_unit_price", trim(col("unit_price")).try_cast("bigint"))
            .withColumn("q_amount", trim(col("amount")).try_cast("bigint"))
            .withColumn(
                "q_event_time", try_to_timestamp(trim(col("event_time")), lit(EVENT_TIME_FORMAT)));

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
    return checked
        .filter(col("reject_reason").isNull())
        .select(
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
            col("store_region"));
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
   * more rows than {@link #IDS_PER_PARTITION} per shuffle partition, the hashes are shuffled first
   * instead, into partitions of that many rows (at 10M records this halved the count's time; at 1M
   * it cost a second).
   *
   * @param bronzeRows the number of bronze rows, to size the count's partitions
   */
  public static Dataset<Row> transactions(
      Dataset<Row> bronze, Dimensions dimensions, long bronzeRows) {
    Dataset<Row> hashed = bronze.withColumn(ID_HASH, xxhash64(col("transaction_id")));
    Dataset<Row> hashes = hashed.select(col(ID_HASH));
    long shufflePartitions =
        Long.parseLong(bronze.sparkSession().conf().get("spark.sql.shuffle.partitions"));
    if (bronzeRows > shufflePartitions * IDS_PER_PARTITION) {
      long partitions = Math.min(10_000, (bronzeRows + IDS_PER_PARTITION - 1) / IDS_PER_PARTITION);
      hashes = hashes.repartition((int) partitions, col(ID_HASH));
    }
    Dataset<Row> repeatedHashes =
        broadcast(
            hashes
                .groupBy(col(ID_HASH))
                .agg(count(lit(1)).as("copies"))
                .filter(col("copies").gt(1))
                .select(col(ID_HASH)));
    Dataset<Row> once =
        valid(check(hashed.join(repeatedHashes, ID_HASH, "left_anti").drop(ID_HASH), dimensions));
    Dataset<Row> repeated =
        valid(check(hashed.join(repeatedHashes, ID_HASH, "left_semi").drop(ID_HASH), dimensions))
            .dropDuplicates("transaction_id");
    return once.unionByName(repeated);
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
