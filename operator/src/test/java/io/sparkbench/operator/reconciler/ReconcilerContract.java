package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.operator.Benchmarks;
import io.sparkbench.operator.OperatorCluster;
import io.sparkbench.operator.OperatorConfig;
import io.sparkbench.operator.Results;
import io.sparkbench.operator.status.Conditions;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The operator's whole lifecycle, run against each API server it must work on ({@link
 * ScalingBenchmarkReconcilerTest} on the API server stand-in, {@link
 * ScalingBenchmarkOnControlPlaneIT} on the real control plane); the test plays the kubelet. One
 * operator for the class, limited to one running benchmark; each test uses its own namespace and
 * deletes its benchmarks afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReconcilerContract {

  static final String HISTORY_SERVER = "http://spark-history.example:18080";

  static final OperatorConfig CONFIG =
      OperatorConfig.builder()
          .httpPort(0)
          .queueRecheck(Duration.ofMillis(300))
          .historyServerUrl(HISTORY_SERVER)
          .build();

  OperatorCluster cluster;
  String namespace;

  /** Starts the API server with the CRD and the operator configured as {@link #CONFIG}. */
  abstract OperatorCluster startCluster();

  @BeforeAll
  void startOperator() {
    cluster = startCluster();
  }

  @AfterAll
  void stopOperator() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @AfterEach
  void deleteBenchmarks() {
    if (namespace != null) {
      client().resources(ScalingBenchmark.class).inNamespace(namespace).delete();
      eventually()
          .until(
              () ->
                  client()
                      .resources(ScalingBenchmark.class)
                      .inNamespace(namespace)
                      .list()
                      .getItems(),
              List::isEmpty);
    }
  }

  private io.fabric8.kubernetes.client.KubernetesClient client() {
    return cluster.client();
  }

  @Test
  void runsEveryRecordCountAndFitsTheModel() {
    namespace = "success";
    ScalingBenchmark benchmark =
        Benchmarks.benchmark(namespace, "medallion", 10_000L, 100_000L, 1_000_000L);
    benchmark.getSpec().predict = List.of(10_000_000L);
    cluster.create(benchmark);

    driverSucceeds("medallion-10000-r1-a1-driver", 10_000, 22.5);
    awaitStatus("medallion", s -> s.completedRuns != null && s.completedRuns == 1);
    driverSucceeds("medallion-100000-r1-a1-driver", 100_000, 27.7);
    driverSucceeds("medallion-1000000-r1-a1-driver", 1_000_000, 44.4);

    ScalingBenchmarkStatus status = awaitStatus("medallion", s -> s.phase == Phase.Succeeded);
    assertThat(status.progress).isEqualTo("3/3");
    assertThat(status.observedGeneration).isEqualTo(1L);
    assertThat(status.lastDurationSeconds).isEqualTo(44.4);
    assertThat(status.results)
        .extracting(r -> r.records, r -> r.durationSeconds, r -> r.driverPod)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(10_000L, 22.5, "medallion-10000-r1-a1-driver"),
            org.assertj.core.groups.Tuple.tuple(100_000L, 27.7, "medallion-100000-r1-a1-driver"),
            org.assertj.core.groups.Tuple.tuple(
                1_000_000L, 44.4, "medallion-1000000-r1-a1-driver"));
    ScalingBenchmarkStatus.RunResult last = status.results.get(2);
    assertThat(last.stages.silver).isEqualTo(29.4);
    assertThat(last.peakMemoryMiB.driver).isEqualTo(610L);
    assertThat(last.peakMemoryMiB.executor).isEqualTo(820L);
    assertThat(last.cpuUtilization).isEqualTo(0.83);
    assertThat(last.recordsPerSecond).isEqualTo(22522.5);
    assertThat(last.totalAmount).isEqualTo(6_787_744_055L);
    // fitted on 10k and 100k only: 22.5 + (27.7 - 22.5) / 90000 × 990000 = 79.7
    assertThat(last.predictedSeconds).isEqualTo(79.7);
    assertThat(status.results.get(0).predictedSeconds).isNull();
    assertThat(status.model.fixedSeconds).isEqualTo(23.883);
    assertThat(status.model.microsPerRecord).isEqualTo(20.676);
    assertThat(status.model.rSquared).isEqualTo(0.9786);
    assertThat(status.model.predictions)
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.records).isEqualTo(10_000_000L);
              assertThat(p.seconds).isEqualTo(230.64);
            });
    assertThat(condition(status, Conditions.SUCCEEDED).getStatus()).isEqualTo("True");
    assertThat(condition(status, Conditions.SUCCEEDED).getReason()).isEqualTo("AllRunsSucceeded");
    assertThat(condition(status, Conditions.READY).getStatus()).isEqualTo("True");
    assertThat(status.error).isNull();
    assertThat(status.currentRun).isNull();
    // cleanup OnSuccess: the drivers of successful runs are gone
    eventually().until(() -> cluster.pods(namespace), List::isEmpty);
    assertThat(events("medallion"))
        .extracting(Event::getReason)
        .contains("RunStarted", "RunSucceeded", "Succeeded");
  }

  @Test
  void aFailedRunIsRetriedWithANewDriverAndKeepsGoing() {
    namespace = "retry";
    cluster.create(Benchmarks.benchmark(namespace, "flaky", 10_000L, 100_000L));

    driverSucceeds("flaky-10000-r1-a1-driver", 10_000, 22.5);
    cluster.awaitPod(namespace, "flaky-100000-r1-a1-driver");
    cluster.kubelet().running(namespace, "flaky-100000-r1-a1-driver");
    cluster
        .kubelet()
        .terminated(
            namespace,
            "flaky-100000-r1-a1-driver",
            1,
            "Error",
            io.sparkbench.api.result.ResultCodec.toJson(
                Results.failed(100_000, "SparkError", "Job aborted: executor lost")));
    ScalingBenchmarkStatus retrying =
        awaitStatus("flaky", s -> s.currentRun != null && s.currentRun.attempt == 2);
    assertThat(retrying.phase).isEqualTo(Phase.Running);
    assertThat(retrying.currentRun.driverPod).isEqualTo("flaky-100000-r1-a2-driver");
    assertThat(events("flaky"))
        .filteredOn(e -> e.getReason().equals("DriverFailed"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .isEqualTo(
                        "driver pod flaky-100000-r1-a1-driver exited with code 1: SparkError:"
                            + " Job aborted: executor lost; retrying (attempt 2 of 2)"));
    // cleanup OnSuccess keeps the failed driver for inspection
    assertThat(client().pods().inNamespace(namespace).withName("flaky-100000-r1-a1-driver").get())
        .isNotNull();

    driverSucceeds("flaky-100000-r1-a2-driver", 100_000, 27.7);
    ScalingBenchmarkStatus status = awaitStatus("flaky", s -> s.phase == Phase.Succeeded);
    assertThat(status.results).extracting(r -> r.attempt).containsExactly(1, 2);
    assertThat(status.progress).isEqualTo("2/2");
  }

  @Test
  void anOomKilledDriverFailsTheBenchmarkAndKeepsEarlierResults() {
    namespace = "oom";
    ScalingBenchmark benchmark = Benchmarks.benchmark(namespace, "big", 10_000L, 10_000_000L);
    benchmark.getSpec().retry.limit = 0;
    cluster.create(benchmark);

    driverSucceeds("big-10000-r1-a1-driver", 10_000, 22.5);
    cluster.awaitPod(namespace, "big-10000000-r1-a1-driver");
    cluster.kubelet().running(namespace, "big-10000000-r1-a1-driver");
    cluster.kubelet().terminated(namespace, "big-10000000-r1-a1-driver", 137, "OOMKilled", null);

    ScalingBenchmarkStatus status = awaitStatus("big", s -> s.phase == Phase.Failed);
    assertThat(status.error.reason()).isEqualTo("OOMKilled");
    assertThat(status.error.message())
        .isEqualTo(
            "driver pod big-10000000-r1-a1-driver was killed for exceeding its memory limit"
                + " (limit 1408Mi): raise spec.driver.memory or run fewer records");
    assertThat(condition(status, Conditions.SUCCEEDED).getStatus()).isEqualTo("False");
    assertThat(condition(status, Conditions.SUCCEEDED).getReason()).isEqualTo("OOMKilled");
    assertThat(status.results).extracting(r -> r.records).containsExactly(10_000L);
    assertThat(status.progress).isEqualTo("1/2");
    assertThat(status.currentRun).isNull();
  }

  @Test
  void aDriverPendingPastItsStartTimeoutFailsWithTheSchedulersReason() {
    namespace = "pending";
    ScalingBenchmark benchmark = Benchmarks.benchmark(namespace, "huge", 10_000L);
    benchmark.getSpec().timeouts.driverStart = "10s";
    benchmark.getSpec().retry.limit = 0;
    cluster.create(benchmark);

    cluster.awaitPod(namespace, "huge-10000-r1-a1-driver");
    cluster.leaveUnscheduled(namespace, "huge-10000-r1-a1-driver");

    ScalingBenchmarkStatus status = awaitStatus("huge", s -> s.phase == Phase.Failed);
    assertThat(status.error.reason()).isEqualTo("Unschedulable");
    assertThat(status.error.message())
        .isEqualTo(
            "driver pod huge-10000-r1-a1-driver was not scheduled within 10s: "
                + cluster.unschedulableMessage()
                + " (lower spec.driver.cores or spec.driver.memory, or add nodes)");
    // the pending driver is stopped
    awaitGone("huge-10000-r1-a1-driver");
  }

  @Test
  void aSecondBenchmarkWaitsQueuedUntilTheFirstFinishes() throws Exception {
    namespace = "queue";
    double checks = metric("sparkbench_operator_spec_checks_total");
    cluster.create(Benchmarks.benchmark(namespace, "first", 10_000L));
    cluster.awaitPod(namespace, "first-10000-r1-a1-driver");
    cluster.create(Benchmarks.benchmark(namespace, "second", 10_000L));

    ScalingBenchmarkStatus queued = awaitStatus("second", s -> s.phase == Phase.Queued);
    // the queued one looks for a slot every 300 ms; its spec is checked (a dry run of Spark's
    // builder) once for its generation, not on every look
    double reconciled = metric("sparkbench_operator_reconciliations_total");
    eventually().until(() -> metric("sparkbench_operator_reconciliations_total") >= reconciled + 4);
    assertThat(metric("sparkbench_operator_spec_checks_total")).isEqualTo(checks + 2);
    assertThat(condition(queued, Conditions.READY).getReason()).isEqualTo("Queued");
    assertThat(condition(queued, Conditions.SUCCEEDED).getStatus()).isEqualTo("Unknown");
    assertThat(client().pods().inNamespace(namespace).withName("second-10000-r1-a1-driver").get())
        .isNull();

    driverSucceeds("first-10000-r1-a1-driver", 10_000, 22.5);
    awaitStatus("first", s -> s.phase == Phase.Succeeded);
    driverSucceeds("second-10000-r1-a1-driver", 10_000, 23.0);
    assertThat(awaitStatus("second", s -> s.phase == Phase.Succeeded).results).hasSize(1);
  }

  @Test
  void deletingABenchmarkMidRunDeletesItsPods() {
    namespace = "delete";
    cluster.create(Benchmarks.benchmark(namespace, "doomed", 10_000L, 100_000L));
    Pod driver = cluster.awaitPod(namespace, "doomed-10000-r1-a1-driver");
    cluster.kubelet().running(namespace, "doomed-10000-r1-a1-driver");
    // Delete once the operator has recorded the run: a deletion racing the very first status write
    // makes that write fail, and JOSDK may then drop the delete event without a reconciliation
    // (the garbage collector, Kubernetes' or the stand-in's, still removes the pods).
    awaitStatus("doomed", s -> s.phase == Phase.Running);
    // The garbage collector follows this owner reference (Kubernetes' own on a real cluster, the
    // stand-in's cascade in MockCluster); the operator also deletes the pods itself on the event.
    assertThat(driver.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("doomed"));

    client().resources(ScalingBenchmark.class).inNamespace(namespace).withName("doomed").delete();

    eventually().until(() -> cluster.pods(namespace), List::isEmpty);
    // every namespace of a real cluster holds the root CA's ConfigMap
    assertThat(client().configMaps().inNamespace(namespace).list().getItems())
        .extracting(c -> c.getMetadata().getName())
        .allMatch("kube-root-ca.crt"::equals);
    assertThat(client().services().inNamespace(namespace).list().getItems()).isEmpty();
  }

  @Test
  void aSpecTheSchemaAcceptsButTheOperatorRefusesFailsAloneWithWhatToFix() {
    namespace = "refused";
    ScalingBenchmark refused = Benchmarks.benchmark(namespace, "reserved", 10_000L);
    refused.getSpec().sparkConf.put("spark.executor.memory", "4g");
    refused.getSpec().sparkConf.put("hadoop.tmp.dir", "/tmp");
    cluster.create(refused);
    cluster.create(Benchmarks.benchmark(namespace, "fine", 10_000L));

    ScalingBenchmarkStatus failed = awaitStatus("reserved", s -> s.phase == Phase.Failed);
    assertThat(failed.error.reason()).isEqualTo("InvalidSpec");
    assertThat(failed.error.message())
        .isEqualTo(
            "spec.sparkConf key 'hadoop.tmp.dir' is not a Spark setting (spark.*); spec.sparkConf"
                + " must not set spark.executor.memory: use spec.executor.memory");
    assertThat(condition(failed, Conditions.READY).getStatus()).isEqualTo("False");

    driverSucceeds("fine-10000-r1-a1-driver", 10_000, 22.5);
    assertThat(awaitStatus("fine", s -> s.phase == Phase.Succeeded).progress).isEqualTo("1/1");
  }

  @Test
  void aSpecChangeDuringARunStartsOverForTheNewGeneration() {
    namespace = "respec";
    cluster.create(Benchmarks.benchmark(namespace, "evolving", 10_000L, 100_000L));
    driverSucceeds("evolving-10000-r1-a1-driver", 10_000, 22.5);
    cluster.awaitPod(namespace, "evolving-100000-r1-a1-driver");

    client()
        .resources(ScalingBenchmark.class)
        .inNamespace(namespace)
        .withName("evolving")
        .patch(
            PatchContext.of(PatchType.JSON),
            "[{\"op\":\"replace\",\"path\":\"/spec/records\",\"value\":[20000]}]");

    ScalingBenchmarkStatus restarted =
        awaitStatus("evolving", s -> s.observedGeneration != null && s.observedGeneration == 2);
    assertThat(restarted.results).isEmpty();
    assertThat(restarted.model).isNull();
    awaitGone("evolving-100000-r1-a1-driver");
    driverSucceeds("evolving-20000-r1-a1-driver", 20_000, 23.0);
    ScalingBenchmarkStatus status = awaitStatus("evolving", s -> s.phase == Phase.Succeeded);
    assertThat(status.results).extracting(r -> r.records).containsExactly(20_000L);
    assertThat(status.progress).isEqualTo("1/1");
  }

  @Test
  void aChangeOfPredictOnlyKeepsTheResultsAndRefitsThePredictions() {
    namespace = "predict";
    cluster.create(Benchmarks.benchmark(namespace, "forecast", 10_000L, 100_000L));
    driverSucceeds("forecast-10000-r1-a1-driver", 10_000, 22.5);
    driverSucceeds("forecast-100000-r1-a1-driver", 100_000, 27.7);
    ScalingBenchmarkStatus measured = awaitStatus("forecast", s -> s.phase == Phase.Succeeded);
    assertThat(measured.model.predictions).isEmpty();

    client()
        .resources(ScalingBenchmark.class)
        .inNamespace(namespace)
        .withName("forecast")
        .patch(
            PatchContext.of(PatchType.JSON),
            "[{\"op\":\"add\",\"path\":\"/spec/predict\",\"value\":[1000000]}]");

    ScalingBenchmarkStatus refitted =
        awaitStatus("forecast", s -> s.observedGeneration != null && s.observedGeneration == 2);
    assertThat(refitted.phase).isEqualTo(Phase.Succeeded);
    assertThat(refitted.results).extracting(r -> r.records).containsExactly(10_000L, 100_000L);
    // refitted for the new count: two runs give no measure of error, so it says so
    assertThat(refitted.model.predictions).isEmpty();
    assertThat(refitted.model.predictionsWithheld).startsWith("no predictions: 2 runs fit a line");
    assertThat(events("forecast")).extracting(Event::getReason).contains("PredictionsChanged");
    assertThat(client().pods().inNamespace(namespace).withName("forecast-10000-r1-a1-driver").get())
        .isNull();
  }

  @Test
  void aRunPastItsTimeoutIsStopped() {
    namespace = "slow";
    ScalingBenchmark benchmark = Benchmarks.benchmark(namespace, "slow", 10_000L);
    benchmark.getSpec().timeouts.run = "10s";
    benchmark.getSpec().retry.limit = 0;
    cluster.create(benchmark);
    cluster.awaitPod(namespace, "slow-10000-r1-a1-driver");
    cluster.kubelet().running(namespace, "slow-10000-r1-a1-driver");

    ScalingBenchmarkStatus status = awaitStatus("slow", s -> s.phase == Phase.Failed);
    assertThat(status.error.reason()).isEqualTo("RunTimeout");
    assertThat(status.error.message())
        .isEqualTo(
            "run of 10000 records, repetition 1, attempt 1 did not finish within 10s: raise"
                + " spec.timeouts.run or run fewer records");
    awaitGone("slow-10000-r1-a1-driver");
  }

  @Test
  void metricsHealthAndReadinessAreServedAndADeletedBenchmarksSeriesGo() throws Exception {
    namespace = "metrics";
    cluster.create(Benchmarks.benchmark(namespace, "measured", 10_000L, 100_000L));
    driverSucceeds("measured-10000-r1-a1-driver", 10_000, 22.5);
    driverSucceeds("measured-100000-r1-a1-driver", 100_000, 27.7);
    awaitStatus("measured", s -> s.phase == Phase.Succeeded);

    assertThat(http("/healthz")).isEqualTo("200 ok\n");
    assertThat(http("/readyz")).isEqualTo("200 ready\n");
    String metrics = http("/metrics");
    assertThat(metrics)
        .contains(
            "sparkbench_run_duration_seconds{namespace=\"metrics\",benchmark=\"measured\",records=\"100000\",} 27.7")
        .contains(
            "sparkbench_model_fixed_seconds{namespace=\"metrics\",benchmark=\"measured\",} 21.922")
        .contains(
            "sparkbench_runs_total{namespace=\"metrics\",benchmark=\"measured\",outcome=\"succeeded\",} 2.0")
        .contains("sparkbench_operator_benchmarks{phase=\"Succeeded\",} 1.0")
        .contains("sparkbench_operator_reconciliations_total")
        .contains("jvm_memory_bytes_used");

    // The results page and its data beside /metrics: one point per result, the model's line.
    String page = http("/benchmarks/metrics/measured");
    assertThat(page).startsWith("200 <!DOCTYPE html>").contains("scalingbenchmark/measured");
    assertThat(page.split("<circle class=\"run\"", -1)).hasSize(3);
    assertThat(page).contains("<path class=\"model\"");
    // With a History Server configured, each result and the page link its run there.
    String runPage = HISTORY_SERVER + "/history/spark-5f3c2a1b9d8e4f60a7b2c3d4e5f60718/";
    assertThat(
            client()
                .resources(ScalingBenchmark.class)
                .inNamespace(namespace)
                .withName("measured")
                .get()
                .getStatus()
                .results)
        .allSatisfy(r -> assertThat(r.historyServerUrl).isEqualTo(runPage));
    assertThat(page).contains("<a class=\"history\" href=\"" + runPage + "\">");
    assertThat(http("/benchmarks/metrics/measured.json"))
        .startsWith("200 {")
        .contains("\"fixedSeconds\" : 21.922")
        .contains("\"sparkApplicationId\" : \"spark-5f3c2a1b9d8e4f60a7b2c3d4e5f60718\"");
    assertThat(http("/benchmarks/metrics/absent"))
        .isEqualTo("404 no scalingbenchmark absent in namespace metrics\n");
    assertThat(http("/benchmarks/Not_A_Namespace/x"))
        .isEqualTo("404 not found: use /benchmarks/<namespace>/<name>[.json|/comparison]\n");

    client().resources(ScalingBenchmark.class).inNamespace(namespace).withName("measured").delete();
    eventually()
        .untilAsserted(() -> assertThat(http("/metrics")).doesNotContain("benchmark=\"measured\""));
  }

  /** The value of an unlabelled metric on /metrics. */
  private double metric(String name) throws Exception {
    return http("/metrics")
        .lines()
        .filter(l -> l.startsWith(name + " "))
        .mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1)))
        .findFirst()
        .orElseThrow();
  }

  private String http(String path) throws Exception {
    java.net.http.HttpResponse<String> response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:" + cluster.operator().httpPort() + path))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    return path.equals("/metrics")
        ? response.body()
        : response.statusCode() + " " + response.body();
  }

  /**
   * One slot, two namespaces: when the slot frees, the other namespace's benchmark starts before an
   * older one of the namespace that ran last.
   */
  @Test
  void namespacesTakeTurnsForTheSlot() throws InterruptedException {
    namespace = "fair-a";
    String other = "fair-b";
    cluster.create(Benchmarks.benchmark(namespace, "a0", 10_000L));
    cluster.awaitPod(namespace, "a0-10000-r1-a1-driver");
    cluster.create(Benchmarks.benchmark(namespace, "a1", 10_000L));
    awaitStatus("a1", s -> s.phase == Phase.Queued);
    Thread.sleep(1_100); // creation times have whole seconds: b0 is younger than a1
    try {
      cluster.create(Benchmarks.benchmark(other, "b0", 10_000L));
      eventually()
          .until(
              () -> cluster.get(other, "b0"),
              b -> b.getStatus() != null && b.getStatus().phase == Phase.Queued);

      driverSucceeds("a0-10000-r1-a1-driver", 10_000, 9.0);

      cluster.awaitPod(other, "b0-10000-r1-a1-driver");
      assertThat(cluster.get(namespace, "a1").getStatus().phase).isEqualTo(Phase.Queued);
      cluster.kubelet().succeeded(other, "b0-10000-r1-a1-driver", Results.succeeded(10_000, 9.0));
      cluster.awaitPod(namespace, "a1-10000-r1-a1-driver");
    } finally {
      client().resources(ScalingBenchmark.class).inNamespace(other).delete();
    }
  }

  private void awaitGone(String pod) {
    eventually()
        .untilAsserted(
            () -> assertThat(client().pods().inNamespace(namespace).withName(pod).get()).isNull());
  }

  void driverSucceeds(String pod, long records, double seconds) {
    cluster.awaitPod(namespace, pod);
    cluster.kubelet().succeeded(namespace, pod, Results.succeeded(records, seconds));
  }

  ScalingBenchmarkStatus awaitStatus(String name, Predicate<ScalingBenchmarkStatus> until) {
    return eventually()
        .until(
            () -> {
              ScalingBenchmark b = cluster.get(namespace, name);
              return b == null ? null : b.getStatus();
            },
            s -> s != null && until.test(s));
  }

  private List<Event> events(String name) {
    return client().v1().events().inNamespace(namespace).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  static Condition condition(ScalingBenchmarkStatus status, String type) {
    return Conditions.get(status, type);
  }

  static ConditionFactory eventually() {
    return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100));
  }

  @SuppressWarnings("unused")
  private static boolean isDriver(Pod pod) {
    return "driver".equals(pod.getMetadata().getLabels().get("spark-role"));
  }
}
