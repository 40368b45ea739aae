package io.sparkbench.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.sparkbench.operator.cost.Prices;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ChartDeploymentTest {

  @Test
  void operatorRunsNonRootWithAReadOnlyRootFilesystemAndNoPrivileges() {
    PodSpec pod = deployment(RenderedChart.withDefaults()).getSpec().getTemplate().getSpec();
    Container operator = pod.getContainers().get(0);

    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(185L);
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    SecurityContext container = operator.getSecurityContext();
    assertThat(container.getRunAsNonRoot()).isTrue();
    assertThat(container.getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(container.getCapabilities().getAdd()).isNullOrEmpty();
    assertThat(container.getPrivileged()).isNotEqualTo(Boolean.TRUE);
    assertThat(operator.getVolumeMounts())
        .singleElement()
        .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
    assertThat(pod.getVolumes())
        .singleElement()
        .satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
    assertThat(pod.getServiceAccountName()).isEqualTo(RenderedChart.FULLNAME);
  }

  @Test
  void probesGoToTheHealthPortAndMetricsStayOnTheHttpPort() {
    RenderedChart chart = RenderedChart.withDefaults();
    Container operator = operator(chart);

    assertThat(operator.getPorts())
        .extracting(ContainerPort::getName, ContainerPort::getContainerPort)
        .containsExactly(tuple("http", 8080), tuple("health", 8081));
    assertThat(env(operator))
        .contains(entry("SPARKBENCH_HTTP_PORT", "8080"), entry("SPARKBENCH_HEALTH_PORT", "8081"));
    assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
    assertThat(operator.getLivenessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");
    assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(operator.getReadinessProbe().getHttpGet().getPort().getStrVal()).isEqualTo("health");
    Service metrics = chart.one(Service.class, RenderedChart.FULLNAME + "-metrics");
    assertThat(metrics.getSpec().getPorts())
        .singleElement()
        .satisfies(p -> assertThat(p.getPort()).isEqualTo(8080));
    assertThat(deployment(chart).getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(metrics.getSpec().getSelector());

    Container moved = operator(RenderedChart.withValues("health: {port: 9091}"));
    assertThat(moved.getPorts())
        .filteredOn(p -> p.getName().equals("health"))
        .singleElement()
        .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(9091));
    assertThat(env(moved)).containsEntry("SPARKBENCH_HEALTH_PORT", "9091");
    assertThatThrownBy(() -> RenderedChart.templateWithValues("health: {port: 8080}"))
        .hasMessageContaining("health.port=8080 must differ from metrics.port");
  }

  @Test
  void theOperatorKnowsItsOwnServiceAccountFromItsPod() {
    EnvVar account =
        operator(RenderedChart.withDefaults()).getEnv().stream()
            .filter(e -> e.getName().equals("SPARKBENCH_OPERATOR_SERVICE_ACCOUNT"))
            .findFirst()
            .orElseThrow();

    assertThat(account.getValue()).isNull();
    assertThat(account.getValueFrom().getFieldRef().getFieldPath())
        .isEqualTo("spec.serviceAccountName");
  }

  @Test
  void tenancyLimitsReachTheOperatorsEnvironment() {
    assertThat(env(operator(RenderedChart.withDefaults())))
        .contains(
            entry("SPARKBENCH_ALLOWED_PRIORITY_CLASSES", ""),
            entry("SPARKBENCH_MAX_QUEUED_PER_NAMESPACE", "50"));

    Container operator =
        operator(
            RenderedChart.withValues(
                """
                allowedPriorityClasses: [batch-low, batch-high]
                maxQueuedPerNamespace: 5
                """));
    assertThat(env(operator))
        .contains(
            entry("SPARKBENCH_ALLOWED_PRIORITY_CLASSES", "batch-low,batch-high"),
            entry("SPARKBENCH_MAX_QUEUED_PER_NAMESPACE", "5"));
  }

  @Test
  void defaultsWatchTheBenchmarkNamespaceWithoutLeaderElectionAndOneRunningBenchmark() {
    RenderedChart chart = RenderedChart.withDefaults();
    Container operator = operator(chart);

    assertThat(env(operator))
        .contains(
            entry("SPARKBENCH_WATCH_NAMESPACES", "sparkbench-benchmarks"),
            entry("SPARKBENCH_LEADER_ELECTION", "false"),
            entry("SPARKBENCH_LEADER_ELECTION_NAMESPACE", RenderedChart.NAMESPACE),
            entry("SPARKBENCH_MAX_RUNNING", "1"),
            entry("SPARKBENCH_LOG_LEVEL", "INFO"),
            entry("SPARKBENCH_HTTP_PORT", "8080"));
    assertThat(operator.getImage()).isEqualTo("sparkbench-operator:0.1.0");
    assertThat(operator.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(operator.getResources().getRequests())
        .containsEntry("cpu", new Quantity("200m"))
        .containsEntry("memory", new Quantity("512Mi"));
    assertThat(operator.getResources().getLimits()).containsEntry("memory", new Quantity("1Gi"));
    assertThat(deployment(chart).getSpec().getReplicas()).isEqualTo(1);
  }

  @Test
  void valuesReachTheOperatorsEnvironment() {
    RenderedChart chart =
        RenderedChart.withValues(
            """
            watchNamespaces: [a, b]
            leaderElection: {enabled: true}
            replicas: 2
            maxRunningBenchmarks: 3
            logLevel: DEBUG
            image: {repository: registry.example/sparkbench-operator, tag: "1.2.3", pullPolicy: Always}
            metrics: {port: 9090, serviceMonitor: {enabled: true}}
            resources: {requests: {cpu: 250m, memory: 768Mi}, limits: {memory: 2Gi}}
            nodeSelector: {pool: bench}
            """);
    Container operator = operator(chart);

    assertThat(env(operator))
        .contains(
            entry("SPARKBENCH_WATCH_NAMESPACES", "a,b"),
            entry("SPARKBENCH_LEADER_ELECTION", "true"),
            entry("SPARKBENCH_LEADER_ELECTION_NAMESPACE", RenderedChart.NAMESPACE),
            entry("SPARKBENCH_MAX_RUNNING", "3"),
            entry("SPARKBENCH_LOG_LEVEL", "DEBUG"),
            entry("SPARKBENCH_HTTP_PORT", "9090"));
    assertThat(operator.getImage()).isEqualTo("registry.example/sparkbench-operator:1.2.3");
    assertThat(operator.getImagePullPolicy()).isEqualTo("Always");
    assertThat(operator.getPorts())
        .filteredOn(p -> p.getName().equals("http"))
        .singleElement()
        .satisfies(p -> assertThat(p.getContainerPort()).isEqualTo(9090));
    assertThat(env(operator(RenderedChart.withValues("watchNamespaces: []"))))
        .as("watching every namespace")
        .containsEntry("SPARKBENCH_WATCH_NAMESPACES", "");
    assertThat(operator.getResources().getLimits()).containsEntry("memory", new Quantity("2Gi"));
    Deployment deployment = deployment(chart);
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
    assertThat(deployment.getSpec().getTemplate().getSpec().getNodeSelector())
        .containsExactly(entry("pool", "bench"));
  }

  @Test
  void withoutLeaderElectionARolloutStopsTheOldOperatorBeforeStartingTheNew() {
    assertThat(deployment(RenderedChart.withDefaults()).getSpec().getStrategy().getType())
        .isEqualTo("Recreate");
    Deployment elected =
        deployment(RenderedChart.withValues("leaderElection: {enabled: true}\nreplicas: 2\n"));
    assertThat(elected.getSpec().getStrategy()).as("the default, RollingUpdate").isNull();
  }

  @Test
  void aPriceTableBecomesAConfigMapTheOperatorReadsAtStartThroughItsFlag() {
    RenderedChart chart =
        RenderedChart.withValues(
            """
            prices:
              currency: USD
              coreHour: 0.04
              gibHour: 0.005
              instanceTypes:
                m5.xlarge: {coreHour: 0.048}
            """);
    PodSpec pod = deployment(chart).getSpec().getTemplate().getSpec();
    Container operator = pod.getContainers().get(0);

    ConfigMap prices = chart.one(ConfigMap.class, RenderedChart.FULLNAME + "-prices");
    assertThat(Prices.parse(prices.getData().get("prices.yaml")))
        .as("the file the operator reads")
        .isEqualTo(
            new Prices("USD", 0.04, 0.005, Map.of("m5.xlarge", new Prices.Rates(0.048, 0.005))));
    assertThat(operator.getArgs()).containsExactly("--prices=/etc/sparkbench/prices/prices.yaml");
    assertThat(operator.getVolumeMounts())
        .filteredOn(m -> m.getName().equals("prices"))
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.getMountPath()).isEqualTo("/etc/sparkbench/prices");
              assertThat(m.getReadOnly()).isTrue();
            });
    assertThat(pod.getVolumes())
        .filteredOn(v -> v.getName().equals("prices"))
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.getConfigMap().getName())
                    .isEqualTo(RenderedChart.FULLNAME + "-prices"));
    assertThat(deployment(chart).getSpec().getTemplate().getMetadata().getAnnotations())
        .as("a new price table restarts the operator")
        .containsKey("checksum/prices");

    RenderedChart unpriced = RenderedChart.withDefaults();
    assertThat(operator(unpriced).getArgs()).isNullOrEmpty();
    assertThat(unpriced.all(ConfigMap.class))
        .extracting(c -> c.getMetadata().getName())
        .doesNotContain(RenderedChart.FULLNAME + "-prices");
    assertThatThrownBy(
            () ->
                RenderedChart.templateWithValues(
                    "prices: {currency: USD, coreHour: -1, gibHour: 0.005}"))
        .hasMessageContaining("prices");
    assertThatThrownBy(
            () ->
                RenderedChart.templateWithValues(
                    "prices: {currency: USD, coreHour: 0.04, gibHour: 0.005, ramHour: 1}"))
        .hasMessageContaining("prices");
    assertThatThrownBy(() -> RenderedChart.templateWithValues("prices: {coreHour: 0.04}"))
        .as("a table without its currency")
        .hasMessageContaining("prices");
  }

  private static Deployment deployment(RenderedChart chart) {
    return chart.one(Deployment.class, RenderedChart.FULLNAME);
  }

  private static Container operator(RenderedChart chart) {
    return deployment(chart).getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  private static Map<String, String> env(Container container) {
    return container.getEnv().stream()
        .filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
  }
}
