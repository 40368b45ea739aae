package io.sparkbench.operator;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.apiserver.LocalApiServer;
import io.sparkbench.apiserver.RequestFilter;

/**
 * The API server stand-in ({@link LocalApiServer}: fabric8's mock in CRUD mode with garbage
 * collection, resumable watches and optimistic locking) with the CRD installed and the real
 * operator running on it. No kubelet and no scheduler run: the test plays both through {@link
 * FakeKubelet}, moving driver pods to Running and Terminated.
 */
public final class MockCluster implements OperatorCluster {

  private final LocalApiServer server;
  private final KubernetesClient client;
  private final OperatorMain.Running operator;
  private final FakeKubelet kubelet;

  public MockCluster(OperatorConfig config) {
    this(config, RequestFilter.NONE);
  }

  /** With a filter of the test's on the API server's requests, e.g. one that fails chosen ones. */
  public MockCluster(OperatorConfig config, RequestFilter filter) {
    server = LocalApiServer.start(filter);
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

  /** The stand-in has no scheduler: the test writes its condition. */
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
    server.close();
  }
}
