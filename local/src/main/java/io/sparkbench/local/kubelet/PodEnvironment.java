package io.sparkbench.local.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment of a pod's container as a kubelet resolves it: literal values with {@code $(VAR)}
 * references expanded, {@code fieldRef}s (the pod IP is 127.0.0.1 in the local cluster), {@code
 * resourceFieldRef}s and ConfigMap or Secret keys.
 */
final class PodEnvironment {

  /** The address of every pod in the local cluster. */
  static final String POD_IP = "127.0.0.1";

  private static final Pattern REFERENCE =
      Pattern.compile("\\$(\\$|\\(([A-Za-z_][A-Za-z0-9_.-]*)\\))");
  private static final Pattern LABEL = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)']");

  private PodEnvironment() {}

  /**
   * Resolves the first container's environment.
   *
   * @param keyLookup finds a ConfigMap ({@code configmap}) or Secret ({@code secret}) key: called
   *     with the kind and {@code name/key}; returns null when absent
   */
  static Map<String, String> resolve(Pod pod, BiFunction<String, String, String> keyLookup) {
    Container container = pod.getSpec().getContainers().get(0);
    Map<String, String> env = new LinkedHashMap<>();
    if (container.getEnv() == null) {
      return env;
    }
    for (EnvVar var : container.getEnv()) {
      String value;
      if (var.getValueFrom() != null) {
        value = fromSource(pod, container, var.getValueFrom(), keyLookup);
      } else {
        value = expand(var.getValue() == null ? "" : var.getValue(), env);
      }
      if (value != null) {
        env.put(var.getName(), value);
      }
    }
    return env;
  }

  /** Expands {@code $(NAME)} references to already defined variables, as Kubernetes does. */
  static String expand(String value, Map<String, String> env) {
    Matcher m = REFERENCE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = m.group(2) == null ? "$" : env.getOrDefault(m.group(2), m.group());
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String fromSource(
      Pod pod,
      Container container,
      EnvVarSource source,
      BiFunction<String, String, String> keyLookup) {
    if (source.getFieldRef() != null) {
      return field(pod, source.getFieldRef().getFieldPath());
    }
    if (source.getResourceFieldRef() != null) {
      String resource = source.getResourceFieldRef().getResource();
      var resources = container.getResources();
      var quantities =
          resources == null
              ? null
              : resource.startsWith("limits.") ? resources.getLimits() : resources.getRequests();
      var quantity =
          quantities == null ? null : quantities.get(resource.substring(resource.indexOf('.') + 1));
      return quantity == null ? "0" : quantity.toString();
    }
    if (source.getConfigMapKeyRef() != null) {
      var ref = source.getConfigMapKeyRef();
      return keyLookup.apply("configmap", ref.getName() + "/" + ref.getKey());
    }
    if (source.getSecretKeyRef() != null) {
      var ref = source.getSecretKeyRef();
      return keyLookup.apply("secret", ref.getName() + "/" + ref.getKey());
    }
    return null;
  }

  static String field(Pod pod, String path) {
    var metadata = pod.getMetadata();
    switch (path) {
      case "metadata.name":
        return metadata.getName();
      case "metadata.namespace":
        return metadata.getNamespace();
      case "metadata.uid":
        return metadata.getUid();
      case "status.podIP", "status.hostIP":
        return POD_IP;
      case "status.podIPs", "status.hostIPs":
        return POD_IP;
      case "spec.nodeName":
        return pod.getSpec().getNodeName() != null ? pod.getSpec().getNodeName() : "local";
      case "spec.serviceAccountName":
        return pod.getSpec().getServiceAccountName();
      default:
        Matcher m = LABEL.matcher(path);
        if (m.matches()) {
          Map<String, String> values =
              m.group(1).equals("labels") ? metadata.getLabels() : metadata.getAnnotations();
          return values == null ? null : values.get(m.group(2));
        }
        return null;
    }
  }
}
