package io.sparkbench.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.app.BenchmarkOptions.DatasetSpec;
import io.sparkbench.app.measure.ExecutorWorkPlugin;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {

  private static BenchmarkOptions options(String master, Map<String, String> sparkConf) {
    return new BenchmarkOptions(
        new DatasetSpec(1000, 42, 10, 10, 10, 0.01),
        "/tmp/data",
        null,
        null,
        null,
        master,
        0,
        sparkConf);
  }

  @Test
  void executorsOfTheirOwnReportTheirJvmWorkBesideTheUsersPlugins() {
    String plugin = ExecutorWorkPlugin.class.getName();

    assertThat(SparkSessions.conf(options("k8s://https://api:6443", Map.of())).get("spark.plugins"))
        .isEqualTo(plugin);
    assertThat(
            SparkSessions.conf(
                    options("k8s://https://api:6443", Map.of("spark.plugins", "com.example.P")))
                .get("spark.plugins"))
        .isEqualTo("com.example.P," + plugin);
    assertThat(
            SparkSessions.conf(options("k8s://https://api:6443", Map.of("spark.plugins", plugin)))
                .get("spark.plugins"))
        .isEqualTo(plugin);
    assertThat(SparkSessions.conf(options("local[2]", Map.of())).contains("spark.plugins"))
        .as("in local mode the driver's own figures cover the tasks")
        .isFalse();
  }

  @Test
  void parquetRowGroupsFitAnEighthOfTheHeapOfTheJvmThatWritesThem() {
    assertThat(SparkSessions.rowGroupBytes(512L << 20, 2)).isEqualTo(32L << 20);
    assertThat(SparkSessions.rowGroupBytes(64L << 30, 2))
        .isEqualTo(SparkSessions.PARQUET_ROW_GROUP);
    assertThat(SparkSessions.rowGroupBytes(256L << 20, 16)).isEqualTo(8L << 20);
    // On Kubernetes the executors write: their memory and cores size it, not the driver's.
    assertThat(
            SparkSessions.conf(
                    options(
                        "k8s://https://api:6443",
                        Map.of("spark.executor.memory", "2g", "spark.executor.cores", "4")))
                .get(SparkSessions.ROW_GROUP_KEY))
        .isEqualTo(Long.toString(64L << 20));
    assertThat(
            SparkSessions.conf(options("local[2]", Map.of(SparkSessions.ROW_GROUP_KEY, "1048576")))
                .get(SparkSessions.ROW_GROUP_KEY))
        .as("a user's own size wins")
        .isEqualTo("1048576");
  }

  @Test
  void onlyExecutorsOfTheirOwnPollTheirProcessTree() {
    assertThat(
            SparkSessions.conf(options("local[2]", Map.of()))
                .contains("spark.executor.processTreeMetrics.enabled"))
        .isFalse();
    assertThat(
            SparkSessions.conf(options("k8s://https://api:6443", Map.of()))
                .get("spark.executor.processTreeMetrics.enabled"))
        .isEqualTo("true");
  }
}
