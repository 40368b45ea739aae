package io.sparkbench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.result.ResultCodec;
import io.sparkbench.api.v1.CleanupPolicy;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import io.sparkbench.controlplane.HostPathVolumes;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a user's first steps on a real cluster must do, whatever the cluster: the README's {@code
 * helm install} of the operator image (pod Ready, probes passing, {@code helm test} passing), then
 * a small quick start in the chart's benchmark namespace (Pod Security {@code restricted}) with
 * driver and executors as real containers: Succeeded, every result measured, the same {@code
 * totalAmount} as the job in local mode for the same seed, Spark's log in the driver's container
 * log, the operator's metrics through its Service. Each cluster (k3s in Docker, the real node)
 * provides itself and its images and runs these same tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ClusterContract {

  /** The operator's namespace, apart from the benchmarks', as the README installs it. */
  static final String RELEASE_NAMESPACE = "sparkbench-system";

  /** The chart's default benchmark namespace, where it creates the Spark driver account. */
  static final String NAMESPACE = "sparkbench-benchmarks";

  static final String RELEASE = "sparkbench";
  static final String BENCHMARK = "quickstart-small";
  static final long SEED = 42;
  static final List<Long> RECORDS = List.of(1_000L, 3_000L);
  static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);
  static final String HISTORY_CLAIM = "sparkbench-history";

  protected KubernetesClient client;
  private String kubeconfig;

  @TempDir Path dir;

  /** Starts the cluster with both images in it and returns its admin kubeconfig. */
  protected abstract String startCluster() throws Exception;

  /** Stops what {@link #startCluster()} started. */
  protected abstract void stopCluster();

  /** The spark-app image's repository and tag, as the cluster's pods name it. */
  protected abstract String sparkAppRepository();

  protected abstract String sparkAppTag();

  private String sparkAppImage() {
    return sparkAppRepository() + ":" + sparkAppTag();
  }

  /** The operator image's repository and tag. */
  protected abstract String operatorRepository();

  protected abstract String operatorTag();

  /** Values this cluster needs beyond the README's (a test image it can run, say). */
  protected abstract Map<String, String> clusterValues();

  /**
   * Makes a folder on the node that pods running as uid 185 may write, with the benchmark's {@code
   * spark-events} folder in it, and returns its path on the node.
   */
  protected abstract String prepareDataDirectory() throws Exception;

  /** The storage class the cluster gives claims that name none ({@code ""}: none). */
  protected String defaultStorageClass() {
    return "";
  }

  @BeforeAll
  void installOperator() throws Exception {
    kubeconfig = startCluster();
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();
    // The benchmarks' data claim (examples/data-volume.yaml) and the History Server's claim are two
    // views of one folder on the node, as two claims on one shared file system would be.
    String data = prepareDataDirectory();
    volume("sparkbench-data", data, NAMESPACE, "sparkbench-data");
    volume("sparkbench-history", data, RELEASE_NAMESPACE, HISTORY_CLAIM);
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(RELEASE_NAMESPACE)
                .endMetadata()
                .build())
        .create();
    client
        .persistentVolumeClaims()
        .inNamespace(RELEASE_NAMESPACE)
        .resource(
            new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName(HISTORY_CLAIM)
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce")
                .withVolumeName("sparkbench-history")
                .withNewResources()
                .addToRequests("storage", new Quantity("1Gi"))
                .endResources()
                .endSpec()
                .build())
        .create();
    // the README's helm install, with the History Server reading the benchmark's event logs
    InstallCommand install =
        new Helm(ProjectImages.ROOT_DIR.resolve("helm/sparkbench-operator"))
            .install()
            .withName(RELEASE)
            .withNamespace(RELEASE_NAMESPACE)
            .createNamespace()
            .withKubeConfigContents(kubeconfig)
            .set("image.repository", operatorRepository())
            .set("image.tag", operatorTag())
            .set("historyServer.enabled", "true")
            .set("historyServer.image.repository", sparkAppRepository())
            .set("historyServer.image.tag", sparkAppTag())
            .set("historyServer.persistentVolumeClaim", HISTORY_CLAIM)
            .set(
                "historyServer.logDirectory",
                "file:///var/sparkbench/" + BENCHMARK + "/spark-events")
            .waitReady()
            .withTimeout(300);
    clusterValues().forEach(install::set);
    try {
      install.call();
    } catch (RuntimeException e) {
      throw new AssertionError("helm install failed: " + e.getMessage() + "\n" + diagnostics(), e);
    }
  }

  @AfterAll
  void uninstall() {
    if (client != null) {
      client.close();
    }
    stopCluster();
  }

  @Test
  @Order(1)
  void theOperatorPodIsReadyWithItsProbesPassing() {
    Deployment deployment =
        client
            .apps()
            .deployments()
            .inNamespace(RELEASE_NAMESPACE)
            .withName(RELEASE + "-sparkbench-operator")
            .get();
    assertThat(deployment.getStatus().getReadyReplicas()).isEqualTo(1);
    Pod pod = operatorPod();
    ContainerStatus container = pod.getStatus().getContainerStatuses().get(0);
    assertThat(container.getReady()).as(diagnostics()).isTrue();
    assertThat(container.getRestartCount()).as("restarts of the operator").isZero();
    assertThat(pod.getSpec().getContainers().get(0).getReadinessProbe()).isNotNull();
    assertThat(pod.getSpec().getContainers().get(0).getLivenessProbe()).isNotNull();
    // the chart's security context, enforced by the runtime
    assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
  }

  @Test
  @Order(2)
  void helmTestFindsTheOperatorReadyAndTheCrdServed() {
    assertThat(
            Helm.test(RELEASE)
                .withNamespace(RELEASE_NAMESPACE)
                .withKubeConfigContents(kubeconfig)
                .withTimeout(300)
                .call()
                .getStatus())
        .isEqualTo("deployed");
  }

  @Test
  @Order(3)
  void aSmallQuickStartRunsToSucceededInRealContainers() throws Exception {
    try (InputStream volume = Files.newInputStream(example("data-volume.yaml"))) {
      client.load(volume).inNamespace(NAMESPACE).serverSideApply();
    }
    ScalingBenchmark benchmark = small(BENCHMARK, RECORDS);
    // the driver pods stay, so that their logs can be read
    benchmark.getSpec().cleanup = CleanupPolicy.Never;
    long applied = System.nanoTime();
    client.resources(ScalingBenchmark.class).inNamespace(NAMESPACE).resource(benchmark).create();
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                benchmarkPods(BENCHMARK).stream()
                    .filter(p -> "driver".equals(p.getMetadata().getLabels().get("spark-role")))
                    .anyMatch(
                        p ->
                            p.getStatus().getContainerStatuses() != null
                                && p.getStatus().getContainerStatuses().stream()
                                    .anyMatch(c -> c.getState().getRunning() != null)));
    System.out.printf(
        "%s: apply -> first driver container running: %.1f s%n",
        getClass().getSimpleName(), (System.nanoTime() - applied) / 1e9);

    ScalingBenchmark finished = awaitFinished(BENCHMARK);
    ScalingBenchmarkStatus status = finished.getStatus();
    assertThat(status.phase).as(() -> diagnostics(BENCHMARK)).isEqualTo(Phase.Succeeded);
    assertThat(status.observedGeneration).isEqualTo(finished.getMetadata().getGeneration());
    assertThat(status.progress).isEqualTo(RECORDS.size() + "/" + RECORDS.size());
    assertThat(status.history).isEqualTo("file:///var/sparkbench/" + BENCHMARK + "/history");
    assertThat(status.rounds)
        .singleElement()
        .satisfies(r -> assertThat(r.counts).hasSize(RECORDS.size()));
    assertThat(status.conditions)
        .filteredOn(c -> List.of("Succeeded", "Ready").contains(c.getType()))
        .hasSize(2)
        .allSatisfy(c -> assertThat(c.getStatus()).isEqualTo("True"));

    for (RunResult r : status.results) {
      System.out.printf(
          "%s: %,d records: %.1f s (startup %.1f, generate %.1f, bronze %.1f, silver %.1f, gold"
              + " %.1f), driver peak RSS %d MiB, executor %d MiB, total amount %,d KRW%n",
          getClass().getSimpleName(),
          r.records,
          r.durationSeconds,
          r.stages.startup,
          r.stages.generate,
          r.stages.bronze,
          r.stages.silver,
          r.stages.gold,
          r.peakMemoryMiB.driver,
          r.peakMemoryMiB.executor,
          r.totalAmount);
      if (r.timeline != null) {
        System.out.printf(
            "%s: %,d records: timeline %.2f s: queued %.2f, scheduling %.2f, container start %.2f,"
                + " JVM start %.2f, run %.2f, driver exit %.2f, recording %.2f%n",
            getClass().getSimpleName(),
            r.records,
            r.timeline.totalSeconds,
            r.timeline.queued,
            r.timeline.scheduling,
            r.timeline.containerStart,
            r.timeline.jvmStart,
            r.timeline.run,
            r.timeline.driverExit,
            r.timeline.recording);
      }
    }
    // One result per record count, each measured in full by the job in its containers.
    assertThat(status.results).extracting(r -> r.records).containsExactlyElementsOf(RECORDS);
    for (RunResult r : status.results) {
      // what it ran on, as the kubelet and the node report it to the operator in its container
      assertThat(r.fingerprint.imageDigest)
          .as("image digest of %d records", r.records)
          .startsWith("sha256:");
      assertThat(r.fingerprint.arch).as("node architecture").isNotBlank();
      assertThat(r.fingerprint.node)
          .isEqualTo(
              client
                  .pods()
                  .inNamespace(NAMESPACE)
                  .withName(r.driverPod)
                  .get()
                  .getSpec()
                  .getNodeName());
      assertThat(r.fingerprint.settingsHash)
          .isEqualTo(status.results.get(0).fingerprint.settingsHash);
      assertThat(r.cost.coreSeconds).as("core-seconds of %d records", r.records).isPositive();
      assertThat(r)
          .as("result of %d records", r.records)
          // no prediction before 3 counts, so no interval or error of one either
          .hasNoNullFieldsOrPropertiesExcept(
              "predictedSeconds", "predictionErrorPercent", "predictedInterval");
      // Where its time went in real containers: the parts add up, the run is inside them.
      assertThat(r.timeline).as("timeline of %d", r.records).hasNoNullFieldsOrProperties();
      assertThat(
              r.timeline.queued
                  + r.timeline.scheduling
                  + r.timeline.containerStart
                  + r.timeline.jvmStart
                  + r.timeline.run
                  + r.timeline.driverExit
                  + r.timeline.recording)
          .isCloseTo(r.timeline.totalSeconds, org.assertj.core.data.Offset.offset(0.01));
      assertThat(r.timeline.run)
          .isCloseTo(r.durationSeconds, org.assertj.core.data.Offset.offset(0.002));
      assertThat(r.efficiency).as("efficiency of %d", r.records).hasNoNullFieldsOrProperties();
      assertThat(r.efficiency.longestStageChain).isGreaterThanOrEqualTo(2);
      assertThat(r.stages).as("stages of %d", r.records).hasNoNullFieldsOrProperties();
      assertThat(
              List.of(
                  r.durationSeconds,
                  r.stages.startup,
                  r.stages.generate,
                  r.stages.bronze,
                  r.stages.silver,
                  r.stages.gold))
          .as("duration and stage seconds of %d", r.records)
          .allSatisfy(seconds -> assertThat(seconds).isPositive());
      assertThat(r.peakMemoryMiB.driver).as("driver peak MiB of %d", r.records).isPositive();
      assertThat(r.peakMemoryMiB.executor).as("executor peak MiB of %d", r.records).isPositive();
      assertThat(r.rows.generated).isEqualTo(r.records);
      assertThat(r.rows.bronze).as("bronze drops nothing").isEqualTo(r.records);
      assertThat(r.rows.silver).isPositive().isLessThanOrEqualTo(r.records);
      assertThat(r.cpuUtilization).isBetween(0.0, 1.0);
      assertThat(r.cpuSeconds).as("CPU seconds of %d", r.records).hasNoNullFieldsOrProperties();
      assertThat(r.cpuSeconds.tasks).as("task CPU of %d", r.records).isPositive();
      assertThat(r.driverPod).startsWith(BENCHMARK + "-" + r.records + "-r1-a");
      // the same data as the job in local mode makes from the same seed
      assertThat(r.totalAmount)
          .as("total amount of %d records, seed %d", r.records, SEED)
          .isEqualTo(localRun(r.records).totalAmount());

      String driverLog = client.pods().inNamespace(NAMESPACE).withName(r.driverPod).getLog();
      assertThat(driverLog)
          .as("the driver's container log")
          .contains(
              "sparkbench medallion: %,d records, seed %d, Spark 4.1.1 on k8s://https://kubernetes.default.svc"
                  .formatted(r.records, SEED))
          // the class-data archive the image trained at build is mapped
          .contains("class-data sharing from spark.jsa")
          // the driver, as the image's user, appended the run to the history on the claim
          .contains("history line written to file:/var/sparkbench/" + BENCHMARK + "/history/");
    }
    // Two small counts give a line; whether it predicts 1M depends on how far apart they measured,
    // and when it does not, the status says why.
    assertThat(status.model).isNotNull();
    if (status.model.predictions.isEmpty()) {
      assertThat(status.model.predictionsWithheld).isNotBlank();
    } else {
      assertThat(status.model.predictions)
          .singleElement()
          .satisfies(p -> assertThat(p.seconds).isPositive());
    }

    String metrics = scrapeOperatorMetrics();
    for (RunResult r : status.results) {
      assertThat(sample(metrics, "sparkbench_run_duration_seconds", r.records))
          .isEqualTo(r.durationSeconds);
    }
    // The operator in its container draws the results page's charts: the timeline through
    // JFreeChart, whose text layout needs the image's fonts.
    assertThat(getFromOperator("/benchmarks/" + NAMESPACE + "/" + BENCHMARK))
        .contains("Where the time of each run went")
        .contains("font-family: sans-serif")
        .contains("Where the fixed seconds go");

    // Spark's History Server, installed by the chart, serves every run the results link to.
    for (RunResult r : status.results) {
      assertThat(r.historyServerUrl)
          .as("History Server link of %d records", r.records)
          .endsWith("/history/" + r.sparkApplicationId + "/");
      await()
          .atMost(Duration.ofMinutes(1))
          .untilAsserted(
              () ->
                  assertThat(historyServer("/api/v1/applications/" + r.sparkApplicationId))
                      .contains("\"id\" : \"" + r.sparkApplicationId + "\""));
    }

    // Deleting the benchmark takes its pods with it: the garbage collector follows the owners.
    benchmark(BENCHMARK).delete();
    await()
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(() -> assertThat(benchmarkPods(BENCHMARK)).isEmpty());
  }

  @Test
  @Order(4)
  void aDriverOverItsMemoryLimitIsKilledByTheKernelRetriedThenFailedNamingTheLimit() {
    String name = "oom";
    ScalingBenchmark benchmark = small(name, List.of(1_000L));
    benchmark.getSpec().driver.memory = "512m";
    // a heap larger than the pod's limit (512 MiB and Spark's 384 MiB overhead), touched at start
    benchmark
        .getSpec()
        .sparkConf
        .put("spark.driver.extraJavaOptions", "-Xms1200m -Xmx1200m -XX:+AlwaysPreTouch");
    benchmark.getSpec().retry.limit = 1;
    client.resources(ScalingBenchmark.class).inNamespace(NAMESPACE).resource(benchmark).create();

    ScalingBenchmarkStatus status = awaitFinished(name).getStatus();
    assertThat(status.phase).as(() -> diagnostics(name)).isEqualTo(Phase.Failed);
    assertThat(status.error.reason()).isEqualTo("OOMKilled");
    assertThat(status.error.message())
        .contains("exceeding its memory limit (limit 896Mi)")
        .contains("raise spec.driver.memory");
    assertThat(status.results).isEmpty();
    // both attempts' drivers were killed by the kernel
    assertThat(benchmarkPods(name))
        .filteredOn(p -> "driver".equals(p.getMetadata().getLabels().get("spark-role")))
        .extracting(p -> p.getMetadata().getName())
        .containsExactlyInAnyOrder(name + "-1000-r1-a1-driver", name + "-1000-r1-a2-driver");
    for (Pod driver : benchmarkPods(name)) {
      assertThat(driver.getStatus().getContainerStatuses())
          .filteredOn(c -> c.getState().getTerminated() != null)
          .singleElement()
          .satisfies(
              c -> assertThat(c.getState().getTerminated().getReason()).isEqualTo("OOMKilled"))
          .satisfies(c -> assertThat(c.getState().getTerminated().getExitCode()).isEqualTo(137));
    }
    benchmark(name).delete();
  }

  @Test
  @Order(5)
  void anExecutorContainerKilledIsReplacedBySparkAndTheRunSucceeds() throws Exception {
    String name = "executor-lost";
    ScalingBenchmark benchmark = small(name, List.of(300_000L));
    benchmark.getSpec().predict = List.of();
    client.resources(ScalingBenchmark.class).inNamespace(NAMESPACE).resource(benchmark).create();

    Pod executor =
        await()
            .atMost(Duration.ofMinutes(3))
            .until(() -> runningExecutor(name, "1"), java.util.Objects::nonNull);
    String containerId =
        executor
            .getStatus()
            .getContainerStatuses()
            .get(0)
            .getContainerID()
            .replaceFirst(".*://", "");
    killContainer(containerId);
    // Spark asks for a new executor in place of the lost one
    await()
        .atMost(Duration.ofMinutes(3))
        .until(() -> runningExecutor(name, "2"), java.util.Objects::nonNull);

    ScalingBenchmarkStatus status = awaitFinished(name).getStatus();
    assertThat(status.phase).as(() -> diagnostics(name)).isEqualTo(Phase.Succeeded);
    assertThat(status.results)
        .singleElement()
        .satisfies(r -> assertThat(r.rows.generated).isEqualTo(300_000L));
    benchmark(name).delete();
  }

  @Test
  @Order(6)
  void theOperatorPodDeletedMidRunComesBackAdoptsTheRunAndRecordsItOnce() {
    String name = "adopted";
    ScalingBenchmark benchmark = small(name, RECORDS);
    client.resources(ScalingBenchmark.class).inNamespace(NAMESPACE).resource(benchmark).create();
    // the first run's driver is running
    await()
        .atMost(Duration.ofMinutes(3))
        .until(
            () -> {
              ScalingBenchmark b = benchmark(name).get();
              return b != null
                  && b.getStatus() != null
                  && b.getStatus().currentRun != null
                  && b.getStatus().currentRun.driverPod != null;
            });
    Pod before = operatorPod();
    client.pods().resource(before).delete();

    ScalingBenchmarkStatus status = awaitFinished(name).getStatus();
    assertThat(status.phase).as(() -> diagnostics(name)).isEqualTo(Phase.Succeeded);
    // a new operator pod took over, and every run's result is there once
    assertThat(operatorPod().getMetadata().getUid()).isNotEqualTo(before.getMetadata().getUid());
    assertThat(status.results).extracting(r -> r.records).containsExactlyElementsOf(RECORDS);
    assertThat(status.results).extracting(r -> r.attempt).containsOnly(1);
    benchmark(name).delete();
  }

  /** Kills a container on the node outright (SIGKILL), as the kernel or a person on it would. */
  protected abstract void killContainer(String containerId) throws Exception;

  /** The README's quick start (examples/quickstart.yaml), made small for a 2-core node. */
  private ScalingBenchmark small(String name, List<Long> records) {
    ScalingBenchmark benchmark =
        client.resources(ScalingBenchmark.class).load(example("quickstart.yaml").toFile()).item();
    benchmark.getMetadata().setName(name);
    benchmark.getSpec().image = sparkAppImage();
    benchmark.getSpec().records = records;
    benchmark.getSpec().seed = SEED;
    benchmark.getSpec().predict = List.of(1_000_000L);
    benchmark.getSpec().driver.memory = "768m";
    benchmark.getSpec().executor.instances = 1;
    benchmark.getSpec().executor.memory = "768m";
    // the pods fit a 2-core node beside the operator
    benchmark.getSpec().sparkConf.put("spark.kubernetes.driver.request.cores", "250m");
    benchmark.getSpec().sparkConf.put("spark.kubernetes.executor.request.cores", "250m");
    return benchmark;
  }

  private Pod runningExecutor(String benchmark, String executorId) {
    return benchmarkPods(benchmark).stream()
        .filter(p -> "executor".equals(p.getMetadata().getLabels().get("spark-role")))
        .filter(p -> executorId.equals(p.getMetadata().getLabels().get("spark-exec-id")))
        .filter(p -> "Running".equals(p.getStatus().getPhase()))
        .filter(
            p ->
                p.getStatus().getContainerStatuses() != null
                    && !p.getStatus().getContainerStatuses().isEmpty()
                    && p.getStatus().getContainerStatuses().get(0).getContainerID() != null)
        .findFirst()
        .orElse(null);
  }

  /** The job's own result in local mode ({@code java -jar spark-app.jar}), for the same seed. */
  private BenchmarkResult localRun(long records) throws IOException, InterruptedException {
    Path report = dir.resolve("local-" + records + ".json");
    Path log = dir.resolve("local-" + records + ".log");
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                ProjectImages.ROOT_DIR.resolve("spark-app/target/spark-app.jar").toString(),
                "--records",
                Long.toString(records),
                "--seed",
                Long.toString(SEED),
                "--master",
                "local[2]",
                "--data-dir",
                dir.resolve("local-" + records).toString(),
                "--report",
                report.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    boolean exited = process.waitFor(5, TimeUnit.MINUTES);
    if (!exited) {
      process.destroyForcibly();
    }
    assertThat(exited && process.exitValue() == 0)
        .as("local run: %s", Files.readString(log, StandardCharsets.UTF_8))
        .isTrue();
    return ResultCodec.fromJson(Files.readString(report));
  }

  /** Polls the status until the benchmark has finished, either way. */
  private ScalingBenchmark awaitFinished(String name) {
    try {
      return await()
          .atMost(RUN_TIMEOUT)
          .pollInterval(Duration.ofSeconds(2))
          .until(
              () -> benchmark(name).get(),
              b ->
                  b != null
                      && b.getStatus() != null
                      && b.getStatus().phase != null
                      && b.getStatus().phase.isFinished());
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("not finished within " + RUN_TIMEOUT + "\n" + diagnostics(name), e);
    }
  }

  protected Resource<ScalingBenchmark> benchmark(String name) {
    return client.resources(ScalingBenchmark.class).inNamespace(NAMESPACE).withName(name);
  }

  protected List<Pod> benchmarkPods(String name) {
    return client
        .pods()
        .inNamespace(NAMESPACE)
        .withLabel("sparkbench.io/benchmark", name)
        .list()
        .getItems();
  }

  protected Pod operatorPod() {
    return client
        .pods()
        .inNamespace(RELEASE_NAMESPACE)
        .withLabel("app.kubernetes.io/instance", RELEASE)
        .withLabel("app.kubernetes.io/component", "operator")
        .list()
        .getItems()
        .stream()
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .findFirst()
        .orElseThrow(() -> new AssertionError("no operator pod\n" + diagnostics()));
  }

  /** The chart's metrics Service of the operator. */
  protected Service metricsService() {
    return client
        .services()
        .inNamespace(RELEASE_NAMESPACE)
        .withLabel("app.kubernetes.io/component", "metrics")
        .list()
        .getItems()
        .get(0);
  }

  /** GET /metrics through a port-forward to the chart's metrics Service. */
  protected String scrapeOperatorMetrics() throws Exception {
    return getFromOperator("/metrics");
  }

  /**
   * GET a path of the operator's HTTP endpoints (metrics, results pages) through a port-forward to
   * the chart's metrics Service.
   */
  protected String getFromOperator(String path) throws Exception {
    Service service = metricsService();
    int port = service.getSpec().getPorts().get(0).getPort();
    try (LocalPortForward forward =
        client
            .services()
            .inNamespace(RELEASE_NAMESPACE)
            .withName(service.getMetadata().getName())
            .portForward(port)) {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + forward.getLocalPort() + path))
                      .timeout(Duration.ofSeconds(30))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return response.body();
    }
  }

  /** A GET of the chart's History Server through the API server's Service proxy. */
  private String historyServer(String path) {
    String service = RELEASE + "-sparkbench-operator-history";
    return client.raw(
        "/api/v1/namespaces/%s/services/%s:18080/proxy%s"
            .formatted(RELEASE_NAMESPACE, service, path));
  }

  /** A volume of {@code path} on the node, bound ahead to the claim {@code namespace/claim}. */
  private void volume(String name, String path, String namespace, String claim) {
    client
        .persistentVolumes()
        .resource(HostPathVolumes.preBound(name, path, namespace, claim, defaultStorageClass()))
        .create();
  }

  /** One series of {@code name} for a record count, from the Prometheus text format. */
  private static double sample(String metrics, String name, long records) {
    String labels =
        "{namespace=\"%s\",benchmark=\"%s\",records=\"%d\",}"
            .formatted(NAMESPACE, BENCHMARK, records);
    return metrics
        .lines()
        .filter(l -> l.startsWith(name + labels))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + labels + " not in\n" + metrics));
  }

  static Path example(String file) {
    return ProjectImages.ROOT_DIR.resolve("examples").resolve(file);
  }

  /** What a person would look at when something did not work: pods, events, operator log. */
  protected String diagnostics() {
    return diagnostics(BENCHMARK);
  }

  /** What a person would look at when a run did not succeed: status, pods, operator log. */
  protected String diagnostics(String name) {
    StringBuilder out = new StringBuilder();
    try {
      ScalingBenchmark benchmark = benchmark(name).get();
      out.append("status:\n")
          .append(benchmark == null ? "none" : Serialization.asYaml(benchmark.getStatus()));
      for (String namespace : List.of(RELEASE_NAMESPACE, NAMESPACE)) {
        out.append("pods in ")
            .append(namespace)
            .append(":\n")
            .append(
                client.pods().inNamespace(namespace).list().getItems().stream()
                    .map(p -> "  " + name(p) + " " + p.getStatus().getPhase())
                    .collect(Collectors.joining("\n")));
        out.append("\nevents in ")
            .append(namespace)
            .append(":\n")
            .append(
                client.v1().events().inNamespace(namespace).list().getItems().stream()
                    .map(e -> "  " + e.getReason() + " " + e.getMessage())
                    .collect(Collectors.joining("\n")));
      }
      out.append("\noperator log:\n")
          .append(
              client
                  .apps()
                  .deployments()
                  .inNamespace(RELEASE_NAMESPACE)
                  .withName(RELEASE + "-sparkbench-operator")
                  .tailingLines(200)
                  .getLog());
    } catch (RuntimeException e) {
      out.append("\n(could not read more: ").append(e).append(')');
    }
    return out.toString();
  }

  private static String name(HasMetadata object) {
    return object.getMetadata().getName();
  }
}
