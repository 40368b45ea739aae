package io.sparkbench.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code sparkbench} command's own parsing: its help, its subcommands, bad input. */
class SparkbenchTest {

  private record Outcome(int code, String out, String err) {}

  private static Outcome run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Sparkbench.commandLine(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                env)
            .execute(args);
    return new Outcome(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helpNamesEveryCommand() {
    Outcome help = run(Map.of(), "--help");
    assertThat(help.code()).isZero();
    assertThat(help.out())
        .contains("Usage: sparkbench [-h] (local | operator | node | compare)")
        .containsPattern("local +Runs ScalingBenchmarks end to end on this machine")
        .containsPattern("operator +Runs the ScalingBenchmark operator")
        .containsPattern("node +Starts a real one-node Kubernetes cluster on this machine");
    assertThat(run(Map.of(), "node", "--help").out())
        .contains("Usage: sparkbench node")
        .contains("--work-dir=DIR")
        .contains("--base-images-only");
    assertThat(run(Map.of(), "local", "--help").out()).contains("Usage: sparkbench local");
    assertThat(run(Map.of(), "operator", "--help").out())
        .contains("Usage: sparkbench operator")
        .contains("--max-running=N");
  }

  @Test
  void badInputIsOneLineAndExitCode2() {
    Outcome none = run(Map.of());
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err())
        .isEqualTo(
            "error: name a command: local, operator, node or compare (see sparkbench --help)"
                + System.lineSeparator());

    Outcome local = run(Map.of(), "local", "--timeout=xyz", "quickstart.yaml");
    assertThat(local.code()).isEqualTo(2);
    assertThat(local.err())
        .startsWith("error: --timeout is 'xyz': use a number and a unit")
        .endsWith("(see sparkbench local --help)" + System.lineSeparator())
        .hasLineCount(1);

    Outcome operator = run(Map.of("SPARKBENCH_MAX_RUNNING", "many"), "operator");
    assertThat(operator.code()).isEqualTo(2);
    assertThat(operator.err())
        .as("a bad variable is named as such")
        .isEqualTo(
            "error: SPARKBENCH_MAX_RUNNING must be an integer, got 'many' (see sparkbench"
                + " operator --help)"
                + System.lineSeparator());
    assertThat(operator.out()).isEmpty();
  }
}
