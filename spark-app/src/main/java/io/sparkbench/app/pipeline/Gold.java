package io.sparkbench.app.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/** Gold: business aggregates of the silver transactions. Revenue is gross, in KRW. */
public final class Gold {

  /** Customers kept in the top-customers table. */
  public static final int TOP_CUSTOMERS = 100;

  private Gold() {}

  /** Revenue per day, store and product category, with the refunded part. */
  public static Dataset<Row> dailyRevenue(Dataset<Row> silver) {
    return silver
        .groupBy(col("sale_date"), col("store_id"), col("store_city"), col("product_category"))
        .agg(
            count(lit(1)).as("transactions"),
            sum(col("quantity")).as("units"),
            sum(col("amount")).as("revenue_krw"),
            sum(when(col("status").equalTo("REFUNDED"), col("amount")).otherwise(0L))
                .as("refunded_krw"));
  }

  /** The {@code limit} customers with the highest revenue, ties broken by customer id. */
  public static Dataset<Row> topCustomers(Dataset<Row> silver, int limit) {
    Dataset<Row> perCustomer =
        silver
            .groupBy(col("customer_id"), col("customer_segment"), col("customer_region"))
            .agg(count(lit(1)).as("transactions"), sum(col("amount")).as("revenue_krw"));
    return perCustomer
        .orderBy(col("revenue_krw").desc(), col("customer_id").asc())
        .limit(limit)
        .withColumn(
            "rank",
            row_number().over(Window.orderBy(col("revenue_krw").desc(), col("customer_id").asc())))
        .select(
            col("rank"),
            col("customer_id"),
            col("customer_segment"),
            col("customer_region"),
            col("transactions"),
            col("revenue_krw"));
  }

  /** Transactions and revenue per payment method, with each method's share of revenue. */
  public static Dataset<Row> paymentMix(Dataset<Row> silver) {
    Dataset<Row> perMethod =
        silver
            .groupBy(col("payment_method"))
            .agg(count(lit(1)).as("transactions"), sum(col("amount")).as("revenue_krw"));
    Dataset<Row> total = perMethod.agg(sum(col("revenue_krw")).as("total_krw"));
    return perMethod
        .crossJoin(total)
        .select(
            col("payment_method"),
            col("transactions"),
            col("revenue_krw"),
            col("revenue_krw").cast("double").divide(col("total_krw")).as("revenue_share"));
  }
}
