package io.sparkbench.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * Where a Spark pod (the driver, or every executor) is scheduled and what it carries besides
 * Spark's own labels: what users of spark-submit set through pod template files, which the operator
 * writes itself.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PodSettings {

  @Size(max = 20)
  @JsonPropertyDescription("Node labels the pod must run on (nodeSelector).")
  public Map<String, String> nodeSelector;

  @Size(max = 20)
  @JsonPropertyDescription("Taints of nodes the pod tolerates.")
  public List<Toleration> tolerations;

  @JsonPropertyDescription("Node and pod affinity of the pod.")
  public Affinity affinity;

  @Pattern(ScalingBenchmarkSpec.DNS_NAME_PATTERN)
  @JsonPropertyDescription("PriorityClass of the pod.")
  public String priorityClassName;

  @Size(max = 20)
  @JsonPropertyDescription(
      "Labels of the pod, besides the operator's and Spark's own (which win on a clash).")
  public Map<String, String> labels;

  @Size(max = 20)
  @JsonPropertyDescription("Annotations of the pod.")
  public Map<String, String> annotations;
}
