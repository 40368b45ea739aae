package io.sparkbench.app.pipeline;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/** Tiny hand-written tables for the stage tests. */
final class PipelineRows {

  static final Instant INGESTED_AT = Instant.parse("2024-06-01T00:00:00Z");

  private PipelineRows() {}

  /** A valid landing transaction: 2 × 5,000 KRW of P00001 at S0001 by C0000001. */
  static Object[] valid(String id) {
    return new Object[] {
      id,
      "C0000001",
      "P00001",
      "S0001",
      "2",
      "5000",
      "10000",
      "2024-03-01 10:15:00",
      "CARD",
      "COMPLETED"
    };
  }

  static Object[] with(Object[] row, String column, String value) {
    Object[] copy = row.clone();
    copy[Schemas.LANDING_TRANSACTIONS.fieldIndex(column)] = value;
    return copy;
  }

  /** Bronze transactions built from landing rows, with ingestion metadata. */
  static Dataset<Row> bronze(SparkSession spark, List<Object[]> landing) {
    List<Row> rows = new ArrayList<>();
    for (Object[] values : landing) {
      Object[] full = new Object[values.length + 3];
      System.arraycopy(values, 0, full, 0, values.length);
      full[values.length] = "part-0.csv";
      full[values.length + 1] = Timestamp.from(INGESTED_AT);
      full[values.length + 2] = "batch-1";
      rows.add(RowFactory.create(full));
    }
    return spark.createDataFrame(rows, Schemas.BRONZE_TRANSACTIONS);
  }

  static Silver.Dimensions dimensions(SparkSession spark) {
    Dataset<Row> customers =
        spark.createDataFrame(
            List.of(
                RowFactory.create("C0000001", "Kim", "CONSUMER", "Seoul"),
                RowFactory.create("C0000002", "Lee", "CORPORATE", "Busan")),
            Schemas.LANDING_CUSTOMERS);
    Dataset<Row> products =
        spark.createDataFrame(
            List.of(
                RowFactory.create("P00001", "Kettle", "Home", "5000"),
                RowFactory.create("P00002", "Novel", "Books", "12000")),
            Schemas.LANDING_PRODUCTS);
    Dataset<Row> stores =
        spark.createDataFrame(
            List.of(
                RowFactory.create("S0001", "Gangnam", "Seoul 1", "Seoul"),
                RowFactory.create("S0002", "Haeundae", "Busan 2", "Busan")),
            Schemas.LANDING_STORES);
    return Silver.Dimensions.fromBronze(customers, products, stores);
  }
}
