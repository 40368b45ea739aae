package io.sparkbench.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import io.sparkbench.controlplane.ControlPlane;
import io.sparkbench.controlplane.Namespaces;
import io.sparkbench.controlplane.RealControlPlaneTest;
import io.sparkbench.local.kubelet.LocalNode;
import io.sparkbench.local.kubelet.PodRun;
import io.sparkbench.local.kubelet.ProcessKubelet;
import io.sparkbench.operator.OperatorConfig;
import io.sparkbench.operator.OperatorMain;
import io.sparkbench.operator.driver.Labels;
import io.sparkbench.operator.driver.SparkServiceAccount;
import io.sparkbench.operator.status.Conditions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@link FaultRecoveryContract} and the faults only a real cluster has, on the real control plane
 * (kube-apiserver, etcd, controller-manager, scheduler) with the process kubelet as its node and
 * real Spark driver and executor processes. The benchmarks' namespace enforces Pod Security {@code
 * restricted}, so every driver and executor pod here was admitted under it.
 */
@RealControlPlaneTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultRecoveryOnControlPlaneIT extends FaultRecoveryContract {

  private static final String NS = "faults";
  private static final String CLAIM = "sparkbench-data";

  private ControlPlane controlPlane;

  @BeforeAll
  void joinControlPlane(ControlPlane controlPlane) throws IOException {
    this.controlPlane = controlPlane;
    begin(
        dir ->
            LocalCluster.join(
                controlPlane, dir, LocalNode.ofThisMachine(List.of(LocalNode.SPARK_APP_IMAGE))),
        cluster -> {
          Namespaces.enforcing(cluster.client(), NS, "restricted");
          SparkServiceAccount.apply(cluster.client(), NS, LocalCluster.SPARK_SERVICE_ACCOUNT);
          cluster.provideClaim(NS, CLAIM);
          return NS;
        });
  }

  @Test
  void aBenchmarkSucceedsWithEveryResultFieldAndItsPodsOnTheNode() {
    benchmark = "on-node";
    apply(benchmark, "[1000, 2000]");

    ScalingBenchmark done = awaitFinished(benchmark, Duration.ofMinutes(6));

    ScalingBenchmarkStatus status = done.getStatus();
    assertThat(status.phase).as(explain(benchmark)).isEqualTo(Phase.Succeeded);
    assertThat(condition(status, Conditions.SUCCEEDED)).isEqualTo("True");
    assertThat(status.results).hasSize(2);
    for (RunResult result : status.results) {
      // Every field of a result is filled but the prediction, which needs two record counts before.
      Map<String, Object> fields = Serialization.jsonMapper().convertValue(result, Map.class);
      assertThat(fields)
          .as("result of %d records", result.records)
          .containsKeys(
              "records",
              "repetition",
              "attempt",
              "durationSeconds",
              "stages",
              "rows",
              "peakMemoryMiB",
              "cpuUtilization",
              "cpuSeconds",
              "recordsPerSecond",
              "totalAmount",
              "driverPod",
              "finishedAt");
      assertThat(fields.values()).doesNotContainNull();
      assertThat(result.peakMemoryMiB.driver).isPositive();
      assertThat(result.peakMemoryMiB.executor).isPositive();
      assertThat(result.cpuSeconds.executors).as("CPU of the executor JVM").isPositive();
      assertThat(result.rows.generated).isEqualTo(result.records);
    }

    String node = cluster.kubelet().node().name();
    List<PodRun> executors =
        cluster.kubelet().runs().stream()
            .filter(r -> r.name().startsWith(benchmark + "-") && r.name().contains("-exec-"))
            .toList();
    assertThat(executors).as("executor processes").hasSize(2);
    assertThat(events(benchmark + "-1000-r1-a1-exec-1"))
        .as("events of the first executor pod")
        .anySatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo("Scheduled");
              assertThat(e.getMessage()).contains("to " + node);
            })
        .anySatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo("Started");
              assertThat(e.getSource().getHost()).isEqualTo(node);
            });

    Node registered = client.nodes().withName(node).get();
    assertThat(registered.getStatus().getConditions())
        .anySatisfy(
            c -> {
              assertThat(c.getType()).isEqualTo("Ready");
              assertThat(c.getStatus()).isEqualTo("True");
            });
    assertThat(registered.getStatus().getAllocatable()).containsKeys("cpu", "memory", "pods");
    var lease = client.leases().inNamespace("kube-node-lease").withName(node).get();
    assertThat(lease.getSpec().getRenewTime().toInstant())
        .as("the node's lease is fresh")
        .isAfter(Instant.now().minus(Duration.ofSeconds(40)));
  }

  @Test
  void anImageTheNodeCannotRunFailsWithImagePullBackOff() {
    benchmark = "no-such-image";
    String image = "registry.invalid/elsewhere/spark:1.0";
    applyYaml(benchmark, image, "512m", "[1000]");

    ScalingBenchmark done = awaitFinished(benchmark, Duration.ofMinutes(2));

    assertThat(done.getStatus().phase).isEqualTo(Phase.Failed);
    assertThat(done.getStatus().error.reason()).isEqualTo("ImagePullBackOff");
    assertThat(done.getStatus().error.message()).contains(image).contains("spec.image");
    assertThat(events(benchmark + "-1000-r1-a1-driver"))
        .anySatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo("Failed");
              assertThat(e.getMessage()).contains("Failed to pull image \"" + image + "\"");
            });
    assertThat(cluster.kubelet().runs())
        .filteredOn(r -> r.name().startsWith(benchmark + "-"))
        .allSatisfy(r -> assertThat(r.started()).as("a process of " + r.name()).isNull());
  }

  @Test
  void aDriverLargerThanTheNodeFailsUnschedulableWithTheSchedulersMessage() {
    benchmark = "too-big";
    applyYaml(benchmark, LocalNode.SPARK_APP_IMAGE, "4096g", "[1000]");

    ScalingBenchmark done = awaitFinished(benchmark, Duration.ofMinutes(2));

    assertThat(done.getStatus().phase).isEqualTo(Phase.Failed);
    assertThat(done.getStatus().error.reason()).isEqualTo("Unschedulable");
    assertThat(done.getStatus().error.message())
        .contains("0/1 nodes are available")
        .contains("Insufficient memory")
        .contains("spec.driver.memory");
  }

  @Test
  void theOperatorKilledMidRunAdoptsTheDriverAndRecordsItsResultOnce() throws Exception {
    benchmark = "operator-restart";
    String second = benchmark + "-3000-r1-a1";
    operator.close();
    Process first = startOperatorProcess("first");
    Process replacement = null;
    try {
      apply(benchmark, "[1000, 3000]");
      ScalingBenchmark afterFirst =
          awaitOrExplain(
              "the 3000-record run processing on its executor",
              Duration.ofMinutes(4),
              () -> get(benchmark),
              b ->
                  b.getStatus() != null
                      && b.getStatus().results.size() == 1
                      && "Running".equals(phase(second + "-driver"))
                      && hasPartFile(claim(CLAIM).resolve(benchmark).resolve(second)));
      RunResult before = afterFirst.getStatus().results.get(0);

      // As an OOM kill or a node failure would: no shutdown hook, nothing written on the way out.
      first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      replacement = startOperatorProcess("replacement");

      ScalingBenchmark done = awaitFinished(benchmark, Duration.ofMinutes(6));
      ScalingBenchmarkStatus status = done.getStatus();
      assertThat(status.phase).as(explain(benchmark)).isEqualTo(Phase.Succeeded);
      assertThat(status.results).hasSize(2);
      assertThat(status.results.get(0))
          .as("the 1000-record result, untouched by the restart")
          .usingRecursiveComparison()
          .isEqualTo(before);
      RunResult adopted = status.results.get(1);
      assertThat(adopted.records).isEqualTo(3000L);
      assertThat(adopted.attempt).as("the running driver was adopted, not retried").isEqualTo(1);
      assertThat(adopted.driverPod).isEqualTo(second + "-driver");
      assertThat(status.completedRuns).isEqualTo(2);
      // The Event follows the status write; it is recorded once, by whichever operator wrote it.
      Callable<Integer> recorded =
          () ->
              client.v1().events().inNamespace(NS).list().getItems().stream()
                  .filter(e -> benchmark.equals(e.getInvolvedObject().getName()))
                  .filter(e -> Objects.equals(e.getReason(), "RunSucceeded"))
                  .filter(e -> e.getMessage().startsWith("run 2/2 "))
                  .mapToInt(e -> e.getCount() == null ? 1 : e.getCount())
                  .sum();
      await().atMost(Duration.ofSeconds(20)).until(recorded, n -> n > 0);
      assertThat(recorded.call()).as("RunSucceeded events of the 3000-record run").isEqualTo(1);
    } finally {
      for (Process process : new Process[] {first, replacement}) {
        if (process != null) {
          process.destroy();
          process.waitFor(30, TimeUnit.SECONDS);
        }
      }
      operator = OperatorMain.start(client, OperatorConfig.builder().httpPort(0).build());
    }
  }

  @Test
  void theApiServerStoppedAndStartedMidRunAndTheBenchmarkSucceeds() throws Exception {
    benchmark = "api-restart";
    String run = benchmark + "-3000-r1-a1";
    apply(benchmark, "[3000]");
    awaitOrExplain(
        "the run processing on its executor",
        Duration.ofMinutes(4),
        () ->
            "Running".equals(phase(run + "-driver"))
                && hasPartFile(claim(CLAIM).resolve(benchmark).resolve(run)),
        Boolean::booleanValue);

    controlPlane.stopApiServer();
    Thread.sleep(5_000);
    controlPlane.startApiServer();

    ScalingBenchmark done = awaitFinished(benchmark, Duration.ofMinutes(6));
    ScalingBenchmarkStatus status = done.getStatus();
    assertThat(status.phase).as(explain(benchmark)).isEqualTo(Phase.Succeeded);
    assertThat(status.results).hasSize(1);
    assertThat(status.results.get(0).attempt).isEqualTo(1);
    assertThat(status.results.get(0).rows.generated).isEqualTo(3000L);
  }

  @Test
  void aBenchmarkDeletedMidRunLosesItsPodsToGarbageCollectionAndAnotherStillRuns() {
    benchmark = "deleted";
    String run = benchmark + "-3000-r1-a1";
    apply(benchmark, "[3000]");
    awaitOrExplain(
        "the run's executor running",
        Duration.ofMinutes(4),
        () ->
            "Running".equals(phase(run + "-driver"))
                && executorsOf(benchmark, 3000, 1).stream()
                    .map(this::run)
                    .anyMatch(r -> r != null && r.started() != null),
        Boolean::booleanValue);
    List<String> pods = new ArrayList<>(executorsOf(benchmark, 3000, 1));
    pods.add(run + "-driver");

    // Nothing but the ScalingBenchmark is deleted: its driver (owned by it) and the driver's
    // executors (owned by the driver) go through Kubernetes' garbage collector.
    client.resources(ScalingBenchmark.class).inNamespace(NS).withName(benchmark).delete();

    awaitOrExplain(
        "the pods " + pods + " to be gone and their processes stopped",
        Duration.ofMinutes(2),
        () ->
            pods.stream().allMatch(p -> client.pods().inNamespace(NS).withName(p).get() == null)
                && pods.stream().map(this::run).allMatch(r -> r == null || r.finished() != null),
        Boolean::booleanValue);
    assertThat(
            client.pods().inNamespace(NS).withLabel(Labels.BENCHMARK, benchmark).list().getItems())
        .isEmpty();

    benchmark = "after-deleted";
    apply(benchmark, "[1000]");
    ScalingBenchmark done = awaitFinished(benchmark, Duration.ofMinutes(4));
    assertThat(done.getStatus().phase).as(explain(benchmark)).isEqualTo(Phase.Succeeded);
  }

  /** A one-run benchmark with its own image and driver memory, and a short driver-start timeout. */
  private void applyYaml(String name, String image, String driverMemory, String records) {
    String yaml =
        """
        apiVersion: sparkbench.io/v1alpha1
        kind: ScalingBenchmark
        metadata:
          name: %s
          namespace: %s
        spec:
          image: %s
          records: %s
          driver: {cores: 1, memory: %s}
          executor: {instances: 1, cores: 1, memory: 512m}
          storage: {persistentVolumeClaim: {claimName: %s}}
          timeouts: {driverStart: 15s}
          retry: {limit: 0}
        """
            .formatted(name, NS, image, records, driverMemory, CLAIM);
    client
        .resource(client.getKubernetesSerialization().unmarshal(yaml, ScalingBenchmark.class))
        .create();
  }

  /** The operator's main class in a JVM of its own, with the admin kubeconfig. */
  private Process startOperatorProcess(String name) throws IOException {
    Path log = dir.resolve("operator-" + name + ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                ProcessKubelet.absoluteClassPath(System.getProperty("java.class.path")),
                "io.sparkbench.operator.OperatorMain",
                "--http-port=0")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("KUBECONFIG", controlPlane.kubeconfig().toString());
    return builder.start();
  }

  private List<Event> events(String pod) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> pod.equals(e.getInvolvedObject().getName()))
        .toList();
  }

  /**
   * After every other test here (a run on two executors, an executor killed and replaced, a driver
   * deleted and retried), the API server's audit log holds every request the drivers made with the
   * Spark account: the chart's Role grants exactly those, and nothing more.
   */
  @Test
  @Order(Integer.MAX_VALUE)
  void theSparkDriverRoleGrantsExactlyWhatTheDriversUsed() throws IOException {
    String user = "system:serviceaccount:" + NS + ":" + LocalCluster.SPARK_SERVICE_ACCOUNT;
    Set<String> used = new TreeSet<>();
    for (String line : Files.readAllLines(controlPlane.auditLog())) {
      Map<?, ?> event = Serialization.jsonMapper().readValue(line, Map.class);
      Map<?, ?> userInfo = (Map<?, ?>) event.get("user");
      Map<?, ?> object = (Map<?, ?>) event.get("objectRef");
      if (userInfo == null || !user.equals(userInfo.get("username")) || object == null) {
        continue;
      }
      String resource =
          (object.get("apiGroup") == null ? "" : object.get("apiGroup") + "/")
              + object.get("resource")
              + (object.get("subresource") == null ? "" : "/" + object.get("subresource"));
      used.add(resource + " " + event.get("verb"));
    }
    Set<String> granted = new TreeSet<>();
    for (PolicyRule rule : SparkServiceAccount.RULES) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            granted.add((group.isEmpty() ? "" : group + "/") + resource + " " + verb);
          }
        }
      }
    }
    assertThat(used).as("requests of %s", user).isNotEmpty();
    assertThat(granted).as("the Role against the drivers' requests %s", used).isEqualTo(used);
  }
}
