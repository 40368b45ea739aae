package io.sparkbench.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.operator.reconciler.ValidateSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every ScalingBenchmark of examples/ is read by {@code local} and passes the operator's check. */
class ExamplesTest {

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("..", "examples"))) {
      return files
          .filter(f -> f.toString().endsWith(".yaml"))
          .filter(f -> read(f).contains("kind: ScalingBenchmark"))
          .sorted()
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void eachBenchmarkIsReadAndValid(Path file) throws IOException {
    int documents = 0;
    for (String document : Files.readString(file).split("(?m)^---\\s*$")) {
      if (!document.contains("kind: ScalingBenchmark")) {
        continue;
      }
      ScalingBenchmark benchmark = Manifests.parse(document, file.toString());
      benchmark.getMetadata().setNamespace("examples");
      assertThat(ValidateSpec.problems(benchmark, Map.of(), null))
          .as(benchmark.getMetadata().getName())
          .isEmpty();
      documents++;
    }
    assertThat(documents).isPositive();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
