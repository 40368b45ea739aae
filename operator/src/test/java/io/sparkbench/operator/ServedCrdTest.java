package io.sparkbench.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.apiserver.LocalApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator refuses to start on a cluster serving an older ScalingBenchmark schema. */
class ServedCrdTest {

  private LocalApiServer server;
  private KubernetesClient client;

  @BeforeEach
  void startTheApiServer() {
    server = LocalApiServer.start();
    client = server.createClient();
  }

  @AfterEach
  void stopTheApiServer() {
    client.close();
    server.close();
  }

  @Test
  void theSchemaThisOperatorWritesIsAccepted() {
    client.resource(crd()).create();
    ServedCrd.check(client);
  }

  @Test
  void aServedSchemaLackingAFieldTheOperatorWritesStopsItWithTheCommandThatUpdatesIt() {
    CustomResourceDefinition old = crd();
    var status =
        old.getSpec()
            .getVersions()
            .get(0)
            .getSchema()
            .getOpenAPIV3Schema()
            .getProperties()
            .get("status");
    status.getProperties().get("currentRun").getProperties().remove("driverPodUid");
    client.resource(old).create();

    assertThatThrownBy(() -> ServedCrd.check(client))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "the served ScalingBenchmark CRD is older than this operator (it lacks"
                + " .status.currentRun.driverPodUid); Helm does not upgrade CRDs: kubectl apply"
                + " --server-side --force-conflicts -f"
                + " helm/sparkbench-operator/crds/scalingbenchmarks.sparkbench.io-v1.yml");
  }

  @Test
  void noCrdAtAllIsSaidSo() {
    assertThatThrownBy(() -> ServedCrd.check(client))
        .hasMessageStartingWith("the ScalingBenchmark CRD scalingbenchmarks.sparkbench.io is not");
  }

  @Test
  void everyFieldOfTheBundledSchemaIsCompared() {
    assertThat(ServedCrd.fields(crd(), "v1alpha1"))
        .contains(".spec.sparkConf", ".spec.records", ".status.results[].stages.silver")
        .hasSizeGreaterThan(100);
  }

  private CustomResourceDefinition crd() {
    return client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .load(OperatorCluster.CRD.toFile())
        .item();
  }
}
