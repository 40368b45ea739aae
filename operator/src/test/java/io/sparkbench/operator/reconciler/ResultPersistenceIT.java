package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.apiserver.RequestFilter;
import io.sparkbench.operator.Benchmarks;
import io.sparkbench.operator.MockCluster;
import io.sparkbench.operator.OperatorConfig;
import io.sparkbench.operator.Results;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A finished run's result survives a failing status write: the API server (the stand-in, through a
 * request filter) answers the first writes of a status holding the result with 409, then 500. The
 * result is recorded once, with attempt 1; the driver is not taken for deleted; no second driver
 * starts before the result is stored; the run is counted once in /metrics.
 */
class ResultPersistenceIT {

  private static final String NS = "fragile";
  private static FailingResultWrites dispatcher;
  private static MockCluster cluster;

  @BeforeAll
  static void start() {
    dispatcher = new FailingResultWrites();
    cluster =
        new MockCluster(
            OperatorConfig.builder().httpPort(0).queueRecheck(Duration.ofMillis(300)).build(),
            dispatcher);
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void aResultWhoseStatusWriteFailsIsRecordedOnceAndNeverLost() throws Exception {
    cluster.create(Benchmarks.benchmark(NS, "fragile", 10_000L, 100_000L));
    cluster.awaitPod(NS, "fragile-10000-r1-a1-driver");
    dispatcher.failNextResultWrites(409, 500);
    cluster.kubelet().succeeded(NS, "fragile-10000-r1-a1-driver", Results.succeeded(10_000, 7.5));

    cluster.awaitPod(NS, "fragile-100000-r1-a1-driver");
    assertThat(dispatcher.failed.get()).as("status writes refused").isEqualTo(2);
    assertThat(dispatcher.createdPods)
        .as("the next driver was created only once the result was stored")
        .containsExactly("fragile-10000-r1-a1-driver", "fragile-100000-r1-a1-driver");
    cluster.kubelet().succeeded(NS, "fragile-100000-r1-a1-driver", Results.succeeded(100_000, 9));

    ScalingBenchmarkStatus status =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> cluster.get(NS, "fragile").getStatus(), s -> s.phase == Phase.Succeeded);
    assertThat(status.results)
        .extracting(r -> r.records, r -> r.attempt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(10_000L, 1),
            org.assertj.core.groups.Tuple.tuple(100_000L, 1));
    List<String> reasons =
        cluster.client().v1().events().inNamespace(NS).list().getItems().stream()
            .map(Event::getReason)
            .toList();
    assertThat(reasons).doesNotContain("DriverDeleted", "DriverFailed");
    assertThat(reasons.stream().filter("RunSucceeded"::equals)).hasSize(2);
    assertThat(metrics())
        .contains(
            "sparkbench_runs_total{namespace=\"fragile\",benchmark=\"fragile\",outcome=\"succeeded\",}"
                + " 2.0");
  }

  private static String metrics() throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + cluster.operator().httpPort() + "/metrics"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  /** Refuses chosen writes of a status that holds results, and notes which pods are created. */
  static final class FailingResultWrites implements RequestFilter {
    private final ConcurrentLinkedQueue<Integer> failures = new ConcurrentLinkedQueue<>();
    final AtomicInteger failed = new AtomicInteger();
    final ConcurrentLinkedQueue<String> createdPods = new ConcurrentLinkedQueue<>();

    void failNextResultWrites(Integer... codes) {
      failures.addAll(List.of(codes));
    }

    @Override
    public MockResponse answer(RecordedRequest request) {
      String path = request.getPath();
      String body = RequestFilter.body(request);
      if (path.contains("/scalingbenchmarks/")
          && path.contains("/status")
          && !request.getMethod().equals("GET")
          && body.contains("\"results\":[{")) {
        Integer code = failures.poll();
        if (code != null) {
          failed.incrementAndGet();
          return RequestFilter.failure(
              code, code == 409 ? "Conflict" : "InternalError", "injected by the test");
        }
      }
      if (request.getMethod().equals("POST") && path.matches(".*/namespaces/[^/]+/pods(\\?.*)?")) {
        createdPods.add(Serialization.unmarshal(body, Pod.class).getMetadata().getName());
      }
      return null;
    }
  }
}
