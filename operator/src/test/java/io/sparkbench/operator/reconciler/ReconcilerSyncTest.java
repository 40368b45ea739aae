package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.sparkbench.api.result.ResultCodec;
import io.sparkbench.api.run.RunId;
import io.sparkbench.api.v1.Baseline;
import io.sparkbench.api.v1.Comparison;
import io.sparkbench.api.v1.Phase;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.apiserver.LocalApiServer;
import io.sparkbench.apiserver.RequestFilter;
import io.sparkbench.operator.Benchmarks;
import io.sparkbench.operator.FakeKubelet;
import io.sparkbench.operator.OperatorCluster;
import io.sparkbench.operator.OperatorConfig;
import io.sparkbench.operator.Results;
import io.sparkbench.operator.driver.Labels;
import io.sparkbench.operator.driver.SparkServiceAccount;
import io.sparkbench.operator.metrics.OperatorMetrics;
import io.sparkbench.operator.status.Conditions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each transition of {@link Lifecycle}, one reconciliation at a time: {@link
 * ScalingBenchmarkReconciler#reconcile} called directly against the API server stand-in ({@link
 * LocalApiServer}, the CRD installed), with a {@link TestContext} and a clock the test moves. No
 * operator runs; the test plays the kubelet and the informers (each reconciliation reads what the
 * API server holds). The status is written as the framework's writer does, locked on the version
 * read.
 */
class ReconcilerSyncTest {

  private static final String NS = "sync";
  private static final OperatorConfig CONFIG =
      OperatorConfig.builder().httpPort(0).queueRecheck(Duration.ofSeconds(5)).build();

  private LocalApiServer server;
  private KubernetesClient client;
  private FakeKubelet kubelet;
  private final Refusals refusals = new Refusals();
  private final MovableClock clock = new MovableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final AtomicInteger failingWrites = new AtomicInteger();
  private final AtomicInteger failingWriteCode = new AtomicInteger(500);
  private OperatorMetrics metrics;
  private ScalingBenchmarkReconciler reconciler;

  @BeforeEach
  void startApiServer() {
    server = LocalApiServer.start(refusals);
    // no retries of the client's own: a refused request reaches the reconciler at once
    client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder(server.config()).withRequestRetryBackoffLimit(0).build())
            .build();
    CustomResourceDefinition crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .load(OperatorCluster.CRD.toFile())
            .item();
    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    kubelet = new FakeKubelet(client);
    metrics = new OperatorMetrics();
    reconciler = new ScalingBenchmarkReconciler(CONFIG, metrics, this::writeStatusLocked, clock);
  }

  @AfterEach
  void stopApiServer() {
    client.close();
    server.close();
  }

  // new → Pending (Accepted) → Admit

  @Test
  void aNewBenchmarkWithoutAFreeSlotIsAcceptedAndQueued() {
    create(Benchmarks.benchmark(NS, "first", 10_000L));
    reconcile("first");
    create(Benchmarks.benchmark(NS, "second", 10_000L));

    UpdateControl<ScalingBenchmark> control = reconcile("second");

    ScalingBenchmarkStatus status = status("second");
    assertThat(status.phase).isEqualTo(Phase.Queued);
    assertThat(status.observedGeneration).isEqualTo(1L);
    assertThat(status.progress).isEqualTo("0/1");
    String message = "waiting for a free slot: at most 1 benchmark(s) run at once, oldest first";
    assertCondition(status, Conditions.SUCCEEDED, "Unknown", "Queued", message);
    assertCondition(status, Conditions.READY, "False", "Queued", message);
    assertThat(control.getScheduleDelay()).contains(5_000L);
    assertThat(pod("second-10000-r1-a1-driver")).isNull();
  }

  @Test
  void aNewBenchmarkWhoseDriverNameIsTakenByAnEarlierSpecsPodDeletesItAndStaysPending() {
    create(Benchmarks.benchmark(NS, "reborn", 10_000L));
    client.resource(driverPodNamed("reborn-10000-r1-a1-driver", "reborn", get("reborn"))).create();

    UpdateControl<ScalingBenchmark> control = reconcile("reborn");

    ScalingBenchmarkStatus status = status("reborn");
    assertThat(status.phase).isEqualTo(Phase.Pending);
    assertThat(status.progress).isNull();
    assertCondition(status, Conditions.SUCCEEDED, "Unknown", "Pending", "accepted");
    assertCondition(status, Conditions.READY, "False", "Pending", "accepted");
    assertThat(pod("reborn-10000-r1-a1-driver")).isNull();
    assertThat(control.getScheduleDelay()).contains(1_000L);

    reconcile("reborn");
    assertThat(status("reborn").phase).isEqualTo(Phase.Running);
    Pod driver = pod("reborn-10000-r1-a1-driver");
    assertThat(driver).isNotNull();
    assertThat(status("reborn").currentRun.driverPodUid).isEqualTo(driver.getMetadata().getUid());
  }

  @Test
  void anObjectOfARunsNameThatTheBenchmarkDoesNotOwnIsNeverUsedAndFailsItSaying() {
    Pod foreign =
        client.resource(driverPodNamed("squat-10000-r1-a1-driver", "squat", null)).create();
    create(Benchmarks.benchmark(NS, "squat", 10_000L));

    reconcile("squat");

    ScalingBenchmarkStatus status = status("squat");
    assertThat(status.phase).isEqualTo(Phase.Failed);
    assertThat(status.error.reason()).isEqualTo("NameTaken");
    assertThat(status.error.message())
        .isEqualTo(
            "pod squat-10000-r1-a1-driver already exists and is not owned by this benchmark:"
                + " delete it or rename the benchmark");
    // someone else's pod is left as it is
    assertThat(pod("squat-10000-r1-a1-driver").getMetadata().getUid())
        .isEqualTo(foreign.getMetadata().getUid());
  }

  @Test
  void aResultIsReadOnlyFromTheDriverPodTheOperatorCreated() {
    create(Benchmarks.benchmark(NS, "forged", 10_000L));
    reconcile("forged");
    String created = status("forged").currentRun.driverPodUid;
    // someone replaces the driver with a pod of the same name and owner that reports a result
    client.pods().inNamespace(NS).withName("forged-10000-r1-a1-driver").delete();
    client.resource(driverPodNamed("forged-10000-r1-a1-driver", "forged", get("forged"))).create();
    kubelet.succeeded(NS, "forged-10000-r1-a1-driver", Results.succeeded(10_000, 1.0));
    clock.advance(ObserveDriver.MISSING_GRACE.plusSeconds(1));

    reconcile("forged");

    // the forged pod is not the run's driver: the run counts as lost, its result is not taken
    ScalingBenchmarkStatus status = status("forged");
    assertThat(status.results).isEmpty();
    assertThat(created).isNotEqualTo(pod("forged-10000-r1-a1-driver").getMetadata().getUid());
    assertThat(events("forged"))
        .extracting(Event::getMessage)
        .anyMatch(m -> m.contains("was deleted before the run finished"));
  }

  @Test
  void aDriverRunsOnlyAsALabelledSparkAccountOutsideTheOperatorsNamespace() {
    ScalingBenchmark unlabelled = Benchmarks.benchmark(NS, "borrow", 10_000L);
    unlabelled.getSpec().serviceAccount = "builder";
    client
        .serviceAccounts()
        .inNamespace(NS)
        .resource(
            new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                .withNewMetadata()
                .withName("builder")
                .endMetadata()
                .build())
        .create();
    client.resource(Benchmarks.unsaved(unlabelled)).create();
    reconcile("borrow");
    assertThat(status("borrow").error.message())
        .isEqualTo(
            "spec.serviceAccount builder is not a Spark driver account (label"
                + " sparkbench.io/spark-driver=true, set by the chart or an admin): name one that"
                + " is, e.g. sparkbench-spark");

    ScalingBenchmarkReconciler inItsOwnNamespace =
        reconcilerWith(OperatorConfig.builder().httpPort(0).operatorIdentity(NS, "operator"));
    ScalingBenchmark escalate = Benchmarks.benchmark(NS, "escalate", 10_000L);
    escalate.getSpec().serviceAccount = "operator";
    create(escalate);
    reconcile(inItsOwnNamespace, "escalate");
    assertThat(status("escalate").phase).isEqualTo(Phase.Failed);
    assertThat(status("escalate").error.reason()).isEqualTo("InvalidSpec");
    assertThat(status("escalate").error.message())
        .isEqualTo(
            "spec.serviceAccount operator is the operator's own account: drivers run only as"
                + " Spark driver accounts in benchmark namespaces, never in the operator's"
                + " namespace "
                + NS);
    assertThat(pod("escalate-10000-r1-a1-driver")).isNull();
    assertThat(pod("borrow-10000-r1-a1-driver")).isNull();
  }

  @Test
  void aNamespaceWithItsShareOfWaitingBenchmarksGetsNoMoreInTheQueue() {
    ScalingBenchmarkReconciler capped =
        reconcilerWith(OperatorConfig.builder().httpPort(0).maxQueuedPerNamespace(1));
    for (String name : List.of("first", "second", "third")) {
      create(Benchmarks.benchmark(NS, name, 10_000L));
      reconcile(capped, name);
    }
    assertThat(status("first").phase).isEqualTo(Phase.Running);
    assertThat(status("second").phase).isEqualTo(Phase.Queued);
    ScalingBenchmarkStatus third = status("third");
    assertThat(third.phase).isEqualTo(Phase.Failed);
    assertThat(third.error.reason()).isEqualTo("QueueFull");
    assertThat(third.error.message())
        .isEqualTo(
            "namespace "
                + NS
                + " already has 1 benchmarks waiting, the operator's limit"
                + " (SPARKBENCH_MAX_QUEUED_PER_NAMESPACE): delete this one and create it again when"
                + " fewer wait");
  }

  @Test
  void aPriorityClassTheOperatorDoesNotAllowIsRefused() {
    ScalingBenchmark urgent = Benchmarks.benchmark(NS, "urgent", 10_000L);
    urgent.getSpec().executor.priorityClassName = "system-cluster-critical";
    create(urgent);
    reconcile("urgent");
    assertThat(status("urgent").error.reason()).isEqualTo("InvalidSpec");
    assertThat(status("urgent").error.message())
        .isEqualTo(
            "spec.executor.priorityClassName system-cluster-critical is not one this operator"
                + " allows (none; an admin sets SPARKBENCH_ALLOWED_PRIORITY_CLASSES)");
  }

  // Pending/Queued → Admitted → StartRun → RunStarted

  @Test
  void aQueuedBenchmarkStartsItsRunWhenASlotIsFree() {
    create(Benchmarks.benchmark(NS, "first", 10_000L));
    reconcile("first");
    create(Benchmarks.benchmark(NS, "second", 10_000L));
    reconcile("second");
    assertThat(status("second").phase).isEqualTo(Phase.Queued);
    ScalingBenchmark first = get("first");
    client.resource(first).delete();
    reconciler.reconcile(first, new TestContext(client, first, true));

    UpdateControl<ScalingBenchmark> control = reconcile("second");

    ScalingBenchmarkStatus status = status("second");
    assertThat(status.phase).isEqualTo(Phase.Running);
    assertThat(status.progress).isEqualTo("0/1");
    assertThat(status.currentRun.driverPod).isEqualTo("second-10000-r1-a1-driver");
    assertThat(status.currentRun.attempt).isEqualTo(1);
    assertThat(status.currentRun.startedAt).isEqualTo("2026-12-01T10:00:00Z");
    String message =
        "run 1/1: 10000 records, repetition 1, attempt 1, driver pod second-10000-r1-a1-driver";
    assertCondition(status, Conditions.READY, "True", "Running", message);
    assertCondition(status, Conditions.SUCCEEDED, "Unknown", "Running", message);
    // the driver's pod, its ConfigMap and Service, owned by the benchmark
    Pod driver = pod("second-10000-r1-a1-driver");
    assertThat(driver.getMetadata().getOwnerReferences())
        .singleElement()
        .satisfies(o -> assertThat(o.getName()).isEqualTo("second"));
    assertThat(objectsOf("second")).extracting(o -> o.getKind()).contains("ConfigMap", "Service");
    assertThat(events("second")).extracting(Event::getReason).containsExactly("RunStarted");
    // back at the driver-start deadline (5m) unless a pod event comes first
    assertThat(control.getScheduleDelay()).contains(Duration.ofMinutes(5).toMillis());
  }

  // a freed slot: the benchmarks whose turn it is are reconciled at once, not at their recheck

  @Test
  void aFinishedBenchmarkHandsItsSlotAtOnceToTheOneWhoseTurnItIs() {
    String other = NS + "-other";
    List<String> woken = new ArrayList<>();
    // noted when the event arrives: the finished phase is stored by then
    onWake(id -> woken.add(id.getNamespace().orElseThrow() + "/" + id.getName() + " " + phases()));
    create(Benchmarks.benchmark(NS, "first", 10_000L, 100_000L));
    reconcile("first");
    create(Benchmarks.benchmark(NS, "second", 10_000L));
    reconcile("second");
    create(Benchmarks.benchmark(other, "third", 10_000L));
    reconcile(other, "third");
    assertThat(status("second").phase).isEqualTo(Phase.Queued);
    // between its two runs the first keeps its slot: nobody is woken
    kubelet.succeeded(NS, "first-10000-r1-a1-driver", Results.succeeded(10_000, 7.0));
    reconcile("first");
    reconcile("first");
    assertThat(pod("first-100000-r1-a1-driver")).isNotNull();
    assertThat(woken).isEmpty();

    kubelet.succeeded(NS, "first-100000-r1-a1-driver", Results.succeeded(100_000, 9.0));
    reconcile("first");

    // the namespace after the one that started last, though the second is older
    assertThat(woken).containsExactly(other + "/third first=Succeeded second=Queued");
    assertThat(status("first").phase).isEqualTo(Phase.Succeeded);

    // the second, reconciled meanwhile (its recheck, or a wake it was too late for), still waits
    UpdateControl<ScalingBenchmark> notNext = reconcile("second");
    assertThat(status("second").phase).isEqualTo(Phase.Queued);
    assertThat(notNext.getScheduleDelay()).contains(5_000L);
    reconcile(other, "third");
    assertThat(client.resources(ScalingBenchmark.class).inNamespace(other).withName("third").get())
        .satisfies(b -> assertThat(b.getStatus().phase).isEqualTo(Phase.Running));
    reconcile("second");
    assertThat(status("second").phase).isEqualTo(Phase.Queued);
    assertThat(pod("second-10000-r1-a1-driver")).isNull();
    assertThat(woken).hasSize(1);

    kubelet.succeeded(other, "third-10000-r1-a1-driver", Results.succeeded(10_000, 7.0));
    reconcile(other, "third");
    assertThat(woken).last().isEqualTo(NS + "/second first=Succeeded second=Queued");
  }

  @Test
  void aDeletedRunningBenchmarkHandsItsSlotOverAtOnceAndAQueuedOneWakesNobody() {
    List<ResourceID> woken = new ArrayList<>();
    onWake(woken::add);
    create(Benchmarks.benchmark(NS, "first", 10_000L));
    reconcile("first");
    for (String name : List.of("second", "third")) {
      create(Benchmarks.benchmark(NS, name, 10_000L));
      reconcile(name);
    }
    ScalingBenchmark third = get("third");
    client.resource(third).delete();
    reconciler.reconcile(third, new TestContext(client, third, true));
    assertThat(woken).as("a waiting one frees no slot").isEmpty();

    ScalingBenchmark first = get("first");
    client.resource(first).delete();
    reconciler.reconcile(first, new TestContext(client, first, true));

    assertThat(woken).containsExactly(new ResourceID("second", NS));
  }

  // Running → ObserveDriver → StillRunning

  @Test
  void aRunningDriverIsLookedAtAgainByItsNextDeadlineAndNothingChanges() {
    create(Benchmarks.benchmark(NS, "steady", 10_000L));
    reconcile("steady");
    ScalingBenchmark started = get("steady");
    clock.advance(Duration.ofMinutes(2));

    UpdateControl<ScalingBenchmark> pending = reconcile("steady");
    assertThat(pending.getScheduleDelay()).contains(Duration.ofMinutes(3).toMillis());

    kubelet.running(NS, "steady-10000-r1-a1-driver");
    clock.advance(Duration.ofMinutes(8));
    UpdateControl<ScalingBenchmark> running = reconcile("steady");

    assertThat(running.getScheduleDelay()).contains(Duration.ofMinutes(20).toMillis());
    ScalingBenchmark after = get("steady");
    assertThat(after.getMetadata().getResourceVersion())
        .as("no status write")
        .isEqualTo(started.getMetadata().getResourceVersion());
    assertThat(after.getStatus().phase).isEqualTo(Phase.Running);
    assertThat(events("steady")).extracting(Event::getReason).containsExactly("RunStarted");
  }

  // Running → RunSucceeded → RecordResult → RunRecorded; then CleanUp.lastRun → Admit → StartRun

  @Test
  void aSucceededRunsResultIsWrittenBeforeItsDriverIsDeletedAndTheNextRunStarts() {
    create(Benchmarks.benchmark(NS, "medallion", 10_000L, 100_000L));
    reconcile("medallion");
    kubelet.succeeded(NS, "medallion-10000-r1-a1-driver", Results.succeeded(10_000, 22.5));

    UpdateControl<ScalingBenchmark> recorded = reconcile("medallion");

    ScalingBenchmarkStatus status = status("medallion");
    assertThat(status.phase).isEqualTo(Phase.Running);
    assertThat(status.progress).isEqualTo("1/2");
    assertThat(status.currentRun).isNull();
    assertThat(status.results)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.records).isEqualTo(10_000L);
              assertThat(r.durationSeconds).isEqualTo(22.5);
              assertThat(r.driverPod).isEqualTo("medallion-10000-r1-a1-driver");
            });
    // the conditions still describe the run just recorded
    assertCondition(
        status,
        Conditions.READY,
        "True",
        "Running",
        "run 1/2: 10000 records, repetition 1, attempt 1, driver pod medallion-10000-r1-a1-driver");
    assertThat(pod("medallion-10000-r1-a1-driver"))
        .as("kept until the result is stored")
        .isNotNull();
    assertThat(pod("medallion-100000-r1-a1-driver")).isNull();
    assertThat(recorded.getScheduleDelay()).contains(Next.MIN.toMillis());
    assertThat(runs("medallion", "succeeded")).isEqualTo(1.0);
    assertThat(events("medallion"))
        .filteredOn(e -> e.getReason().equals("RunSucceeded"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getMessage())
                    .isEqualTo("run 1/2 (10000 records, repetition 1, attempt 1) took 22.5 s"));

    reconcile("medallion");

    assertThat(pod("medallion-10000-r1-a1-driver")).as("cleanup OnSuccess").isNull();
    assertThat(pod("medallion-100000-r1-a1-driver")).isNotNull();
    ScalingBenchmarkStatus next = status("medallion");
    assertThat(next.currentRun.records).isEqualTo(100_000L);
    assertCondition(
        next,
        Conditions.READY,
        "True",
        "Running",
        "run 2/2: 100000 records, repetition 1, attempt 1, driver pod"
            + " medallion-100000-r1-a1-driver");
  }

  @Test
  void aResultWhoseStatusWriteFailsIsReadAgainRecordedOnceAndCountedOnce() {
    create(Benchmarks.benchmark(NS, "fragile", 10_000L, 100_000L));
    reconcile("fragile");
    kubelet.succeeded(NS, "fragile-10000-r1-a1-driver", Results.succeeded(10_000, 7.5));
    failingWrites.set(1);

    assertThatThrownBy(() -> reconcile("fragile")).isInstanceOf(KubernetesClientException.class);

    assertThat(status("fragile").results).isEmpty();
    assertThat(status("fragile").currentRun).isNotNull();
    assertThat(pod("fragile-10000-r1-a1-driver")).isNotNull();
    assertThat(runs("fragile", "succeeded")).isNull();
    assertThat(events("fragile")).extracting(Event::getReason).doesNotContain("RunSucceeded");

    reconcile("fragile");
    reconcile("fragile");

    assertThat(status("fragile").results).extracting(r -> r.records).containsExactly(10_000L);
    assertThat(pod("fragile-100000-r1-a1-driver")).isNotNull();
    assertThat(runs("fragile", "succeeded")).isEqualTo(1.0);
    assertThat(events("fragile").stream().filter(e -> e.getReason().equals("RunSucceeded")))
        .hasSize(1);
  }

  @Test
  void aStatusTheApiServerRefusesFailsThatBenchmarkKeepingWhatWasStoredAndFreesItsSlot() {
    create(Benchmarks.benchmark(NS, "oversized", 10_000L, 100_000L));
    create(Benchmarks.benchmark(NS, "then", 10_000L));
    reconcile("oversized");
    kubelet.succeeded(NS, "oversized-10000-r1-a1-driver", Results.succeeded(10_000, 7.5));
    reconcile("oversized");
    assertThat(status("oversized").results).hasSize(1);
    // the next status is refused for good, as etcd refuses an object too large
    failingWrites.set(1);
    failingWriteCode.set(422);

    reconcile("oversized");

    ScalingBenchmarkStatus status = status("oversized");
    assertThat(status.phase).isEqualTo(Phase.Failed);
    assertThat(status.error.reason()).isEqualTo("StatusNotWritten");
    assertThat(status.error.message()).startsWith("the API server refused this benchmark's status");
    assertThat(status.results).extracting(r -> r.records).containsExactly(10_000L);
    reconcile("then");
    assertThat(status("then").phase).isEqualTo(Phase.Running);
  }

  // Running → RunFailed → FailRun → Retrying → StartRun

  @Test
  void aFailedDriverIsRetriedWithANewDriverWhileAttemptsRemain() {
    create(Benchmarks.benchmark(NS, "flaky", 10_000L));
    reconcile("flaky");
    kubelet.running(NS, "flaky-10000-r1-a1-driver");
    kubelet.terminated(
        NS,
        "flaky-10000-r1-a1-driver",
        1,
        "Error",
        ResultCodec.toJson(Results.failed(10_000, "SparkError", "Job aborted: executor lost")));

    reconcile("flaky");

    ScalingBenchmarkStatus status = status("flaky");
    assertThat(status.phase).isEqualTo(Phase.Running);
    assertThat(status.currentRun.attempt).isEqualTo(2);
    assertThat(status.currentRun.driverPod).isEqualTo("flaky-10000-r1-a2-driver");
    assertThat(status.error).isNull();
    assertCondition(
        status,
        Conditions.READY,
        "True",
        "Running",
        "run 1/1: 10000 records, repetition 1, attempt 2, driver pod flaky-10000-r1-a2-driver");
    assertThat(pod("flaky-10000-r1-a2-driver")).isNotNull();
    assertThat(pod("flaky-10000-r1-a1-driver")).as("kept for inspection").isNotNull();
    assertThat(runs("flaky", "failed")).isEqualTo(1.0);
    assertThat(events("flaky"))
        .extracting(Event::getReason, Event::getMessage)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "RunStarted",
                "run 1/1: 10000 records, repetition 1, attempt 1, driver pod"
                    + " flaky-10000-r1-a1-driver"),
            org.assertj.core.groups.Tuple.tuple(
                "DriverFailed",
                "driver pod flaky-10000-r1-a1-driver exited with code 1: SparkError: Job aborted:"
                    + " executor lost; retrying (attempt 2 of 2)"),
            org.assertj.core.groups.Tuple.tuple(
                "RunStarted",
                "run 1/1: 10000 records, repetition 1, attempt 2, driver pod"
                    + " flaky-10000-r1-a2-driver"));
  }

  // Running → RunFailed → FailRun → OutOfAttempts → Failed

  @Test
  void aFailedDriverWithoutAttemptsLeftFailsTheBenchmarkAndKeepsEarlierResults() {
    ScalingBenchmark benchmark = Benchmarks.benchmark(NS, "big", 10_000L, 10_000_000L);
    benchmark.getSpec().retry.limit = 0;
    create(benchmark);
    reconcile("big");
    kubelet.succeeded(NS, "big-10000-r1-a1-driver", Results.succeeded(10_000, 22.5));
    reconcile("big");
    reconcile("big");
    kubelet.running(NS, "big-10000000-r1-a1-driver");
    kubelet.terminated(NS, "big-10000000-r1-a1-driver", 137, "OOMKilled", null);

    UpdateControl<ScalingBenchmark> control = reconcile("big");

    ScalingBenchmarkStatus status = status("big");
    assertThat(status.phase).isEqualTo(Phase.Failed);
    assertThat(status.progress).isEqualTo("1/2");
    assertThat(status.currentRun).isNull();
    assertThat(status.results).extracting(r -> r.records).containsExactly(10_000L);
    String message =
        "driver pod big-10000000-r1-a1-driver was killed for exceeding its memory limit"
            + " (limit 1408Mi): raise spec.driver.memory or run fewer records";
    assertThat(status.error.reason()).isEqualTo("OOMKilled");
    assertThat(status.error.message()).isEqualTo(message);
    assertCondition(status, Conditions.SUCCEEDED, "False", "OOMKilled", message);
    assertCondition(status, Conditions.READY, "False", "OOMKilled", message);
    assertThat(control.getScheduleDelay()).isEmpty();
    assertThat(events("big"))
        .filteredOn(e -> e.getReason().equals("Failed"))
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).isEqualTo(message));
    assertThat(pod("big-10000000-r1-a1-driver"))
        .as("a failed driver stays (OnSuccess)")
        .isNotNull();

    reconcile("big");
    assertThat(pod("big-10000000-r1-a1-driver")).isNotNull();
  }

  // Running → StillRunning past a deadline → RunFailed(stop driver) → Failed

  @Test
  void aRunPastItsTimeoutIsStoppedAndFails() {
    ScalingBenchmark benchmark = Benchmarks.benchmark(NS, "slow", 10_000L);
    benchmark.getSpec().retry.limit = 0;
    create(benchmark);
    reconcile("slow");
    kubelet.running(NS, "slow-10000-r1-a1-driver");
    clock.advance(Duration.ofMinutes(30));

    reconcile("slow");

    ScalingBenchmarkStatus status = status("slow");
    assertThat(status.phase).isEqualTo(Phase.Failed);
    assertThat(status.error.reason()).isEqualTo("RunTimeout");
    assertThat(status.error.message())
        .isEqualTo(
            "run of 10000 records, repetition 1, attempt 1 did not finish within 30m: raise"
                + " spec.timeouts.run or run fewer records");
    assertThat(condition(status, Conditions.READY).getStatus()).isEqualTo("False");
    assertThat(pod("slow-10000-r1-a1-driver")).as("the driver is stopped").isNull();
  }

  @Test
  void aDriverPendingPastItsStartTimeoutIsStoppedAndFailsWithTheSchedulersReason() {
    ScalingBenchmark benchmark = Benchmarks.benchmark(NS, "huge", 10_000L);
    benchmark.getSpec().retry.limit = 0;
    create(benchmark);
    reconcile("huge");
    kubelet.unschedulable(NS, "huge-10000-r1-a1-driver", "0/3 nodes are available.");
    clock.advance(Duration.ofMinutes(5));

    reconcile("huge");

    ScalingBenchmarkStatus status = status("huge");
    assertThat(status.phase).isEqualTo(Phase.Failed);
    assertThat(status.error.reason()).isEqualTo("Unschedulable");
    assertThat(status.error.message())
        .isEqualTo(
            "driver pod huge-10000-r1-a1-driver was not scheduled within 5m: 0/3 nodes are"
                + " available. (lower spec.driver.cores or spec.driver.memory, or add nodes)");
    assertThat(pod("huge-10000-r1-a1-driver")).isNull();
  }

  // Running → RunSucceeded → RecordResult → AllRunsDone → Succeeded; then CleanUp.finished

  @Test
  void theLastRunsResultSucceedsTheBenchmarkWithItsModel() {
    ScalingBenchmark benchmark = Benchmarks.benchmark(NS, "done", 10_000L, 100_000L);
    benchmark.getSpec().predict = List.of(1_000_000L);
    create(benchmark);
    reconcile("done");
    kubelet.succeeded(NS, "done-10000-r1-a1-driver", Results.succeeded(10_000, 22.5));
    reconcile("done");
    reconcile("done");
    kubelet.succeeded(NS, "done-100000-r1-a1-driver", Results.succeeded(100_000, 27.7));

    UpdateControl<ScalingBenchmark> control = reconcile("done");

    ScalingBenchmarkStatus status = status("done");
    assertThat(status.phase).isEqualTo(Phase.Succeeded);
    assertThat(status.progress).isEqualTo("2/2");
    assertThat(status.currentRun).isNull();
    assertThat(status.error).isNull();
    assertThat(status.model.fixedSeconds).isEqualTo(21.922);
    assertThat(status.model.microsPerRecord).isEqualTo(57.778);
    // two runs fit any line: no measure of its error, so no predictions
    assertThat(status.model.predictions).isEmpty();
    assertThat(status.model.predictionsWithheld).startsWith("no predictions: 2 runs fit a line");
    String message =
        "2 runs succeeded; model: 21.922 s + 57.778 µs/record (R² 1.0); no predictions: 2 runs"
            + " fit a line exactly, so the model has no measure of its error; measure a third"
            + " record count or a second repetition";
    assertCondition(status, Conditions.SUCCEEDED, "True", "AllRunsSucceeded", message);
    assertCondition(status, Conditions.READY, "True", "Succeeded", message);
    assertThat(events("done"))
        .extracting(Event::getReason)
        .containsSubsequence(
            "RunStarted", "RunSucceeded", "RunStarted", "Succeeded", "RunSucceeded");
    assertThat(pod("done-100000-r1-a1-driver")).as("kept until the result is stored").isNotNull();
    assertThat(control.getScheduleDelay()).contains(Next.MIN.toMillis());

    UpdateControl<ScalingBenchmark> cleaned = reconcile("done");

    assertThat(objectsOf("done")).as("cleanup OnSuccess").isEmpty();
    assertThat(cleaned.getScheduleDelay()).isEmpty();
    assertThat(status("done").phase).isEqualTo(Phase.Succeeded);
  }

  // Succeeded → (schedule's time) → RoundStarted → Admit → RunStarted

  @Test
  void aScheduledBenchmarkKeepsEachRoundsSummaryAndStartsTheNextAtItsTime() {
    ScalingBenchmark benchmark = Benchmarks.benchmark(NS, "nightly", 10_000L);
    benchmark.getSpec().repetitions = 2;
    benchmark.getSpec().schedule = "0 2 * * *";
    benchmark.getSpec().timeZone = "Asia/Seoul";
    benchmark.getSpec().storage.persistentVolumeClaim =
        new ScalingBenchmarkSpec.PersistentVolumeClaim();
    benchmark.getSpec().storage.persistentVolumeClaim.claimName = "results";
    create(benchmark);
    reconcile("nightly");

    var driver = pod("nightly-10000-r1-a1-driver").getSpec().getContainers().get(0);
    assertThat(driver.getArgs())
        .containsSubsequence("--history", "file:///var/sparkbench/nightly/history");
    assertThat(driver.getEnv())
        .filteredOn(e -> e.getName().startsWith("SPARKBENCH_"))
        .extracting(
            e ->
                e.getName()
                    + "="
                    + (e.getValue() == null
                        ? e.getValueFrom().getFieldRef().getFieldPath()
                        : e.getValue()))
        .containsExactly(
            "SPARKBENCH_BENCHMARK=" + NS + "/nightly",
            "SPARKBENCH_ROUND=1",
            "SPARKBENCH_REPETITION=1",
            "SPARKBENCH_ATTEMPT=1",
            "SPARKBENCH_NODE_NAME=spec.nodeName");
    kubelet.succeeded(NS, "nightly-10000-r1-a1-driver", Results.succeeded(10_000, 20.0));
    reconcile("nightly");
    reconcile("nightly");
    kubelet.succeeded(NS, "nightly-10000-r2-a1-driver", Results.succeeded(10_000, 21.0));
    reconcile("nightly");
    UpdateControl<ScalingBenchmark> waiting = reconcile("nightly");

    ScalingBenchmarkStatus status = status("nightly");
    assertThat(status.phase).isEqualTo(Phase.Succeeded);
    assertThat(status.round).isEqualTo(1);
    assertThat(status.history).isEqualTo("file:///var/sparkbench/nightly/history");
    // 02:00 in Seoul is 17:00 UTC; the clock stands at 10:00 UTC
    assertThat(status.nextRoundAt).isEqualTo("2026-12-01T17:00:00Z");
    assertThat(waiting.getScheduleDelay()).contains(Duration.ofHours(7).toMillis());
    assertThat(status.rounds)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.round).isEqualTo(1);
              assertThat(r.phase).isEqualTo(Phase.Succeeded);
              assertThat(r.counts)
                  .singleElement()
                  .satisfies(
                      c -> {
                        assertThat(c.seconds).containsExactly(20.0, 21.0);
                        assertThat(c.medianSeconds).isEqualTo(20.5);
                      });
            });

    clock.advance(Duration.ofHours(7));
    reconcile("nightly");

    status = status("nightly");
    assertThat(status.round).isEqualTo(2);
    assertThat(status.phase).isEqualTo(Phase.Running);
    assertThat(status.results).isEmpty();
    assertThat(status.nextRoundAt).isNull();
    assertThat(status.rounds).extracting(r -> r.round).containsExactly(1);
    assertThat(events("nightly")).extracting(Event::getReason).contains("RoundStarted");
    assertThat(pod("nightly-10000-r1-a1-driver").getSpec().getContainers().get(0).getEnv())
        .anyMatch(e -> e.getName().equals("SPARKBENCH_ROUND") && e.getValue().equals("2"));
  }

  @Test
  void aChangedScheduleRetimesTheNextRoundAndARemovedOneStartsNoMore() {
    ScalingBenchmark benchmark = Benchmarks.benchmark(NS, "hourly", 10_000L);
    benchmark.getSpec().schedule = "@hourly";
    create(benchmark);
    reconcile("hourly");
    kubelet.succeeded(NS, "hourly-10000-r1-a1-driver", Results.succeeded(10_000, 20.0));
    reconcile("hourly");
    assertThat(status("hourly").nextRoundAt).isEqualTo("2026-12-01T11:00:00Z");

    client
        .resources(ScalingBenchmark.class)
        .inNamespace(NS)
        .withName("hourly")
        .patch(
            PatchContext.of(PatchType.JSON),
            "[{\"op\":\"replace\",\"path\":\"/spec/schedule\",\"value\":\"30 * * * *\"}]");
    reconcile("hourly");
    assertThat(status("hourly").nextRoundAt).isEqualTo("2026-12-01T10:30:00Z");

    client
        .resources(ScalingBenchmark.class)
        .inNamespace(NS)
        .withName("hourly")
        .patch(
            PatchContext.of(PatchType.JSON), "[{\"op\":\"remove\",\"path\":\"/spec/schedule\"}]");
    reconcile("hourly");
    clock.advance(Duration.ofHours(2));
    UpdateControl<ScalingBenchmark> control = reconcile("hourly");

    ScalingBenchmarkStatus status = status("hourly");
    assertThat(status.nextRoundAt).isNull();
    assertThat(status.round).isEqualTo(1);
    assertThat(status.phase).isEqualTo(Phase.Succeeded);
    assertThat(status.results).hasSize(1);
    assertThat(control.getScheduleDelay()).isEmpty();
  }

  @Test
  void aRoundSlowerThanItsBaselineBenchmarkIsRegressedAndOneRepetitionCannotTell() {
    ScalingBenchmark base = Benchmarks.benchmark(NS, "base", 10_000L);
    base.getSpec().repetitions = 3;
    create(base);
    reconcile("base");
    double[] baseSeconds = {10.0, 10.2, 9.9};
    for (int rep = 1; rep <= 3; rep++) {
      kubelet.succeeded(
          NS, "base-10000-r" + rep + "-a1-driver", Results.succeeded(10_000, baseSeconds[rep - 1]));
      reconcile("base");
      reconcile("base");
    }
    assertThat(status("base").phase).isEqualTo(Phase.Succeeded);

    ScalingBenchmark slower = Benchmarks.benchmark(NS, "slower", 10_000L);
    slower.getSpec().repetitions = 3;
    slower.getSpec().baseline = new io.sparkbench.api.v1.Baseline();
    slower.getSpec().baseline.benchmark = "base";
    create(slower);
    reconcile("slower");
    double[] slowerSeconds = {20.0, 20.4, 19.8};
    for (int rep = 1; rep <= 3; rep++) {
      kubelet.succeeded(
          NS,
          "slower-10000-r" + rep + "-a1-driver",
          Results.succeeded(10_000, slowerSeconds[rep - 1]));
      reconcile("slower");
      reconcile("slower");
    }

    ScalingBenchmarkStatus status = status("slower");
    assertThat(status.phase).isEqualTo(Phase.Succeeded);
    assertThat(status.comparison.regressed).isEqualTo(Comparison.Verdict.True);
    assertThat(status.comparison.baseline).isEqualTo("benchmark base round 1");
    assertThat(status.comparison.counts.get(0).ratio).isEqualTo(2.0);
    String message =
        "slower than benchmark base round 1 by more than 10 % at 10000 records on 2 executors"
            + " 2.00× (95 % 1.94–2.06×)";
    assertCondition(status, Conditions.REGRESSED, "True", "Regressed", message);
    assertThat(status.rounds.get(0).regressed).isEqualTo("True");
    assertThat(events("slower"))
        .filteredOn(e -> e.getReason().equals("Regressed"))
        .singleElement()
        .satisfies(e -> assertThat(e.getMessage()).isEqualTo(message));
    assertThat(
            metrics
                .registry()
                .getSampleValue(
                    "sparkbench_regressed",
                    new String[] {"namespace", "benchmark"},
                    new String[] {NS, "slower"}))
        .isEqualTo(1.0);

    ScalingBenchmark once = Benchmarks.benchmark(NS, "once", 10_000L);
    once.getSpec().baseline = new io.sparkbench.api.v1.Baseline();
    Baseline.Figure figure = new Baseline.Figure();
    figure.records = 10_000L;
    figure.seconds = 10.0;
    once.getSpec().baseline.figures = List.of(figure);
    create(once);
    reconcile("once");
    kubelet.succeeded(NS, "once-10000-r1-a1-driver", Results.succeeded(10_000, 10.5));
    reconcile("once");

    status = status("once");
    assertThat(status.comparison.regressed).isEqualTo(Comparison.Verdict.Unknown);
    assertCondition(
        status,
        Conditions.REGRESSED,
        "Unknown",
        "TooFewRepetitions",
        "10000 records on 2 executors 1.05×: 1 repetition cannot measure the variation needed to"
            + " detect a 10 % change: set spec.repetitions to at least 3");
  }

  // new → Accepted → Admit → Invalid → Failed

  @Test
  void anInvalidSpecFailsAloneWithWhatToFixAndStartsNothing() {
    ScalingBenchmark invalid = Benchmarks.benchmark(NS, "unsorted", 100_000L, 10_000L);
    create(invalid);
    create(Benchmarks.benchmark(NS, "fine", 10_000L));

    UpdateControl<ScalingBenchmark> control = reconcile("unsorted");

    ScalingBenchmarkStatus status = status("unsorted");
    assertThat(status.phase).isEqualTo(Phase.Failed);
    assertThat(status.progress).isEqualTo("0/2");
    String message =
        "spec.records must be ascending without repeats, got [100000, 10000]: sort them,"
            + " e.g. [10000, 100000]";
    assertThat(status.error.reason()).isEqualTo("InvalidSpec");
    assertThat(status.error.message()).isEqualTo(message);
    assertCondition(status, Conditions.SUCCEEDED, "False", "InvalidSpec", message);
    assertCondition(status, Conditions.READY, "False", "InvalidSpec", message);
    assertThat(objectsOf("unsorted")).isEmpty();
    assertThat(control.getScheduleDelay()).isEmpty();

    reconcile("fine");
    assertThat(status("fine").phase).isEqualTo(Phase.Running);
  }

  // generation changed → RestartOnSpecChange → SpecChanged → Pending (StartingOver) → Admit

  @Test
  void aSpecChangeDuringARunDeletesItsPodsClearsTheResultsAndStartsOver() {
    create(Benchmarks.benchmark(NS, "evolving", 10_000L, 100_000L));
    reconcile("evolving");
    kubelet.succeeded(NS, "evolving-10000-r1-a1-driver", Results.succeeded(10_000, 22.5));
    reconcile("evolving");
    reconcile("evolving");
    assertThat(pod("evolving-100000-r1-a1-driver")).isNotNull();
    client
        .resources(ScalingBenchmark.class)
        .inNamespace(NS)
        .withName("evolving")
        .patch(
            PatchContext.of(PatchType.JSON),
            "[{\"op\":\"replace\",\"path\":\"/spec/records\",\"value\":[20000]}]");

    reconcile("evolving");

    ScalingBenchmarkStatus status = status("evolving");
    assertThat(status.observedGeneration).isEqualTo(2L);
    assertThat(status.results).isEmpty();
    assertThat(status.model).isNull();
    assertThat(status.phase).isEqualTo(Phase.Running);
    assertThat(status.progress).isEqualTo("0/1");
    assertThat(status.currentRun.driverPod).isEqualTo("evolving-20000-r1-a1-driver");
    assertThat(pod("evolving-100000-r1-a1-driver")).isNull();
    assertThat(pod("evolving-20000-r1-a1-driver")).isNotNull();
    assertThat(condition(status, Conditions.READY).getObservedGeneration()).isEqualTo(2L);
    assertThat(events("evolving"))
        .filteredOn(e -> e.getReason().equals("SpecChanged"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getMessage()).isEqualTo("spec changed (generation 2): starting over"));
  }

  // generation changed, predict only → PredictionsRefitted → first step by phase

  @Test
  void aChangeOfPredictOnlyKeepsTheResultsAndRefitsThePredictions() {
    create(Benchmarks.benchmark(NS, "forecast", 10_000L, 100_000L));
    reconcile("forecast");
    kubelet.succeeded(NS, "forecast-10000-r1-a1-driver", Results.succeeded(10_000, 22.5));
    reconcile("forecast");
    reconcile("forecast");
    kubelet.succeeded(NS, "forecast-100000-r1-a1-driver", Results.succeeded(100_000, 27.7));
    reconcile("forecast");
    Condition succeeded = condition(status("forecast"), Conditions.SUCCEEDED);
    client
        .resources(ScalingBenchmark.class)
        .inNamespace(NS)
        .withName("forecast")
        .patch(
            PatchContext.of(PatchType.JSON),
            "[{\"op\":\"add\",\"path\":\"/spec/predict\",\"value\":[1000000]}]");

    reconcile("forecast");

    ScalingBenchmarkStatus status = status("forecast");
    assertThat(status.observedGeneration).isEqualTo(2L);
    assertThat(status.phase).isEqualTo(Phase.Succeeded);
    assertThat(status.results).extracting(r -> r.records).containsExactly(10_000L, 100_000L);
    // refitted for the new count: two runs give no measure of error, so it says so
    assertThat(status.model.predictions).isEmpty();
    assertThat(status.model.predictionsWithheld).startsWith("no predictions: 2 runs fit a line");
    assertThat(condition(status, Conditions.SUCCEEDED)).isEqualTo(succeeded);
    assertThat(events("forecast")).extracting(Event::getReason).contains("PredictionsChanged");
    assertThat(objectsOf("forecast")).isEmpty();
  }

  // deleted (the reconciler, before the lifecycle)

  @Test
  void aDeletedBenchmarksPodsConfigMapsAndServicesAreDeleted() {
    create(Benchmarks.benchmark(NS, "doomed", 10_000L));
    reconcile("doomed");
    kubelet.running(NS, "doomed-10000-r1-a1-driver");
    assertThat(objectsOf("doomed")).extracting(HasMetadata::getKind).contains("Pod", "Service");
    ScalingBenchmark doomed = get("doomed");
    client.resource(doomed).delete();

    UpdateControl<ScalingBenchmark> control =
        reconciler.reconcile(doomed, new TestContext(client, doomed, true));

    assertThat(objectsOf("doomed")).isEmpty();
    assertThat(control.isPatchStatus()).isFalse();
    assertThat(control.getScheduleDelay()).isEmpty();
  }

  // any step throws a permanent error → PermanentErrors.stop → Stopped → Failed

  @Test
  void aPermanentApiErrorFailsThatBenchmarkAloneWithTheReason() {
    refusals.podsIn("restricted", 403, "Forbidden", "violates PodSecurity \"restricted:latest\"");
    create(Benchmarks.benchmark("restricted", "refused", 10_000L));
    create(Benchmarks.benchmark(NS, "fine", 10_000L));

    UpdateControl<ScalingBenchmark> control = reconcile("restricted", "refused");

    ScalingBenchmarkStatus status =
        client
            .resources(ScalingBenchmark.class)
            .inNamespace("restricted")
            .withName("refused")
            .get()
            .getStatus();
    assertThat(status.phase).isEqualTo(Phase.Failed);
    assertThat(status.error.reason()).isEqualTo("PodSecurity");
    assertThat(status.error.message())
        .startsWith("the API server refused an object of this benchmark:")
        .endsWith(
            "(the namespace's pod-security.kubernetes.io/enforce level does not admit the driver"
                + " pod: relax the level or run the benchmark in another namespace)");
    assertCondition(status, Conditions.SUCCEEDED, "False", "PodSecurity", status.error.message());
    assertThat(control.getScheduleDelay()).isEmpty();

    reconcile("fine");
    assertThat(status("fine").phase).isEqualTo(Phase.Running);
  }

  // any step throws a transient error → rethrown for the framework's retry, nothing written

  @Test
  void aTransientApiErrorIsRethrownAndWritesNothing() {
    refusals.podsIn(NS, 503, "ServiceUnavailable", "etcd is restarting");
    create(Benchmarks.benchmark(NS, "patient", 10_000L));

    assertThatThrownBy(() -> reconcile("patient"))
        .isInstanceOf(KubernetesClientException.class)
        .extracting(e -> ((KubernetesClientException) e).getCode())
        .isEqualTo(503);
    assertThat(get("patient").getStatus()).isNull();

    refusals.clear();
    reconcile("patient");
    assertThat(status("patient").phase).isEqualTo(Phase.Running);
    assertThat(pod("patient-10000-r1-a1-driver")).isNotNull();
  }

  /**
   * Writes the status as the framework's writer does, without its cache: an update of the status
   * subresource locked on the version the reconciliation read (a newer one is refused with 409).
   */
  private void writeStatusLocked(
      ScalingBenchmark read, ScalingBenchmarkStatus status, Context<ScalingBenchmark> context) {
    if (failingWrites.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new KubernetesClientException("injected by the test", failingWriteCode.get(), null);
    }
    ScalingBenchmark updated = context.getClient().getKubernetesSerialization().clone(read);
    updated.setStatus(status);
    context.getClient().resource(updated).updateStatus();
  }

  private UpdateControl<ScalingBenchmark> reconcile(String name) {
    return reconcile(NS, name);
  }

  private UpdateControl<ScalingBenchmark> reconcile(String namespace, String name) {
    ScalingBenchmark read =
        client.resources(ScalingBenchmark.class).inNamespace(namespace).withName(name).get();
    return reconciler.reconcile(read, new TestContext(client, read, false));
  }

  /**
   * Starts the reconciler's event source for freed slots as a running controller does, giving each
   * benchmark it wakes to {@code handler} instead of JOSDK's event processor.
   */
  private void onWake(Consumer<ResourceID> handler) {
    reconciler.freedSlots().setEventHandler(e -> handler.accept(e.getRelatedCustomResourceID()));
    reconciler.freedSlots().start();
  }

  /** {@code first=<phase> second=<phase>} as the API server holds them now. */
  private String phases() {
    return "first=" + status("first").phase + " second=" + status("second").phase;
  }

  /** One reconciliation by another reconciler, of another configuration, sharing the test's. */
  private void reconcile(ScalingBenchmarkReconciler other, String name) {
    ScalingBenchmark read = get(name);
    other.reconcile(read, new TestContext(client, read, false));
  }

  /** A reconciler of {@code config} with the test's metrics, status writer and clock. */
  private ScalingBenchmarkReconciler reconcilerWith(OperatorConfig.Builder config) {
    return new ScalingBenchmarkReconciler(config.build(), metrics, this::writeStatusLocked, clock);
  }

  private void create(ScalingBenchmark benchmark) {
    SparkServiceAccount.apply(
        client, benchmark.getMetadata().getNamespace(), benchmark.getSpec().serviceAccount);
    client.resource(Benchmarks.unsaved(benchmark)).create();
  }

  /** A driver-like pod of a run's name, owned by {@code owner} (none when null). */
  private static Pod driverPodNamed(String name, String benchmark, ScalingBenchmark owner) {
    PodBuilder pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(NS)
            .addToLabels(Labels.of(benchmark, new RunId(10_000, 2, 1, 1, false)))
            .addToLabels(Labels.SPARK_ROLE, "driver")
            .addToLabels("spark-app-selector", "spark-of-someone-else")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("spark-kubernetes-driver")
            .withImage("old")
            .endContainer()
            .endSpec();
    if (owner != null) {
      pod.editMetadata()
          .addNewOwnerReference()
          .withApiVersion(owner.getApiVersion())
          .withKind(owner.getKind())
          .withName(owner.getMetadata().getName())
          .withUid(owner.getMetadata().getUid())
          .endOwnerReference()
          .endMetadata();
    }
    return pod.build();
  }

  private ScalingBenchmark get(String name) {
    return client.resources(ScalingBenchmark.class).inNamespace(NS).withName(name).get();
  }

  private ScalingBenchmarkStatus status(String name) {
    return get(name).getStatus();
  }

  private Pod pod(String name) {
    return client.pods().inNamespace(NS).withName(name).get();
  }

  /** The benchmark's pods, ConfigMaps and Services. */
  private List<HasMetadata> objectsOf(String benchmark) {
    List<HasMetadata> objects = new ArrayList<>();
    objects.addAll(
        client.pods().inNamespace(NS).withLabel(Labels.BENCHMARK, benchmark).list().getItems());
    objects.addAll(
        client
            .configMaps()
            .inNamespace(NS)
            .withLabel(Labels.BENCHMARK, benchmark)
            .list()
            .getItems());
    objects.addAll(
        client.services().inNamespace(NS).withLabel(Labels.BENCHMARK, benchmark).list().getItems());
    return objects;
  }

  private List<Event> events(String name) {
    return client.v1().events().inNamespace(NS).list().getItems().stream()
        .filter(e -> name.equals(e.getInvolvedObject().getName()))
        .sorted(java.util.Comparator.comparing((Event e) -> e.getMetadata().getName()))
        .toList();
  }

  /** {@code sparkbench_runs_total} of the benchmark's runs with the outcome, or null. */
  private Double runs(String benchmark, String outcome) {
    return metrics
        .registry()
        .getSampleValue(
            "sparkbench_runs_total",
            new String[] {"namespace", "benchmark", "outcome"},
            new String[] {NS, benchmark, outcome});
  }

  private static Condition condition(ScalingBenchmarkStatus status, String type) {
    return Conditions.get(status, type);
  }

  private static void assertCondition(
      ScalingBenchmarkStatus status, String type, String value, String reason, String message) {
    Condition condition = condition(status, type);
    assertThat(condition).as(type).isNotNull();
    assertThat(condition.getStatus()).as(type).isEqualTo(value);
    assertThat(condition.getReason()).as(type).isEqualTo(reason);
    assertThat(condition.getMessage()).as(type).isEqualTo(message);
  }

  /** Refuses the creation of pods in a namespace as the test says. */
  private static final class Refusals implements RequestFilter {
    private volatile Map<String, Object[]> refused = Map.of();

    void podsIn(String namespace, int code, String reason, String message) {
      refused = Map.of(namespace, new Object[] {code, reason, message});
    }

    void clear() {
      refused = Map.of();
    }

    @Override
    public MockResponse answer(RecordedRequest request) {
      String path = request.getPath();
      for (Map.Entry<String, Object[]> refusal : refused.entrySet()) {
        if (request.getMethod().equals("POST")
            && path.matches(".*/namespaces/" + refusal.getKey() + "/pods(\\?.*)?")) {
          Object[] r = refusal.getValue();
          return RequestFilter.failure((Integer) r[0], (String) r[1], "pods is forbidden: " + r[2]);
        }
      }
      return null;
    }
  }

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    private Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }
  }
}
