package io.sparkbench.app.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.api.settings.RunSettings;
import org.junit.jupiter.api.Test;

class JvmDescriptionTest {

  @Test
  void aDriverThatCompilesOtherwiseThanItsExecutorsNamesBoth() {
    assertThat(JvmDescription.jit("C1", null)).as("local mode: one JVM").isEqualTo("C1");
    assertThat(JvmDescription.jit("C1", "C1")).isEqualTo("C1");
    assertThat(
            JvmDescription.jit(
                RunSettings.jitOf(RunSettings.driverJvmOptions()),
                RunSettings.jitOf(RunSettings.executorJvmOptions(1_000_000))))
        .isEqualTo("driver C1, executors tiered");
  }
}
