package io.sparkbench.app.generate;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.app.BenchmarkOptions.DatasetSpec;
import io.sparkbench.app.SparkTestSession;
import io.sparkbench.app.pipeline.Schemas;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SalesDataGeneratorTest {

  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = SparkTestSession.start();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  private static DatasetSpec spec(long records, long seed, double dirtyRatio) {
    return new DatasetSpec(records, seed, 50, 20, 5, dirtyRatio);
  }

  private static List<Row> sorted(Dataset<Row> rows) {
    return rows.orderBy(col("transaction_id"), col("customer_id")).collectAsList();
  }

  @Test
  void sameSeedGivesTheSameRowsWhateverThePartitioning() {
    SalesDataGenerator generator = new SalesDataGenerator(spec(2_000, 7, 0.05));
    List<Row> twoPartitions = sorted(generator.transactions(spark, 2));
    List<Row> fivePartitions = sorted(generator.transactions(spark, 5));
    assertThat(twoPartitions).hasSize(2_000).isEqualTo(fivePartitions);
  }

  @Test
  void differentSeedGivesDifferentData() {
    List<Row> seven = sorted(new SalesDataGenerator(spec(500, 7, 0.01)).transactions(spark, 2));
    List<Row> eight = sorted(new SalesDataGenerator(spec(500, 8, 0.01)).transactions(spark, 2));
    assertThat(seven).isNotEqualTo(eight);
  }

  @Test
  void transactionsHaveTheLandingSchemaAndConsistentAmounts() {
    Dataset<Row> rows = new SalesDataGenerator(spec(1_000, 1, 0.0)).transactions(spark, 2);
    assertThat(Schemas.shape(rows.schema())).isEqualTo(Schemas.shape(Schemas.LANDING_TRANSACTIONS));
    for (Row row : rows.collectAsList()) {
      long quantity = Long.parseLong(row.getAs("quantity"));
      long unitPrice = Long.parseLong(row.getAs("unit_price"));
      assertThat(quantity).isBetween(1L, 10L);
      assertThat(unitPrice).isBetween(1_000L, 200_000L);
      assertThat(unitPrice % 1_000).isZero();
      assertThat(Long.parseLong(row.getAs("amount"))).isEqualTo(quantity * unitPrice);
      assertThat((String) row.getAs("event_time"))
          .matches("2024-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d");
      assertThat((String) row.getAs("payment_method")).isIn("CARD", "MOBILE", "CASH", "TRANSFER");
    }
    assertThat(rows.select("transaction_id").distinct().count()).isEqualTo(1_000);
  }

  @Test
  void dirtyRowsOfEveryKindAppearAtTheRequestedRatio() {
    Dataset<Row> rows = new SalesDataGenerator(spec(20_000, 3, 0.06)).transactions(spark, 2);
    long missingCustomer = rows.filter(col("customer_id").isNull()).count();
    long negative = rows.filter(col("amount").startsWith("-")).count();
    long badQuantity = rows.filter(col("quantity").endsWith(" pcs")).count();
    long badTime = rows.filter(col("event_time").startsWith("2024-13-")).count();
    long unknownProduct = rows.filter(col("product_id").gt("P00020")).count();
    long duplicates = 20_000 - rows.select("transaction_id").distinct().count();
    // 6% of 20,000 over six kinds: about 200 each.
    for (long count :
        List.of(missingCustomer, negative, badQuantity, badTime, unknownProduct, duplicates)) {
      assertThat(count).isBetween(120L, 280L);
    }
  }

  @Test
  void aDuplicateIsAnExactCopyOfThePreviousTransaction() {
    Dataset<Row> rows = new SalesDataGenerator(spec(5_000, 11, 0.3)).transactions(spark, 2);
    Map<String, List<Row>> byId =
        rows.collectAsList().stream()
            .collect(Collectors.groupingBy(r -> r.getAs("transaction_id")));
    List<List<Row>> repeated =
        byId.values().stream().filter(group -> group.size() > 1).collect(Collectors.toList());
    assertThat(repeated).isNotEmpty();
    for (List<Row> group : repeated) {
      assertThat(group).hasSize(2);
      assertThat(group.get(0)).isEqualTo(group.get(1));
    }
    assertThat(repeated.stream().map(g -> g.get(0)))
        .as("a dirty row delivered twice is dirty twice")
        .anyMatch(SalesDataGeneratorTest::isDirty);
  }

  /** Whether a landing row carries any of the generator's kinds of dirt (20 products). */
  private static boolean isDirty(Row row) {
    return row.getAs("customer_id") == null
        || row.<String>getAs("amount").startsWith("-")
        || row.<String>getAs("quantity").endsWith(" pcs")
        || row.<String>getAs("event_time").startsWith("2024-13-")
        || row.<String>getAs("product_id").compareTo("P00020") > 0;
  }

  @Test
  void idsAreZeroPaddedAndNeverTruncated() {
    Row row =
        spark
            .range(1)
            .select(
                SalesDataGenerator.code("P", org.apache.spark.sql.functions.lit(42L), 5),
                SalesDataGenerator.code("P", org.apache.spark.sql.functions.lit(99_999L), 5),
                SalesDataGenerator.code("P", org.apache.spark.sql.functions.lit(123_456L), 5))
            .first();
    assertThat(List.of(row.getString(0), row.getString(1), row.getString(2)))
        .containsExactly("P00042", "P99999", "P123456");
  }

  @Test
  void dimensionsHaveTheRequestedSizesAndPricesMatchTransactions() {
    SalesDataGenerator generator = new SalesDataGenerator(spec(2_000, 5, 0.0));
    assertThat(generator.customers(spark).count()).isEqualTo(50);
    assertThat(generator.stores(spark).count()).isEqualTo(5);
    Map<String, String> prices =
        generator.products(spark).collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getAs("product_id"), r -> r.getAs("unit_price")));
    assertThat(prices).hasSize(20);
    for (Row row : generator.transactions(spark, 2).collectAsList()) {
      assertThat(prices).containsEntry(row.getAs("product_id"), row.getAs("unit_price"));
    }
  }
}
