package io.sparkbench.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The node runs pods as real containers: in the JRE base image, with the memory limit of the spec
 * as a kernel cgroup limit, cluster DNS and the API server's Service IP, logs and exec through the
 * API server, and the kernel's OOM killer.
 */
@RealNodeTest
class RealNodeIT {

  private static final String NAMESPACE = "node-harness";
  private static final String BASE_IMAGE = "localhost/sparkbench/jre-base:17-bookworm";

  private static KubernetesClient client;

  @BeforeAll
  static void connect(RealNode node) {
    client = node.controlPlane().adminClient();
    Namespaces.ensure(client, NAMESPACE);
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  @Test
  void aContainerSeesItsMemoryLimitAndReachesTheApiServerByItsServiceName(RealNode node) {
    Pod pod =
        run(
            "probe",
            "64Mi",
            "echo limit=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes);"
                + " sa=/var/run/secrets/kubernetes.io/serviceaccount;"
                + " curl -sS --max-time 20 --cacert $sa/ca.crt"
                + " -H \"Authorization: Bearer $(cat $sa/token)\""
                + " https://kubernetes.default.svc/version");
    ContainerStateTerminated ended = terminated(pod);
    String log = client.pods().inNamespace(NAMESPACE).withName("probe").getLog();
    assertThat(ended.getExitCode()).as(log).isZero();
    assertThat(log)
        .contains("limit=" + 64 * 1024 * 1024)
        .contains("\"gitVersion\": \"v" + node.controlPlane().kubernetesVersion() + "\"");
    assertThat(pod.getSpec().getNodeName()).isEqualTo(RealNode.NAME);
    assertThat(pod.getStatus().getPodIP()).startsWith("10.254.0.");
  }

  @Test
  void aContainerOverItsMemoryLimitIsKilledByTheKernel() {
    Pod pod = run("hungry", "32Mi", "x=x; while true; do x=$x$x; done");
    ContainerStateTerminated ended = terminated(pod);
    assertThat(ended.getReason()).isEqualTo("OOMKilled");
    assertThat(ended.getExitCode()).isEqualTo(137);
  }

  @Test
  void kubectlExecRunsInTheContainer(RealNode node) {
    client
        .pods()
        .inNamespace(NAMESPACE)
        .resource(pod("sleeper", "32Mi", "echo started; sleep 600"))
        .create();
    client.pods().inNamespace(NAMESPACE).withName("sleeper").waitUntilReady(2, TimeUnit.MINUTES);
    assertThat(
            node.controlPlane()
                .kubectl()
                .run("exec", "-n", NAMESPACE, "sleeper", "--", "cat", "/etc/os-release"))
        .contains("bookworm");
    client.pods().inNamespace(NAMESPACE).withName("sleeper").withGracePeriod(0).delete();
  }

  private static Pod run(String name, String memory, String script) {
    client.pods().inNamespace(NAMESPACE).resource(pod(name, memory, script)).create();
    return client
        .pods()
        .inNamespace(NAMESPACE)
        .withName(name)
        .waitUntilCondition(
            p -> p != null && List.of("Succeeded", "Failed").contains(p.getStatus().getPhase()),
            3,
            TimeUnit.MINUTES);
  }

  private static Pod pod(String name, String memory, String script) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .addNewContainer()
        .withName("main")
        .withImage(BASE_IMAGE)
        .withImagePullPolicy("Never")
        .withCommand("bash", "-c", script)
        .withNewResources()
        .withLimits(Map.of("memory", new Quantity(memory)))
        .endResources()
        .endContainer()
        .endSpec()
        .build();
  }

  private static ContainerStateTerminated terminated(Pod pod) {
    return pod.getStatus().getContainerStatuses().get(0).getState().getTerminated();
  }
}
