package io.sparkbench.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad arguments get a one-line error and exit code 2, before Spark starts. */
class MedallionBenchmarkTest {

  @TempDir Path dir;

  private record Outcome(int code, String out, String err) {}

  private Outcome run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        MedallionBenchmark.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Outcome(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private void assertRefused(Outcome outcome, String message) {
    assertThat(outcome.code()).isEqualTo(2);
    assertThat(outcome.err()).startsWith("error: ").contains(message).hasLineCount(1);
    assertThat(outcome.out()).isEmpty();
  }

  @Test
  void recordsAreRequired() {
    assertRefused(
        run("--data-dir", dir.toString()), "Missing required option: '--records=<records>'");
  }

  @Test
  void negativeOrZeroRecordsAreRefused() {
    assertRefused(
        run("--records", "-5", "--data-dir", dir.toString()),
        "--records must be at least 1, got -5");
    assertRefused(
        run("--records", "0", "--data-dir", dir.toString()), "--records must be at least 1, got 0");
  }

  @Test
  void nonNumericRecordsAreRefused() {
    assertRefused(
        run("--records", "1M"), "Invalid value for option '--records': '1M' is not a long");
  }

  @Test
  void unknownOptionsAreRefused() {
    assertRefused(run("--records", "10", "--recrods", "5"), "Unknown option");
  }

  @Test
  void dirtyRatioAndDimensionsAreChecked() {
    assertRefused(
        run("--records", "10", "--dirty-ratio", "0.9", "--data-dir", dir.toString()),
        "--dirty-ratio must be between 0 and 0.5, got 0.9");
    assertRefused(
        run("--records", "10", "--stores", "0", "--data-dir", dir.toString()),
        "--stores must be at least 1, got 0");
  }

  @Test
  void unwritableOutputIsRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "x");
    assertRefused(
        run("--records", "10", "--data-dir", file.toString()), "is a file, not a directory");
    assertRefused(
        run("--records", "10", "--data-dir", dir.toString(), "--report", dir.toString()),
        "is a directory, not a file");
    assertRefused(
        run("--records", "10", "--data-dir", file.resolve("below").toString()),
        "is not a writable directory");
  }

  @Test
  void helpAndVersionPrintAndExitZero() {
    Outcome help = run("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out()).contains("--records", "--data-dir", "--report", "--master");
    Outcome version = run("--version");
    assertThat(version.code()).isZero();
    assertThat(version.out()).contains("Spark 4.1.1");
  }
}
