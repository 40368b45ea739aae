package io.sparkbench.apiserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A test's filter answers the requests it chooses; the stand-in answers the rest. */
class RequestFilterTest {

  private final List<String> seen = new CopyOnWriteArrayList<>();
  private LocalApiServer server;
  private KubernetesClient client;

  @BeforeEach
  void start() {
    server =
        LocalApiServer.start(
            request -> {
              seen.add(request.getMethod() + " " + request.getPath());
              if (request.getMethod().equals("POST")
                  && request.getPath().startsWith("/api/v1/namespaces/refused/pods")) {
                return RequestFilter.failure(403, "Forbidden", "pods is forbidden: no quota left");
              }
              return null;
            });
    client = server.createClient();
  }

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void aRequestTheFilterAnswersGetsItsAnswerAndStoresNothing() {
    assertThatThrownBy(() -> client.pods().inNamespace("refused").resource(pod("p")).create())
        .isInstanceOfSatisfying(
            KubernetesClientException.class,
            e -> {
              assertThat(e.getCode()).isEqualTo(403);
              assertThat(e.getStatus().getReason()).isEqualTo("Forbidden");
              assertThat(e.getStatus().getMessage()).isEqualTo("pods is forbidden: no quota left");
            });

    assertThat(client.pods().inNamespace("refused").list().getItems()).isEmpty();
  }

  @Test
  void everyOtherRequestIsTheStandInsAndTheFilterSeesIt() {
    Pod created = client.pods().inNamespace("accepted").resource(pod("p")).create();
    client
        .configMaps()
        .inNamespace("refused")
        .resource(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata().build())
        .create();

    assertThat(created.getStatus().getPhase()).as("the stand-in's own answer").isEqualTo("Pending");
    assertThat(client.configMaps().inNamespace("refused").withName("c").get()).isNotNull();
    assertThat(seen)
        .contains(
            "POST /api/v1/namespaces/accepted/pods", "POST /api/v1/namespaces/refused/configmaps");
  }

  @Test
  void withoutAFilterTheStandInAnswersEverything() {
    try (LocalApiServer plain = LocalApiServer.start();
        KubernetesClient other = plain.createClient()) {
      other.pods().inNamespace("refused").resource(pod("p")).create();
      assertThat(other.pods().inNamespace("refused").withName("p").get()).isNotNull();
    }
  }

  private static Pod pod(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("c")
        .withImage("i")
        .endContainer()
        .endSpec()
        .build();
  }
}
