package io.sparkbench.operator.driver;

import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import java.util.List;

/**
 * The service account Spark drivers run as, with what the driver may do in its namespace: the Helm
 * chart's {@code spark-rbac.yaml} in Java, for whatever creates it without the chart (the local
 * cluster, the benchmarks, the tests; on a real control plane RBAC enforces the Role). A chart test
 * keeps the two rule sets equal; the operator itself only checks a driver's account (its label).
 */
public final class SparkServiceAccount {

  /**
   * The chart's Spark Role rules: exactly the requests Spark's drivers were recorded making in the
   * API server's audit log of real runs (executors created, watched, killed and replaced; a driver
   * deleted), pinned by {@code FaultRecoveryOnControlPlaneIT}. The driver creates, watches and
   * deletes its executor pods and their ConfigMap, lists claims it might reuse, and on stop deletes
   * what it made by collection. Claims created on demand ({@code claimName=OnDemand}) are not
   * granted.
   */
  public static final List<PolicyRule> RULES =
      List.of(
          rule("pods", "get", "list", "watch", "create", "delete", "deletecollection"),
          rule("configmaps", "create", "deletecollection"),
          rule("services", "deletecollection"),
          rule("persistentvolumeclaims", "list", "deletecollection"));

  private static PolicyRule rule(String resource, String... verbs) {
    return new PolicyRuleBuilder()
        .withApiGroups("")
        .withResources(resource)
        .withVerbs(verbs)
        .build();
  }

  private SparkServiceAccount() {}

  /**
   * Creates (or updates) the account, labelled {@code sparkbench.io/spark-driver: "true"} as the
   * operator requires of a driver's account, its Role and the RoleBinding in {@code namespace}.
   */
  public static void apply(KubernetesClient client, String namespace, String name) {
    client
        .serviceAccounts()
        .inNamespace(namespace)
        .resource(
            new ServiceAccountBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .addToLabels(ScalingBenchmarkSpec.DRIVER_ACCOUNT_LABEL, "true")
                .endMetadata()
                .build())
        .createOr(existing -> existing.update());
    client
        .rbac()
        .roles()
        .inNamespace(namespace)
        .resource(
            new RoleBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withRules(RULES)
                .build())
        .createOr(existing -> existing.update());
    client
        .rbac()
        .roleBindings()
        .inNamespace(namespace)
        .resource(
            new RoleBindingBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", name)
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(name)
                .withNamespace(namespace)
                .endSubject()
                .build())
        .createOr(existing -> existing.update());
  }
}
