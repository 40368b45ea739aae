package io.sparkbench.operator.driver;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.sparkbench.api.v1.PodSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/** Puts a spec's {@link PodSettings} on a pod, as a pod template file would. */
final class PodPlacement {

  private PodPlacement() {}

  /**
   * The pod with the settings' node selector, tolerations, affinity and priority class, and their
   * labels and annotations under the pod's own (which win on a clash).
   */
  static Pod apply(Pod pod, PodSettings settings) {
    if (settings == null) {
      return pod;
    }
    PodBuilder builder =
        new PodBuilder(pod)
            .editOrNewMetadata()
            .withLabels(
                under(
                    settings.labels,
                    pod.getMetadata() == null ? null : pod.getMetadata().getLabels()))
            .withAnnotations(
                under(
                    settings.annotations,
                    pod.getMetadata() == null ? null : pod.getMetadata().getAnnotations()))
            .endMetadata()
            .editOrNewSpec()
            .withNodeSelector(
                under(
                    settings.nodeSelector,
                    pod.getSpec() == null ? null : pod.getSpec().getNodeSelector()))
            .endSpec();
    if (settings.tolerations != null) {
      builder.editSpec().addAllToTolerations(settings.tolerations).endSpec();
    }
    if (settings.affinity != null) {
      builder.editSpec().withAffinity(settings.affinity).endSpec();
    }
    if (settings.priorityClassName != null) {
      builder.editSpec().withPriorityClassName(settings.priorityClassName).endSpec();
    }
    return builder.build();
  }

  /** {@code extra} with {@code own} over it; null when both are empty. */
  private static Map<String, String> under(Map<String, String> extra, Map<String, String> own) {
    Map<String, String> merged = new LinkedHashMap<>();
    if (extra != null) {
      merged.putAll(extra);
    }
    if (own != null) {
      merged.putAll(own);
    }
    return merged.isEmpty() ? null : merged;
  }
}
