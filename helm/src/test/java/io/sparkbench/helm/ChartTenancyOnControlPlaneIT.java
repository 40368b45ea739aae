package io.sparkbench.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.controlplane.ControlPlane;
import io.sparkbench.controlplane.RealControlPlaneTest;
import io.sparkbench.operator.Benchmarks;
import io.sparkbench.operator.ControlPlaneCluster;
import io.sparkbench.operator.OperatorConfig;
import io.sparkbench.operator.OperatorMain;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart with its default values on a real kube-apiserver, and the operator configured from the
 * environment the chart's Deployment gives it, running as the chart's ServiceAccount: a tenant who
 * may only create ScalingBenchmarks cannot make a driver run as the operator's account or any other
 * account not made for Spark drivers, and no driver account may create pods outside its namespace.
 */
@RealControlPlaneTest
class ChartTenancyOnControlPlaneIT {

  private static final String RELEASE = "tenancy";
  private static final String RELEASE_NAMESPACE = "sparkbench-system";
  private static final String BENCHMARKS = "sparkbench-benchmarks";
  private static final String OPERATOR_ACCOUNT = "tenancy-sparkbench-operator";
  private static final String SPARK_USER =
      "system:serviceaccount:" + BENCHMARKS + ":sparkbench-spark";

  private static KubernetesClient admin;
  private static KubernetesClient asOperator;
  private static OperatorMain.Running operator;
  private static Path kubeconfig;

  @BeforeAll
  static void installWithDefaultsAndStartTheOperatorAsTheChartConfiguresIt(
      ControlPlane controlPlane) {
    admin = controlPlane.adminClient();
    kubeconfig = controlPlane.kubeconfig();
    // another test may have just deleted the default benchmark namespace
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> admin.namespaces().withName(BENCHMARKS).get() == null);
    new Helm(RenderedChart.CHART_DIR)
        .install()
        .withName(RELEASE)
        .withNamespace(RELEASE_NAMESPACE)
        .createNamespace()
        .withKubeConfig(kubeconfig)
        .call();
    ControlPlaneCluster.installCrd(admin);

    Deployment deployment =
        RenderedChart.release(RELEASE, RELEASE_NAMESPACE, "{}", controlPlane.kubernetesVersion())
            .all(Deployment.class)
            .get(0);
    Map<String, String> env = new HashMap<>();
    String account = deployment.getSpec().getTemplate().getSpec().getServiceAccountName();
    for (EnvVar var :
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()) {
      if (var.getValue() != null) {
        env.put(var.getName(), var.getValue());
      } else {
        // the downward API, as the kubelet resolves it
        String path = var.getValueFrom().getFieldRef().getFieldPath();
        env.put(
            var.getName(),
            switch (path) {
              case "metadata.namespace" -> RELEASE_NAMESPACE;
              case "spec.serviceAccountName" -> account;
              default -> "tenancy-operator-pod";
            });
      }
    }
    assertThat(account).isEqualTo(OPERATOR_ACCOUNT);
    // free ports here instead of the container's
    env.put("SPARKBENCH_HTTP_PORT", "0");
    env.put("SPARKBENCH_HEALTH_PORT", "0");
    env.put("SPARKBENCH_QUEUE_RECHECK", "300ms");
    OperatorConfig config = OperatorConfig.from(env);
    assertThat(config.watchNamespaces()).containsExactly(BENCHMARKS);
    assertThat(config.tenancy().operatorNamespace()).isEqualTo(RELEASE_NAMESPACE);

    asOperator =
        Accounts.clientFor(admin, controlPlane.adminConfig(), OPERATOR_ACCOUNT, RELEASE_NAMESPACE);
    operator = OperatorMain.start(asOperator, config);
  }

  @AfterAll
  static void stopAndUninstall() {
    if (operator != null) {
      operator.close();
    }
    if (asOperator != null) {
      asOperator.close();
    }
    if (admin != null) {
      admin.resources(ScalingBenchmark.class).inNamespace(BENCHMARKS).delete();
      Helm.uninstall(RELEASE).withNamespace(RELEASE_NAMESPACE).withKubeConfig(kubeconfig).call();
      admin.namespaces().withName(BENCHMARKS).delete();
      admin.close();
    }
  }

  @Test
  void aBenchmarkNamingTheOperatorsAccountOrAnyUnlabelledOneFailsAndStartsNothing() {
    ScalingBenchmark asOperatorAccount = Benchmarks.benchmark(BENCHMARKS, "escalate", 10_000L);
    asOperatorAccount.getSpec().serviceAccount = OPERATOR_ACCOUNT;
    ScalingBenchmark asDefault = Benchmarks.benchmark(BENCHMARKS, "borrow", 10_000L);
    asDefault.getSpec().serviceAccount = "default";
    admin.resource(Benchmarks.unsaved(asOperatorAccount)).create();
    admin.resource(Benchmarks.unsaved(asDefault)).create();

    ScalingBenchmarkStatus escalated = awaitStatus("escalate", s -> s.phase == Phase.Failed);
    assertThat(escalated.error.reason()).isEqualTo("InvalidSpec");
    assertThat(escalated.error.message())
        .isEqualTo(
            "spec.serviceAccount "
                + OPERATOR_ACCOUNT
                + " does not exist in namespace "
                + BENCHMARKS
                + ": name a Spark driver account (the chart creates sparkbench-spark in its"
                + " benchmark namespaces)");
    ScalingBenchmarkStatus borrowed = awaitStatus("borrow", s -> s.phase == Phase.Failed);
    assertThat(borrowed.error.reason()).isEqualTo("InvalidSpec");
    assertThat(borrowed.error.message())
        .startsWith("spec.serviceAccount default is not a Spark driver account");
    assertThat(admin.pods().inNamespace(BENCHMARKS).list().getItems()).isEmpty();
  }

  @Test
  void aBenchmarkWithTheChartsSparkAccountRunsUnderRestrictedPodSecurity() {
    admin
        .resource(Benchmarks.unsaved(Benchmarks.benchmark(BENCHMARKS, "tenant", 10_000L)))
        .create();
    assertThat(awaitStatus("tenant", s -> s.phase == Phase.Running).currentRun.driverPodUid)
        .isNotBlank();
    assertThat(admin.namespaces().withName(BENCHMARKS).get().getMetadata().getLabels())
        .containsEntry("pod-security.kubernetes.io/enforce", "restricted");
    assertThat(admin.pods().inNamespace(BENCHMARKS).withName("tenant-10000-r1-a1-driver").get())
        .isNotNull();
    admin.resources(ScalingBenchmark.class).inNamespace(BENCHMARKS).withName("tenant").delete();
  }

  @Test
  void noDriverAccountMayCreatePodsOutsideItsNamespace() {
    assertThat(Accounts.allowed(admin, SPARK_USER, BENCHMARKS, "create", "", "pods")).isTrue();
    for (String namespace : List.of(RELEASE_NAMESPACE, "default", "kube-system")) {
      assertThat(Accounts.allowed(admin, SPARK_USER, namespace, "create", "", "pods"))
          .as(namespace)
          .isFalse();
    }
    assertThat(Accounts.allowed(admin, SPARK_USER, null, "create", "", "pods"))
        .as("cluster-wide")
        .isFalse();
    // nor may the operator start pods in its own namespace, where its token lives
    assertThat(
            Accounts.allowed(
                admin,
                "system:serviceaccount:" + RELEASE_NAMESPACE + ":" + OPERATOR_ACCOUNT,
                RELEASE_NAMESPACE,
                "create",
                "",
                "pods"))
        .isFalse();
  }

  private static ScalingBenchmarkStatus awaitStatus(
      String name, java.util.function.Predicate<ScalingBenchmarkStatus> until) {
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              ScalingBenchmark b =
                  admin
                      .resources(ScalingBenchmark.class)
                      .inNamespace(BENCHMARKS)
                      .withName(name)
                      .get();
              return b == null ? null : b.getStatus();
            },
            s -> s != null && until.test(s));
  }
}
