package io.sparkbench.local.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.sparkbench.api.settings.ClassDataArchive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodLaunchTest {

  @TempDir Path root;

  private PodLaunch.Host host() {
    return new PodLaunch.Host(
        "/jdk/bin/java",
        "/cp/a.jar:/cp/b.jar",
        List.of("--add-opens=x"),
        "http://127.0.0.1:1234",
        root.resolve("hosts"),
        null);
  }

  @Test
  void driverRunsSparkSubmitInClientModeAgainstTheLocalApiServer() throws Exception {
    Pod pod = driverPod();
    PodFiles files = new PodFiles(root, pod);
    Path conf =
        files.volumeDir(pod.getSpec().getVolumes().get(0), "spark-conf-volume-driver", "ns");
    Files.createDirectories(conf);
    Files.writeString(
        conf.resolve("spark.properties"),
        "spark.driver.memory=3g\n"
            + "spark.jars=local:///opt/spark/jars/app.jar\n"
            + "spark.local.dir=/var/data/spark-local\n");
    // A class-path resource in it: the folder goes on the class path, first.
    Files.writeString(conf.resolve("log4j2.properties"), "rootLogger.level = warn\n");
    Map<String, String> env =
        Map.of("SPARK_CONF_DIR", "/opt/spark/conf", "SPARK_DRIVER_BIND_ADDRESS", "127.0.0.1");

    PodLaunch launch = PodLaunch.of(pod, files, env, host());

    List<String> command = launch.command();
    assertThat(command.get(0)).isEqualTo("/jdk/bin/java");
    assertThat(command)
        .contains("--add-opens=x", "-Xmx3g", "-Djdk.net.hosts.file=" + root.resolve("hosts"))
        .containsSubsequence("-cp", conf + ":/cp/a.jar:/cp/b.jar", PodLaunch.SUBMIT_CLASS)
        .containsSubsequence("--deploy-mode", "client")
        .containsSubsequence("--conf", "spark.master=k8s://http://127.0.0.1:1234")
        .containsSubsequence("--conf", "spark.kubernetes.driver.master=http://127.0.0.1:1234")
        .containsSubsequence("--conf", "spark.driver.port=0")
        .containsSubsequence("--conf", "spark.blockManager.port=0")
        .containsSubsequence("--conf", "spark.driver.blockManager.port=0")
        // The image's jar is not on the host: the class path has the classes, no jar is passed.
        .containsSubsequence("--conf", "spark.jars=")
        .containsSubsequence(
            "--properties-file",
            conf.resolve("spark.properties").toString(),
            "--class",
            "io.sparkbench.app.MedallionBenchmark",
            PodLaunch.NO_RESOURCE,
            "--records",
            "2000",
            "--report",
            files.terminationMessage().toString(),
            "--data-dir",
            root.resolve("ns/driver/rootfs/var/sparkbench").toString());
    assertThat(String.join(" ", command)).doesNotContain("/dev/termination-log", " /opt/spark");
    assertThat(launch.environment()).containsEntry("SPARK_CONF_DIR", conf.toString());
    assertThat(launch.workingDirectory())
        .isEqualTo(root.resolve("ns/driver/rootfs/opt/spark/work-dir"));
  }

  @Test
  void executorRunsTheBackendWithTheImagesEnvironmentContract() {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("exec-1")
            .withNamespace("ns")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("spark-kubernetes-executor")
            .withArgs("executor")
            .endContainer()
            .endSpec()
            .build();
    Map<String, String> env =
        Map.ofEntries(
            Map.entry("SPARK_DRIVER_URL", "spark://CoarseGrainedScheduler@svc.ns.svc:41234"),
            Map.entry("SPARK_EXECUTOR_ID", "1"),
            Map.entry("SPARK_EXECUTOR_CORES", "2"),
            Map.entry("SPARK_APPLICATION_ID", "spark-app"),
            Map.entry("SPARK_EXECUTOR_POD_IP", "127.0.0.1"),
            Map.entry("SPARK_RESOURCE_PROFILE_ID", "0"),
            Map.entry("SPARK_EXECUTOR_POD_NAME", "exec-1"),
            Map.entry("SPARK_EXECUTOR_MEMORY", "1024m"),
            Map.entry("SPARK_JAVA_OPT_10", "-Dten"),
            Map.entry("SPARK_JAVA_OPT_2", "-Dtwo"),
            Map.entry("SPARK_JAVA_OPT_0", "-Dzero"),
            Map.entry("SPARK_LOCAL_DIRS", "/var/data/spark-1,/var/data/spark-2"));

    PodLaunch launch = PodLaunch.of(pod, new PodFiles(root, pod), env, host());

    assertThat(launch.command())
        .containsSubsequence("-Dzero", "-Dtwo", "-Dten", "-Xms1024m", "-Xmx1024m", "-cp")
        .containsSubsequence(
            PodLaunch.EXECUTOR_CLASS,
            "--driver-url",
            "spark://CoarseGrainedScheduler@svc.ns.svc:41234",
            "--executor-id",
            "1",
            "--cores",
            "2",
            "--app-id",
            "spark-app",
            "--hostname",
            "127.0.0.1",
            "--resourceProfileId",
            "0",
            "--podName",
            "exec-1");
    assertThat(launch.environment().get("SPARK_LOCAL_DIRS"))
        .isEqualTo(
            root.resolve("ns/exec-1/rootfs/var/data/spark-1")
                + ","
                + root.resolve("ns/exec-1/rootfs/var/data/spark-2"));
  }

  @Test
  void refusesContainersThatAreNotSparkDriversOrExecutors() {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("web")
            .withNamespace("ns")
            .endMetadata()
            .withNewSpec()
            .addNewContainer()
            .withName("c")
            .withCommand("nginx")
            .endContainer()
            .endSpec()
            .build();

    assertThatThrownBy(() -> PodLaunch.of(pod, new PodFiles(root, pod), Map.of(), host()))
        .isInstanceOf(PodLaunch.UnsupportedPodException.class)
        .hasMessageContaining("driver and executor");
  }

  @Test
  void hostsFileResolvesServicesLocalhostAndTheMachine() {
    String hosts =
        HostsFile.content(
            List.of(
                new ServiceBuilder()
                    .withNewMetadata()
                    .withName("app-driver-svc")
                    .withNamespace("ns")
                    .endMetadata()
                    .build()),
            "myhost");

    assertThat(hosts)
        .contains("127.0.0.1 localhost myhost")
        .contains(
            "127.0.0.1 app-driver-svc app-driver-svc.ns app-driver-svc.ns.svc"
                + " app-driver-svc.ns.svc.cluster.local");
  }

  private static Pod driverPod() {
    return new PodBuilder()
        .withNewMetadata()
        .withName("driver")
        .withNamespace("ns")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("spark-kubernetes-driver")
        .withArgs(
            "driver",
            "--properties-file",
            "/opt/spark/conf/spark.properties",
            "--class",
            "io.sparkbench.app.MedallionBenchmark",
            "local:///opt/spark/jars/app.jar",
            "--records",
            "2000",
            "--report",
            "/dev/termination-log",
            "--data-dir",
            "/var/sparkbench")
        .addNewVolumeMount()
        .withName("spark-conf-volume-driver")
        .withMountPath("/opt/spark/conf")
        .endVolumeMount()
        .endContainer()
        .addNewVolume()
        .withName("spark-conf-volume-driver")
        .withNewConfigMap()
        .withName("cm")
        .endConfigMap()
        .endVolume()
        .endSpec()
        .build();
  }

  @Test
  void theFirstJvmOfAKindWritesItsArchiveAndLaterOnesMapIt() throws Exception {
    Path cds = root.resolve(".cds");
    Path jar = Files.writeString(root.resolve("app.jar"), "classes");
    PodLaunch.Host host =
        new PodLaunch.Host(
            "/jdk/bin/java",
            jar.toString(),
            List.of("--add-opens=x"),
            "http://127.0.0.1:1234",
            root.resolve("hosts"),
            cds);
    Pod pod = driverPod();
    PodFiles files = new PodFiles(root, pod);
    // The driver's configuration volume, as Spark fills it: read by path, not from the class path.
    Path conf =
        files.volumeDir(pod.getSpec().getVolumes().get(0), "spark-conf-volume-driver", "ns");
    Files.createDirectories(conf);
    Files.writeString(conf.resolve("spark.properties"), "spark.driver.memory=1g\n");
    Files.writeString(conf.resolve("executor-pod-template.yaml"), "kind: Pod\n");
    Map<String, String> env = Map.of("SPARK_CONF_DIR", "/opt/spark/conf");

    PodLaunch first = PodLaunch.of(pod, files, env, host);

    assertThat(first.archiveTraining()).isNotNull();
    assertThat(first.command()).containsSubsequence("-cp", jar.toString(), PodLaunch.SUBMIT_CLASS);
    assertThat(first.command())
        .contains("-XX:ArchiveClassesAtExit=" + first.archiveTraining())
        .noneMatch(o -> o.startsWith("-XX:SharedArchiveFile"));
    Files.writeString(first.archiveTraining(), "archive");
    first.archive().keep(first.archiveTraining(), true);

    PodLaunch later = PodLaunch.of(pod, files, env, host);

    assertThat(later.archiveTraining()).isNull();
    assertThat(later.command())
        .contains("-XX:SharedArchiveFile=" + later.archive().existing(), "-Xshare:auto")
        .noneMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit"));
    assertThat(later.archive().existing().getFileName().toString()).startsWith("driver-");
  }

  @Test
  void aFreshWorkDirMapsTheArchivesTheBuildLeftBesideTheJar() throws Exception {
    Path target = Files.createDirectories(root.resolve("local").resolve("target"));
    Path jar = Files.writeString(target.resolve("sparkbench.jar"), "classes");
    // What mvn package leaves: its training cluster's pods wrote an archive per kind beside the
    // jar.
    Path built = PodLaunch.archiveDir(jar.toString(), root.resolve("build").resolve("pods"));
    assertThat(built).isEqualTo(target.resolve("cds"));
    for (String kind : List.of("driver", "executor")) {
      ClassDataArchive archive = ClassDataArchive.of(built, kind, List.of(jar));
      Path training = archive.newTrainingFile();
      Files.writeString(training, "archive");
      archive.keep(training, true);
    }
    Path freshPods = root.resolve("fresh-work-dir").resolve("pods");
    Path archiveDir = PodLaunch.archiveDir(jar.toString(), freshPods);

    assertThat(PodLaunch.archivesToWrite(jar.toString(), archiveDir))
        .as("nothing to train before the first measured run")
        .isEmpty();
    Pod pod = driverPod();
    PodLaunch launch =
        PodLaunch.of(
            pod,
            new PodFiles(freshPods, pod),
            Map.of(),
            new PodLaunch.Host(
                "/jdk/bin/java",
                jar.toString(),
                List.of("--add-opens=x"),
                "http://127.0.0.1:1234",
                freshPods.resolve("hosts"),
                archiveDir));
    assertThat(launch.archiveTraining()).isNull();
    assertThat(launch.command())
        .anyMatch(o -> o.startsWith("-XX:SharedArchiveFile=" + target.resolve("cds")))
        .noneMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit"));

    // A rebuilt jar matches none of them: the first run trains again.
    Files.writeString(jar, "other classes");
    assertThat(PodLaunch.archivesToWrite(jar.toString(), archiveDir))
        .containsExactly("driver", "executor");
  }

  @Test
  void aClassPathThatStartsWithAFolderKeepsItsArchivesInTheWorkDir() throws Exception {
    Path classes = Files.createDirectories(root.resolve("classes"));
    Path jar = Files.writeString(root.resolve("app.jar"), "classes");

    assertThat(PodLaunch.archiveDir(classes + ":" + jar, root.resolve("pods")))
        .isEqualTo(root.resolve("pods").resolve(".cds"));
    assertThat(PodLaunch.archiveDir(root.resolve("missing.jar").toString(), root.resolve("pods")))
        .isEqualTo(root.resolve("pods").resolve(".cds"));
  }

  @Test
  void aClassPathWithAFolderOfFilesGetsNoArchive() throws Exception {
    Path classes = Files.createDirectories(root.resolve("classes"));
    Files.writeString(classes.resolve("A.class"), "x");
    PodLaunch.Host host =
        new PodLaunch.Host(
            "/jdk/bin/java",
            classes.toString(),
            List.of("--add-opens=x"),
            "http://127.0.0.1:1234",
            root.resolve("hosts"),
            root.resolve(".cds"));
    Pod pod = driverPod();

    PodLaunch launch = PodLaunch.of(pod, new PodFiles(root, pod), Map.of(), host);

    assertThat(launch.archiveTraining()).isNull();
    assertThat(launch.command()).noneMatch(o -> o.contains("Archive"));
  }
}
