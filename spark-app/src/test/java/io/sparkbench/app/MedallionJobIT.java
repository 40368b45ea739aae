package io.sparkbench.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.result.ResultCodec;
import io.sparkbench.app.BenchmarkOptions.DatasetSpec;
import io.sparkbench.app.measure.DriverMemory;
import io.sparkbench.app.pipeline.Layout;
import io.sparkbench.app.pipeline.MedallionJob;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole job, generate to gold, on a local session with a few thousand records. */
class MedallionJobIT {

  /**
   * Spark queries in one run: four landing writes, four bronze writes, three dimension reads, the
   * silver write that reads bronze, the two small tables it sets aside (each read back from its
   * observation and written) and three gold writes. More means another pass, with its planning,
   * over data.
   */
  private static final int JOB_QUERIES = 19;

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);

  private static SparkSession spark;

  @TempDir static Path dir;

  @BeforeAll
  static void startSpark() {
    spark = SparkTestSession.start();
  }

  @AfterAll
  static void stopSpark() {
    spark.stop();
  }

  private static BenchmarkResult run(String name, long records, long seed) {
    BenchmarkOptions options =
        new BenchmarkOptions(
            new DatasetSpec(records, seed, 500, 50, 10, 0.02),
            dir.resolve(name).toString(),
            null,
            null,
            null,
            null,
            3,
            Map.of());
    try (DriverMemory memory = DriverMemory.start(50)) {
      return new BenchmarkRunner(options, CLOCK).measure(spark, memory);
    }
  }

  @Test
  void aRunMeasuresEveryStageAndTheSameSeedGivesTheSameTotal() throws Exception {
    long before = System.currentTimeMillis();
    BenchmarkResult first = run("first", 5_000, 42);
    long after = System.currentTimeMillis();
    BenchmarkResult again = run("again", 5_000, 42);
    BenchmarkResult otherSeed = run("other", 5_000, 43);

    assertThat(first.succeeded()).isTrue();
    assertThat(first.totalAmount()).isPositive().isEqualTo(again.totalAmount());
    assertThat(first.rows()).isEqualTo(again.rows());
    assertThat(otherSeed.totalAmount()).isNotEqualTo(first.totalAmount());

    BenchmarkResult.RowCounts rows = first.rows();
    assertThat(rows.generated()).isEqualTo(5_000);
    assertThat(rows.bronze()).isEqualTo(5_000);
    // 2% dirty over six kinds; five of them are rejected, one is a duplicate.
    assertThat(rows.rejected()).isBetween(50L, 120L);
    assertThat(rows.duplicates()).isBetween(5L, 30L);
    assertThat(rows.silver() + rows.rejected() + rows.duplicates()).isEqualTo(5_000);
    assertThat(rows.gold()).isPositive();

    BenchmarkResult.StageSeconds stages = first.stages();
    assertThat(stages.generate()).isPositive();
    assertThat(stages.bronze()).isPositive();
    assertThat(stages.silver()).isPositive();
    assertThat(stages.gold()).isPositive();
    assertThat(first.totalSeconds())
        .isGreaterThan(stages.generate() + stages.bronze() + stages.silver() + stages.gold());
    assertThat(first.memory().driver().heapMiB()).isPositive();
    assertThat(first.memory().driver().rssMiB()).isGreaterThan(first.memory().driver().heapMiB());
    assertThat(first.memory().executor()).as("local mode has no separate executors").isNull();
    assertThat(first.cpu().taskSeconds()).isPositive();
    assertThat(first.cpu().cores()).isEqualTo(2);
    assertThat(first.cpu().utilization()).isBetween(0.0, 1.0);
    assertThat(first.cpu().processSeconds()).isPositive();
    assertThat(first.cpu().jitSeconds()).isPositive();
    assertThat(first.cpu().gcSeconds()).isNotNegative();
    assertThat(first.cpu().planningSeconds()).isPositive();
    assertThat(first.cpu().queries()).isEqualTo(JOB_QUERIES);
    assertThat(first.cpu().executorProcessSeconds())
        .as("local mode's tasks run in the driver's process")
        .isNull();
    assertThat(first.executors()).isEqualTo(1);

    double pipeline = stages.generate() + stages.bronze() + stages.silver() + stages.gold();
    assertThat(first.totalSeconds() - stages.startup() - pipeline)
        .as("the stages do not overlap: only the preparation to measure lies between them")
        .isGreaterThan(-0.005);
    BenchmarkResult.Timeline timeline = first.timeline();
    assertThat(timeline.jvmStartEpochMs())
        .as("this JVM, not relaunched, started before the run")
        .isEqualTo(ManagementFactory.getRuntimeMXBean().getStartTime())
        .isLessThanOrEqualTo(before);
    assertThat(timeline.jvmStartEpochMs() + Math.round(first.totalSeconds() * 1000))
        .as("gold ended while the run was measured")
        .isBetween(before, after);
    assertThat(timeline.firstJobSeconds())
        .as("the first job starts after the session was ready, in the generate stage")
        .isGreaterThanOrEqualTo(stages.startup())
        .isBetween(
            first.totalSeconds() - pipeline - 0.005,
            first.totalSeconds() - stages.bronze() - stages.silver() - stages.gold());
    BenchmarkResult.Efficiency efficiency = first.efficiency();
    assertThat(efficiency.taskWallSeconds()).isGreaterThanOrEqualTo(first.cpu().taskSeconds());
    assertThat(efficiency.averageActiveTasks())
        .isPositive()
        .isLessThanOrEqualTo(first.cpu().cores())
        .isCloseTo(efficiency.taskWallSeconds() / pipeline, within(0.01));
    assertThat(efficiency.allocatedCoreSeconds())
        .isCloseTo(first.cpu().cores() * pipeline, within(0.01))
        .isGreaterThanOrEqualTo(efficiency.taskWallSeconds())
        .isGreaterThanOrEqualTo(first.cpu().taskSeconds());
    assertThat(efficiency.longestStageChain())
        .as("silver and gold shuffle: a stage waits for another's output")
        .isGreaterThanOrEqualTo(2);
    assertThat(efficiency.stages()).isGreaterThanOrEqualTo(efficiency.longestStageChain());
    assertThat(again.efficiency().longestStageChain())
        .as("every run has its own listener: its chains are its own")
        .isEqualTo(efficiency.longestStageChain());
    assertThat(again.timeline().firstJobSeconds())
        .as("a later run's first job is its own")
        .isGreaterThanOrEqualTo(again.stages().startup())
        .isGreaterThan(first.totalSeconds());
    assertThat(first.sparkVersion()).isEqualTo("4.1.1");
    assertThat(first.master()).isEqualTo("local[2]");

    Layout layout = new Layout(dir.resolve("first").toString());
    assertThat(first.reportUri()).isEqualTo(layout.report());
    JsonNode report = new ObjectMapper().readTree(Files.readString(Path.of(layout.report())));
    assertThat(report.at("/result/totalAmount").asLong()).isEqualTo(first.totalAmount());
    assertThat(report.at("/finishedAt").asText()).isEqualTo("2025-01-02T03:04:05Z");
    assertThat(report.at("/goldRows/payment_mix").asLong()).isEqualTo(4);
    assertThat(report.at("/goldRows/top_customers").asLong()).isEqualTo(100);

    // Gold covers every silver transaction.
    long silverTotal =
        spark
            .read()
            .parquet(layout.silver(MedallionJob.TRANSACTIONS))
            .agg(org.apache.spark.sql.functions.sum("amount"))
            .first()
            .getLong(0);
    long goldTotal =
        spark
            .read()
            .parquet(layout.gold(MedallionJob.DAILY_REVENUE))
            .agg(org.apache.spark.sql.functions.sum("revenue_krw"))
            .first()
            .getLong(0);
    assertThat(goldTotal).isEqualTo(silverTotal).isEqualTo(first.totalAmount());
    assertThat(spark.read().parquet(layout.silver(MedallionJob.REJECTS)).count())
        .isEqualTo(rows.rejected());

    assertThat(ResultCodec.fromJson(ResultCodec.toJson(first))).isEqualTo(first);
  }
}
