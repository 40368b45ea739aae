package io.sparkbench.operator.driver;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.sparkbench.api.result.HistoryLine;
import io.sparkbench.api.run.RunId;
import io.sparkbench.api.v1.ScalingBenchmark;
import java.util.ArrayList;
import java.util.List;

/**
 * What a driver is told about its place in the benchmark, for the line it appends to the history:
 * the benchmark, its round, the run's repetition and attempt, and its node (from the downward API).
 * Added to the driver pod when the run starts, since the round is not part of the spec the pod is
 * built from.
 */
public final class RunEnvironment {

  private RunEnvironment() {}

  /** The benchmark's history folder, or null when its storage does not outlive a pod. */
  public static String historyFolder(ScalingBenchmark benchmark) {
    return AppArguments.historyFolder(benchmark);
  }

  /**
   * {@code object} with the run's environment in its driver container when it is the driver pod and
   * the benchmark keeps a history; otherwise {@code object} itself.
   */
  public static HasMetadata addTo(
      HasMetadata object, ScalingBenchmark benchmark, RunId run, int round) {
    if (!(object instanceof Pod pod) || historyFolder(benchmark) == null) {
      return object;
    }
    List<EnvVar> env =
        List.of(
            value(
                HistoryLine.ENV_BENCHMARK,
                benchmark.getMetadata().getNamespace() + "/" + benchmark.getMetadata().getName()),
            value(HistoryLine.ENV_ROUND, Integer.toString(round)),
            value(HistoryLine.ENV_REPETITION, Integer.toString(run.repetition())),
            value(HistoryLine.ENV_ATTEMPT, Integer.toString(run.attempt())),
            new EnvVarBuilder()
                .withName(HistoryLine.ENV_NODE)
                .withNewValueFrom()
                .withNewFieldRef()
                .withFieldPath("spec.nodeName")
                .endFieldRef()
                .endValueFrom()
                .build());
    PodBuilder builder = new PodBuilder(pod);
    List<io.fabric8.kubernetes.api.model.Container> containers = new ArrayList<>();
    for (var container : pod.getSpec().getContainers()) {
      if (container.getName().equals(DriverResources.DRIVER_CONTAINER)) {
        container = new ContainerBuilder(container).addAllToEnv(env).build();
      }
      containers.add(container);
    }
    return builder.editSpec().withContainers(containers).endSpec().build();
  }

  private static EnvVar value(String name, String value) {
    return new EnvVarBuilder().withName(name).withValue(value).build();
  }
}
