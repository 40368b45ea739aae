package io.sparkbench.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import io.sparkbench.local.kubelet.PodRun;
import io.sparkbench.operator.OperatorConfig;
import io.sparkbench.operator.OperatorMain;
import io.sparkbench.operator.driver.Labels;
import io.sparkbench.operator.status.Conditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Faults in the middle of a run, with the real operator and real Spark driver and executor
 * processes: an executor's process is killed (Spark replaces the executor and the run still
 * succeeds), and a driver pod is deleted (the operator retries the run with a new driver and keeps
 * the results it already had). {@link FaultRecoveryIT} runs them on the embedded mock, {@link
 * FaultRecoveryOnControlPlaneIT} on a real control plane with the kubelet as its node.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FaultRecoveryContract {

  /**
   * Kept after the run, under {@code target/FaultRecoveryIT-*}: each pod's container.log is the
   * first thing to read when this fails. A folder of its own per run, so that two runs in one
   * checkout do not share pods' files.
   */
  protected Path dir;

  protected LocalCluster cluster;
  protected KubernetesClient client;
  protected OperatorMain.Running operator;
  protected String ns;
  private SharedIndexInformer<Pod> executorWatch;

  /**
   * Every executor pod seen, oldest first, with its labels, as {@code kubectl get pods -w} would
   * list them (Spark deletes a failed executor's pod soon after).
   */
  private final Map<String, Map<String, String>> executorsSeen =
      Collections.synchronizedMap(new LinkedHashMap<>());

  /** Every phase each executor pod was seen in. */
  private final Map<String, Set<String>> executorPhases = new ConcurrentHashMap<>();

  protected String benchmark;

  /**
   * Starts the cluster (in a new folder under {@code target/}), the operator in this JVM and the
   * executor watch; each subclass calls it from its {@code @BeforeAll}.
   *
   * @param start starts the cluster in the folder it is given
   * @param namespace the namespace the benchmarks live in, made ready for drivers
   */
  protected void begin(Function<Path, LocalCluster> start, Function<LocalCluster, String> namespace)
      throws IOException {
    Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
    dir = Files.createTempDirectory(target, getClass().getSimpleName() + "-");
    cluster = start.apply(dir.resolve("cluster"));
    client = cluster.client();
    ns = namespace.apply(cluster);
    operator = OperatorMain.start(client, OperatorConfig.builder().httpPort(0).build());
    executorWatch =
        client
            .pods()
            .inNamespace(ns)
            .withLabel(Labels.SPARK_ROLE, "executor")
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Pod pod) {
                    executorsSeen.putIfAbsent(
                        pod.getMetadata().getName(), Map.copyOf(pod.getMetadata().getLabels()));
                    onUpdate(null, pod);
                  }

                  @Override
                  public void onUpdate(Pod old, Pod pod) {
                    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
                    if (phase != null) {
                      executorPhases
                          .computeIfAbsent(
                              pod.getMetadata().getName(), n -> ConcurrentHashMap.newKeySet())
                          .add(phase);
                    }
                  }

                  @Override
                  public void onDelete(Pod pod, boolean unknown) {}
                });
  }

  @AfterAll
  void stop() {
    if (executorWatch != null) {
      executorWatch.close();
    }
    if (operator != null) {
      operator.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Deletes the test's benchmark and waits until its processes are gone, for the next test. */
  @AfterEach
  void deleteBenchmark() {
    if (benchmark == null) {
      return;
    }
    client.resources(ScalingBenchmark.class).inNamespace(ns).withName(benchmark).delete();
    await("the processes of " + benchmark + " to stop")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                cluster.kubelet().runs().stream()
                    .filter(r -> r.name().startsWith(benchmark + "-"))
                    .allMatch(r -> r.started() == null || r.finished() != null));
  }

  @Test
  void anExecutorWhoseProcessIsKilledIsReplacedAndTheRunSucceeds() {
    benchmark = "executor-loss";
    String prefix = benchmark + "-1000-r1-a1";
    apply(benchmark, "[1000]");

    PodRun executor =
        awaitOrExplain(
            "the run's executor running as a process",
            Duration.ofMinutes(3),
            () -> executorsOf(benchmark, 1000, 1).stream().findFirst().map(this::run).orElse(null),
            r -> r != null && r.pid() != null && r.finished() == null);
    String firstExecutor = executor.name();
    // The job is processing: a task on that executor is writing its output.
    Path data = claim("sparkbench-data").resolve(benchmark).resolve(prefix);
    awaitOrExplain(
        "a task writing under " + data,
        Duration.ofMinutes(2),
        () -> hasPartFile(data),
        Boolean::booleanValue);
    assertThat(phase(prefix + "-driver")).isEqualTo("Running");

    // As the OOM killer or kill -9 would: the process dies, the pod object stays.
    assertThat(ProcessHandle.of(executor.pid()))
        .hasValueSatisfying(p -> assertThat(p.destroyForcibly()).isTrue());

    ScalingBenchmark done = awaitFinished(benchmark, Duration.ofMinutes(8));

    ScalingBenchmarkStatus status = done.getStatus();
    assertThat(status.phase).as(explain(benchmark)).isEqualTo(Phase.Succeeded);
    assertThat(status.progress).isEqualTo("1/1");
    assertThat(status.error).isNull();
    assertThat(condition(status, Conditions.SUCCEEDED)).isEqualTo("True");
    assertThat(status.results).hasSize(1);
    RunResult result = status.results.get(0);
    assertThat(result.records).isEqualTo(1000L);
    // Spark recovered within the run: the operator did not need a retry.
    assertThat(result.attempt).isEqualTo(1);
    assertThat(result.driverPod).isEqualTo(prefix + "-driver");
    assertThat(result.durationSeconds).isPositive();
    assertThat(result.totalAmount).isNotNull().isPositive();
    // Nothing lost or counted twice with the executor: every generated row is accounted for.
    assertThat(result.rows.generated).isEqualTo(1000L);
    assertThat(result.rows.bronze).isEqualTo(1000L);
    assertThat(result.rows.silver + result.rows.rejected + result.rows.duplicates).isEqualTo(1000L);

    // The killed executor's pod failed, and Spark asked for a replacement.
    assertThat(run(firstExecutor).exitCode()).isEqualTo(137);
    assertThat(executorPhases.get(firstExecutor)).contains("Failed");
    List<String> executors = executorsOf(benchmark, 1000, 1);
    assertThat(executors).as("executor pods of the run").hasSize(2).startsWith(firstExecutor);
    String replacement = executors.get(1);
    assertThat(replacement).endsWith("-exec-2");
    assertThat(run(replacement)).as("the replacement ran as a process").isNotNull();
    assertThat(run(replacement).started()).isNotNull();
  }

  @Test
  void aDeletedDriverIsRetriedAndEarlierResultsStay() {
    benchmark = "driver-loss";
    String firstAttempt = benchmark + "-3000-r1-a1";
    String secondAttempt = benchmark + "-3000-r1-a2";
    apply(benchmark, "[1000, 3000]");

    ScalingBenchmark afterFirst =
        awaitOrExplain(
            "the 3000-record run processing on its executor",
            Duration.ofMinutes(4),
            () -> get(benchmark),
            b ->
                b.getStatus() != null
                    && b.getStatus().results.size() == 1
                    && b.getStatus().currentRun != null
                    && "Running".equals(phase(firstAttempt + "-driver"))
                    && executorsOf(benchmark, 3000, 1).stream()
                        .map(this::run)
                        .anyMatch(r -> r != null && r.started() != null)
                    && hasPartFile(
                        claim("sparkbench-data").resolve(benchmark).resolve(firstAttempt)));
    assertThat(phase(firstAttempt + "-driver")).isEqualTo("Running");
    List<String> firstAttemptExecutors = executorsOf(benchmark, 3000, 1);
    RunResult before = afterFirst.getStatus().results.get(0);
    assertThat(before.records).isEqualTo(1000L);
    assertThat(afterFirst.getStatus().currentRun.attempt).isEqualTo(1);
    assertThat(afterFirst.getStatus().currentRun.driverPod).isEqualTo(firstAttempt + "-driver");

    client.pods().inNamespace(ns).withName(firstAttempt + "-driver").delete();

    ScalingBenchmark retrying =
        awaitOrExplain(
            "a second attempt of the 3000-record run",
            Duration.ofMinutes(1),
            () -> get(benchmark),
            b -> b.getStatus().currentRun != null && b.getStatus().currentRun.attempt == 2);
    assertThat(retrying.getStatus().currentRun.records).isEqualTo(3000L);
    assertThat(retrying.getStatus().currentRun.driverPod).isEqualTo(secondAttempt + "-driver");
    assertThat(retrying.getStatus().phase).isEqualTo(Phase.Running);
    assertThat(retrying.getStatus().progress).isEqualTo("1/2");
    assertThat(warnings(benchmark))
        .anySatisfy(
            e -> {
              assertThat(e.getReason()).isEqualTo("DriverDeleted");
              assertThat(e.getMessage())
                  .contains(firstAttempt + "-driver")
                  .contains("retrying (attempt 2 of 2)");
            });
    // The deleted driver's executor went with it (its owner), and no JVM of that attempt is left.
    awaitOrExplain(
        "the processes of the first attempt to stop",
        Duration.ofSeconds(30),
        () ->
            Stream.concat(Stream.of(firstAttempt + "-driver"), firstAttemptExecutors.stream())
                .map(this::run)
                .toList(),
        runs -> runs.stream().allMatch(r -> r != null && r.finished() != null));
    assertThat(firstAttemptExecutors)
        .allSatisfy(e -> assertThat(client.pods().inNamespace(ns).withName(e).get()).isNull());

    ScalingBenchmark done = awaitFinished(benchmark, Duration.ofMinutes(8));

    ScalingBenchmarkStatus status = done.getStatus();
    assertThat(status.phase).as(explain(benchmark)).isEqualTo(Phase.Succeeded);
    assertThat(status.progress).isEqualTo("2/2");
    assertThat(status.completedRuns).isEqualTo(2);
    assertThat(status.error).isNull();
    assertThat(condition(status, Conditions.SUCCEEDED)).isEqualTo("True");
    assertThat(status.results).hasSize(2);
    assertThat(status.results.get(0))
        .as("the 1000-record result, untouched by the retry")
        .usingRecursiveComparison()
        .isEqualTo(before);
    RunResult retried = status.results.get(1);
    assertThat(retried.records).isEqualTo(3000L);
    assertThat(retried.attempt).isEqualTo(2);
    assertThat(retried.driverPod).isEqualTo(secondAttempt + "-driver");
    assertThat(retried.durationSeconds).isPositive();
    assertThat(retried.rows.generated).isEqualTo(3000L);
    assertThat(status.model).isNotNull();
  }

  protected void apply(String name, String records) {
    String yaml =
        """
        apiVersion: sparkbench.io/v1alpha1
        kind: ScalingBenchmark
        metadata:
          name: %s
          namespace: %s
        spec:
          image: sparkbench/spark-app:dev
          records: %s
          driver: {cores: 1, memory: 512m}
          executor: {instances: 1, cores: 1, memory: 512m}
          storage: {persistentVolumeClaim: {claimName: sparkbench-data}}
        """
            .formatted(name, ns, records);
    ScalingBenchmark benchmark =
        client.getKubernetesSerialization().unmarshal(yaml, ScalingBenchmark.class);
    assertThat(benchmark.getSpec().retry.limit).as("the default retry limit").isEqualTo(1);
    client.resource(benchmark).create();
  }

  protected ScalingBenchmark get(String name) {
    return client.resources(ScalingBenchmark.class).inNamespace(ns).withName(name).get();
  }

  protected ScalingBenchmark awaitFinished(String name, Duration timeout) {
    return awaitOrExplain(
        name + " to finish",
        timeout,
        () -> get(name),
        b ->
            b.getStatus() != null
                && (b.getStatus().phase == Phase.Succeeded || b.getStatus().phase == Phase.Failed));
  }

  /** Awaits a value; on timeout fails with the benchmark's status and its pods' log tails. */
  protected <T> T awaitOrExplain(
      String what, Duration timeout, Callable<T> value, Predicate<T> done) {
    try {
      return await(what)
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptions()
          .until(value, done::test);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(e.getMessage() + "\n" + explain(null), e);
    }
  }

  protected String explain(String name) {
    StringBuilder text = new StringBuilder();
    client.resources(ScalingBenchmark.class).inNamespace(ns).list().getItems().stream()
        .filter(b -> name == null || b.getMetadata().getName().equals(name))
        .forEach(
            b ->
                text.append("status of ")
                    .append(b.getMetadata().getName())
                    .append(": ")
                    .append(client.getKubernetesSerialization().asJson(b.getStatus()))
                    .append('\n'));
    for (PodRun r : cluster.kubelet().runs()) {
      text.append("--- pod ").append(r.name()).append(" exit ").append(r.exitCode()).append('\n');
      text.append(tail(cluster.kubelet().log(r.namespace(), r.name()))).append('\n');
    }
    return text.toString();
  }

  protected static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  protected PodRun run(String pod) {
    return cluster.kubelet().runs().stream()
        .filter(r -> r.name().equals(pod))
        .findFirst()
        .orElse(null);
  }

  /** The executor pods seen for one attempt of one run, oldest first. */
  protected List<String> executorsOf(String benchmark, long records, int attempt) {
    synchronized (executorsSeen) {
      return executorsSeen.entrySet().stream()
          .filter(e -> benchmark.equals(e.getValue().get(Labels.BENCHMARK)))
          .filter(e -> Long.toString(records).equals(e.getValue().get(Labels.RECORDS)))
          .filter(e -> Integer.toString(attempt).equals(e.getValue().get(Labels.ATTEMPT)))
          .map(Map.Entry::getKey)
          .toList();
    }
  }

  protected String phase(String pod) {
    Pod found = client.pods().inNamespace(ns).withName(pod).get();
    return found == null || found.getStatus() == null ? null : found.getStatus().getPhase();
  }

  /** The host folder of a volume claim: the local cluster keeps claims per namespace. */
  protected Path claim(String name) {
    return cluster.workDir().resolve("pods").resolve(ns).resolve("claims").resolve(name);
  }

  /**
   * Whether a Spark task has written a part file anywhere below {@code dir}: tasks run only on
   * executors, so the job is processing there. Committing moves folders while this walks them; a
   * folder gone meanwhile counts as not yet, and the next poll looks again.
   */
  protected static boolean hasPartFile(Path dir) {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.anyMatch(p -> p.getFileName().toString().startsWith("part-"));
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  protected static String condition(ScalingBenchmarkStatus status, String type) {
    return status.conditions.stream()
        .filter(c -> c.getType().equals(type))
        .map(c -> c.getStatus())
        .findFirst()
        .orElse(null);
  }

  protected List<Event> warnings(String name) {
    return client.v1().events().inNamespace(ns).list().getItems().stream()
        .filter(e -> "Warning".equals(e.getType()))
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .collect(Collectors.toList());
  }
}
