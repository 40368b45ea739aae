package io.sparkbench.operator.reconciler;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.operator.OperatorConfig;
import java.util.Map;
import java.util.Optional;

/**
 * Who a driver runs as. A driver holds its service account's token and runs the image the spec
 * names, so it may run only as an account made for Spark drivers: one labelled {@value
 * ScalingBenchmarkSpec#DRIVER_ACCOUNT_LABEL}{@code =true} by the chart or an admin, in the
 * benchmark's namespace, which is never the operator's own (where the operator's account, which may
 * create pods in every benchmark namespace, lives).
 */
final class DriverAccount {

  private DriverAccount() {}

  /** Why the benchmark's driver may not run as its {@code spec.serviceAccount}, if it may not. */
  static Optional<String> problem(
      KubernetesClient client, String namespace, String account, OperatorConfig.Tenancy tenancy) {
    if (namespace.equals(tenancy.operatorNamespace())) {
      return Optional.of(
          account.equals(tenancy.operatorServiceAccount())
              ? "spec.serviceAccount "
                  + account
                  + " is the operator's own account: drivers run only as Spark driver accounts"
                  + " in benchmark namespaces, never in the operator's namespace "
                  + namespace
              : "benchmarks do not run in the operator's namespace "
                  + namespace
                  + ": create this ScalingBenchmark in a benchmark namespace");
    }
    ServiceAccount found = client.serviceAccounts().inNamespace(namespace).withName(account).get();
    if (found == null) {
      return Optional.of(
          "spec.serviceAccount "
              + account
              + " does not exist in namespace "
              + namespace
              + ": name a Spark driver account (the chart creates sparkbench-spark in its"
              + " benchmark namespaces)");
    }
    Map<String, String> labels = found.getMetadata().getLabels();
    if (labels == null || !"true".equals(labels.get(ScalingBenchmarkSpec.DRIVER_ACCOUNT_LABEL))) {
      return Optional.of(
          "spec.serviceAccount "
              + account
              + " is not a Spark driver account (label "
              + ScalingBenchmarkSpec.DRIVER_ACCOUNT_LABEL
              + "=true, set by the chart or an admin): name one that is, e.g. sparkbench-spark");
    }
    return Optional.empty();
  }
}
