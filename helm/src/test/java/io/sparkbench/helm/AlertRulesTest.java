package io.sparkbench.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkbench.operator.RequiredTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's alert rules: a PrometheusRule only when {@code alerts.enabled}, carrying exactly the
 * groups of {@code alerts/sparkbench-rules.yaml}; that file passes {@code promtool check rules},
 * and {@code promtool test rules} (Debian's prometheus package) shows each alert firing on the
 * series it is for and staying quiet on the others.
 */
class AlertRulesTest {

  private static final Path RULES = RenderedChart.CHART_DIR.resolve("alerts/sparkbench-rules.yaml");
  private static final Path TESTS = Path.of("src", "test", "resources", "alerts");

  @TempDir Path dir;

  @Test
  void thePrometheusRuleCarriesTheRulesFileWhenEnabled() throws IOException {
    assertThat(RenderedChart.withDefaults().ofKind("PrometheusRule")).isEmpty();

    List<HasMetadata> rules =
        RenderedChart.withValues("alerts: {enabled: true, labels: {release: kps}}")
            .ofKind("PrometheusRule");

    assertThat(rules).singleElement().isInstanceOf(GenericKubernetesResource.class);
    GenericKubernetesResource rule = (GenericKubernetesResource) rules.get(0);
    assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(rule.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
    assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kps");
    Map<?, ?> file = Serialization.unmarshal(Files.readString(RULES), Map.class);
    Object groups = rule.get("spec", "groups");
    assertThat(groups).isEqualTo(file.get("groups"));
    assertThat(groups.toString())
        .contains("SparkbenchRunFailed")
        .contains("SparkbenchRunSlowerThanModel")
        .contains("SparkbenchReconcileErrors");
  }

  @Test
  void promtoolChecksTheRulesAndTheirTestsPass() throws Exception {
    Path promtool =
        RequiredTool.find("prometheus", "Debian: apt-get install prometheus", "promtool");
    Files.copy(RULES, dir.resolve("sparkbench-rules.yaml"));
    Files.copy(TESTS.resolve("sparkbench-rules-test.yaml"), dir.resolve("rules-test.yaml"));

    assertThat(promtool(promtool, "check", "rules", "sparkbench-rules.yaml"))
        .contains("SUCCESS: 4 rules found");
    assertThat(promtool(promtool, "test", "rules", "rules-test.yaml")).contains("SUCCESS");
  }

  /** Runs promtool in the temporary folder; returns its output after exit code 0. */
  private String promtool(Path promtool, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(promtool.toString()));
    command.addAll(List.of(args));
    Path log = dir.resolve("promtool.log");
    Process process =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!process.waitFor(1, TimeUnit.MINUTES)) {
      process.destroyForcibly();
    }
    String output = Files.readString(log);
    assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    return output;
  }
}
