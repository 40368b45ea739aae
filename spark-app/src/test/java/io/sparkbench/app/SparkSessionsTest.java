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
}
