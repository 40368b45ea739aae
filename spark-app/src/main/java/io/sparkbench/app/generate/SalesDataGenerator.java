package io.sparkbench.app.generate;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.sparkbench.app.BenchmarkOptions.DatasetSpec;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Deterministic synthetic sales data: transactions in KRW with a share of dirty rows, and the
 * customer, product and store dimensions they refer to.
 *
 * <p>Every value is a hash of the seed, a field tag and the row number, computed by Spark
 * expressions, so the data does not depend on partitioning, ordering or the machine: the same seed
 * always gives the same rows. All columns are strings, as a source system writes them.
 */
public final class SalesDataGenerator {

  /** 2024-01-01T00:00:00Z: transactions fall in the following 365 days. */
  static final long START_EPOCH_SECOND = 1_704_067_200L;

  static final long SECONDS_PER_YEAR = 365L * 24 * 3600;
  static final String EVENT_TIME_FORMAT = "yyyy-MM-dd HH:mm:ss";

  static final String[] REGIONS = {
    "Seoul", "Busan", "Incheon", "Daegu", "Daejeon", "Gwangju", "Ulsan", "Gyeonggi"
  };
  static final String[] SEGMENTS = {"CONSUMER", "CORPORATE", "SMALL_BUSINESS"};
  static final String[] CATEGORIES = {
    "Electronics", "Grocery", "Apparel", "Home", "Beauty", "Sports", "Books", "Toys"
  };

  private final DatasetSpec spec;

  public SalesDataGenerator(DatasetSpec spec) {
    this.spec = spec;
  }

  /** Transactions, {@code spec.records()} rows over {@code partitions} partitions. */
  public Dataset<Row> transactions(SparkSession spark, int partitions) {
    Column id = col("id");
    int duplicate = DirtyKind.DUPLICATE_ID.ordinal();
    // A duplicate re-delivers the previous row exactly as it was delivered, dirt included. A row
    // drawn as a duplicate of a duplicate is delivered clean instead, so copies never chain.
    Column previousKind = rawKind(id.minus(1));
    Column isDuplicate =
        col("raw_kind").equalTo(duplicate).and(id.gt(0)).and(previousKind.notEqual(duplicate));
    Dataset<Row> rows =
        spark
            .range(0, spec.records(), 1, partitions)
            .select(id, rawKind(id).as("raw_kind"))
            .select(
                when(isDuplicate, id.minus(1)).otherwise(id).as("k"),
                when(isDuplicate, previousKind)
                    .when(col("raw_kind").equalTo(duplicate), lit(-1))
                    .otherwise(col("raw_kind"))
                    .as("kind"));

    Column k = col("k");
    Column productNumber = pick("product", k, spec.products());
    Column quantity = pick("quantity", k, 10);
    Column unitPrice = unitPriceKrw(productNumber);
    Column amount = quantity.multiply(unitPrice);
    Column eventTime =
        date_format(
            timestamp_seconds(
                lit(START_EPOCH_SECOND).plus(pmod(hash("time", k), lit(SECONDS_PER_YEAR)))),
            EVENT_TIME_FORMAT);
    Column payment = pmod(hash("payment", k), lit(100));
    Column status = pmod(hash("status", k), lit(100));

    return rows.select(
        code("TX", k, 12).as("transaction_id"),
        when(is(DirtyKind.MISSING_CUSTOMER), lit(null).cast("string"))
            .otherwise(code("C", pick("customer", k, spec.customers()), 7))
            .as("customer_id"),
        when(
                is(DirtyKind.UNKNOWN_PRODUCT),
                code("P", lit((long) spec.products()).plus(pick("unknown", k, 1000)), 5))
            .otherwise(code("P", productNumber, 5))
            .as("product_id"),
        code("S", pick("store", k, spec.stores()), 4).as("store_id"),
        when(is(DirtyKind.UNPARSABLE_QUANTITY), concat(quantity.cast("string"), lit(" pcs")))
            .otherwise(quantity.cast("string"))
            .as("quantity"),
        unitPrice.cast("string").as("unit_price"),
        when(is(DirtyKind.NEGATIVE_AMOUNT), amount.multiply(-1))
            .otherwise(amount)
            .cast("string")
            .as("amount"),
        when(
                is(DirtyKind.UNPARSABLE_EVENT_TIME),
                concat(lit("2024-13-"), pick("day", k, 40), lit(" 25:61:00")))
            .otherwise(eventTime)
            .as("event_time"),
        when(payment.lt(55), lit("CARD"))
            .when(payment.lt(80), lit("MOBILE"))
            .when(payment.lt(92), lit("CASH"))
            .otherwise(lit("TRANSFER"))
            .as("payment_method"),
        when(status.lt(97), lit("COMPLETED")).otherwise(lit("REFUNDED")).as("status"));
  }

  /** The customer dimension: id, name, segment, region. */
  public Dataset<Row> customers(SparkSession spark) {
    Column n = col("id");
    return spark
        .range(1, spec.customers() + 1L, 1, 1)
        .select(
            code("C", n, 7).as("customer_id"),
            concat(lit("Customer "), n.cast("string")).as("name"),
            choose("segment", n, SEGMENTS).as("segment"),
            choose("customer_region", n, REGIONS).as("region"));
  }

  /** The product dimension: id, name, category, list price in KRW. */
  public Dataset<Row> products(SparkSession spark) {
    Column n = col("id");
    return spark
        .range(1, spec.products() + 1L, 1, 1)
        .select(
            code("P", n, 5).as("product_id"),
            concat(lit("Product "), n.cast("string")).as("name"),
            choose("category", n, CATEGORIES).as("category"),
            unitPriceKrw(n).cast("string").as("unit_price"));
  }

  /** The store dimension: id, name, city, region. */
  public Dataset<Row> stores(SparkSession spark) {
    Column n = col("id");
    Column region = choose("store_region", n, REGIONS);
    return spark
        .range(1, spec.stores() + 1L, 1, 1)
        .select(
            code("S", n, 4).as("store_id"),
            concat(lit("Store "), n.cast("string")).as("name"),
            concat(region, lit(" "), pmod(n, lit(7)).plus(1).cast("string")).as("city"),
            region.as("region"));
  }

  /** The dirty kind drawn for row {@code id}, or -1 for a clean row. */
  private Column rawKind(Column id) {
    long dirtyPerMillion = Math.round(spec.dirtyRatio() * 1_000_000);
    return when(
            pmod(hash("dirty", id), lit(1_000_000L)).lt(lit(dirtyPerMillion)),
            pmod(hash("kind", id), lit(DirtyKind.values().length)))
        .otherwise(lit(-1L))
        .cast("int");
  }

  /** A product's list price: 1,000 to 200,000 KRW in steps of 1,000. */
  private Column unitPriceKrw(Column productNumber) {
    return pmod(hash("price", productNumber), lit(200L)).plus(1).multiply(1000L);
  }

  /**
   * An id such as {@code P00042}: the prefix and the number zero-padded to {@code width} digits, or
   * unpadded when it has more. Cheaper per row than {@code format_string}.
   */
  static Column code(String prefix, Column number, int width) {
    Column digits = number.cast("string");
    return concat(
        lit(prefix),
        when(number.lt(lit(pow10(width))), lpad(digits, width, "0")).otherwise(digits));
  }

  private static long pow10(int exponent) {
    long value = 1;
    for (int i = 0; i < exponent; i++) {
      value *= 10;
    }
    return value;
  }

  private Column is(DirtyKind dirtyKind) {
    return col("kind").equalTo(dirtyKind.ordinal());
  }

  private Column hash(String tag, Column value) {
    return xxhash64(lit(spec.seed()), lit(tag), value);
  }

  /** A number from 1 to {@code bound} derived from the seed, the tag and the value. */
  private Column pick(String tag, Column value, long bound) {
    return pmod(hash(tag, value), lit(bound)).plus(1);
  }

  private Column choose(String tag, Column value, String[] choices) {
    Column[] literals = Arrays.stream(choices).map(c -> lit(c)).toArray(Column[]::new);
    return element_at(array(literals), pick(tag, value, choices.length).cast("int"));
  }
}
