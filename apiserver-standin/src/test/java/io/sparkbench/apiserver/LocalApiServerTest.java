package io.sparkbench.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalApiServerTest {

  private static LocalApiServer server;
  private static KubernetesClient client;

  @BeforeAll
  static void start() {
    server = LocalApiServer.start();
    client = server.createClient();
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  @Test
  void serverSideApplyCreatesThenMerges() {
    ConfigMap first =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("applied")
            .withNamespace("ssa")
            .addToLabels("a", "1")
            .endMetadata()
            .addToData("k1", "v1")
            .build();
    client.configMaps().resource(first).forceConflicts().serverSideApply();
    ConfigMap second =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("applied")
            .withNamespace("ssa")
            .addToLabels("b", "2")
            .endMetadata()
            .addToData("k2", "v2")
            .build();
    client.configMaps().resource(second).forceConflicts().serverSideApply();

    ConfigMap stored = client.configMaps().inNamespace("ssa").withName("applied").get();
    assertThat(stored.getMetadata().getLabels()).containsEntry("a", "1").containsEntry("b", "2");
    assertThat(stored.getData()).containsEntry("k1", "v1").containsEntry("k2", "v2");
    assertThat(stored.getMetadata().getUid()).isNotBlank();
  }

  @Test
  void serverSideApplyOfAStatusReplacesIt() {
    installCrd();
    var benchmarks =
        client
            .genericKubernetesResources("sparkbench.io/v1alpha1", "ScalingBenchmark")
            .inNamespace("ssa");
    benchmarks.resource(benchmark("b")).create();

    applyStatus(
        benchmarks,
        Map.of("phase", "Running", "error", Map.of("reason", "x"), "results", List.of(1, 2)));
    applyStatus(benchmarks, Map.of("phase", "Succeeded", "results", List.of(3)));

    GenericKubernetesResource stored = benchmarks.withName("b").get();
    assertThat(stored.getAdditionalProperties().get("status"))
        .isEqualTo(Map.of("phase", "Succeeded", "results", List.of(3)));
    assertThat(stored.getAdditionalProperties().get("spec")).isNotNull();
  }

  @Test
  void anUpdateFromAStaleVersionIsAConflictAsInKubernetes() {
    installCrd();
    var benchmarks =
        client
            .genericKubernetesResources("sparkbench.io/v1alpha1", "ScalingBenchmark")
            .inNamespace("stale");
    GenericKubernetesResource created = benchmarks.resource(benchmark("b")).create();
    GenericKubernetesResource first = benchmarks.withName("b").get();
    first.setAdditionalProperty("status", Map.of("phase", "Running"));
    benchmarks.resource(first).updateStatus();

    // A writer that read the object before that status update still holds the old version.
    created.setAdditionalProperty("status", Map.of("phase", "Failed"));
    assertThatThrownBy(() -> benchmarks.resource(created).updateStatus())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409))
        .hasMessageContaining(
            "scalingbenchmarks.sparkbench.io \"b\": the object has been modified");
    created.setAdditionalProperty("spec", Map.of("image", "j", "records", List.of(2)));
    assertThatThrownBy(() -> benchmarks.resource(created).update())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));

    GenericKubernetesResource stored = benchmarks.withName("b").get();
    assertThat(stored.getAdditionalProperties().get("status"))
        .isEqualTo(Map.of("phase", "Running"));
    assertThat(stored.getAdditionalProperties().get("spec"))
        .isEqualTo(Map.of("image", "i", "records", List.of(1)));

    // Without a version, an update replaces whatever is stored, as in Kubernetes.
    created.getMetadata().setResourceVersion(null);
    created.setAdditionalProperty("status", Map.of("phase", "Succeeded"));
    benchmarks.resource(created).updateStatus();
    assertThat(benchmarks.withName("b").get().getAdditionalProperties().get("status"))
        .isEqualTo(Map.of("phase", "Succeeded"));
  }

  /** A ScalingBenchmark of one 1-record run, as the API server stores it: no checks. */
  private static GenericKubernetesResource benchmark(String name) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("sparkbench.io/v1alpha1")
        .withKind("ScalingBenchmark")
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .addToAdditionalProperties("spec", Map.of("image", "i", "records", List.of(1)))
        .build();
  }

  private static void applyStatus(
      io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
              GenericKubernetesResource,
              io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
              io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>>
          benchmarks,
      Map<String, Object> status) {
    GenericKubernetesResource fresh =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("sparkbench.io/v1alpha1")
            .withKind("ScalingBenchmark")
            .withNewMetadata()
            .withName("b")
            .withNamespace("ssa")
            .endMetadata()
            .addToAdditionalProperties("status", status)
            .build();
    benchmarks
        .resource(fresh)
        .subresource("status")
        .patch(
            new io.fabric8.kubernetes.client.dsl.base.PatchContext.Builder()
                .withPatchType(io.fabric8.kubernetes.client.dsl.base.PatchType.SERVER_SIDE_APPLY)
                .withForce(true)
                .build(),
            fresh);
  }

  /** The project's committed CRD: a custom resource with a status subresource and columns. */
  private static void installCrd() {
    CustomResourceDefinition crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .load(Path.of("..", "crds", "scalingbenchmarks.sparkbench.io-v1.yml").toFile())
            .item();
    client.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(c -> c.update());
  }

  @Test
  void createdObjectsGetRandomUidsAsFromARealApiServer() {
    // The bare mock counts UIDs from 1 in every JVM: a benchmark re-created by a later process
    // would get an earlier one's UID and, with it, the same Spark application id.
    Pod given = pod("with-uid", "x", null);
    given.getMetadata().setUid("00000000-0000-0000-0000-000000000001");
    String created =
        client.pods().inNamespace("uids").resource(given).create().getMetadata().getUid();
    String applied =
        client
            .pods()
            .inNamespace("uids")
            .resource(pod("applied", "x", null))
            .fieldManager("test")
            .forceConflicts()
            .serverSideApply()
            .getMetadata()
            .getUid();

    assertThat(List.of(created, applied))
        .allSatisfy(uid -> assertThat(java.util.UUID.fromString(uid).version()).isEqualTo(4))
        .doesNotHaveDuplicates();
    assertThat(client.pods().inNamespace("uids").withName("with-uid").get().getMetadata().getUid())
        .isEqualTo(created);
  }

  @Test
  void newPodsArePending() {
    Pod created = client.pods().inNamespace("pending").resource(pod("p", "x", null)).create();

    assertThat(created.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(client.pods().inNamespace("pending").withName("p").get().getStatus().getPhase())
        .isEqualTo("Pending");
  }

  @Test
  void setBasedSelectorsSelectOnlyMatchingPods() {
    String ns = "selectors";
    for (String id : List.of("1", "2", "3")) {
      client.pods().inNamespace(ns).resource(pod("exec-" + id, id, null)).create();
    }
    client.pods().inNamespace(ns).resource(pod("driver", null, null)).create();

    assertThat(
            names(
                client
                    .pods()
                    .inNamespace(ns)
                    .withLabelIn("spark-exec-id", "1", "3")
                    .list()
                    .getItems()))
        .containsExactlyInAnyOrder("exec-1", "exec-3");
    assertThat(
            names(
                client
                    .pods()
                    .inNamespace(ns)
                    .withLabelNotIn("spark-exec-id", "1")
                    .list()
                    .getItems()))
        .containsExactlyInAnyOrder("exec-2", "exec-3", "driver");

    client.pods().inNamespace(ns).withLabelIn("spark-exec-id", "1", "3").delete();

    assertThat(names(client.pods().inNamespace(ns).list().getItems()))
        .containsExactlyInAnyOrder("exec-2", "driver");
  }

  @Test
  void setBasedSelectorsFilterWatches() {
    String ns = "watches";
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var watch =
        client
            .pods()
            .inNamespace(ns)
            .withLabelIn("spark-exec-id", "1", "3")
            .watch(
                new io.fabric8.kubernetes.client.Watcher<Pod>() {
                  @Override
                  public void eventReceived(Action action, Pod pod) {
                    seen.add(action + " " + pod.getMetadata().getName());
                  }

                  @Override
                  public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
                })) {
      for (String id : List.of("1", "2", "3")) {
        client.pods().inNamespace(ns).resource(pod("exec-" + id, id, null)).create();
      }
      client
          .pods()
          .inNamespace(ns)
          .withName("exec-1")
          .edit(
              p ->
                  new PodBuilder(p)
                      .editMetadata()
                      .addToLabels("spark-exec-id", "9")
                      .endMetadata()
                      .build());

      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(10))
          .untilAsserted(
              () -> assertThat(seen).contains("ADDED exec-1", "ADDED exec-3", "DELETED exec-1"));
      assertThat(seen).noneMatch(event -> event.endsWith("exec-2"));
    }
  }

  /**
   * An informer re-opens its watch from the last resourceVersion it saw (every 5 to 10 minutes, and
   * after a dropped connection): what changed in between, a deletion included, must reach it, as
   * from a real API server. The mock's own watch started over with the current objects, so a pod
   * deleted in that gap stayed in the operator's cache and the benchmark waited for it forever.
   */
  @Test
  void aWatchFromAResourceVersionGetsTheChangesSinceThen() {
    String ns = "resume";
    client.pods().inNamespace(ns).resource(pod("kept", null, null)).create();
    client.pods().inNamespace(ns).resource(pod("deleted", null, null)).create();
    String listed = client.pods().inNamespace(ns).list().getMetadata().getResourceVersion();

    client.pods().inNamespace(ns).withName("deleted").delete();
    client
        .pods()
        .inNamespace(ns)
        .withName("kept")
        .edit(p -> new PodBuilder(p).editMetadata().addToLabels("a", "b").endMetadata().build());
    client.pods().inNamespace(ns).resource(pod("added", null, null)).create();
    String latest = client.pods().inNamespace(ns).list().getMetadata().getResourceVersion();

    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<String> versions = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (var watch =
        client
            .pods()
            .inNamespace(ns)
            .watch(
                new io.fabric8.kubernetes.api.model.ListOptionsBuilder()
                    .withResourceVersion(listed)
                    .build(),
                new io.fabric8.kubernetes.client.Watcher<Pod>() {
                  @Override
                  public void eventReceived(Action action, Pod pod) {
                    seen.add(action + " " + pod.getMetadata().getName());
                    versions.add(pod.getMetadata().getResourceVersion());
                  }

                  @Override
                  public void onClose(io.fabric8.kubernetes.client.WatcherException cause) {}
                })) {
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(10))
          .untilAsserted(
              () ->
                  assertThat(seen)
                      .containsExactly("DELETED deleted", "MODIFIED kept", "ADDED added"));
    }
    // A deletion is a change with a version of its own, as in Kubernetes, so a list taken after
    // it is newer than it.
    assertThat(versions.stream().map(Long::parseLong).toList()).isSorted();
    assertThat(Long.parseLong(versions.get(0))).isGreaterThan(Long.parseLong(listed));
    assertThat(Long.parseLong(versions.get(2))).isEqualTo(Long.parseLong(latest));
  }

  @Test
  void aWatchFromAVersionNoLongerKeptIsExpired() {
    Watches watches = new Watches(2);
    io.fabric8.mockwebserver.crud.AttributeSet key =
        new io.fabric8.mockwebserver.crud.AttributeSet();
    String pod = "{\"metadata\":{\"name\":\"p\",\"resourceVersion\":\"%d\"}}";
    watches.changed(key, null, key, pod.formatted(1), 0);
    watches.changed(key, pod.formatted(1), key, pod.formatted(2), 0);
    watches.changed(key, pod.formatted(2), key, pod.formatted(3), 0);
    watches.changed(key, pod.formatted(3), key, pod.formatted(4), 0);
    List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
    io.fabric8.mockwebserver.http.WebSocket socket =
        new io.fabric8.mockwebserver.http.WebSocket() {
          @Override
          public io.fabric8.mockwebserver.http.RecordedRequest request() {
            return null;
          }

          @Override
          public boolean send(String text) {
            sent.add(text);
            return true;
          }

          @Override
          public boolean send(byte[] bytes) {
            return send(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
          }

          @Override
          public boolean close(int code, String reason) {
            sent.add("closed");
            return true;
          }
        };

    // The two newest changes are kept: a watch from version 2 gets 3 and 4.
    watches.watch(key, null, "2").over(Map.of()).onOpen(socket, null);
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(sent).hasSize(2));
    assertThat(sent.get(0)).contains("\"MODIFIED\"", "\"resourceVersion\":\"3\"");
    assertThat(sent.get(1)).contains("\"MODIFIED\"", "\"resourceVersion\":\"4\"");

    sent.clear();
    watches.watch(key, null, "1").over(Map.of()).onOpen(socket, null);
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(sent).hasSize(2));
    assertThat(sent.get(0)).contains("\"ERROR\"", "\"code\":410", "Expired");
    assertThat(sent.get(1)).isEqualTo("closed");
  }

  @Test
  void kubectlTablesShowPodStatusAndPrinterColumns() throws Exception {
    String ns = "tables";
    Pod done =
        new PodBuilder(pod("done", null, null))
            .withNewStatus()
            .withPhase("Succeeded")
            .addNewContainerStatus()
            .withName("c")
            .withNewState()
            .withNewTerminated()
            .withExitCode(0)
            .withReason("Completed")
            .endTerminated()
            .endState()
            .endContainerStatus()
            .endStatus()
            .build();
    client.pods().inNamespace(ns).resource(done).create();

    String table =
        get(
            "/api/v1/namespaces/" + ns + "/pods",
            "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");

    assertThat(table)
        .contains("\"kind\":\"Table\"", "\"Ready\"", "\"Status\"", "\"Restarts\"", "\"Age\"")
        .contains("[\"done\",\"0/1\",\"Completed\",0,");
  }

  @Test
  void deletingAnOwnerDeletesDependentsRecursively() {
    String ns = "cascade";
    ConfigMap owner =
        client
            .configMaps()
            .inNamespace(ns)
            .resource(
                new ConfigMapBuilder().withNewMetadata().withName("owner").endMetadata().build())
            .create();
    Pod driver = client.pods().inNamespace(ns).resource(pod("driver", null, owner)).create();
    client.pods().inNamespace(ns).resource(pod("exec-1", "1", driver)).create();
    client.pods().inNamespace(ns).resource(pod("unrelated", null, null)).create();

    client.configMaps().inNamespace(ns).withName("owner").delete();

    assertThat(names(client.pods().inNamespace(ns).list().getItems())).containsExactly("unrelated");
  }

  @Test
  void discoveryListsBuiltInKindsAndStoredCustomResources() throws Exception {
    installCrd();
    CustomResourceDefinition crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("scalingbenchmarks.sparkbench.io")
            .get();
    String group = crd.getSpec().getGroup();
    String version = crd.getSpec().getVersions().get(0).getName();

    assertThat(get("/api")).contains("\"v1\"");
    assertThat(get("/api/v1?timeout=32s")).contains("\"pods\"", "\"configmaps\"", "\"namespaces\"");
    assertThat(get("/apis")).contains(group, "apiextensions.k8s.io");
    assertThat(get("/apis/" + group)).contains(group + "/" + version);
    assertThat(get("/apis/" + group + "/" + version))
        .contains("\"scalingbenchmarks\"", "\"ScalingBenchmark\"", "scalingbenchmarks/status");
  }

  @Test
  void writesAKubeconfigThatPointsAtTheServer(@TempDir Path dir) throws Exception {
    Path file = server.writeKubeconfig(dir.resolve("kubeconfig"));

    Config config = Config.fromKubeconfig(Files.readString(file));
    assertThat(config.getMasterUrl()).startsWith(server.url());
    assertThat(config.getNamespace()).isEqualTo("default");
  }

  private static String get(String path) throws Exception {
    return get(path, "application/json");
  }

  private static String get(String path, String accept) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.url() + path))
                    .header("Accept", accept)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return response.body();
  }

  private static Pod pod(String name, String executorId, HasMetadata owner) {
    PodBuilder builder =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("c")
            .withImage("i")
            .endContainer()
            .endSpec();
    if (executorId != null) {
      builder.editMetadata().addToLabels("spark-exec-id", executorId).endMetadata();
    }
    if (owner != null) {
      builder
          .editMetadata()
          .addToOwnerReferences(
              new OwnerReferenceBuilder()
                  .withApiVersion(owner.getApiVersion())
                  .withKind(owner.getKind())
                  .withName(owner.getMetadata().getName())
                  .withUid(owner.getMetadata().getUid())
                  .build())
          .endMetadata();
    }
    return builder.build();
  }

  private static List<String> names(List<? extends HasMetadata> items) {
    return items.stream().map(i -> i.getMetadata().getName()).toList();
  }
}
