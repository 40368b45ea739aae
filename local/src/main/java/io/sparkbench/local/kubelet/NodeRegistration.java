package io.sparkbench.local.kubelet;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkbench.controlplane.Binaries;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link LocalNode}'s membership of the cluster, as a kubelet keeps it: the Node object with its
 * capacity, addresses and conditions, its Lease in {@code kube-node-lease} renewed every {@link
 * #RENEW_INTERVAL}, and the Ready condition's heartbeat. Closing it removes the Node, so pods are
 * no longer scheduled to a machine whose kubelet has stopped.
 */
final class NodeRegistration implements AutoCloseable {

  static final String LEASE_NAMESPACE = "kube-node-lease";
  static final Duration RENEW_INTERVAL = Duration.ofSeconds(10);
  static final int LEASE_DURATION_SECONDS = 40;

  /** The kubelet version the Node reports: this is not a kubelet of any Kubernetes release. */
  static final String KUBELET_VERSION = "v0.0.0-sparkbench-process-kubelet";

  private static final Logger LOG = LoggerFactory.getLogger(NodeRegistration.class);

  private final KubernetesClient client;
  private final LocalNode node;
  private final Instant started = Instant.now();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "process-kubelet-node");
            thread.setDaemon(true);
            return thread;
          });

  NodeRegistration(KubernetesClient client, LocalNode node) {
    this.client = client;
    this.node = node;
  }

  /** Creates (or takes over) the Node and its Lease, then keeps both fresh. */
  NodeRegistration register() {
    Node desired = desired();
    Node existing = client.nodes().withName(node.name()).get();
    if (existing == null) {
      client.nodes().resource(desired).create();
    } else {
      client.nodes().withName(node.name()).patch(PatchContext.of(PatchType.JSON_MERGE), metadata());
    }
    patchStatus(desired);
    renew();
    timer.scheduleWithFixedDelay(
        this::heartbeat,
        RENEW_INTERVAL.toMillis(),
        RENEW_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
    LOG.info(
        "Node {} registered: {} CPUs, {} MiB, images {}",
        node.name(),
        node.cpus(),
        node.memoryBytes() >> 20,
        node.images());
    return this;
  }

  private void heartbeat() {
    try {
      renew();
      patchStatus(desired());
    } catch (KubernetesClientException e) {
      // The API server may be restarting; the next heartbeat tries again.
      LOG.debug("node {} heartbeat not written: {}", node.name(), e.getMessage());
    }
  }

  private void renew() {
    ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    Lease lease = client.leases().inNamespace(LEASE_NAMESPACE).withName(node.name()).get();
    if (lease == null) {
      Node current = client.nodes().withName(node.name()).get();
      client
          .leases()
          .inNamespace(LEASE_NAMESPACE)
          .resource(
              new LeaseBuilder()
                  .withNewMetadata()
                  .withName(node.name())
                  .withNamespace(LEASE_NAMESPACE)
                  .addNewOwnerReference()
                  .withApiVersion("v1")
                  .withKind("Node")
                  .withName(node.name())
                  .withUid(current == null ? null : current.getMetadata().getUid())
                  .endOwnerReference()
                  .endMetadata()
                  .withNewSpec()
                  .withHolderIdentity(node.name())
                  .withLeaseDurationSeconds(LEASE_DURATION_SECONDS)
                  .withRenewTime(now)
                  .endSpec()
                  .build())
          .create();
    } else {
      client
          .leases()
          .inNamespace(LEASE_NAMESPACE)
          .withName(node.name())
          .edit(
              l -> {
                l.getSpec().setHolderIdentity(node.name());
                l.getSpec().setRenewTime(now);
                return l;
              });
    }
  }

  private void patchStatus(Node desired) {
    client
        .nodes()
        .withName(node.name())
        .subresource("status")
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            Serialization.asJson(Map.of("status", desired.getStatus())));
  }

  private String metadata() {
    return Serialization.asJson(Map.of("metadata", Map.of("labels", labels())));
  }

  private Map<String, String> labels() {
    return Map.of(
        "kubernetes.io/hostname",
        node.name(),
        "kubernetes.io/os",
        "linux",
        "kubernetes.io/arch",
        Binaries.arch(),
        "sparkbench.io/process-kubelet",
        "true");
  }

  Node desired() {
    Map<String, Quantity> resources =
        Map.of(
            "cpu", new Quantity(Integer.toString(node.cpus())),
            "memory", new Quantity(Long.toString(node.memoryBytes())),
            "pods", new Quantity(Integer.toString(LocalNode.MAX_PODS)));
    String now =
        DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    String since = DateTimeFormatter.ISO_INSTANT.format(started.truncatedTo(ChronoUnit.SECONDS));
    return new NodeBuilder()
        .withNewMetadata()
        .withName(node.name())
        .withLabels(labels())
        .endMetadata()
        .withNewStatus()
        .withCapacity(resources)
        .withAllocatable(resources)
        .withAddresses(
            new NodeAddressBuilder()
                .withType("InternalIP")
                .withAddress(PodEnvironment.POD_IP)
                .build(),
            new NodeAddressBuilder().withType("Hostname").withAddress(node.name()).build())
        .withConditions(
            condition("MemoryPressure", "False", "KubeletHasSufficientMemory", now, since),
            condition("DiskPressure", "False", "KubeletHasNoDiskPressure", now, since),
            condition("PIDPressure", "False", "KubeletHasSufficientPID", now, since),
            condition("Ready", "True", "KubeletReady", now, since))
        .withNewNodeInfo()
        .withKubeletVersion(KUBELET_VERSION)
        .withContainerRuntimeVersion("process://java-" + System.getProperty("java.version"))
        .withOperatingSystem("linux")
        .withArchitecture(Binaries.arch())
        .withKernelVersion(System.getProperty("os.version"))
        .withOsImage(System.getProperty("os.name"))
        .withMachineID("")
        .withSystemUUID("")
        .withBootID("")
        .withKubeProxyVersion("")
        .endNodeInfo()
        .endStatus()
        .build();
  }

  private static NodeCondition condition(
      String type, String status, String reason, String heartbeat, String since) {
    return new NodeConditionBuilder()
        .withType(type)
        .withStatus(status)
        .withReason(reason)
        .withMessage(
            type.equals("Ready")
                ? "the process kubelet runs pods as local JVMs"
                : "the process kubelet does not measure pressure")
        .withLastHeartbeatTime(heartbeat)
        .withLastTransitionTime(since)
        .build();
  }

  /** Stops the heartbeat and removes the Node (its Lease goes with it, by owner reference). */
  @Override
  public void close() {
    timer.shutdownNow();
    try {
      client.nodes().withName(node.name()).delete();
      client.leases().inNamespace(LEASE_NAMESPACE).withName(node.name()).delete();
    } catch (KubernetesClientException e) {
      LOG.debug("node {} not removed: {}", node.name(), e.getMessage());
    }
  }
}
