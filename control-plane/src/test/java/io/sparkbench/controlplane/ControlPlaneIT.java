package io.sparkbench.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
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
    assertThat(controlPlane.apiServerUrl()).startsWith("https://127.0.0.1:");
    assertThat(controlPlane.adminConfig().getMasterUrl()).startsWith(controlPlane.apiServerUrl());
    assertThat(controlPlane.kubectl().run("get", "namespace", "default", "-o", "name"))
        .isEqualTo("namespace/default\n");
  }

  @Test
  void theControllerManagerCreatesServiceAccountsAndCollectsGarbage() {
    Namespaces.ensure(client, "harness");
    // the service-account controller gives every namespace its default account; ensure waits for it
    assertThat(client.serviceAccounts().inNamespace("harness").withName("default").get())
        .isNotNull();
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
            catchThrowableOfType(
                KubernetesClientException.class,
                () -> client.pods().inNamespace("restricted").resource(privileged).create()))
        .satisfies(
            e -> {
              assertThat(e.getCode()).isEqualTo(403);
              assertThat(e.getMessage()).contains("violates PodSecurity \"restricted:latest\"");
            });
  }

  @Test
  void theApiServerRestartsOnItsPortWithEtcdsData(ControlPlane controlPlane) {
    Namespaces.ensure(client, "restart");
    ConfigMap before =
        client
            .configMaps()
            .inNamespace("restart")
            .resource(
                new ConfigMapBuilder().withNewMetadata().withName("before").endMetadata().build())
            .create();
    String url = controlPlane.apiServerUrl();

    controlPlane.stopApiServer();
    try {
      Config noRetries = controlPlane.adminConfig();
      noRetries.setRequestRetryBackoffLimit(0);
      try (KubernetesClient stopped = new KubernetesClientBuilder().withConfig(noRetries).build()) {
        assertThat(
                catchThrowableOfType(
                    KubernetesClientException.class,
                    () -> stopped.configMaps().inNamespace("restart").withName("before").get()))
            .hasRootCauseInstanceOf(ConnectException.class);
      }
    } finally {
      controlPlane.startApiServer();
    }

    assertThat(controlPlane.apiServerUrl()).isEqualTo(url);
    assertThat(client.configMaps().inNamespace("restart").withName("before").get())
        .satisfies(
            after ->
                assertThat(after.getMetadata().getUid()).isEqualTo(before.getMetadata().getUid()));
    // the controller-manager, left running, reconnected: a new namespace gets its account
    Namespaces.ensure(client, "after-restart");
    assertThat(client.serviceAccounts().inNamespace("after-restart").withName("default").get())
        .isNotNull();
  }

  @Test
  void aPodOfAnExistingServiceAccountGetsItsTokenMounted() {
    Namespaces.ensure(client, "accounts");
    client
        .serviceAccounts()
        .inNamespace("accounts")
        .resource(
            new ServiceAccountBuilder().withNewMetadata().withName("reader").endMetadata().build())
        .create();

    Pod pod = client.pods().inNamespace("accounts").resource(podOf("mounted", "reader")).create();

    // the ServiceAccount admission adds the token volume; no kubelet runs to fill it
    assertThat(pod.getSpec().getVolumes()).hasSize(1);
    Volume access = pod.getSpec().getVolumes().get(0);
    assertThat(access.getName()).startsWith("kube-api-access-");
    List<VolumeProjection> sources = access.getProjected().getSources();
    assertThat(sources)
        .extracting(VolumeProjection::getServiceAccountToken)
        .filteredOn(Objects::nonNull)
        .singleElement()
        .satisfies(token -> assertThat(token.getPath()).isEqualTo("token"));
    assertThat(sources)
        .extracting(VolumeProjection::getConfigMap)
        .filteredOn(Objects::nonNull)
        .singleElement()
        .satisfies(configMap -> assertThat(configMap.getName()).isEqualTo("kube-root-ca.crt"));
    assertThat(pod.getSpec().getContainers().get(0).getVolumeMounts())
        .singleElement()
        .satisfies(
            mount -> {
              assertThat(mount.getName()).isEqualTo(access.getName());
              assertThat(mount.getMountPath())
                  .isEqualTo("/var/run/secrets/kubernetes.io/serviceaccount");
              assertThat(mount.getReadOnly()).isTrue();
            });
  }

  @Test
  void thePodOfAMissingServiceAccountIsRefused() {
    Namespaces.ensure(client, "accounts");

    KubernetesClientException refused =
        catchThrowableOfType(
            KubernetesClientException.class,
            () ->
                client
                    .pods()
                    .inNamespace("accounts")
                    .resource(podOf("orphan", "missing"))
                    .create());

    assertThat(refused.getCode()).isEqualTo(403);
    assertThat(refused.getMessage())
        .contains(
            "error looking up service account accounts/missing: serviceaccount \"missing\" not found");
    assertThat(client.pods().inNamespace("accounts").withName("orphan").get()).isNull();
  }

  @Test
  void thePersistentVolumeControllerBindsAClaimToAHostPathVolume() {
    Namespaces.ensure(client, "volumes");
    client
        .persistentVolumes()
        .resource(
            new PersistentVolumeBuilder()
                .withNewMetadata()
                .withName("host-data")
                .endMetadata()
                .withNewSpec()
                .withStorageClassName("manual")
                .withAccessModes("ReadWriteOnce")
                .addToCapacity("storage", new Quantity("1Gi"))
                .withNewHostPath()
                .withPath("/tmp/sparkbench-host-data")
                .endHostPath()
                .endSpec()
                .build())
        .create();
    client
        .persistentVolumeClaims()
        .inNamespace("volumes")
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("data")
                .endMetadata()
                .withNewSpec()
                .withStorageClassName("manual")
                .withAccessModes("ReadWriteOnce")
                .withNewResources()
                .addToRequests("storage", new Quantity("1Gi"))
                .endResources()
                .endSpec()
                .build())
        .create();

    PersistentVolumeClaim bound =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> client.persistentVolumeClaims().inNamespace("volumes").withName("data").get(),
                claim -> claim.getStatus() != null && "Bound".equals(claim.getStatus().getPhase()));
    assertThat(bound.getSpec().getVolumeName()).isEqualTo("host-data");
  }

  private static Pod podOf(String name, String serviceAccount) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withServiceAccountName(serviceAccount)
        .addNewContainer()
        .withName("main")
        .withImage("example/none")
        .endContainer()
        .endSpec()
        .build();
  }
}
