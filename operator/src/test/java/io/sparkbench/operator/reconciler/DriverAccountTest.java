package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.operator.OperatorConfig;
import io.sparkbench.operator.StandInApiServer;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link DriverAccount}, the part of the spec check that reads the driver's service account from
 * the API server stand-in: only a labelled Spark driver account outside the operator's namespace.
 */
@StandInApiServer
class DriverAccountTest {

  private static final OperatorConfig.Tenancy TENANCY =
      new OperatorConfig.Tenancy("sparkbench-system", "sparkbench-operator", Set.of(), 50);

  KubernetesClient client;

  @Test
  void aLabelledAccountInABenchmarkNamespaceMayRunDrivers() {
    account("team-a", "sparkbench-spark", true);

    assertThat(DriverAccount.problem(client, "team-a", "sparkbench-spark", TENANCY)).isEmpty();
  }

  @Test
  void anUnlabelledAccountMayNot() {
    account("team-a", "builder", false);

    assertThat(DriverAccount.problem(client, "team-a", "builder", TENANCY))
        .contains(
            "spec.serviceAccount builder is not a Spark driver account (label"
                + " sparkbench.io/spark-driver=true, set by the chart or an admin): name one that"
                + " is, e.g. sparkbench-spark");
  }

  @Test
  void aMissingAccountSaysWhichToName() {
    assertThat(DriverAccount.problem(client, "team-a", "nobody", TENANCY))
        .contains(
            "spec.serviceAccount nobody does not exist in namespace team-a: name a Spark driver"
                + " account (the chart creates sparkbench-spark in its benchmark namespaces)");
  }

  @Test
  void nothingRunsInTheOperatorsNamespaceLabelledOrNotAndNeverAsTheOperator() {
    account("sparkbench-system", "sparkbench-spark", true);

    assertThat(DriverAccount.problem(client, "sparkbench-system", "sparkbench-spark", TENANCY))
        .contains(
            "benchmarks do not run in the operator's namespace sparkbench-system: create this"
                + " ScalingBenchmark in a benchmark namespace");
    assertThat(DriverAccount.problem(client, "sparkbench-system", "sparkbench-operator", TENANCY))
        .contains(
            "spec.serviceAccount sparkbench-operator is the operator's own account: drivers run"
                + " only as Spark driver accounts in benchmark namespaces, never in the operator's"
                + " namespace sparkbench-system");
  }

  private void account(String namespace, String name, boolean driverAccount) {
    ServiceAccountBuilder account =
        new ServiceAccountBuilder().withNewMetadata().withName(name).endMetadata();
    if (driverAccount) {
      account
          .editMetadata()
          .addToLabels(ScalingBenchmarkSpec.DRIVER_ACCOUNT_LABEL, "true")
          .endMetadata();
    }
    client.serviceAccounts().inNamespace(namespace).resource(account.build()).create();
  }
}
