package io.sparkbench.app.pipeline;

import static io.sparkbench.app.pipeline.PipelineRows.valid;
import static io.sparkbench.app.pipeline.PipelineRows.with;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.app.SparkTestSession;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bronze, silver and gold as pure functions on tiny in-memory tables. */
class StagesTest {

  private static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = SparkTestSession.start();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  @Test
  void bronzeKeepsEveryRowAndAddsIngestionMetadata() {
    List<Row> landing =
        List.of(
            RowFactory.create(valid("TX1")),
            RowFactory.create(with(valid("TX2"), "amount", "garbage")));
    Dataset<Row> raw =
        spark
            .createDataFrame(landing, Schemas.LANDING_TRANSACTIONS)
            .withColumn("_source_file", lit("part-0.csv"));

    Dataset<Row> bronze =
        Bronze.conform(
            Bronze.ingest(raw, "batch-7", PipelineRows.INGESTED_AT), Schemas.LANDING_TRANSACTIONS);

    assertThat(Schemas.shape(bronze.schema()))
        .isEqualTo(Schemas.shape(Schemas.BRONZE_TRANSACTIONS));
    List<Row> rows = bronze.orderBy("transaction_id").collectAsList();
    assertThat(rows).hasSize(2);
    assertThat((String) rows.get(1).getAs("amount")).isEqualTo("garbage");
    assertThat((Timestamp) rows.get(0).getAs("_ingested_at"))
        .isEqualTo(Timestamp.from(PipelineRows.INGESTED_AT));
    assertThat((String) rows.get(0).getAs("_batch_id")).isEqualTo("batch-7");
    assertThat((String) rows.get(0).getAs("_source_file")).isEqualTo("part-0.csv");
  }

  @Test
  void silverRejectsEachKindOfDirtyRowWithItsReason() {
    Map<String, Object[]> cases = new java.util.LinkedHashMap<>();
    cases.put("missing_transaction_id", with(valid("X"), "transaction_id", null));
    cases.put("missing_customer_id", with(valid("TX2"), "customer_id", null));
    cases.put("missing_product_id", with(valid("TX3"), "product_id", " "));
    cases.put("missing_store_id", with(valid("TX4"), "store_id", null));
    cases.put("unparsable_quantity", with(valid("TX5"), "quantity", "2 pcs"));
    cases.put("unparsable_unit_price", with(valid("TX6"), "unit_price", "5,000"));
    cases.put("unparsable_amount", with(valid("TX7"), "amount", "ten thousand"));
    cases.put("unparsable_event_time", with(valid("TX8"), "event_time", "2024-13-40 25:61:00"));
    cases.put("non_positive_quantity", with(with(valid("TX9"), "quantity", "0"), "amount", "0"));
    cases.put("negative_amount", with(valid("TX10"), "amount", "-10000"));
    cases.put("amount_mismatch", with(valid("TX11"), "amount", "9999"));
    cases.put("unknown_customer", with(valid("TX12"), "customer_id", "C9999999"));
    cases.put("unknown_product", with(valid("TX13"), "product_id", "P99999"));
    cases.put("unknown_store", with(valid("TX14"), "store_id", "S9999"));
    List<Object[]> landing = new ArrayList<>(cases.values());
    landing.add(valid("TX100"));

    Dataset<Row> checked =
        Silver.check(PipelineRows.bronze(spark, landing), PipelineRows.dimensions(spark));
    Dataset<Row> rejects = Silver.rejects(checked);

    assertThat(Schemas.shape(rejects.schema())).isEqualTo(Schemas.shape(Schemas.SILVER_REJECTS));
    Map<String, String> reasonByAmountAndId =
        rejects.collectAsList().stream()
            .collect(
                Collectors.toMap(
                    r -> r.getAs("reject_reason"),
                    r -> String.valueOf((Object) r.getAs("amount"))));
    assertThat(reasonByAmountAndId.keySet()).containsExactlyInAnyOrderElementsOf(cases.keySet());
    for (RejectReason reason : RejectReason.values()) {
      assertThat(cases).containsKey(reason.code());
    }
    // The rejected row is kept as it arrived.
    assertThat(reasonByAmountAndId).containsEntry("unparsable_amount", "ten thousand");
    assertThat(Silver.valid(checked).collectAsList())
        .singleElement()
        .satisfies(row -> assertThat((String) row.getAs("transaction_id")).isEqualTo("TX100"));
  }

  @Test
  void silverTypesJoinsAndDeduplicates() {
    List<Object[]> landing =
        List.of(
            valid("TX1"),
            valid("TX1"),
            with(
                with(
                    with(with(valid("TX2"), "customer_id", "C0000002"), "product_id", "P00002"),
                    "unit_price",
                    "12000"),
                "amount",
                "24000"),
            with(valid("TX3"), "store_id", "S0002"));

    Dataset<Row> silver =
        Silver.transactions(
            PipelineRows.bronze(spark, landing), PipelineRows.dimensions(spark), landing.size());

    assertThat(Schemas.shape(silver.schema()))
        .isEqualTo(Schemas.shape(Schemas.SILVER_TRANSACTIONS));
    List<Row> rows = silver.orderBy("transaction_id").collectAsList();
    assertThat(rows)
        .extracting(r -> (String) r.getAs("transaction_id"))
        .containsExactly("TX1", "TX2", "TX3");
    Row tx2 = rows.get(1);
    assertThat((Integer) tx2.getAs("quantity")).isEqualTo(2);
    assertThat((Long) tx2.getAs("amount")).isEqualTo(24_000L);
    assertThat((String) tx2.getAs("customer_segment")).isEqualTo("CORPORATE");
    assertThat((String) tx2.getAs("customer_region")).isEqualTo("Busan");
    assertThat((String) tx2.getAs("product_category")).isEqualTo("Books");
    assertThat((String) tx2.getAs("store_city")).isEqualTo("Seoul 1");
    assertThat((Date) tx2.getAs("sale_date")).isEqualTo(Date.valueOf("2024-03-01"));
    assertThat((Timestamp) tx2.getAs("event_time"))
        .isEqualTo(Timestamp.valueOf("2024-03-01 10:15:00"));
    assertThat((String) rows.get(2).getAs("store_region")).isEqualTo("Busan");
  }

  @Test
  void silverKeepsTheValidCopyOfARepeatedIdAndEveryIdSeenOnce() {
    List<Object[]> landing = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      landing.add(valid("TX" + i));
    }
    landing.add(valid("TX5"));
    landing.add(valid("TX5"));
    // A re-delivery that arrived damaged: the copy is rejected, the valid copy is kept.
    landing.add(with(valid("TX7"), "amount", "ten thousand"));
    // Rows without an id all hash alike; they are rejected, not de-duplicated into silver.
    landing.add(with(valid("TX8"), "transaction_id", null));
    landing.add(with(valid("TX9"), "transaction_id", null));
    Dataset<Row> bronze = PipelineRows.bronze(spark, landing);
    Silver.Dimensions dimensions = PipelineRows.dimensions(spark);

    List<String> ids =
        Silver.transactions(bronze, dimensions, landing.size()).collectAsList().stream()
            .map(r -> r.<String>getAs("transaction_id"))
            .toList();
    assertThat(ids).hasSize(20).doesNotHaveDuplicates().allMatch(id -> id.startsWith("TX"));
    // Sized for many rows, the id hashes are shuffled before they are counted: same rows.
    long manyRows = (spark.sparkContext().defaultParallelism() + 1) * Silver.IDS_PER_PARTITION;
    assertThat(Silver.transactions(bronze, dimensions, manyRows).collectAsList())
        .extracting(r -> r.<String>getAs("transaction_id"))
        .containsExactlyInAnyOrderElementsOf(ids);
    assertThat(Silver.rejects(Silver.check(bronze, dimensions)).count()).isEqualTo(3);
  }

  @Test
  void silverInOnePassGivesTheRowsOfThePlanThatReadsBronzeThreeTimes() {
    List<Object[]> landing = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      landing.add(valid("TX" + i));
    }
    landing.add(valid("TX5"));
    landing.add(valid("TX5"));
    landing.add(valid("TX6"));
    landing.add(with(valid("TX7"), "amount", "ten thousand"));
    landing.add(with(valid("TX8"), "transaction_id", null));
    landing.add(with(valid("TX30"), "event_time", "2024-03-01T10:15:00"));
    Dataset<Row> bronze = PipelineRows.bronze(spark, landing);
    Silver.Dimensions dimensions = PipelineRows.dimensions(spark);

    Silver.OnePass onePass = Silver.onePass(bronze, dimensions, landing.size());
    List<Row> once = onePass.once().collectAsList();
    List<Row> repeated = onePass.repeated().collectAsList();
    List<Row> rejects = onePass.rejects().collectAsList();

    assertThat(once).hasSize(17);
    assertThat(repeated)
        .extracting(r -> r.<String>getAs("transaction_id"))
        .containsExactlyInAnyOrder("TX5", "TX6", "TX7");
    List<Row> silver = new ArrayList<>(once);
    silver.addAll(repeated);
    assertThat(silver)
        .containsExactlyInAnyOrderElementsOf(
            Silver.transactions(bronze, dimensions, landing.size()).collectAsList());
    // Read back from the side output, a rejected row is the row the other plan rejects, to the
    // microsecond of its ingestion time.
    assertThat(rejects)
        .hasSize(3)
        .containsExactlyInAnyOrderElementsOf(
            Silver.rejects(Silver.check(bronze, dimensions)).collectAsList());
    assertThat(Schemas.shape(onePass.rejects().schema()))
        .isEqualTo(Schemas.shape(Schemas.SILVER_REJECTS));
  }

  @Test
  void numbersAndTheEventTimeMayArrivePaddedWithBlanks() {
    Object[] padded =
        with(
            with(
                with(with(valid("TX1"), "quantity", " 2 "), "unit_price", "\t5000"),
                "amount",
                "10000 "),
            "event_time",
            "  2024-03-01 10:15:00 ");

    List<Row> rows =
        Silver.valid(
                Silver.check(
                    PipelineRows.bronze(spark, List.<Object[]>of(padded)),
                    PipelineRows.dimensions(spark)))
            .collectAsList();

    assertThat(rows).singleElement();
    assertThat((Integer) rows.get(0).getAs("quantity")).isEqualTo(2);
    assertThat((Long) rows.get(0).getAs("unit_price")).isEqualTo(5000L);
    assertThat((Long) rows.get(0).getAs("amount")).isEqualTo(10_000L);
    assertThat((Timestamp) rows.get(0).getAs("event_time"))
        .isEqualTo(Timestamp.valueOf("2024-03-01 10:15:00"));
  }

  @Test
  void onePassSuitsTheDefaultDirtShareUpTo10MillionRows() {
    assertThat(Silver.suitsOnePass(10_000_000, 0.01)).isTrue();
    assertThat(Silver.suitsOnePass(10_000_000, 0.1)).isFalse();
    assertThat(Silver.suitsOnePass(100_000_000, 0.01)).isFalse();
  }

  @Test
  void anEventTimeOfAnotherShapeIsUnparsableThoughACastWouldTakeIt() {
    Map<String, Timestamp> parsed = new java.util.LinkedHashMap<>();
    Map<String, Timestamp> cast = new java.util.HashMap<>();
    for (String text :
        List.of(
            "2024-03-01 10:15:00",
            "2024-03-01T10:15:00",
            "2024-3-01 10:15:00",
            "2024-03-01 10:15:00Z",
            "2024-03-01 10:15",
            "2024-02-30 10:15:00",
            "2024-13-01 10:15:00",
            "2024-03-01 24:00:00",
            "+024-03-01 10:15:00")) {
      Row row =
          spark
              .range(1)
              .select(Silver.eventTime(lit(text)).as("t"), lit(text).try_cast("timestamp"))
              .first();
      parsed.put(text, row.getTimestamp(0));
      cast.put(text, row.getTimestamp(1));
    }
    assertThat(cast.get("2024-03-01T10:15:00")).isNotNull();
    assertThat(cast.get("2024-3-01 10:15:00")).isNotNull();
    assertThat(parsed)
        .containsEntry("2024-03-01 10:15:00", Timestamp.valueOf("2024-03-01 10:15:00"));
    assertThat(parsed.entrySet().stream().filter(e -> e.getValue() != null)).hasSize(1);
  }

  @Test
  void goldTotalsEqualSilverTotals() {
    List<Object[]> landing = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      Object[] row = valid("TX" + i);
      row = with(row, "event_time", "2024-03-0" + (1 + i % 3) + " 10:00:00");
      row = with(row, "payment_method", i % 2 == 0 ? "CARD" : "CASH");
      row = with(row, "quantity", String.valueOf(1 + i % 4));
      row = with(row, "amount", String.valueOf((1 + i % 4) * 5_000));
      row = with(row, "status", i % 10 == 0 ? "REFUNDED" : "COMPLETED");
      row = with(row, "store_id", i % 5 == 0 ? "S0002" : "S0001");
      row = with(row, "customer_id", i < 20 ? "C0000001" : "C0000002");
      landing.add(row);
    }
    Dataset<Row> silver =
        Silver.transactions(
            PipelineRows.bronze(spark, landing), PipelineRows.dimensions(spark), landing.size());
    long silverTotal = silver.agg(sum(col("amount"))).first().getLong(0);

    Dataset<Row> daily = Gold.dailyRevenue(silver);
    assertThat(Schemas.shape(daily.schema())).isEqualTo(Schemas.shape(Schemas.GOLD_DAILY_REVENUE));
    assertThat(daily.agg(sum(col("revenue_krw"))).first().getLong(0)).isEqualTo(silverTotal);
    assertThat(daily.agg(sum(col("transactions"))).first().getLong(0)).isEqualTo(30);
    assertThat(daily.agg(sum(col("refunded_krw"))).first().getLong(0))
        .isEqualTo(5_000 + 15_000 + 5_000); // TX0, TX10, TX20
    assertThat(daily.count()).isEqualTo(6); // 3 days × 2 stores, one category

    Dataset<Row> mix = Gold.paymentMix(silver);
    assertThat(Schemas.shape(mix.schema())).isEqualTo(Schemas.shape(Schemas.GOLD_PAYMENT_MIX));
    List<Row> methods = mix.orderBy("payment_method").collectAsList();
    assertThat(methods)
        .extracting(r -> (String) r.getAs("payment_method"))
        .containsExactly("CARD", "CASH");
    assertThat(methods.stream().mapToLong(r -> r.<Long>getAs("revenue_krw")).sum())
        .isEqualTo(silverTotal);
    assertThat(methods.stream().mapToDouble(r -> r.<Double>getAs("revenue_share")).sum())
        .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));

    List<Row> top = Gold.topCustomers(silver, 1).collectAsList();
    assertThat(Schemas.shape(Gold.topCustomers(silver, 1).schema()))
        .isEqualTo(Schemas.shape(Schemas.GOLD_TOP_CUSTOMERS));
    long c1 =
        silver.filter(col("customer_id").equalTo("C0000001")).agg(sum("amount")).first().getLong(0);
    assertThat(top)
        .singleElement()
        .satisfies(
            r -> {
              assertThat((Integer) r.getAs("rank")).isEqualTo(1);
              assertThat((String) r.getAs("customer_id")).isEqualTo("C0000001");
              assertThat((Long) r.getAs("revenue_krw")).isEqualTo(c1);
              assertThat((Long) r.getAs("transactions")).isEqualTo(20);
            });
  }

  @Test
  void topCustomersBreaksRevenueTiesByCustomerId() {
    List<Object[]> landing = List.of(with(valid("TX1"), "customer_id", "C0000002"), valid("TX2"));
    Dataset<Row> silver =
        Silver.valid(
            Silver.check(PipelineRows.bronze(spark, landing), PipelineRows.dimensions(spark)));
    assertThat(Gold.topCustomers(silver, 10).collectAsList())
        .extracting(r -> r.getAs("rank") + ":" + r.getAs("customer_id"))
        .containsExactly("1:C0000001", "2:C0000002");
  }
}
