package io.sparkbench.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.authentication.SelfSubjectReviewBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.controlplane.ControlPlane;
import io.sparkbench.controlplane.RealControlPlaneTest;
import io.sparkbench.operator.Benchmarks;
import io.sparkbench.operator.ControlPlaneCluster;
import io.sparkbench.operator.FakeKubelet;
import io.sparkbench.operator.OperatorConfig;
import io.sparkbench.operator.OperatorMain;
import io.sparkbench.operator.Results;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC on a real kube-apiserver: the operator runs with a token of the chart's
 * ServiceAccount (TokenRequest API), never as admin, and reconciles a benchmark through to
 * Succeeded in its watched namespace, with leader election on; SubjectAccessReviews show that the
 * operator's and the Spark driver's accounts may do their work and nothing more.
 */
@RealControlPlaneTest
class ChartRbacOnControlPlaneIT {

  private static final String RELEASE = "rbac";
  private static final String RELEASE_NAMESPACE = "sparkbench-rbac";
  private static final String BENCHMARKS = "bench-rbac";
  private static final String OPERATOR_ACCOUNT = "rbac-sparkbench-operator";
  private static final String SPARK_ACCOUNT = "sparkbench-spark";
  private static final String OPERATOR_USER =
      "system:serviceaccount:" + RELEASE_NAMESPACE + ":" + OPERATOR_ACCOUNT;
  private static final String SPARK_USER =
      "system:serviceaccount:" + BENCHMARKS + ":" + SPARK_ACCOUNT;

  private static KubernetesClient admin;
  private static KubernetesClient asOperator;
  private static OperatorMain.Running operator;
  private static Path kubeconfig;

  @BeforeAll
  static void installAndStartOperatorAsItsServiceAccount(ControlPlane controlPlane) {
    admin = controlPlane.adminClient();
    kubeconfig = controlPlane.kubeconfig();
    // the chart creates the benchmark namespace, enforcing Pod Security's restricted level
    Path values =
        RenderedChart.writeTemp(
            "watchNamespaces: [" + BENCHMARKS + "]\nleaderElection: {enabled: true}\n");
    try {
      new Helm(RenderedChart.CHART_DIR)
          .install()
          .withName(RELEASE)
          .withNamespace(RELEASE_NAMESPACE)
          .createNamespace()
          .withValuesFile(values)
          .withKubeConfig(kubeconfig)
          .call();
    } finally {
      RenderedChart.deleteQuietly(values);
    }
    ControlPlaneCluster.installCrd(admin);

    asOperator =
        Accounts.clientFor(admin, controlPlane.adminConfig(), OPERATOR_ACCOUNT, RELEASE_NAMESPACE);
    assertThat(
            asOperator
                .resource(new SelfSubjectReviewBuilder().build())
                .create()
                .getStatus()
                .getUserInfo()
                .getUsername())
        .as("the operator's identity")
        .isEqualTo(OPERATOR_USER);
    operator =
        OperatorMain.start(
            asOperator,
            OperatorConfig.builder()
                .watchNamespaces(Set.of(BENCHMARKS))
                .leaderElection(RELEASE_NAMESPACE)
                .httpPort(0)
                .queueRecheck(Duration.ofMillis(300))
                .build());
  }

  @AfterAll
  static void stopAndUninstall() {
    if (operator != null) {
      operator.close();
    }
    if (asOperator != null) {
      asOperator.close();
    }
    Helm.uninstall(RELEASE).withNamespace(RELEASE_NAMESPACE).withKubeConfig(kubeconfig).call();
    admin.close();
  }

  @Test
  void theOperatorReconcilesABenchmarkAsTheChartsServiceAccount() {
    admin.resource(Benchmarks.unsaved(Benchmarks.benchmark(BENCHMARKS, "rbac", 10_000L))).create();
    String driver = "rbac-10000-r1-a1-driver";
    // the run's objects are created, then its status written
    await()
        .atMost(Duration.ofSeconds(30))
        .until(ChartRbacOnControlPlaneIT::status, s -> s.phase == Phase.Running);
    assertThat(admin.pods().inNamespace(BENCHMARKS).withName(driver).get()).isNotNull();
    assertThat(admin.services().inNamespace(BENCHMARKS).list().getItems()).isNotEmpty();
    assertThat(admin.configMaps().inNamespace(BENCHMARKS).list().getItems())
        .extracting(c -> c.getMetadata().getName())
        .anyMatch(n -> !n.equals("kube-root-ca.crt"));

    new FakeKubelet(admin).succeeded(BENCHMARKS, driver, Results.succeeded(10_000, 9.0));

    ScalingBenchmarkStatus status =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(ChartRbacOnControlPlaneIT::status, s -> s.phase == Phase.Succeeded);
    assertThat(status.results)
        .singleElement()
        .satisfies(r -> assertThat(r.records).isEqualTo(10_000L));
    // cleanup OnSuccess: the operator deleted the driver's objects
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> admin.pods().inNamespace(BENCHMARKS).list().getItems().isEmpty());
    assertThat(admin.v1().events().inNamespace(BENCHMARKS).list().getItems())
        .extracting(Event::getReason)
        .contains("RunStarted", "RunSucceeded", "Succeeded");
    Lease lease =
        admin.leases().inNamespace(RELEASE_NAMESPACE).withName("sparkbench-operator").get();
    assertThat(lease.getSpec().getHolderIdentity()).isNotBlank();
  }

  @Test
  void theOperatorsAccountMayDoItsWorkAndNothingMore() {
    assertThat(Accounts.allowed(admin, OPERATOR_USER, RELEASE_NAMESPACE, "create", "", "pods"))
        .as("pods outside the watched namespaces")
        .isFalse();
    for (String[] grant :
        List.of(
            new String[] {"watch", "sparkbench.io", "scalingbenchmarks"},
            new String[] {"get", "sparkbench.io", "scalingbenchmarks"},
            new String[] {"get", "", "configmaps"},
            new String[] {"update", "sparkbench.io", "scalingbenchmarks/status"},
            new String[] {"create", "", "pods"},
            new String[] {"delete", "", "pods"},
            new String[] {"create", "", "services"},
            new String[] {"create", "", "configmaps"},
            new String[] {"create", "", "events"},
            new String[] {"get", "", "serviceaccounts"})) {
      assertThat(Accounts.allowed(admin, OPERATOR_USER, BENCHMARKS, grant[0], grant[1], grant[2]))
          .as("%s %s in %s", grant[0], grant[2], BENCHMARKS)
          .isTrue();
    }
    assertThat(
            Accounts.allowed(
                admin, OPERATOR_USER, RELEASE_NAMESPACE, "patch", "coordination.k8s.io", "leases"))
        .isTrue();
    assertThat(Accounts.allowed(admin, OPERATOR_USER, BENCHMARKS, "get", "", "secrets")).isFalse();
    assertThat(Accounts.allowed(admin, OPERATOR_USER, BENCHMARKS, "list", "", "secrets")).isFalse();
    assertThat(
            Accounts.allowed(
                admin, OPERATOR_USER, BENCHMARKS, "delete", "sparkbench.io", "scalingbenchmarks"))
        .isFalse();
    assertThat(
            Accounts.allowed(
                admin, OPERATOR_USER, "other", "list", "sparkbench.io", "scalingbenchmarks"))
        .isFalse();
    assertThat(Accounts.allowed(admin, OPERATOR_USER, null, "list", "", "nodes")).isFalse();
    assertThat(Accounts.allowed(admin, OPERATOR_USER, null, "get", "", "nodes"))
        .as("the node of a run's driver, for its instance type")
        .isTrue();
    assertThat(
            Accounts.allowed(
                admin, OPERATOR_USER, BENCHMARKS, "create", "rbac.authorization.k8s.io", "roles"))
        .isFalse();
  }

  @Test
  void theSparkDriversAccountMayRunExecutorsInItsNamespaceOnly() {
    for (String[] grant :
        List.of(
            new String[] {"create", "pods"},
            new String[] {"get", "pods"},
            new String[] {"list", "pods"},
            new String[] {"watch", "pods"},
            new String[] {"delete", "pods"},
            new String[] {"deletecollection", "pods"},
            new String[] {"create", "configmaps"},
            new String[] {"deletecollection", "configmaps"},
            new String[] {"deletecollection", "services"},
            new String[] {"list", "persistentvolumeclaims"},
            new String[] {"deletecollection", "persistentvolumeclaims"})) {
      assertThat(Accounts.allowed(admin, SPARK_USER, BENCHMARKS, grant[0], "", grant[1]))
          .as("%s %s", grant[0], grant[1])
          .isTrue();
    }
    for (String[] refused :
        List.of(
            new String[] {"patch", "pods"},
            new String[] {"update", "configmaps"},
            new String[] {"create", "services"},
            new String[] {"create", "persistentvolumeclaims"},
            new String[] {"delete", "persistentvolumeclaims"})) {
      assertThat(Accounts.allowed(admin, SPARK_USER, BENCHMARKS, refused[0], "", refused[1]))
          .as("%s %s, which no driver uses", refused[0], refused[1])
          .isFalse();
    }
    assertThat(Accounts.allowed(admin, SPARK_USER, "other", "create", "", "pods")).isFalse();
    assertThat(Accounts.allowed(admin, SPARK_USER, null, "list", "", "pods"))
        .as("cluster-wide")
        .isFalse();
    assertThat(Accounts.allowed(admin, SPARK_USER, null, "list", "", "nodes")).isFalse();
    assertThat(Accounts.allowed(admin, SPARK_USER, BENCHMARKS, "get", "", "secrets")).isFalse();
    assertThat(
            Accounts.allowed(
                admin,
                SPARK_USER,
                BENCHMARKS,
                "patch",
                "sparkbench.io",
                "scalingbenchmarks/status"))
        .isFalse();
  }

  private static ScalingBenchmarkStatus status() {
    ScalingBenchmark benchmark =
        admin.resources(ScalingBenchmark.class).inNamespace(BENCHMARKS).withName("rbac").get();
    return benchmark == null || benchmark.getStatus() == null
        ? new ScalingBenchmarkStatus()
        : benchmark.getStatus();
  }
}
