package io.sparkbench.app.settings;

import io.sparkbench.api.settings.RunSettings;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The run settings the operator gives its pods, as Spark reads them. */
class PodJvmOptionsInSparkTest {

  @Test
  void sparkAcceptsThePodOptionsAsItsDefaultJavaOptions() {
    String options = String.join(" ", RunSettings.podJvmOptions(10_000));
    SparkConf conf =
        new SparkConf(false)
            .set("spark.driver.defaultJavaOptions", options)
            .set("spark.executor.defaultJavaOptions", options);

    conf.validateSettings();
  }
}
