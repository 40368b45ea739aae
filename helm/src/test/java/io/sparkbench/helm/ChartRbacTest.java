package io.sparkbench.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkbench.operator.driver.SparkServiceAccount;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartRbacTest {

  static final String WATCHING_A_AND_B =
      """
      watchNamespaces: [a, b]
      leaderElection:
        enabled: true
      replicas: 2
      metrics:
        serviceMonitor:
          enabled: true
      dashboard:
        enabled: false
      """;

  static final String WATCHING_ALL =
      """
      watchNamespaces: []
      sparkServiceAccount:
        namespaces: [team-a]
      """;

  private static final String SPARK_ROLE = RenderedChart.FULLNAME + "-spark";
  private static final String CRD_ROLE = RenderedChart.FULLNAME + "-crd";
  private static final String NODES_ROLE = RenderedChart.FULLNAME + "-nodes";
  private static final String SPARK_DRIVER_LABEL = "sparkbench.io/spark-driver";

  @Test
  void watchingAllNamespacesGrantsExactlyTheOperatorRulesThroughAClusterRole() {
    RenderedChart chart = RenderedChart.withValues(WATCHING_ALL);

    ClusterRole role = chart.one(ClusterRole.class, RenderedChart.FULLNAME);
    assertOperatorRules(role.getRules());
    ClusterRoleBinding binding = chart.one(ClusterRoleBinding.class, RenderedChart.FULLNAME);
    assertThat(binding.getRoleRef().getName()).isEqualTo(RenderedChart.FULLNAME);
    assertThat(binding.getSubjects())
        .extracting("kind", "name", "namespace")
        .containsExactly(tuple("ServiceAccount", RenderedChart.FULLNAME, RenderedChart.NAMESPACE));
    assertThat(chart.one(ServiceAccount.class, RenderedChart.FULLNAME).getMetadata().getNamespace())
        .isEqualTo(RenderedChart.NAMESPACE);
    assertThat(chart.all(Role.class))
        .extracting(r -> r.getMetadata().getName())
        .as("no namespaced operator Role and no lease Role without leader election")
        .containsExactly(SPARK_ROLE);
    assertThat(chart.all(ClusterRole.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactlyInAnyOrder(RenderedChart.FULLNAME, CRD_ROLE, NODES_ROLE);
  }

  @Test
  void watchingNamespacesGrantsOneRolePerNamespaceAndNoClusterWideOperatorRole() {
    RenderedChart chart = RenderedChart.withValues(WATCHING_A_AND_B);

    assertThat(chart.all(ClusterRole.class))
        .extracting(r -> r.getMetadata().getName())
        .as("only those to read the CRD and nodes")
        .containsExactlyInAnyOrder(CRD_ROLE, NODES_ROLE);
    assertThat(chart.all(ClusterRoleBinding.class))
        .extracting(b -> b.getMetadata().getName())
        .containsExactlyInAnyOrder(CRD_ROLE, NODES_ROLE);
    List<Role> operatorRoles =
        chart.all(Role.class).stream()
            .filter(r -> r.getMetadata().getName().equals(RenderedChart.FULLNAME))
            .toList();
    assertThat(operatorRoles)
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("a", "b");
    operatorRoles.forEach(r -> assertOperatorRules(r.getRules()));
    List<RoleBinding> bindings =
        chart.all(RoleBinding.class).stream()
            .filter(b -> b.getMetadata().getName().equals(RenderedChart.FULLNAME))
            .toList();
    assertThat(bindings)
        .extracting(b -> b.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("a", "b");
    assertThat(bindings)
        .allSatisfy(
            b ->
                assertThat(b.getSubjects())
                    .extracting("name", "namespace")
                    .containsExactly(tuple(RenderedChart.FULLNAME, RenderedChart.NAMESPACE)));
  }

  @Test
  void leaderElectionAddsALeaseRoleInTheReleaseNamespaceOnly() {
    RenderedChart chart = RenderedChart.withValues(WATCHING_A_AND_B);

    Role leases = chart.one(Role.class, RenderedChart.FULLNAME + "-leader-election");
    assertThat(leases.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
    assertThat(leases.getRules())
        .extracting(PolicyRule::getApiGroups, PolicyRule::getResources, PolicyRule::getVerbs)
        .containsExactly(
            tuple(
                List.of("coordination.k8s.io"),
                List.of("leases"),
                List.of("get", "create", "update", "patch")));
    assertThat(
            chart
                .one(RoleBinding.class, RenderedChart.FULLNAME + "-leader-election")
                .getRoleRef()
                .getName())
        .isEqualTo(RenderedChart.FULLNAME + "-leader-election");
  }

  @Test
  void theOperatorMayReadTheScalingBenchmarkCrdAndNoOtherInEitherMode() {
    for (RenderedChart chart :
        List.of(
            RenderedChart.withDefaults(),
            RenderedChart.withValues(WATCHING_A_AND_B),
            RenderedChart.withValues(WATCHING_ALL))) {
      assertThat(chart.one(ClusterRole.class, CRD_ROLE).getRules())
          .singleElement()
          .satisfies(
              rule -> {
                assertThat(rule.getApiGroups()).containsExactly("apiextensions.k8s.io");
                assertThat(rule.getResources()).containsExactly("customresourcedefinitions");
                assertThat(rule.getResourceNames())
                    .containsExactly("scalingbenchmarks.sparkbench.io");
                assertThat(rule.getVerbs()).containsExactly("get");
              });
      ClusterRoleBinding binding = chart.one(ClusterRoleBinding.class, CRD_ROLE);
      assertThat(binding.getRoleRef().getKind()).isEqualTo("ClusterRole");
      assertThat(binding.getRoleRef().getName()).isEqualTo(CRD_ROLE);
      assertThat(binding.getSubjects())
          .extracting("kind", "name", "namespace")
          .containsExactly(
              tuple("ServiceAccount", RenderedChart.FULLNAME, RenderedChart.NAMESPACE));
    }
  }

  /** A run's fingerprint names its node's instance type: the operator may get nodes, no more. */
  @Test
  void theOperatorMayGetNodesAndDoNothingElseWithThemInEitherMode() {
    for (RenderedChart chart :
        List.of(
            RenderedChart.withDefaults(),
            RenderedChart.withValues(WATCHING_A_AND_B),
            RenderedChart.withValues(WATCHING_ALL))) {
      assertThat(chart.one(ClusterRole.class, NODES_ROLE).getRules())
          .extracting(PolicyRule::getApiGroups, PolicyRule::getResources, PolicyRule::getVerbs)
          .containsExactly(tuple(List.of(""), List.of("nodes"), List.of("get")));
      ClusterRoleBinding binding = chart.one(ClusterRoleBinding.class, NODES_ROLE);
      assertThat(binding.getRoleRef().getName()).isEqualTo(NODES_ROLE);
      assertThat(binding.getSubjects())
          .extracting("kind", "name", "namespace")
          .containsExactly(
              tuple("ServiceAccount", RenderedChart.FULLNAME, RenderedChart.NAMESPACE));
    }
  }

  @Test
  void sparkDriversGetAServiceAccountAndARoleLimitedToFourResourcesPerBenchmarkNamespace() {
    assertSparkAccess(RenderedChart.withDefaults(), List.of("sparkbench-benchmarks"));
    assertSparkAccess(RenderedChart.withValues(WATCHING_A_AND_B), List.of("a", "b"));
    assertSparkAccess(RenderedChart.withValues(WATCHING_ALL), List.of("team-a"));
    assertSparkAccess(RenderedChart.withValues("watchNamespaces: []"), List.of());
  }

  /**
   * A tenant who may create ScalingBenchmarks in the benchmark namespace gets nothing more: the
   * operator's account is elsewhere, and the only account there is the labelled Spark one.
   */
  @Test
  void byDefaultTheLabelledSparkAccountIsInTheBenchmarkNamespaceOnlyAndTheOperatorApart() {
    RenderedChart chart = RenderedChart.withDefaults();

    assertThat(chart.all(ServiceAccount.class))
        .filteredOn(sa -> sa.getMetadata().getName().equals("sparkbench-spark"))
        .singleElement()
        .satisfies(
            sa -> {
              assertThat(sa.getMetadata().getNamespace()).isEqualTo("sparkbench-benchmarks");
              assertThat(sa.getMetadata().getLabels()).containsEntry(SPARK_DRIVER_LABEL, "true");
            });
    ServiceAccount operator = chart.one(ServiceAccount.class, RenderedChart.FULLNAME);
    assertThat(operator.getMetadata().getNamespace()).isEqualTo(RenderedChart.NAMESPACE);
    assertThat(operator.getMetadata().getLabels()).doesNotContainKey(SPARK_DRIVER_LABEL);
    assertThat(chart.all(Role.class))
        .filteredOn(r -> r.getMetadata().getNamespace().equals(RenderedChart.NAMESPACE))
        .as("nothing in the release namespace lets anyone create pods there")
        .isEmpty();
    assertThat(chart.all(Role.class))
        .filteredOn(r -> r.getMetadata().getName().equals(RenderedChart.FULLNAME))
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactly("sparkbench-benchmarks");
    assertThat(chart.all(ClusterRole.class))
        .extracting(r -> r.getMetadata().getName())
        .as("watching listed namespaces, the operator gets no cluster-wide pod rights")
        .containsExactlyInAnyOrder(CRD_ROLE, NODES_ROLE);
  }

  @Test
  void everySparkAccountTheChartCreatesCarriesTheDriverLabel() {
    for (RenderedChart chart :
        List.of(
            RenderedChart.withValues(WATCHING_A_AND_B),
            RenderedChart.withValues(WATCHING_ALL),
            RenderedChart.withValues(
                "sparkServiceAccount: {name: drivers, annotations: {team: data}}"))) {
      assertThat(chart.all(ServiceAccount.class))
          .filteredOn(sa -> !sa.getMetadata().getName().equals(RenderedChart.FULLNAME))
          .isNotEmpty()
          .allSatisfy(
              sa ->
                  assertThat(sa.getMetadata().getLabels())
                      .containsEntry(SPARK_DRIVER_LABEL, "true"));
    }
  }

  /** {@code local --control-plane real} grants drivers what the chart grants them, no more. */
  @Test
  void theLocalClusterGivesSparkDriversTheChartsRules() {
    Role chartRole = RenderedChart.withDefaults().one(Role.class, SPARK_ROLE);

    assertThat(SparkServiceAccount.RULES)
        .usingRecursiveFieldByFieldElementComparator()
        .containsExactlyElementsOf(chartRole.getRules());
  }

  @Test
  void sparkServiceAccountNameComesFromValuesAndCanBeLeftToTheUser() {
    assertThat(
            RenderedChart.withValues("sparkServiceAccount: {name: drivers}")
                .all(ServiceAccount.class))
        .extracting(sa -> sa.getMetadata().getName())
        .contains("drivers")
        .doesNotContain("sparkbench-spark");
    RenderedChart notCreated = RenderedChart.withValues("sparkServiceAccount: {create: false}");
    assertThat(notCreated.all(ServiceAccount.class))
        .extracting(sa -> sa.getMetadata().getName())
        .containsExactly(RenderedChart.FULLNAME);
    assertThat(notCreated.all(Role.class))
        .extracting(r -> r.getMetadata().getName())
        .containsExactly(RenderedChart.FULLNAME);
    assertThat(notCreated.all(RoleBinding.class))
        .extracting(b -> b.getMetadata().getName())
        .containsExactly(RenderedChart.FULLNAME);
  }

  @Test
  void noWildcardAnywhereInAnyRenderedRule() {
    for (RenderedChart chart :
        List.of(
            RenderedChart.withDefaults(),
            RenderedChart.withValues(WATCHING_A_AND_B),
            RenderedChart.withValues(WATCHING_ALL))) {
      for (HasMetadata object : chart.all()) {
        if (object instanceof Role || object instanceof ClusterRole) {
          assertThat(Serialization.asYaml(object))
              .as("%s %s", object.getKind(), object.getMetadata().getName())
              .doesNotContain("*");
        }
      }
    }
  }

  private static void assertOperatorRules(List<PolicyRule> rules) {
    assertThat(rules)
        .extracting(PolicyRule::getApiGroups, PolicyRule::getResources, PolicyRule::getVerbs)
        .containsExactlyInAnyOrder(
            tuple(
                List.of("sparkbench.io"),
                List.of("scalingbenchmarks"),
                List.of("get", "list", "watch")),
            tuple(List.of("sparkbench.io"), List.of("scalingbenchmarks/status"), List.of("update")),
            tuple(
                List.of(""), List.of("pods"), List.of("get", "list", "watch", "create", "delete")),
            tuple(
                List.of(""),
                List.of("services", "configmaps"),
                List.of("get", "list", "create", "delete")),
            tuple(List.of(""), List.of("events"), List.of("create")),
            tuple(List.of(""), List.of("serviceaccounts"), List.of("get")));
    assertThat(rules).allSatisfy(r -> assertThat(r.getResourceNames()).isNullOrEmpty());
  }

  private static void assertSparkAccess(RenderedChart chart, List<String> namespaces) {
    List<Role> roles =
        chart.all(Role.class).stream()
            .filter(r -> r.getMetadata().getName().equals(SPARK_ROLE))
            .toList();
    assertThat(roles)
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrderElementsOf(namespaces);
    assertThat(roles)
        .allSatisfy(
            r ->
                assertThat(r.getRules())
                    .extracting(
                        PolicyRule::getApiGroups, PolicyRule::getResources, PolicyRule::getVerbs)
                    .containsExactly(
                        tuple(
                            List.of(""),
                            List.of("pods"),
                            List.of(
                                "get", "list", "watch", "create", "delete", "deletecollection")),
                        tuple(
                            List.of(""),
                            List.of("configmaps"),
                            List.of("create", "deletecollection")),
                        tuple(List.of(""), List.of("services"), List.of("deletecollection")),
                        tuple(
                            List.of(""),
                            List.of("persistentvolumeclaims"),
                            List.of("list", "deletecollection"))));
    assertThat(chart.all(ServiceAccount.class))
        .filteredOn(sa -> sa.getMetadata().getName().equals("sparkbench-spark"))
        .extracting(sa -> sa.getMetadata().getNamespace())
        .containsExactlyInAnyOrderElementsOf(namespaces);
    assertThat(chart.all(RoleBinding.class))
        .filteredOn(b -> b.getMetadata().getName().equals(SPARK_ROLE))
        .hasSize(namespaces.size())
        .allSatisfy(
            b -> {
              assertThat(b.getRoleRef().getKind()).isEqualTo("Role");
              assertThat(b.getSubjects())
                  .extracting("kind", "name", "namespace")
                  .containsExactly(
                      tuple("ServiceAccount", "sparkbench-spark", b.getMetadata().getNamespace()));
            });
  }
}
