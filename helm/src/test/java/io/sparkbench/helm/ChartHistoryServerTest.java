package io.sparkbench.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/**
 * The chart's optional History Server: Spark's own, from the spark-app image, reading the event
 * logs from the benchmarks' claim read-only, and the operator told where users open it.
 */
class ChartHistoryServerTest {

  private static final String HISTORY = RenderedChart.FULLNAME + "-history";

  private static final String ENABLED =
      """
      historyServer:
        enabled: true
        logDirectory: file:///var/sparkbench/medallion-quickstart/spark-events
        persistentVolumeClaim: sparkbench-data
      """;

  @Test
  void offByDefault() {
    RenderedChart chart = RenderedChart.withDefaults();
    assertThat(chart.ofKind("Deployment"))
        .extracting(o -> o.getMetadata().getName())
        .doesNotContain(HISTORY);
    assertThat(env(operator(chart), "SPARKBENCH_HISTORY_SERVER_URL")).isNull();
  }

  @Test
  void sparksHistoryServerReadsTheClaimReadOnlyAndTheOperatorLinksToIt() {
    RenderedChart chart = RenderedChart.withValues(ENABLED);
    Deployment history = chart.one(Deployment.class, HISTORY);
    Container container = history.getSpec().getTemplate().getSpec().getContainers().get(0);

    assertThat(container.getImage()).isEqualTo("sparkbench/spark-app:dev");
    // the image's entrypoint starts Spark's History Server for this role
    assertThat(container.getCommand()).isNullOrEmpty();
    assertThat(container.getArgs()).containsExactly("history-server");
    assertThat(env(container, "SPARK_HISTORY_OPTS"))
        .isEqualTo(
            "-Dspark.history.fs.logDirectory=file:///var/sparkbench/medallion-quickstart/spark-events"
                + " -Dspark.history.ui.port=18080");
    assertThat(container.getVolumeMounts())
        .anySatisfy(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/var/sparkbench");
              assertThat(m.getReadOnly()).isTrue();
            });
    assertThat(history.getSpec().getTemplate().getSpec().getVolumes())
        .filteredOn(v -> v.getPersistentVolumeClaim() != null)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("sparkbench-data");
              assertThat(v.getPersistentVolumeClaim().getReadOnly()).isTrue();
            });
    assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(history.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
        .isFalse();
    Service service = chart.one(Service.class, HISTORY);
    assertThat(service.getSpec().getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getPort()).isEqualTo(18080));
    assertThat(env(operator(chart), "SPARKBENCH_HISTORY_SERVER_URL"))
        .isEqualTo("http://" + HISTORY + "." + RenderedChart.NAMESPACE + ".svc:18080");

    RenderedChart withUrl =
        RenderedChart.withValues(ENABLED + "  url: https://spark-history.example.com\n");
    assertThat(env(operator(withUrl), "SPARKBENCH_HISTORY_SERVER_URL"))
        .isEqualTo("https://spark-history.example.com");
  }

  @Test
  void enabledWithoutALogDirectorySaysWhatToSet() {
    assertThatThrownBy(() -> RenderedChart.templateWithValues("historyServer: {enabled: true}"))
        .hasMessageContaining("historyServer.enabled=true needs historyServer.logDirectory");
  }

  private static Container operator(RenderedChart chart) {
    return chart
        .one(Deployment.class, RenderedChart.FULLNAME)
        .getSpec()
        .getTemplate()
        .getSpec()
        .getContainers()
        .get(0);
  }

  private static String env(Container container, String name) {
    return container.getEnv().stream()
        .filter(e -> e.getName().equals(name))
        .map(EnvVar::getValue)
        .findFirst()
        .orElse(null);
  }
}
