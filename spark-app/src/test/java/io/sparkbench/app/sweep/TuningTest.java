package io.sparkbench.app.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TuningTest {

  @Test
  void untunedRunsOptOutOfTheSettingsAndGetSparksDefaults() {
    assertThat(Tuning.NONE.jvmOptions()).containsExactly("-Dio.sparkbench.jvmSettings=none");
    assertThat(Tuning.NONE.jobOptions())
        .containsExactly("--conf", "spark.sql.shuffle.partitions=200");
  }

  @Test
  void tunedRunsAreTheReadmesCommandWithNothingAdded() {
    assertThat(Tuning.TUNED.jvmOptions()).isEmpty();
    assertThat(Tuning.TUNED.jobOptions()).isEmpty();
    assertThat(Tuning.TUNED.describe()).contains("-Xmx512m").contains("-XX:TieredStopAtLevel=1");
  }
}
