package io.sparkbench.app.settings;

import io.sparkbench.api.settings.RunSettings;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The run settings the operator gives its pods, as Spark reads them. */
class PodJvmOptionsInSparkTest {

  @Test
  void sparkAcceptsThePodOptionsAsItsDefaultJavaOptions() {
    SparkConf conf =
        new SparkConf(false)
            .set(
                "spark.driver.defaultJavaOptions", String.join(" ", RunSettings.driverJvmOptions()))
            .set(
                "spark.executor.defaultJavaOptions",
                String.join(" ", RunSettings.executorJvmOptions(10_000)));

    conf.validateSettings();
  }
}
