package io.sparkbench.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TuningTest {

  private static final Path ARCHIVE = Path.of("/tmp/cds/spark-app.jsa");

  @Test
  void untunedRunsGetNoJvmOptionsButSparksDefaults() {
    assertThat(Tuning.NONE.jvmOptions(ARCHIVE, 10_000)).isEmpty();
    assertThat(Tuning.NONE.environment()).isEmpty();
    assertThat(Tuning.TUNED.environment()).containsEntry("MALLOC_ARENA_MAX", "2");
    assertThat(Tuning.NONE.jobOptions())
        .containsExactly("--conf", "spark.sql.shuffle.partitions=200");
  }

  @Test
  void shortTunedRunsCompileWithC1OnlyAndLongOnesTiered() {
    assertThat(Tuning.TUNED.jvmOptions(ARCHIVE, 10_000))
        .contains("-Xmx512m", "-XX:SharedArchiveFile=" + ARCHIVE, Tuning.SHORT_RUN_JIT);
    assertThat(Tuning.TUNED.jvmOptions(ARCHIVE, Tuning.SHORT_RUN_RECORDS))
        .contains(Tuning.SHORT_RUN_JIT);
    assertThat(Tuning.TUNED.jvmOptions(ARCHIVE, 1_000_000))
        .contains("-Xmx512m", "-XX:SharedArchiveFile=" + ARCHIVE)
        .doesNotContain(Tuning.SHORT_RUN_JIT);
  }

  @Test
  void withoutAnArchiveTunedRunsDoNotAskForOne() {
    assertThat(Tuning.TUNED.jvmOptions(null, 1_000_000))
        .noneMatch(option -> option.startsWith("-XX:SharedArchiveFile"));
  }
}
