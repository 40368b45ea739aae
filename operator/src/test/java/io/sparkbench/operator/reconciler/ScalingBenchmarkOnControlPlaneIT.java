package io.sparkbench.operator.reconciler;

import io.sparkbench.controlplane.ControlPlane;
import io.sparkbench.controlplane.RealControlPlaneTest;
import io.sparkbench.operator.ControlPlaneCluster;
import io.sparkbench.operator.OperatorCluster;

/**
 * The operator's lifecycle on the real control plane: the CRD's schema, defaults and status
 * subresource, garbage collection and the scheduler are Kubernetes' own.
 */
@RealControlPlaneTest
class ScalingBenchmarkOnControlPlaneIT extends ReconcilerContract {

  private final ControlPlane controlPlane;

  ScalingBenchmarkOnControlPlaneIT(ControlPlane controlPlane) {
    this.controlPlane = controlPlane;
  }

  @Override
  OperatorCluster startCluster() {
    return new ControlPlaneCluster(controlPlane, CONFIG);
  }
}
