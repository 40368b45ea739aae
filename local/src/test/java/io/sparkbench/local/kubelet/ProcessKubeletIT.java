package io.sparkbench.local.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.apiserver.LocalApiServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kubelet's lifecycle with tiny programs as the driver's main class (spark-submit runs any main
 * class): exit codes and termination messages become the pod's status, and deleting a pod stops its
 * process.
 */
class ProcessKubeletIT {

  @TempDir static Path dir;
  private static LocalApiServer server;
  private static KubernetesClient client;
  private static ProcessKubelet kubelet;

  /** Writes its second argument to the file named by the first and exits with the third. */
  public static final class Exit {
    public static void main(String[] args) throws Exception {
      Files.writeString(Path.of(args[0]), args[1]);
      System.out.println("exiting with " + args[2]);
      System.exit(Integer.parseInt(args[2]));
    }
  }

  /** Runs until it is stopped. */
  public static final class Sleep {
    public static void main(String[] args) throws Exception {
      System.out.println("sleeping");
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  @BeforeAll
  static void start() {
    server = LocalApiServer.start();
    client = server.createClient();
    kubelet = new ProcessKubelet(client, dir.resolve("pods"), Duration.ofSeconds(10)).start();
  }

  @AfterAll
  static void stop() {
    try {
      kubelet.close();
    } finally {
      client.close();
      server.close();
    }
  }

  @Test
  void exitCodeAndTerminationMessageBecomeThePodStatus() throws Exception {
    client
        .pods()
        .resource(driver("fails", Exit.class, "/dev/termination-log", "{\"why\":\"test\"}", "3"))
        .create();

    Pod pod = awaitPhase("fails", "Failed");

    ContainerStateTerminated terminated =
        pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getExitCode()).isEqualTo(3);
    assertThat(terminated.getReason()).isEqualTo("Error");
    assertThat(terminated.getMessage()).isEqualTo("{\"why\":\"test\"}");
    assertThat(terminated.getFinishedAt()).isNotBlank();
    assertThat(pod.getStatus().getPodIP()).isEqualTo("127.0.0.1");
    assertThat(Files.readString(kubelet.log("default", "fails"))).contains("exiting with 3");
  }

  @Test
  void deletingAPodStopsItsProcess() {
    client.pods().resource(driver("sleeps", Sleep.class)).create();
    awaitPhase("sleeps", "Running");
    PodRun running = run("sleeps");
    assertThat(running.started()).isNotNull();

    client.pods().withName("sleeps").delete();

    await().atMost(Duration.ofSeconds(20)).until(() -> run("sleeps").finished() != null);
    assertThat(run("sleeps").exitCode()).isNotZero();
  }

  @Test
  void aProcessKilledOutsideTheKubeletFailsItsPod() {
    client.pods().resource(driver("killed", Sleep.class)).create();
    awaitPhase("killed", "Running");
    long pid = run("killed").pid();

    // As the kernel's OOM killer or an operator's kill -9 would: the pod object stays.
    assertThat(ProcessHandle.of(pid))
        .hasValueSatisfying(p -> assertThat(p.destroyForcibly()).isTrue());

    Pod pod = awaitPhase("killed", "Failed");
    ContainerStateTerminated terminated =
        pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getExitCode()).isEqualTo(137);
    assertThat(terminated.getReason()).isEqualTo("Error");
    assertThat(run("killed").exitCode()).isEqualTo(137);
  }

  @Test
  void aContainerThatIsNotSparkFailsToStart() {
    client
        .pods()
        .resource(
            new PodBuilder()
                .withNewMetadata()
                .withName("web")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage("nginx")
                .withCommand("nginx")
                .endContainer()
                .endSpec()
                .build())
        .create();

    Pod pod = awaitPhase("web", "Failed");

    ContainerStateTerminated terminated =
        pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getReason()).isEqualTo("StartError");
    assertThat(terminated.getMessage()).contains("driver and executor");
  }

  private static Pod driver(String name, Class<?> main, String... args) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("spark-kubernetes-driver")
        .withImage("sparkbench/spark-app:local")
        .addToArgs("driver", "--class", main.getName(), "spark-internal")
        .addToArgs(args)
        .endContainer()
        .endSpec()
        .build();
  }

  private static Pod awaitPhase(String name, String phase) {
    return await("pod " + name + " " + phase)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> client.pods().withName(name).get(),
            p -> p != null && p.getStatus() != null && phase.equals(p.getStatus().getPhase()));
  }

  private static PodRun run(String name) {
    return kubelet.runs().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
  }
}
