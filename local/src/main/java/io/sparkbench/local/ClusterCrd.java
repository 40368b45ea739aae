package io.sparkbench.local;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.sparkbench.operator.ServedCrd;
import java.util.concurrent.TimeUnit;

/**
 * The ScalingBenchmark CRD a local cluster starts with: this build's generated one ({@link
 * ServedCrd#bundled}), created on the embedded API server (which starts empty) and applied on a
 * real control plane (which a test may share, holding an older build's CRD).
 */
public final class ClusterCrd {

  private ClusterCrd() {}

  /** Creates the CRD on a new, empty API server. */
  static void create(KubernetesClient client) {
    client
        .apiextensions()
        .v1()
        .customResourceDefinitions()
        .resource(ServedCrd.bundled(client))
        .create();
  }

  /**
   * Creates the CRD, or updates it to this build's, and waits until it is Established: until then a
   * real API server refuses ScalingBenchmarks.
   */
  public static void apply(KubernetesClient client) {
    client.resource(ServedCrd.bundled(client)).forceConflicts().serverSideApply();
    try {
      client
          .apiextensions()
          .v1()
          .customResourceDefinitions()
          .withName("scalingbenchmarks.sparkbench.io")
          .waitUntilCondition(
              crd ->
                  crd != null
                      && crd.getStatus() != null
                      && crd.getStatus().getConditions() != null
                      && crd.getStatus().getConditions().stream()
                          .anyMatch(
                              c ->
                                  c.getType().equals("Established")
                                      && c.getStatus().equals("True")),
              30,
              TimeUnit.SECONDS);
    } catch (KubernetesClientTimeoutException e) {
      throw new IllegalStateException("the ScalingBenchmark CRD was not Established within 30s");
    }
  }
}
