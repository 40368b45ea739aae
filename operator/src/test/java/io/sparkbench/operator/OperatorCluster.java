package io.sparkbench.operator;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.controlplane.Namespaces;
import io.sparkbench.operator.driver.SparkServiceAccount;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * An API server with the CRD installed and the real operator running on it, where the test plays
 * the kubelet ({@link #kubelet()}): the fabric8 mock ({@link MockCluster}) or a real control plane
 * ({@link ControlPlaneCluster}).
 */
public interface OperatorCluster extends AutoCloseable {

  /** The committed CRD, which every implementation installs. */
  Path CRD = Path.of("..", "crds", "scalingbenchmarks.sparkbench.io-v1.yml");

  KubernetesClient client();

  OperatorMain.Running operator();

  FakeKubelet kubelet();

  /**
   * Leaves the pod without a node: where a real scheduler runs it says so itself, elsewhere the
   * test writes the condition the scheduler would.
   */
  void leaveUnscheduled(String namespace, String pod);

  /** The message of the scheduler's Unschedulable condition for a pod no node can take. */
  String unschedulableMessage();

  @Override
  void close();

  /**
   * Creates the benchmark, its namespace unless it exists (a real API server refuses objects in a
   * missing one) and its drivers' service account as the chart would (the operator refuses other
   * accounts, and a real API server's ServiceAccount admission refuses pods whose account is
   * missing).
   */
  default ScalingBenchmark create(ScalingBenchmark benchmark) {
    String namespace = benchmark.getMetadata().getNamespace();
    Namespaces.ensure(client(), namespace);
    SparkServiceAccount.apply(client(), namespace, benchmark.getSpec().serviceAccount);
    return client().resource(Benchmarks.unsaved(benchmark)).create();
  }

  default ScalingBenchmark get(String namespace, String name) {
    return client().resources(ScalingBenchmark.class).inNamespace(namespace).withName(name).get();
  }

  default Pod awaitPod(String namespace, String name) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> client().pods().inNamespace(namespace).withName(name).get(), p -> p != null);
  }

  default List<Pod> pods(String namespace) {
    return client().pods().inNamespace(namespace).list().getItems();
  }
}
