package io.sparkbench.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.result.ResultCodec;
import io.sparkbench.api.run.RunId;
import io.sparkbench.api.run.RunPlan;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.CurrentRun;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import io.sparkbench.operator.Benchmarks;
import io.sparkbench.operator.FakeKubelet;
import io.sparkbench.operator.OperatorConfig;
import io.sparkbench.operator.Results;
import io.sparkbench.operator.driver.DriverResources;
import io.sparkbench.operator.driver.Labels;
import io.sparkbench.operator.metrics.OperatorMetrics;
import io.sparkbench.operator.status.RunResults;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What one lifecycle step sees, built by hand for its unit test: benchmark {@value #NAME} in
 * namespace {@value #NS} built in code ({@link Benchmarks#benchmark}), the status being written
 * (empty until the test fills it), a JOSDK {@link TestContext}, the operator's collaborators, and
 * the time {@link #NOW}. A step that talks to the API server gets the test's client (the API server
 * stand-in of {@code @StandInApiServer}, {@link #on}); the others get a client whose server does
 * not exist ({@link #offline}), so that a step which should not call the API fails the test if it
 * does. Driver pods given to {@link #informerHolds} are the informer's view, read without the API
 * server.
 */
final class StepFixture implements AutoCloseable {

  static final String NS = "steps";
  static final String NAME = "nightly";
  static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  final KubernetesClient client;
  final ScalingBenchmark benchmark;
  final ScalingBenchmarkStatus status = new ScalingBenchmarkStatus();
  final OperatorMetrics metrics = new OperatorMetrics();
  final SpecChecks specChecks = new SpecChecks();
  final Nodes nodes = new Nodes();
  OperatorConfig config = OperatorConfig.builder().httpPort(0).build();
  Instant now = NOW;
  private FairQueue queue;
  private List<Pod> drivers;
  private final boolean ownsClient;

  private StepFixture(KubernetesClient client, boolean ownsClient, Long... records) {
    this.client = client;
    this.ownsClient = ownsClient;
    this.benchmark = Benchmarks.benchmark(NS, NAME, records);
    this.benchmark.setStatus(status);
  }

  /** A benchmark of {@code records} whose step may not call the API server. */
  static StepFixture offline(Long... records) {
    Config unreachable =
        new ConfigBuilder(Config.empty())
            .withMasterUrl("http://127.0.0.1:1")
            .withRequestRetryBackoffLimit(0)
            .build();
    return new StepFixture(
        new KubernetesClientBuilder().withConfig(unreachable).build(), true, records);
  }

  /** A benchmark of {@code records} whose step talks to the API server of {@code client}. */
  static StepFixture on(KubernetesClient client, Long... records) {
    return new StepFixture(client, false, records);
  }

  /** The informer holds these driver pods of the benchmark (and no others). */
  StepFixture informerHolds(Pod... pods) {
    drivers = List.of(pods);
    return this;
  }

  /** The queue of {@link #config}; the same one for every context of this fixture. */
  FairQueue queue() {
    if (queue == null) {
      queue =
          new FairQueue(
              config.maxRunning(), config.tenancy().maxQueuedPerNamespace(), Duration.ofMinutes(1));
    }
    return queue;
  }

  /** The context a step runs with: the fixture's status, read as the API server holds it now. */
  BenchmarkContext context() {
    TestContext josdk =
        drivers == null
            ? new TestContext(client, benchmark, false)
            : TestContext.withDrivers(client, benchmark, drivers);
    return new BenchmarkContext(
        benchmark,
        status,
        josdk,
        config,
        metrics,
        new KubernetesEvents(client),
        specChecks,
        queue(),
        nodes,
        now);
  }

  /** The benchmark's {@code index}th run (from 0), first attempt. */
  RunId run(int index) {
    return RunPlan.of(benchmark.getSpec()).after(index);
  }

  /** {@code run} is the current run, started {@code ago}, its driver pod {@code driver}. */
  void running(RunId run, Pod driver, Duration ago) {
    CurrentRun current = RunPlan.currentRun(run);
    current.driverPod = driver.getMetadata().getName();
    current.driverPodUid = driver.getMetadata().getUid();
    current.startedAt = now.minus(ago).toString();
    status.currentRun = current;
  }

  /** A result of {@code run} taking {@code seconds}, recorded in the status a minute ago. */
  RunResult recorded(RunId run, double seconds) {
    RunResult entry =
        RunResults.toRunResult(
            Results.succeeded(run.records(), seconds),
            run,
            DriverResources.fromSpec(benchmark, run).pod().getMetadata().getName(),
            now.minusSeconds(60),
            status.results);
    RunResults.append(status, entry, benchmark.getSpec());
    return entry;
  }

  /**
   * The objects Spark's builder makes for {@code run}, owned by the benchmark and labelled as the
   * operator labels them, the driver pod with a UID and {@code status} as a kubelet reported it.
   */
  DriverResources objects(RunId run, PodStatus status) {
    DriverResources built = DriverResources.fromSpec(benchmark, run);
    return new DriverResources(
        reported(built.pod(), status),
        built.configMap(),
        built.preResources(),
        built.others(),
        built.sparkConf(),
        built.round());
  }

  /** The driver pod Spark's builder makes for {@code benchmark}'s {@code run}, as reported. */
  static Pod driverPod(ScalingBenchmark benchmark, RunId run, PodStatus status) {
    return reported(DriverResources.fromSpec(benchmark, run).pod(), status);
  }

  private static Pod reported(Pod built, PodStatus status) {
    return new PodBuilder(built)
        .editMetadata()
        .withUid(UUID.randomUUID().toString())
        .endMetadata()
        .withStatus(status)
        .build();
  }

  /** {@code run}'s driver pod as the kubelet reported it ({@code status}; null for none yet). */
  Pod driver(RunId run, PodStatus status) {
    return objects(run, status).pod();
  }

  /** Creates {@code run}'s objects in the API server; returns the driver pod as created. */
  Pod create(RunId run, PodStatus status) {
    DriverResources objects = objects(run, status);
    Pod created = null;
    for (HasMetadata object : objects.inCreationOrder()) {
      HasMetadata made = client.resource(object).create();
      if (made instanceof Pod pod) {
        created = pod;
      }
    }
    return created;
  }

  /** The pods, ConfigMaps and Services of the benchmark's {@code run} in the API server. */
  List<HasMetadata> objectsOf(RunId run) {
    List<HasMetadata> objects = new ArrayList<>();
    var labels = Labels.of(NAME, run);
    objects.addAll(client.pods().inNamespace(NS).withLabels(labels).list().getItems());
    objects.addAll(client.configMaps().inNamespace(NS).withLabels(labels).list().getItems());
    objects.addAll(client.services().inNamespace(NS).withLabels(labels).list().getItems());
    return objects;
  }

  /** The names of the pods the API server holds in {@value #NS}. */
  List<String> podNames() {
    return client.pods().inNamespace(NS).list().getItems().stream()
        .map(p -> p.getMetadata().getName())
        .toList();
  }

  /** The ConfigMaps the API server holds in {@value #NS}. */
  List<ConfigMap> configMaps() {
    return client.configMaps().inNamespace(NS).list().getItems();
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }

  // What a kubelet reports of a driver pod.

  /** Scheduled, its container not started yet. */
  static PodStatus pending() {
    return new PodStatusBuilder().withPhase("Pending").build();
  }

  /** No node can take it. */
  static PodStatus unschedulable(String message) {
    return FakeKubelet.unschedulableStatus(message);
  }

  /** Its driver container runs. */
  static PodStatus running() {
    return FakeKubelet.runningStatus();
  }

  /** Its driver container ended with this exit code, reason and termination message. */
  static PodStatus terminated(int exitCode, String reason, String message) {
    return FakeKubelet.terminatedStatus(exitCode, reason, message);
  }

  /** The driver exited 0 with {@code result} as its termination message. */
  static PodStatus succeeded(BenchmarkResult result) {
    return terminated(0, "Completed", ResultCodec.toJson(result));
  }
}
