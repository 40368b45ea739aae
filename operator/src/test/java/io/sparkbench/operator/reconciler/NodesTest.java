package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A run's node is read once a few minutes, and a node the operator may not read is unknown. */
@EnableKubernetesMockClient
class NodesTest {

  private static final Instant NOW = Instant.parse("2026-12-07T02:00:00Z");

  KubernetesMockServer server;
  KubernetesClient client;

  private final Nodes nodes = new Nodes();

  @Test
  void aNodeIsReadOnceWhileItIsKept() {
    server
        .expect()
        .get()
        .withPath("/api/v1/nodes/node-a")
        .andReturn(
            200,
            new NodeBuilder()
                .withNewMetadata()
                .withName("node-a")
                .addToLabels("node.kubernetes.io/instance-type", "m5.xlarge")
                .endMetadata()
                .build())
        .times(2);

    assertThat(nodes.get(client, "node-a", NOW).getMetadata().getLabels())
        .containsEntry("node.kubernetes.io/instance-type", "m5.xlarge");
    assertThat(nodes.get(client, "node-a", NOW.plus(Nodes.KEEP).minusSeconds(1))).isNotNull();
    assertThat(server.getRequestCount()).isEqualTo(1);

    nodes.get(client, "node-a", NOW.plus(Nodes.KEEP));
    assertThat(server.getRequestCount()).as("read again once it is old").isEqualTo(2);
  }

  @Test
  void aNodeTheOperatorMayNotReadIsUnknownAndNotAskedForAgainAtOnce() {
    server
        .expect()
        .get()
        .withPath("/api/v1/nodes/node-b")
        .andReturn(
            403,
            new StatusBuilder()
                .withCode(403)
                .withReason("Forbidden")
                .withMessage("nodes \"node-b\" is forbidden")
                .build())
        .always();

    assertThat(nodes.get(client, "node-b", NOW)).isNull();
    assertThat(nodes.get(client, "node-b", NOW.plusSeconds(10))).isNull();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aMissingNodeOrNoNodeNameIsUnknownAndNeverThrows() {
    assertThat(nodes.get(client, "gone", NOW)).isNull();
    assertThat(nodes.get(client, null, NOW)).isNull();
    assertThat(nodes.get(client, " ", NOW)).isNull();
  }
}
