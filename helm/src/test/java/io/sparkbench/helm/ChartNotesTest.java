package io.sparkbench.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What {@code helm install} prints: where benchmarks go, and what a user must create first. */
class ChartNotesTest {

  @Test
  void byDefaultTheNotesSendBenchmarksToTheBenchmarkNamespace() {
    String notes = notes("{}");

    assertThat(notes)
        .contains("It watches ScalingBenchmarks in: sparkbench-benchmarks.")
        .contains("kubectl apply -n sparkbench-benchmarks -f examples/quickstart.yaml")
        .contains("sparkbench.io/spark-driver")
        .doesNotContain("kubectl apply -n " + RenderedChart.NAMESPACE);
  }

  @Test
  void watchingAllWithoutSparkAccountNamespacesTheNotesSayWhatToCreate() {
    String notes = notes("watchNamespaces: []");

    assertThat(notes)
        .contains("every namespace")
        .contains("ServiceAccount labelled sparkbench.io/spark-driver: \"true\"")
        .contains("sparkServiceAccount.namespaces")
        .contains("kubectl apply -n <namespace> -f examples/quickstart.yaml");
  }

  private static String notes(String valuesYaml) {
    Path values = RenderedChart.writeTemp(valuesYaml);
    try {
      return new Helm(RenderedChart.CHART_DIR)
          .install()
          .withName(RenderedChart.RELEASE)
          .withNamespace(RenderedChart.NAMESPACE)
          .withKubeVersion(RenderedChart.KUBE_VERSION)
          .withValuesFile(values)
          .clientOnly()
          .dryRun()
          .call()
          .getOutput();
    } finally {
      RenderedChart.deleteQuietly(values);
    }
  }
}
