package io.sparkbench.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartValuesTest {

  @Test
  void moreThanOneReplicaWithoutLeaderElectionRefusesToRender() {
    assertThatThrownBy(() -> RenderedChart.templateWithValues("replicas: 2"))
        .hasMessageContaining("replicas=2 needs leaderElection.enabled=true");
    assertThat(RenderedChart.withValues("replicas: 2\nleaderElection: {enabled: true}").all())
        .isNotEmpty();
  }

  @Test
  void benchmarksInTheReleaseNamespaceRefuseToRenderWithOneLineSayingWhatToDo() {
    String expected =
        "benchmarks must not run in the operator's namespace \""
            + RenderedChart.NAMESPACE
            + "\": its ServiceAccount may create pods in every benchmark namespace; install the"
            + " chart into a namespace of its own (helm install --namespace sparkbench-system"
            + " --create-namespace) and list benchmark namespaces in watchNamespaces";

    for (String values :
        List.of(
            "watchNamespaces: [team-a, " + RenderedChart.NAMESPACE + "]",
            "watchNamespaces: []\nsparkServiceAccount: {namespaces: ["
                + RenderedChart.NAMESPACE
                + "]}",
            "watchNamespaces: [" + RenderedChart.NAMESPACE + "]\ncreateNamespaces: false")) {
      assertThatThrownBy(() -> RenderedChart.templateWithValues(values))
          .as(values)
          .satisfies(
              e ->
                  assertThat(e.getMessage().lines())
                      .as("one line, whole")
                      .filteredOn(l -> l.contains("benchmarks must not run"))
                      .singleElement()
                      .satisfies(l -> assertThat(l).endsWith(expected)));
    }
    assertThatThrownBy(
            () ->
                RenderedChart.release(
                    "bench", "sparkbench-benchmarks", "{}", RenderedChart.KUBE_VERSION))
        .as("the defaults, installed into the default benchmark namespace")
        .hasMessageContaining(
            "benchmarks must not run in the operator's namespace \"sparkbench-benchmarks\"");
    assertThat(RenderedChart.withValues("watchNamespaces: []").all()).isNotEmpty();
  }

  @Test
  void sparkAccountNamespacesAlongsideWatchedNamespacesRefuseToRender() {
    assertThatThrownBy(
            () -> RenderedChart.templateWithValues("sparkServiceAccount: {namespaces: [team-a]}"))
        .hasMessageContaining("sparkServiceAccount.namespaces is for watching every namespace");
  }

  @Test
  void schemaRefusesANegativeOrZeroQueueLimit() {
    assertThatThrownBy(() -> RenderedChart.templateWithValues("maxQueuedPerNamespace: -1"))
        .hasMessageContaining("maxQueuedPerNamespace");
    assertThatThrownBy(() -> RenderedChart.templateWithValues("maxQueuedPerNamespace: 0"))
        .hasMessageContaining("maxQueuedPerNamespace");
    assertThat(RenderedChart.withValues("maxQueuedPerNamespace: 1").all()).isNotEmpty();
  }

  @Test
  void schemaRejectsWrongTypesAndUnknownKeys() {
    assertThatThrownBy(() -> RenderedChart.template(t -> t.set("maxRunningBenchmarks", "abc")))
        .hasMessageContaining("maxRunningBenchmarks");
    assertThatThrownBy(() -> RenderedChart.templateWithValues("maxRunningBenchmarks: 0"))
        .hasMessageContaining("maxRunningBenchmarks");
    assertThatThrownBy(
            () -> RenderedChart.templateWithValues("leaderElection: {enabled: yes-please}"))
        .hasMessageContaining("leaderElection");
    assertThatThrownBy(() -> RenderedChart.templateWithValues("watchNamespaces: a,b"))
        .hasMessageContaining("watchNamespaces");
    assertThatThrownBy(() -> RenderedChart.templateWithValues("logLevel: LOUD"))
        .hasMessageContaining("logLevel");
    assertThatThrownBy(() -> RenderedChart.templateWithValues("maxRunning: 2"))
        .hasMessageContaining("maxRunning");
    assertThatThrownBy(() -> RenderedChart.templateWithValues("allowedPriorityClasses: high"))
        .hasMessageContaining("allowedPriorityClasses");
    assertThatThrownBy(
            () -> RenderedChart.templateWithValues("allowedPriorityClasses: [High Priority]"))
        .hasMessageContaining("allowedPriorityClasses");
    assertThatThrownBy(() -> RenderedChart.templateWithValues("createNamespaces: maybe"))
        .hasMessageContaining("createNamespaces");
    assertThatThrownBy(() -> RenderedChart.templateWithValues("health: {port: 80}"))
        .hasMessageContaining("health");
    assertThatThrownBy(
            () ->
                RenderedChart.templateWithValues(
                    "watchNamespaces: []\nsparkServiceAccount: {namespaces: [Team_A]}"))
        .hasMessageContaining("namespaces");
    assertThatThrownBy(
            () ->
                RenderedChart.templateWithValues(
                    "networkPolicy: {extraEgress: [{to: [], port: 9000}]}"))
        .hasMessageContaining("extraEgress");
  }

  @Test
  void serviceMonitorOnlyWhenEnabledAndKeepingTheBenchmarkNamespaceLabel() {
    assertThat(RenderedChart.withDefaults().ofKind("ServiceMonitor")).isEmpty();

    List<HasMetadata> monitors =
        RenderedChart.withValues(
                "metrics: {serviceMonitor: {enabled: true, interval: 15s, labels: {release: kps}}}")
            .ofKind("ServiceMonitor");

    assertThat(monitors).singleElement().isInstanceOf(GenericKubernetesResource.class);
    GenericKubernetesResource monitor = (GenericKubernetesResource) monitors.get(0);
    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kps");
    List<Map<String, Object>> endpoints = monitor.get("spec", "endpoints");
    assertThat(endpoints)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e)
                    .containsEntry("port", "http")
                    .containsEntry("path", "/metrics")
                    .containsEntry("interval", "15s")
                    .containsEntry("honorLabels", true));
    assertThatThrownBy(
            () ->
                RenderedChart.templateWithValues(
                    "metrics: {service: {enabled: false}, serviceMonitor: {enabled: true}}"))
        .hasMessageContaining("needs metrics.service.enabled=true");
  }

  @Test
  void dashboardConfigMapCarriesTheDashboardFileForGrafanasSidecar() throws IOException {
    ConfigMap dashboard =
        RenderedChart.withDefaults().one(ConfigMap.class, RenderedChart.FULLNAME + "-dashboard");

    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dashboard.getData().get("sparkbench.json"))
        .isEqualTo(
            Files.readString(RenderedChart.CHART_DIR.resolve("dashboards/sparkbench.json"))
                .strip());
    assertThat(
            RenderedChart.withValues("dashboard: {labels: {grafana_dashboard: spark}}")
                .one(ConfigMap.class, RenderedChart.FULLNAME + "-dashboard")
                .getMetadata()
                .getLabels())
        .containsEntry("grafana_dashboard", "spark");
    assertThat(RenderedChart.withValues("dashboard: {enabled: false}").all(ConfigMap.class))
        .isEmpty();
  }

  @Test
  void helmTestPodChecksReadinessAndTheServedCrd(@TempDir Path copy) throws IOException {
    Path testTemplate = Path.of("templates", "tests", "test-operator.yaml");
    String template = Files.readString(RenderedChart.CHART_DIR.resolve(testTemplate));
    assertThat(template).contains("helm.sh/hook: test");
    // helm-java's template, like a release's manifest, leaves hooks out: render a copy without it.
    copyChart(RenderedChart.CHART_DIR, copy);
    Files.writeString(
        copy.resolve(testTemplate),
        template.replace("helm.sh/hook: test", "hook-under-test: test"));

    Pod test = RenderedChart.withDefaults(copy).one(Pod.class, RenderedChart.FULLNAME + "-test");

    Container check = test.getSpec().getContainers().get(0);
    assertThat(check.getImage()).isEqualTo("curlimages/curl:8.11.1");
    assertThat(String.join("\n", check.getCommand()))
        .contains(
            "http://"
                + RenderedChart.FULLNAME
                + "-metrics."
                + RenderedChart.NAMESPACE
                + ".svc:8080/readyz")
        .contains("https://kubernetes.default.svc/apis/sparkbench.io/v1alpha1")
        .contains("\"scalingbenchmarks\"");
    assertThat(check.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(test.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(test.getSpec().getRestartPolicy()).isEqualTo("Never");
  }

  private static void copyChart(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
