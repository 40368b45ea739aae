package io.sparkbench.operator.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.AffinityBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.sparkbench.api.run.RunId;
import io.sparkbench.api.settings.RunSettings;
import io.sparkbench.api.v1.PodSettings;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.operator.Benchmarks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriverResourcesTest {

  private final ScalingBenchmark benchmark =
      Benchmarks.benchmark("bench", "medallion", 10_000L, 100_000L);
  private final RunId run = new RunId(100_000, 2, 2, 1, false);

  @Test
  void driverPodHasDeterministicNameSparkLabelsAndOurLabels() {
    DriverResources resources = DriverResources.fromSpec(benchmark, run);
    Pod pod = resources.pod();

    assertThat(pod.getMetadata().getName()).isEqualTo("medallion-100000-r2-a1-driver");
    assertThat(pod.getMetadata().getNamespace()).isEqualTo("bench");
    assertThat(pod.getMetadata().getLabels())
        .containsEntry("sparkbench.io/benchmark", "medallion")
        .containsEntry("sparkbench.io/records", "100000")
        .containsEntry("sparkbench.io/repetition", "2")
        .containsEntry("sparkbench.io/attempt", "1")
        .containsEntry("spark-role", "driver")
        .containsKey("spark-app-selector");
    assertThat(DriverResources.fromSpec(benchmark, run).pod()).isEqualTo(pod);
  }

  @Test
  void aLaterRoundsRunHasTheSameNamesButAnApplicationIdOfItsOwn() {
    // Its event log is named after the application id; one id for two rounds made Spark refuse the
    // second round's run on lasting storage ("Target log directory already exists").
    DriverResources first = DriverResources.fromSpec(benchmark, run, 1, java.util.Map.of(), null);
    DriverResources second = DriverResources.fromSpec(benchmark, run, 2, java.util.Map.of(), null);

    assertThat(second.pod().getMetadata().getName()).isEqualTo(first.pod().getMetadata().getName());
    assertThat(second.sparkConf().get("spark.app.id"))
        .startsWith("spark-")
        .isNotEqualTo(first.sparkConf().get("spark.app.id"));
    assertThat(second.pod().getMetadata().getLabels().get("spark-app-selector"))
        .isEqualTo(second.sparkConf().get("spark.app.id"));
    assertThat(second.round()).isEqualTo(2);
  }

  @Test
  void driverAndExecutorsRunAsTheNumericSparkUserWithNoPrivileges() throws Exception {
    DriverResources resources = DriverResources.fromSpec(benchmark, run);
    Pod pod = resources.pod();

    assertThat(pod.getSpec().getSecurityContext()).isEqualTo(PodSecurity.pod());
    assertThat(pod.getSpec().getSecurityContext().getRunAsUser()).isEqualTo(185L);
    assertThat(pod.getSpec().getContainers().get(0).getSecurityContext())
        .isEqualTo(PodSecurity.container());
    // the executors' template, read by the driver from its conf folder
    assertThat(resources.sparkConf())
        .containsEntry(
            "spark.kubernetes.executor.podTemplateFile",
            "/opt/spark/conf/executor-pod-template.yaml");
    Pod template =
        io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
            resources.configMap().getData().get(PodSecurity.EXECUTOR_TEMPLATE), Pod.class);
    assertThat(template.getSpec().getSecurityContext()).isEqualTo(PodSecurity.pod());
    assertThat(template.getSpec().getContainers().get(0).getSecurityContext())
        .isEqualTo(PodSecurity.container());
    assertThat(resources.configMap().getData().get("spark.properties"))
        .contains("spark.kubernetes.executor.podTemplateFile");
    assertThat(
            pod.getSpec().getVolumes().stream()
                .filter(v -> v.getConfigMap() != null)
                .flatMap(v -> v.getConfigMap().getItems().stream())
                .map(i -> i.getPath()))
        .contains(PodSecurity.EXECUTOR_TEMPLATE);
    // the image runs as that user too
    assertThat(
            java.nio.file.Files.readString(java.nio.file.Path.of("..", "spark-app", "Dockerfile")))
        .containsPattern("(?m)^ARG UID=" + PodSecurity.SPARK_UID + "$")
        .containsPattern("(?m)^USER \\$\\{UID\\}$");
  }

  @Test
  void schedulingSettingsReachTheDriverPodAndTheExecutorsTemplate() {
    Toleration dedicated =
        new TolerationBuilder()
            .withKey("dedicated")
            .withOperator("Equal")
            .withValue("benchmarks")
            .withEffect("NoSchedule")
            .build();
    for (PodSettings settings : List.<PodSettings>of(spec().driver, spec().executor)) {
      settings.nodeSelector = Map.of("pool", "benchmarks");
      settings.tolerations = List.of(dedicated);
      settings.priorityClassName = "benchmarks";
      settings.labels = Map.of("team", "data", "spark-role", "mine");
      settings.annotations = Map.of("note", "pinned");
    }
    spec().executor.affinity =
        new AffinityBuilder()
            .withNewNodeAffinity()
            .withNewRequiredDuringSchedulingIgnoredDuringExecution()
            .addNewNodeSelectorTerm()
            .addNewMatchExpression()
            .withKey("zone")
            .withOperator("In")
            .withValues("a")
            .endMatchExpression()
            .endNodeSelectorTerm()
            .endRequiredDuringSchedulingIgnoredDuringExecution()
            .endNodeAffinity()
            .build();
    DriverResources resources = DriverResources.fromSpec(benchmark, run);
    Pod executor =
        io.fabric8.kubernetes.client.utils.Serialization.unmarshal(
            resources.configMap().getData().get(PodSecurity.EXECUTOR_TEMPLATE), Pod.class);

    for (Pod pod : List.of(resources.pod(), executor)) {
      assertThat(pod.getSpec().getNodeSelector()).containsEntry("pool", "benchmarks");
      assertThat(pod.getSpec().getTolerations()).containsExactly(dedicated);
      assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("benchmarks");
      assertThat(pod.getMetadata().getLabels()).containsEntry("team", "data");
      assertThat(pod.getMetadata().getAnnotations()).containsEntry("note", "pinned");
      assertThat(pod.getSpec().getSecurityContext()).isEqualTo(PodSecurity.pod());
    }
    assertThat(resources.pod().getMetadata().getLabels())
        .as("Spark's own labels win")
        .containsEntry("spark-role", "driver");
    assertThat(resources.pod().getSpec().getAffinity()).isNull();
    assertThat(executor.getSpec().getAffinity()).isEqualTo(spec().executor.affinity);
  }

  @Test
  void everyObjectIsOwnedByTheBenchmark() {
    DriverResources resources = DriverResources.fromSpec(benchmark, run);

    assertThat(resources.inCreationOrder())
        .extracting(HasMetadata::getKind)
        .containsExactly("ConfigMap", "Pod", "Service");
    for (HasMetadata object : resources.inCreationOrder()) {
      assertThat(object.getMetadata().getOwnerReferences())
          .singleElement()
          .satisfies(
              owner -> {
                assertThat(owner.getKind()).isEqualTo("ScalingBenchmark");
                assertThat(owner.getApiVersion()).isEqualTo("sparkbench.io/v1alpha1");
                assertThat(owner.getName()).isEqualTo("medallion");
                assertThat(owner.getUid()).isEqualTo("uid-medallion");
                assertThat(owner.getController()).isTrue();
              });
      assertThat(object.getMetadata().getLabels())
          .containsEntry("sparkbench.io/benchmark", "medallion");
    }
    assertThat(resources.service().getMetadata().getName())
        .isEqualTo("medallion-100000-r2-a1-driver-svc");
  }

  @Test
  void driverContainerRunsTheBenchmarkWithTheSpecResourcesAndArguments() {
    benchmark.getSpec().driver.memory = "2g";
    benchmark.getSpec().driver.cores = 2;
    benchmark.getSpec().seed = 7L;
    DriverResources resources = DriverResources.fromSpec(benchmark, run);
    Container driver = resources.pod().getSpec().getContainers().get(0);

    assertThat(driver.getName()).isEqualTo("spark-kubernetes-driver");
    assertThat(driver.getImage()).isEqualTo("registry.example/sparkbench/spark-app:0.1.0");
    assertThat(driver.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
    assertThat(driver.getArgs())
        .startsWith("driver", "--properties-file")
        .contains("--class", "io.sparkbench.app.MedallionBenchmark")
        .contains("local:///opt/spark/jars/spark-app.jar")
        .containsSubsequence("--records", "100000", "--seed", "7")
        .containsSubsequence("--report", "/dev/termination-log")
        .containsSubsequence(
            "--data-dir", "file:///var/sparkbench/medallion/medallion-100000-r2-a1");
    assertThat(driver.getResources().getRequests().get("cpu").toString()).isEqualTo("2");
    // 2g heap plus Spark's default overhead of max(10%, 384 MiB)
    assertThat(driver.getResources().getLimits().get("memory").toString()).isEqualTo("2432Mi");
    assertThat(resources.pod().getSpec().getServiceAccountName()).isEqualTo("sparkbench-spark");
    assertThat(resources.sparkConf())
        .containsEntry("spark.executor.instances", "2")
        .containsEntry("spark.executor.memory", "1g")
        .containsEntry("spark.kubernetes.container.image", spec().image)
        .containsEntry("spark.kubernetes.driver.pod.name", "medallion-100000-r2-a1-driver")
        .containsEntry("spark.kubernetes.executor.podNamePrefix", "medallion-100000-r2-a1")
        .containsEntry("spark.kubernetes.executor.label.sparkbench.io/benchmark", "medallion");
    assertThat(resources.configMap().getData().get("spark.properties"))
        .contains("spark.executor.instances=2")
        .contains("spark.kubernetes.driver.pod.name=medallion-100000-r2-a1-driver");
  }

  @Test
  void theDriverCompilesWithC1AndTheExecutorsWithTheJitOfTheLargestCount() {
    benchmark.getSpec().records = List.of(10_000L, 1_000_000L);
    Map<String, String> conf = DriverResources.fromSpec(benchmark, run).sparkConf();

    assertThat(RunSettings.jitOf(List.of(conf.get("spark.driver.defaultJavaOptions").split(" "))))
        .isEqualTo("C1");
    assertThat(RunSettings.jitOf(List.of(conf.get("spark.executor.defaultJavaOptions").split(" "))))
        .isEqualTo("tiered");
    benchmark.getSpec().records = List.of(10_000L, 100_000L);
    conf = DriverResources.fromSpec(benchmark, run).sparkConf();
    assertThat(RunSettings.jitOf(List.of(conf.get("spark.executor.defaultJavaOptions").split(" "))))
        .isEqualTo("C1");
  }

  @Test
  void sparkKubernetesSettingsPassThroughAsWithSparkSubmit() {
    benchmark.getSpec().sparkConf =
        Map.of(
            "spark.kubernetes.container.image.pullPolicy", "Always",
            "spark.kubernetes.driver.secrets.s3-credentials", "/etc/s3",
            "spark.kubernetes.driverEnv.AWS_REGION", "eu-west-1",
            "spark.sql.shuffle.partitions", "8");
    Pod pod = DriverResources.fromSpec(benchmark, run).pod();

    Container driver = pod.getSpec().getContainers().get(0);
    assertThat(driver.getImagePullPolicy()).isEqualTo("Always");
    assertThat(driver.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/etc/s3"));
    assertThat(pod.getSpec().getVolumes())
        .anyMatch(
            v -> v.getSecret() != null && v.getSecret().getSecretName().equals("s3-credentials"));
    assertThat(driver.getEnv())
        .anyMatch(e -> e.getName().equals("AWS_REGION") && e.getValue().equals("eu-west-1"));
    assertThat(
            DriverResources.fromSpec(benchmark, run).configMap().getData().get("spark.properties"))
        .contains("spark.sql.shuffle.partitions=8")
        .contains("spark.authenticate=true");
  }

  @Test
  void storageIsAnEmptyDirByDefaultAClaimOrAUri() {
    Pod emptyDir = DriverResources.fromSpec(benchmark, run).pod();
    assertThat(emptyDir.getSpec().getVolumes())
        .anySatisfy(v -> assertThat(v.getEmptyDir()).isNotNull())
        .anySatisfy(v -> assertThat(v.getName()).isEqualTo("sparkbench-data"));

    benchmark.getSpec().storage.persistentVolumeClaim =
        new ScalingBenchmarkSpec.PersistentVolumeClaim();
    benchmark.getSpec().storage.persistentVolumeClaim.claimName = "bench-data";
    Pod claim = DriverResources.fromSpec(benchmark, run).pod();
    assertThat(claim.getSpec().getVolumes())
        .filteredOn(v -> v.getName().equals("sparkbench-data"))
        .singleElement()
        .satisfies(
            v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("bench-data"));

    benchmark.getSpec().storage = new ScalingBenchmarkSpec.Storage();
    benchmark.getSpec().storage.uri = "s3a://bucket/bench/";
    DriverResources uri = DriverResources.fromSpec(benchmark, run);
    assertThat(uri.pod().getSpec().getVolumes())
        .noneMatch(v -> v.getName().equals("sparkbench-data"));
    assertThat(uri.pod().getSpec().getContainers().get(0).getArgs())
        .containsSubsequence("--data-dir", "s3a://bucket/bench/medallion/medallion-100000-r2-a1");
  }

  @Test
  void eventLogsAreOnByDefaultBesideTheRunsAndCanBeMovedOrTurnedOff() {
    assertThat(driverArgs())
        .containsSubsequence("--event-log-dir", "file:///var/sparkbench/medallion/spark-events");

    benchmark.getSpec().storage.uri = "s3a://bucket/bench/";
    assertThat(driverArgs())
        .containsSubsequence("--event-log-dir", "s3a://bucket/bench/medallion/spark-events");

    benchmark.getSpec().eventLog.dir = "s3a://logs/spark-events/";
    assertThat(driverArgs()).containsSubsequence("--event-log-dir", "s3a://logs/spark-events");

    benchmark.getSpec().eventLog.enabled = false;
    assertThat(driverArgs()).doesNotContain("--event-log-dir");
  }

  /** The driver container's arguments for the current spec. */
  private List<String> driverArgs() {
    return DriverResources.fromSpec(benchmark, run)
        .pod()
        .getSpec()
        .getContainers()
        .get(0)
        .getArgs();
  }

  @Test
  void longNamesAreCutWithAHashAndStayValid() {
    ScalingBenchmark longName =
        Benchmarks.benchmark("bench", "a-very-long-benchmark-name-that-goes-on-and-on", 1L);
    String prefix = DriverNames.prefix("a-very-long-benchmark-name-that-goes-on-and-on", run);

    assertThat(prefix).hasSize(45).matches("[a-z]([-a-z0-9]*[a-z0-9])?");
    assertThat(DriverResources.fromSpec(longName, run).service().getMetadata().getName())
        .isEqualTo(prefix + "-driver-svc")
        .hasSizeLessThanOrEqualTo(63);
    assertThat(
            DriverNames.prefix("a-very-long-benchmark-name-that-goes-on-and-on", run.nextAttempt()))
        .isNotEqualTo(prefix);
  }

  @Test
  void namesThatDifferOnlyByDotsAndDashesGetDifferentPods() {
    String dotted = DriverNames.prefix("team.a", run);
    String dashed = DriverNames.prefix("team-a", run);
    assertThat(dashed).isEqualTo("team-a-100000-r2-a1");
    assertThat(dotted).isNotEqualTo(dashed).matches("[a-z]([-a-z0-9]*[a-z0-9])?");
    assertThat(DriverNames.prefix("7eleven", run))
        .isNotEqualTo(DriverNames.prefix("sb-7eleven", run))
        .startsWith("sb-7eleven-");
  }

  @Test
  void badSparkSettingsAreRefusedWithSparksReason() {
    benchmark.getSpec().sparkConf =
        Map.of("spark.kubernetes.driver.volumes.emptyDir.x.options.sizeLimit", "1Gi");

    assertThatThrownBy(() -> DriverResources.fromSpec(benchmark, run))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Spark refused the configuration: ");
  }

  private ScalingBenchmarkSpec spec() {
    return benchmark.getSpec();
  }
}
