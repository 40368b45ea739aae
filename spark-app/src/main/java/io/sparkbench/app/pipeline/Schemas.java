package io.sparkbench.app.pipeline;

import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import java.util.Arrays;
import java.util.stream.Stream;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** The explicit schema of every table in the medallion pipeline. */
public final class Schemas {

  private Schemas() {}

  /** Landing zone transactions: every column a string, as the source system writes it. */
  public static final StructType LANDING_TRANSACTIONS =
      strings(
          "transaction_id",
          "customer_id",
          "product_id",
          "store_id",
          "quantity",
          "unit_price",
          "amount",
          "event_time",
          "payment_method",
          "status");

  public static final StructType LANDING_CUSTOMERS =
      strings("customer_id", "name", "segment", "region");
  public static final StructType LANDING_PRODUCTS =
      strings("product_id", "name", "category", "unit_price");
  public static final StructType LANDING_STORES = strings("store_id", "name", "city", "region");

  /** Ingestion metadata bronze adds to every landing row. */
  public static final StructType INGESTION_METADATA =
      new StructType()
          .add("_source_file", StringType, true)
          .add("_ingested_at", TimestampType, false)
          .add("_batch_id", StringType, false);

  public static final StructType BRONZE_TRANSACTIONS = bronze(LANDING_TRANSACTIONS);

  /** Rejected rows: the bronze row as it arrived, and why it was rejected. */
  public static final StructType SILVER_REJECTS =
      concat(BRONZE_TRANSACTIONS, new StructType().add("reject_reason", StringType, false));

  /** Valid, typed, de-duplicated transactions joined to their dimensions. */
  public static final StructType SILVER_TRANSACTIONS =
      new StructType()
          .add("transaction_id", StringType, false)
          .add("customer_id", StringType, false)
          .add("product_id", StringType, false)
          .add("store_id", StringType, false)
          .add("quantity", IntegerType, false)
          .add("unit_price", LongType, false)
          .add("amount", LongType, false)
          .add("event_time", TimestampType, false)
          .add("sale_date", DateType, false)
          .add("payment_method", StringType, false)
          .add("status", StringType, false)
          .add("customer_segment", StringType, true)
          .add("customer_region", StringType, true)
          .add("product_category", StringType, true)
          .add("store_city", StringType, true)
          .add("store_region", StringType, true);

  public static final StructType GOLD_DAILY_REVENUE =
      new StructType()
          .add("sale_date", DateType, false)
          .add("store_id", StringType, false)
          .add("store_city", StringType, true)
          .add("product_category", StringType, true)
          .add("transactions", LongType, false)
          .add("units", LongType, true)
          .add("revenue_krw", LongType, true)
          .add("refunded_krw", LongType, true);

  public static final StructType GOLD_TOP_CUSTOMERS =
      new StructType()
          .add("rank", IntegerType, false)
          .add("customer_id", StringType, false)
          .add("customer_segment", StringType, true)
          .add("customer_region", StringType, true)
          .add("transactions", LongType, false)
          .add("revenue_krw", LongType, true);

  public static final StructType GOLD_PAYMENT_MIX =
      new StructType()
          .add("payment_method", StringType, false)
          .add("transactions", LongType, false)
          .add("revenue_krw", LongType, true)
          .add("revenue_share", DoubleType, true);

  private static StructType strings(String... names) {
    StructType schema = new StructType();
    for (String name : names) {
      schema = schema.add(name, StringType, true);
    }
    return schema;
  }

  /** A bronze table's schema: its landing columns, then the ingestion metadata. */
  public static StructType bronze(StructType landing) {
    return concat(landing, INGESTION_METADATA);
  }

  static StructType concat(StructType first, StructType second) {
    return new StructType(
        Stream.concat(Arrays.stream(first.fields()), Arrays.stream(second.fields()))
            .toArray(StructField[]::new));
  }

  /** Field names and types only, ignoring nullability: what a test compares. */
  public static String shape(StructType schema) {
    StringBuilder out = new StringBuilder();
    for (StructField f : schema.fields()) {
      DataType type = f.dataType();
      out.append(f.name()).append(':').append(type.simpleString()).append(' ');
    }
    return out.toString().trim();
  }
}
