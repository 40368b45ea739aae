package io.sparkbench.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.controlplane.ControlPlane;
import io.sparkbench.controlplane.Namespaces;
import io.sparkbench.controlplane.RealControlPlaneTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart installed on a real kube-apiserver through helm-java: with default and with non-default
 * values, every object the chart renders is admitted and there; uninstalling removes them all but
 * the CRD (Helm never deletes the CRDs of a chart's crds/ folder) and the benchmark namespaces the
 * chart created (kept: they hold the users' benchmarks and data).
 */
@RealControlPlaneTest
class ChartOnControlPlaneIT {

  private static KubernetesClient client;
  private static Path kubeconfig;
  private static String kubeVersion;

  @BeforeAll
  static void connect(ControlPlane controlPlane) {
    client = controlPlane.adminClient();
    kubeconfig = controlPlane.kubeconfig();
    kubeVersion = controlPlane.kubernetesVersion();
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  @Test
  void installsWithDefaultValuesAndUninstallsCleanly() {
    installCheckAndUninstall("defaults", "sparkbench-defaults", "{}");
  }

  @Test
  void installsWatchingNamespacesWithLeaderElectionAndUninstallsCleanly() {
    // team-a and team-b are the chart's to create (createNamespaces, the default)
    Namespaces.ensure(client, "dashboards");
    installCheckAndUninstall(
        "scoped",
        "sparkbench-scoped",
        """
        watchNamespaces: [team-a, team-b]
        leaderElection: {enabled: true}
        replicas: 2
        maxRunningBenchmarks: 2
        metrics:
          port: 9090
          serviceMonitor: {enabled: false}
        dashboard: {namespace: dashboards}
        sparkServiceAccount: {name: spark-runner}
        """);
  }

  private void installCheckAndUninstall(String release, String namespace, String valuesYaml) {
    RenderedChart rendered = RenderedChart.release(release, namespace, valuesYaml, kubeVersion);
    assertThat(rendered.all()).isNotEmpty();
    Path values = RenderedChart.writeTemp(valuesYaml);
    try {
      Release installed =
          new Helm(RenderedChart.CHART_DIR)
              .install()
              .withName(release)
              .withNamespace(namespace)
              .createNamespace()
              .withValuesFile(values)
              .withKubeConfig(kubeconfig)
              .call();
      assertThat(installed.getStatus()).isEqualTo("deployed");
    } finally {
      RenderedChart.deleteQuietly(values);
    }

    assertThat(
            client
                .apiextensions()
                .v1()
                .customResourceDefinitions()
                .withName("scalingbenchmarks.sparkbench.io")
                .get())
        .as("the chart's CRD")
        .isNotNull();
    for (HasMetadata object : rendered.all()) {
      assertThat(client.resource(object).get())
          .as("%s %s admitted", object.getKind(), object.getMetadata().getName())
          .isNotNull();
    }

    String output =
        Helm.uninstall(release).withNamespace(namespace).withKubeConfig(kubeconfig).call();
    assertThat(output).contains("uninstalled");
    List<HasMetadata> kept = rendered.all().stream().filter(ChartOnControlPlaneIT::kept).toList();
    assertThat(kept)
        .extracting(HasMetadata::getKind)
        .as("the benchmark namespaces")
        .isNotEmpty()
        .containsOnly("Namespace");
    for (HasMetadata object : kept) {
      assertThat(client.resource(object).get())
          .as("%s %s kept", object.getKind(), object.getMetadata().getName())
          .isNotNull();
      client.resource(object).delete();
    }
    for (HasMetadata object : rendered.all().stream().filter(o -> !kept(o)).toList()) {
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(client.resource(object).get())
                      .as("%s %s removed", object.getKind(), object.getMetadata().getName())
                      .isNull());
    }
  }

  private static boolean kept(HasMetadata object) {
    return object.getMetadata().getAnnotations() != null
        && "keep".equals(object.getMetadata().getAnnotations().get("helm.sh/resource-policy"));
  }
}
