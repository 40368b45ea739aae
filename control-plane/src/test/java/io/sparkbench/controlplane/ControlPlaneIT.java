package io.sparkbench.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The harness starts every component, and each does its part of Kubernetes. */
@RealControlPlaneTest
class ControlPlaneIT {

  private static KubernetesClient client;

  @BeforeAll
  static void connect(ControlPlane controlPlane) {
    client = controlPlane.adminClient();
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  @Test
  void theApiServerReportsThePinnedVersion(ControlPlane controlPlane) {
    assertThat(client.getKubernetesVersion().getGitVersion())
        .isEqualTo("v" + controlPlane.kubernetesVersion());
    assertThat(controlPlane.adminConfig().getMasterUrl()).startsWith("https://127.0.0.1:");
  }

  @Test
  void theControllerManagerCreatesServiceAccountsAndCollectsGarbage() {
    Namespaces.ensure(client, "harness");
    // the service-account controller gives every namespace its default account
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client.serviceAccounts().inNamespace("harness").withName("default").get() != null);
    ConfigMap owner =
        client
            .configMaps()
            .inNamespace("harness")
            .resource(
                new ConfigMapBuilder().withNewMetadata().withName("owner").endMetadata().build())
            .create();
    client
        .configMaps()
        .inNamespace("harness")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("owned")
                .addNewOwnerReference()
                .withApiVersion("v1")
                .withKind("ConfigMap")
                .withName("owner")
                .withUid(owner.getMetadata().getUid())
                .endOwnerReference()
                .endMetadata()
                .build())
        .create();
    client.configMaps().inNamespace("harness").withName("owner").delete();
    // the garbage collector follows the owner reference
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> client.configMaps().inNamespace("harness").withName("owned").get() == null);
  }

  @Test
  void theSchedulerReportsAPodItCannotPlace() {
    Namespaces.ensure(client, "scheduling");
    client
        .pods()
        .inNamespace("scheduling")
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("nowhere")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("main")
                .withImage("example/none")
                .endContainer()
                .endSpec()
                .build())
        .create();
    Pod pending =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> client.pods().inNamespace("scheduling").withName("nowhere").get(),
                p ->
                    p.getStatus() != null
                        && p.getStatus().getConditions().stream()
                            .anyMatch(c -> "Unschedulable".equals(c.getReason())));
    assertThat(pending.getStatus().getConditions())
        .filteredOn(c -> "PodScheduled".equals(c.getType()))
        .singleElement()
        .satisfies(
            c -> assertThat(c.getMessage()).isEqualTo("no nodes available to schedule pods"));
  }

  @Test
  void podSecurityAdmissionEnforcesANamespacesLevel() {
    Namespaces.enforcing(client, "restricted", "restricted");
    Pod privileged =
        new PodBuilder()
            .withNewMetadata()
            .withName("privileged")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("main")
            .withImage("example/none")
            .withNewSecurityContext()
            .withPrivileged(true)
            .endSecurityContext()
            .endContainer()
            .endSpec()
            .build();
    assertThat(
            org.assertj.core.api.Assertions.catchThrowableOfType(
                KubernetesClientException.class,
                () -> client.pods().inNamespace("restricted").resource(privileged).create()))
        .satisfies(
            e -> {
              assertThat(e.getCode()).isEqualTo(403);
              assertThat(e.getMessage()).contains("violates PodSecurity \"restricted:latest\"");
            });
  }
}
