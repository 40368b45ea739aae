package io.sparkbench.operator;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.util.HashMap;

/**
 * The fabric8 mock API server in CRUD mode with the CRD installed and the real operator running on
 * it. The test plays the kubelet: it moves driver pods to Running and Terminated.
 */
public final class MockCluster implements OperatorCluster {

  private final KubernetesMockServer server;
  private final NamespacedKubernetesClient client;
  private final OperatorMain.Running operator;
  private final FakeKubelet kubelet;

  public MockCluster(OperatorConfig config) {
    this(config, new KubernetesCrudDispatcher());
  }

  /** With a dispatcher of the test's, e.g. one that fails chosen requests. */
  public MockCluster(OperatorConfig config, KubernetesCrudDispatcher dispatcher) {
    server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init();
    client = server.createClient();
    CustomResourceDefinition crd =
        client.apiextensions().v1().customResourceDefinitions().load(CRD.toFile()).item();
    client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
    operator = OperatorMain.start(client, config);
    kubelet = new FakeKubelet(client);
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public OperatorMain.Running operator() {
    return operator;
  }

  @Override
  public FakeKubelet kubelet() {
    return kubelet;
  }

  /** The mock has no scheduler: the test writes its condition. */
  @Override
  public void leaveUnscheduled(String namespace, String pod) {
    kubelet.unschedulable(namespace, pod, unschedulableMessage());
  }

  @Override
  public String unschedulableMessage() {
    return "0/3 nodes are available: 3 Insufficient memory.";
  }

  @Override
  public void close() {
    operator.close();
    client.close();
    server.destroy();
  }
}
