package io.sparkbench.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The chart ships the CRDs the api module generates into the top-level crds/, unchanged. */
class ChartCrdsTest {

  private static final Path GENERATED = RenderedChart.ROOT_DIR.resolve("crds");
  private static final Path CHART = RenderedChart.CHART_DIR.resolve("crds");
  private static final String FIX =
      "run from the repository root: mvn -pl api -Pupdate-crds process-classes (it refreshes crds/"
          + " and the chart's copy)";

  @Test
  void chartCrdsAreByteForByteTheGeneratedCrds() throws IOException {
    Set<String> generated = yamlFiles(GENERATED);
    Set<String> shipped = yamlFiles(CHART);

    assertThat(shipped)
        .as("CRD files in the chart differ from the generated ones in crds/; %s", FIX)
        .isEqualTo(generated);
    for (String file : generated) {
      assertThat(Arrays.equals(readBytes(GENERATED, file), readBytes(CHART, file)))
          .as("helm/sparkbench-operator/crds/%s differs from crds/%s; %s", file, file, FIX)
          .isTrue();
    }
  }

  private static Set<String> yamlFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yml") || n.endsWith(".yaml"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  private static byte[] readBytes(Path dir, String file) throws IOException {
    return Files.readAllBytes(dir.resolve(file));
  }
}
