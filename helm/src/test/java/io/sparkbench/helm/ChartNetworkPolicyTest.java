package io.sparkbench.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicySpec;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * The NetworkPolicy of each benchmark namespace: the benchmarks' pods (drivers and executors, which
 * carry {@code sparkbench.io/benchmark}) reach each other, DNS and the API server, and are reached
 * only from each other.
 */
class ChartNetworkPolicyTest {

  private static final String POLICY = RenderedChart.FULLNAME + "-spark";
  private static final String BENCHMARK_LABEL = "sparkbench.io/benchmark";

  @Test
  void byDefaultTheBenchmarkNamespaceGetsOneAndTheReleaseNamespaceNone() {
    assertThat(RenderedChart.withDefaults().all(NetworkPolicy.class))
        .extracting(p -> p.getMetadata().getName(), p -> p.getMetadata().getNamespace())
        .containsExactly(tuple(POLICY, "sparkbench-benchmarks"));
    assertThat(RenderedChart.withValues("watchNamespaces: [a, b]").all(NetworkPolicy.class))
        .extracting(p -> p.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("a", "b");
    assertThat(
            RenderedChart.withValues("watchNamespaces: []\nsparkServiceAccount: {namespaces: [c]}")
                .all(NetworkPolicy.class))
        .extracting(p -> p.getMetadata().getNamespace())
        .containsExactly("c");
    assertThat(RenderedChart.withValues("networkPolicy: {enabled: false}").all(NetworkPolicy.class))
        .isEmpty();
  }

  @Test
  void selectsTheBenchmarksPodsAndGovernsBothDirections() {
    NetworkPolicySpec spec = policy(RenderedChart.withDefaults()).getSpec();

    assertBenchmarkPods(spec.getPodSelector());
    assertThat(spec.getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
  }

  @Test
  void ingressOnlyFromBenchmarkPodsOfTheSameNamespace() {
    NetworkPolicySpec spec = policy(RenderedChart.withDefaults()).getSpec();

    assertThat(spec.getIngress())
        .singleElement()
        .satisfies(
            rule -> {
              assertThat(rule.getPorts()).isNullOrEmpty();
              assertThat(rule.getFrom()).singleElement().satisfies(this::assertSameNamespacePods);
            });
  }

  @Test
  void egressOnlyToBenchmarkPodsDnsAndTheApiServer() {
    List<NetworkPolicyEgressRule> egress =
        policy(RenderedChart.withDefaults()).getSpec().getEgress();

    assertThat(egress).hasSize(3);
    assertThat(egress.get(0).getPorts()).isNullOrEmpty();
    assertThat(egress.get(0).getTo()).singleElement().satisfies(this::assertSameNamespacePods);

    NetworkPolicyEgressRule dns = egress.get(1);
    assertThat(ports(dns.getPorts()))
        .containsExactlyInAnyOrder(
            tuple("UDP", new IntOrString(53)), tuple("TCP", new IntOrString(53)));
    assertThat(dns.getTo()).hasSize(2);
    NetworkPolicyPeer kubeSystem = dns.getTo().get(0);
    assertThat(kubeSystem.getPodSelector()).isNull();
    assertThat(kubeSystem.getNamespaceSelector().getMatchLabels())
        .containsExactly(Map.entry("kubernetes.io/metadata.name", "kube-system"));
    NetworkPolicyPeer kubeDns = dns.getTo().get(1);
    assertThat(kubeDns.getNamespaceSelector()).as("any namespace").isNotNull();
    assertThat(kubeDns.getNamespaceSelector().getMatchLabels()).isNullOrEmpty();
    assertThat(kubeDns.getNamespaceSelector().getMatchExpressions()).isNullOrEmpty();
    assertThat(kubeDns.getPodSelector().getMatchLabels())
        .containsExactly(Map.entry("k8s-app", "kube-dns"));

    NetworkPolicyEgressRule apiServer = egress.get(2);
    assertThat(apiServer.getTo()).as("any address").isNullOrEmpty();
    assertThat(ports(apiServer.getPorts()))
        .containsExactly(tuple("TCP", new IntOrString(443)), tuple("TCP", new IntOrString(6443)));

    assertThat(egress)
        .as("no rule lets a benchmark pod reach anything on any port")
        .allSatisfy(
            rule ->
                assertThat(isNullOrEmpty(rule.getTo()) && isNullOrEmpty(rule.getPorts()))
                    .isFalse());
  }

  @Test
  void theApiServerRulesCanBeNarrowedAndExtraEgressIsAppendedAsItIs() {
    List<NetworkPolicyEgressRule> egress =
        policy(
                RenderedChart.withValues(
                    """
                    networkPolicy:
                      apiServer:
                        - to: [{ipBlock: {cidr: 10.0.0.1/32}}]
                          ports: [{protocol: TCP, port: 6443}]
                      extraEgress:
                        - to: [{ipBlock: {cidr: 10.20.0.0/16}}]
                          ports: [{protocol: TCP, port: 9000}]
                    """))
            .getSpec()
            .getEgress();

    assertThat(egress).hasSize(4);
    assertThat(egress.get(2).getTo())
        .singleElement()
        .satisfies(p -> assertThat(p.getIpBlock().getCidr()).isEqualTo("10.0.0.1/32"));
    assertThat(ports(egress.get(2).getPorts()))
        .containsExactly(tuple("TCP", new IntOrString(6443)));
    assertThat(egress.get(3).getTo())
        .singleElement()
        .satisfies(p -> assertThat(p.getIpBlock().getCidr()).isEqualTo("10.20.0.0/16"));
    assertThat(ports(egress.get(3).getPorts()))
        .containsExactly(tuple("TCP", new IntOrString(9000)));
  }

  private void assertSameNamespacePods(NetworkPolicyPeer peer) {
    assertThat(peer.getNamespaceSelector()).as("the policy's own namespace").isNull();
    assertThat(peer.getIpBlock()).isNull();
    assertBenchmarkPods(peer.getPodSelector());
  }

  private static void assertBenchmarkPods(LabelSelector selector) {
    assertThat(selector.getMatchLabels()).isNullOrEmpty();
    assertThat(selector.getMatchExpressions())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getKey()).isEqualTo(BENCHMARK_LABEL);
              assertThat(e.getOperator()).isEqualTo("Exists");
              assertThat(e.getValues()).isNullOrEmpty();
            });
  }

  private static boolean isNullOrEmpty(List<?> list) {
    return list == null || list.isEmpty();
  }

  private static List<Tuple> ports(List<NetworkPolicyPort> ports) {
    return ports.stream().map(p -> tuple(p.getProtocol(), p.getPort())).toList();
  }

  private static NetworkPolicy policy(RenderedChart chart) {
    return chart.one(NetworkPolicy.class, POLICY);
  }
}
