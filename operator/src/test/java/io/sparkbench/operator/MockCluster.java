package io.sparkbench.operator;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.sparkbench.app.result.BenchmarkResult;
import io.sparkbench.app.result.ResultCodec;
import io.sparkbench.operator.model.ScalingBenchmark;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;

/**
 * The fabric8 mock API server in CRUD mode with the CRD installed and the real operator running on
 * it. The test plays the kubelet: it moves driver pods to Running and Terminated.
 */
public final class MockCluster implements AutoCloseable {

  public final KubernetesMockServer server;
  public final NamespacedKubernetesClient client;
  public final OperatorMain.Running operator;

  public MockCluster(OperatorConfig config) {
    server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(),
            false);
    server.init();
    client = server.createClient();
    CustomResourceDefinition crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .load(Path.of("..", "crds", "scalingbenchmarks.sparkbench.io-v1.yml").toFile())
            .item();
    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    operator = OperatorMain.start(client, config);
  }

  public ScalingBenchmark create(ScalingBenchmark benchmark) {
    benchmark.getMetadata().setUid(null);
    benchmark.getMetadata().setGeneration(null);
    return client.resource(benchmark).create();
  }

  public ScalingBenchmark get(String namespace, String name) {
    return client.resources(ScalingBenchmark.class).inNamespace(namespace).withName(name).get();
  }

  public Pod awaitPod(String namespace, String name) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> client.pods().inNamespace(namespace).withName(name).get(), p -> p != null);
  }

  public List<Pod> pods(String namespace) {
    return client.pods().inNamespace(namespace).list().getItems();
  }

  /** The kubelet started the driver container. */
  public void running(String namespace, String pod) {
    setStatus(
        namespace,
        pod,
        new PodStatusBuilder()
            .withPhase("Running")
            .addToContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("spark-kubernetes-driver")
                    .withReady(true)
                    .withState(new ContainerStateBuilder().withNewRunning().endRunning().build())
                    .build())
            .build());
  }

  /** The driver container ended with this exit code, reason and termination message. */
  public void terminated(
      String namespace, String pod, int exitCode, String reason, String message) {
    setStatus(
        namespace,
        pod,
        new PodStatusBuilder()
            .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
            .addToContainerStatuses(
                new ContainerStatusBuilder()
                    .withName("spark-kubernetes-driver")
                    .withState(
                        new ContainerStateBuilder()
                            .withNewTerminated()
                            .withExitCode(exitCode)
                            .withReason(reason)
                            .withMessage(message)
                            .endTerminated()
                            .build())
                    .build())
            .build());
  }

  /** The driver ran and wrote {@code result} to its termination message. */
  public void succeeded(String namespace, String pod, BenchmarkResult result) {
    running(namespace, pod);
    terminated(namespace, pod, 0, "Completed", ResultCodec.toJson(result));
  }

  /** The scheduler found no node for the pod. */
  public void unschedulable(String namespace, String pod, String message) {
    setStatus(
        namespace,
        pod,
        new PodStatusBuilder()
            .withPhase("Pending")
            .addToConditions(
                new PodConditionBuilder()
                    .withType("PodScheduled")
                    .withStatus("False")
                    .withReason("Unschedulable")
                    .withMessage(message)
                    .build())
            .build());
  }

  private void setStatus(String namespace, String pod, PodStatus status) {
    client
        .pods()
        .inNamespace(namespace)
        .withName(pod)
        .editStatus(
            p -> {
              p.setStatus(status);
              return p;
            });
  }

  @Override
  public void close() {
    operator.close();
    client.close();
    server.destroy();
  }
}
