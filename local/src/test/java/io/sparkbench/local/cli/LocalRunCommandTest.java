package io.sparkbench.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad input to {@code local}: a one-line error, exit code 2, and nothing started. */
class LocalRunCommandTest {

  @TempDir Path dir;

  private static final String VALID =
      """
      apiVersion: sparkbench.io/v1alpha1
      kind: ScalingBenchmark
      metadata:
        name: quick
      spec:
        image: sparkbench/spark-app:dev
        records: [1000, 2000]
      """;

  private record Outcome(int code, String out, String err) {}

  private Outcome run(String manifest, String... extra) throws Exception {
    Path file = Files.writeString(dir.resolve("benchmark.yaml"), manifest);
    String[] args = new String[extra.length + 3];
    args[0] = file.toString();
    args[1] = "--work-dir";
    args[2] = dir.resolve("work").toString();
    System.arraycopy(extra, 0, args, 3, extra.length);
    return command(args);
  }

  private static Outcome command(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new LocalRunCommand(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
            .run(args);
    return new Outcome(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private void assertRefused(Outcome outcome, String message) {
    assertThat(outcome.code()).isEqualTo(2);
    assertThat(outcome.err()).startsWith("error: ").contains(message).hasLineCount(1);
    assertThat(outcome.out()).isEmpty();
    assertThat(dir.resolve("work")).as("nothing was started").doesNotExist();
  }

  static Stream<Path> invalidManifests() throws IOException {
    // The operator module's corpus, which CrdOnControlPlaneIT sends to the real API server.
    try (Stream<Path> files =
        Files.list(Path.of("..", "operator", "src", "test", "resources", "invalid-manifests"))) {
      return files.sorted().toList().stream();
    }
  }

  /**
   * Every manifest the real API server refuses (the corpus of CrdOnControlPlaneIT), {@code local}
   * refuses too: one line naming the field, exit code 2, nothing started.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidManifests")
  void everyManifestTheApiServerRefusesIsRefusedWithOneLine(Path manifest) throws Exception {
    String yaml = Files.readString(manifest);
    String field =
        yaml.lines()
            .filter(l -> l.startsWith("# field: "))
            .map(l -> l.substring("# field: ".length()).strip())
            .findFirst()
            .orElseThrow();
    // a map key's own dots read ambiguously in a path; its last segment is always named
    String named =
        field.startsWith("spec.sparkConf.") ? "spec.sparkConf" : field.replaceAll("\\[\\d+]$", "");
    Outcome outcome = run(yaml);
    assertThat(outcome.err()).as(manifest.getFileName().toString()).contains(named);
    assertRefused(outcome, "");
  }

  @Test
  void aMisspeltFieldIsNamed() throws Exception {
    assertRefused(
        run(VALID.replace("records:", "recrods:")),
        "benchmark.yaml (document 1): unknown field spec.recrods");
  }

  @Test
  void invalidYamlIsRefused() throws Exception {
    assertRefused(run("apiVersion: [unclosed\n"), "is not valid YAML");
  }

  @Test
  void anotherKindIsRefused() throws Exception {
    assertRefused(
        run("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n"),
        "is v1/Pod, expected apiVersion sparkbench.io/v1alpha1 and kind ScalingBenchmark");
  }

  @Test
  void aWrongTypeIsNamed() throws Exception {
    assertRefused(
        run(VALID.replace("[1000, 2000]", "[1000, lots]")), "spec.records[1]: lots is not a valid");
  }

  @Test
  void anInvalidSpecGetsTheOperatorsMessage() throws Exception {
    assertRefused(
        run(VALID.replace("[1000, 2000]", "[2000, 1000]")), "scalingbenchmark/quick: spec.records");
  }

  @Test
  void anUnknownControlPlaneIsRefused() throws Exception {
    assertRefused(
        run(VALID, "--control-plane", "kind"), "--control-plane must be mock or real, got kind");
  }

  @Test
  void aMissingFileOrArgumentIsRefused() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    LocalRunCommand command =
        new LocalRunCommand(
            new PrintStream(new ByteArrayOutputStream()),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(command.run(new String[] {dir.resolve("absent.yaml").toString()})).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("cannot read")
        .contains("absent.yaml");
    assertThat(command.run(new String[] {})).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("a manifest file is required");
  }

  @Test
  void aBadDurationOrPortOrAnUnknownOptionIsRefusedWithOneLine() throws Exception {
    assertRefused(
        run(VALID, "--timeout", "xyz"),
        "--timeout is 'xyz': use a number and a unit (ms, s, m or h), e.g. 5m");
    assertRefused(run(VALID, "--timeout=200h"), "--timeout is '200h': use at most 168h (7 days)");
    assertRefused(run(VALID, "--http-port", "70000"), "--http-port must be 0 to 65535, got 70000");
    assertRefused(run(VALID, "--colour=blue"), "unknown option --colour");
    assertRefused(run(VALID, "second.yaml"), "unexpected argument 'second.yaml'");
    Path prices = dir.resolve("prices.yaml");
    assertRefused(
        run(VALID, "--prices", prices.toString()), "--prices is '" + prices + "': no such file");
    Files.writeString(prices, "{currency: USD, coreHour: 0.04, gibHour: -0.005}");
    assertRefused(
        run(VALID, "--prices", prices.toString()),
        "--prices is '" + prices + "': gibHour is -0.005: a price must be a number of 0 or more");
  }

  @Test
  void helpListsEveryOptionWithItsDefault() {
    Outcome help = command("--help");
    assertThat(help.code()).isZero();
    assertThat(help.err()).isEmpty();
    assertThat(help.out().replaceAll("\\s+", " "))
        .contains("Usage: local")
        .contains("MANIFEST")
        .containsPattern("--control-plane=mock\\|real [^(]*\\(default mock\\)")
        .containsPattern("--work-dir=DIR [^(]*\\(default local-runs\\)")
        .containsPattern("--http-port=N [^(]*\\(default 0\\)")
        .containsPattern("--timeout=DURATION [^(]*\\(default 6h\\)")
        .contains("--keep")
        .containsPattern("--prices=FILE [^(]*\\(default: none")
        .contains("--help");
  }
}
