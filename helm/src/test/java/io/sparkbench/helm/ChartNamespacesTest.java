package io.sparkbench.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmark namespaces the chart creates: Pod Security's restricted level enforced, and kept
 * when the chart is uninstalled, as they hold the users' benchmarks and data.
 */
class ChartNamespacesTest {

  @Test
  void byDefaultTheBenchmarkNamespaceIsCreatedRestrictedAndKeptOnUninstall() {
    List<Namespace> namespaces = RenderedChart.withDefaults().all(Namespace.class);

    assertThat(namespaces)
        .extracting(n -> n.getMetadata().getName())
        .containsExactly("sparkbench-benchmarks")
        .doesNotContain(RenderedChart.NAMESPACE);
    assertRestrictedAndKept(namespaces);
  }

  @Test
  void everyWatchedNamespaceIsCreatedOnce() {
    List<Namespace> namespaces =
        RenderedChart.withValues("watchNamespaces: [team-a, team-b, team-a]").all(Namespace.class);

    assertThat(namespaces)
        .extracting(n -> n.getMetadata().getName())
        .containsExactlyInAnyOrder("team-a", "team-b");
    assertRestrictedAndKept(namespaces);
  }

  @Test
  void watchingAllTheSparkAccountsNamespacesAreCreatedAndNoneWhenThereAreNone() {
    List<Namespace> namespaces =
        RenderedChart.withValues("watchNamespaces: []\nsparkServiceAccount: {namespaces: [team-a]}")
            .all(Namespace.class);

    assertThat(namespaces).extracting(n -> n.getMetadata().getName()).containsExactly("team-a");
    assertRestrictedAndKept(namespaces);
    assertThat(RenderedChart.withValues("watchNamespaces: []").all(Namespace.class)).isEmpty();
  }

  @Test
  void noneIsCreatedWhenTheyAlreadyExist() {
    RenderedChart chart = RenderedChart.withValues("createNamespaces: false");

    assertThat(chart.all(Namespace.class)).isEmpty();
    assertThat(chart.all())
        .as("the Spark account still goes there")
        .anySatisfy(
            o -> assertThat(o.getMetadata().getNamespace()).isEqualTo("sparkbench-benchmarks"));
  }

  private static void assertRestrictedAndKept(List<Namespace> namespaces) {
    assertThat(namespaces)
        .isNotEmpty()
        .allSatisfy(
            n -> {
              assertThat(n.getMetadata().getLabels())
                  .containsEntry("pod-security.kubernetes.io/enforce", "restricted")
                  .containsEntry("pod-security.kubernetes.io/warn", "restricted")
                  .containsEntry("pod-security.kubernetes.io/audit", "restricted");
              assertThat(n.getMetadata().getAnnotations())
                  .containsEntry("helm.sh/resource-policy", "keep");
            });
  }
}
