package io.sparkbench.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.client.CollectorRegistry;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The probes answer on their own port while the pages' and metrics' port is held by slow clients.
 */
class HttpEndpointsTest {

  @Test
  void fiftySlowClientsOnTheMetricsPortDoNotStarveTheProbes() throws Exception {
    try (HttpEndpoints http =
        new HttpEndpoints(0, 0, new CollectorRegistry(), () -> true, (ns, n) -> Optional.empty())) {
      List<Socket> slow = new ArrayList<>();
      try {
        for (int i = 0; i < 50; i++) {
          Socket socket = new Socket("127.0.0.1", http.port());
          OutputStream out = socket.getOutputStream();
          // a request that never ends: the server's thread waits for the rest of its headers
          out.write("GET /metrics HTTP/1.1\r\nHost: operator\r\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
          slow.add(socket);
        }
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        for (String path : List.of("/healthz", "/readyz")) {
          HttpResponse<String> response =
              client.send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.healthPort() + path))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(response.statusCode()).as(path).isEqualTo(200);
        }
      } finally {
        for (Socket socket : slow) {
          socket.close();
        }
      }
    }
  }

  @Test
  void withoutAHealthPortTheProbesAreServedBesideTheMetrics() throws Exception {
    try (HttpEndpoints http =
        new HttpEndpoints(
            0, -1, new CollectorRegistry(), () -> false, (ns, n) -> Optional.empty())) {
      assertThat(http.healthPort()).isEqualTo(-1);
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/readyz"))
                      .timeout(Duration.ofSeconds(5))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.body()).isEqualTo("not ready\n");
    }
  }
}
