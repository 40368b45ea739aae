package io.sparkbench.api.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunSettingsTest {

  private static final Path ARCHIVE = Path.of("/tmp/cds/spark-app.jsa");

  @Test
  void shortLocalRunsCompileWithC1OnlyAndLongOnesTiered() {
    assertThat(RunSettings.localJvmOptions(10_000, ARCHIVE))
        .contains("-Xmx512m", "-XX:SharedArchiveFile=" + ARCHIVE, RunSettings.SHORT_RUN_JIT)
        .contains("-Dio.sparkbench.jvmSettings=tuned");
    assertThat(RunSettings.localJvmOptions(RunSettings.SHORT_RUN_RECORDS, null))
        .contains(RunSettings.SHORT_RUN_JIT)
        .noneMatch(o -> o.startsWith("-XX:SharedArchiveFile"));
    assertThat(RunSettings.localJvmOptions(1_000_000, ARCHIVE))
        .doesNotContain(RunSettings.SHORT_RUN_JIT)
        .containsAll(RunSettings.LONG_RUN_JIT);
  }

  @Test
  void podsGetTheCollectorAndCapsButTheirHeapFromTheSpec() {
    assertThat(RunSettings.executorJvmOptions(1_000_000))
        .contains("-XX:+UseParallelGC", "-Dio.sparkbench.jvmSettings=tuned")
        .noneMatch(o -> o.startsWith("-Xmx") || o.startsWith("-Xms"))
        .noneMatch(o -> o.startsWith("-XX:MaxDirectMemorySize"))
        .doesNotContain(RunSettings.SHORT_RUN_JIT)
        .containsAll(RunSettings.LONG_RUN_JIT);
    assertThat(RunSettings.executorJvmOptions(10_000))
        .contains(RunSettings.SHORT_RUN_JIT)
        .doesNotContainAnyElementsOf(RunSettings.LONG_RUN_JIT);
    assertThat(RunSettings.driverJvmOptions())
        .as("the driver runs no tasks: C1 at every size")
        .contains("-XX:+UseParallelGC", RunSettings.SHORT_RUN_JIT)
        .noneMatch(o -> o.startsWith("-Xmx") || o.startsWith("-Xms"));
  }

  @Test
  void theJitOfOptionsIsTheLastWordOfEach() {
    assertThat(RunSettings.jitOf(RunSettings.driverJvmOptions())).isEqualTo("C1");
    assertThat(RunSettings.jitOf(RunSettings.executorJvmOptions(1_000_000))).isEqualTo("tiered");
    assertThat(RunSettings.jitOf(List.of("-XX:TieredStopAtLevel=1", "-XX:TieredStopAtLevel=4")))
        .isEqualTo("tiered");
    assertThat(RunSettings.jitOf(List.of("-XX:TieredStopAtLevel=1", "-XX:-TieredCompilation")))
        .isEqualTo("C2");
  }

  @Test
  void aUsersOptionReplacesOursOfTheSameFamily() {
    List<String> ours = RunSettings.localJvmOptions(10_000, ARCHIVE);

    assertThat(RunSettings.merge(ours, List.of("-XX:+UseG1GC", "-Xmx2g")))
        .doesNotContain("-XX:+UseParallelGC", "-Xms512m", "-Xmx512m")
        .endsWith("-XX:+UseG1GC", "-Xmx2g")
        .contains("-XX:MaxMetaspaceSize=256m", RunSettings.SHORT_RUN_JIT);
    assertThat(RunSettings.merge(ours, List.of("-XX:-TieredCompilation", "-Xshare:off")))
        .doesNotContain(
            RunSettings.SHORT_RUN_JIT, "-Xshare:auto", "-XX:SharedArchiveFile=" + ARCHIVE)
        .contains("-XX:+UseParallelGC", "-Xmx512m");
    assertThat(
            RunSettings.merge(
                RunSettings.localJvmOptions(1_000_000, null), List.of("-XX:TieredStopAtLevel=1")))
        .as("a user's JIT choice replaces all of ours, inlining included")
        .doesNotContainAnyElementsOf(RunSettings.LONG_RUN_JIT)
        .endsWith("-XX:TieredStopAtLevel=1");
    assertThat(RunSettings.merge(ours, List.of("-Dfoo=bar")))
        .startsWith(ours.toArray(String[]::new));
  }
}
