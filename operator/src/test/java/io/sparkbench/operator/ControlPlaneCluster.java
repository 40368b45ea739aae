package io.sparkbench.operator;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.sparkbench.controlplane.ControlPlane;
import java.time.Duration;

/**
 * The real control plane (kube-apiserver, etcd, controller-manager, scheduler) with the committed
 * CRD installed and the real operator running on it as the admin user; no node, so the test plays
 * the kubelet and the real scheduler reports every pod Unschedulable.
 */
public final class ControlPlaneCluster implements OperatorCluster {

  private final KubernetesClient client;
  private final OperatorMain.Running operator;
  private final FakeKubelet kubelet;

  public ControlPlaneCluster(ControlPlane controlPlane, OperatorConfig config) {
    client = controlPlane.adminClient();
    installCrd(client);
    operator = OperatorMain.start(client, config);
    kubelet = new FakeKubelet(client);
  }

  /**
   * Creates the committed CRD, or takes it over from whoever installed it (such as Helm), and waits
   * until it is Established.
   */
  public static CustomResourceDefinition installCrd(KubernetesClient client) {
    CustomResourceDefinition crd =
        client.apiextensions().v1().customResourceDefinitions().load(CRD.toFile()).item();
    client.resource(crd).fieldValidation(Validation.STRICT).forceConflicts().serverSideApply();
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> client.resource(crd).get(),
            c ->
                c.getStatus() != null
                    && c.getStatus().getConditions().stream()
                        .anyMatch(
                            x ->
                                x.getType().equals("Established") && x.getStatus().equals("True")));
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

  /** The real scheduler finds no node and writes the condition itself. */
  @Override
  public void leaveUnscheduled(String namespace, String pod) {}

  @Override
  public String unschedulableMessage() {
    return "no nodes available to schedule pods";
  }

  @Override
  public void close() {
    operator.close();
    client.close();
  }
}
