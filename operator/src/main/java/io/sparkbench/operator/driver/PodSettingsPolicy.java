package io.sparkbench.operator.driver;

import io.fabric8.kubernetes.api.model.Toleration;
import io.sparkbench.api.v1.PodSettings;
import io.sparkbench.operator.status.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a benchmark may put on its pods through {@code spec.driver} and {@code spec.executor}
 * ({@link PodSettings}): labels and annotations with well-formed keys outside the reserved
 * prefixes, and tolerations of named taints only. Reserved are the prefixes Kubernetes, its
 * container runtimes, Spark and the operator act on: {@code kubernetes.io} and {@code k8s.io} (and
 * their subdomains: Pod Security, AppArmor, seccomp, the chart's {@code app.kubernetes.io}
 * selectors), {@code sparkbench.io}, Spark's own {@code spark-*} labels, and reverse-DNS runtime
 * prefixes ({@code io.kubernetes.cri-o.*}, {@code io.containerd.*}, {@code run.oci.*}); of those,
 * only the cluster autoscaler's {@code safe-to-evict} annotation is allowed. Priority classes are
 * checked against the operator's allow-list elsewhere, with its configuration.
 */
public final class PodSettingsPolicy {

  /** The longest annotation value. */
  public static final int MAX_ANNOTATION_VALUE = 4096;

  private static final Pattern NAME =
      Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
  private static final Pattern PREFIX =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern LABEL_VALUE =
      Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");
  private static final List<String> RESERVED_DOMAINS =
      List.of("kubernetes.io", "k8s.io", "sparkbench.io", "spark.apache.org");
  private static final List<String> RUNTIME_PREFIXES = List.of("io.", "run.oci");

  /** Keys under a reserved prefix that only ask the cluster to leave a pod alone. */
  private static final List<String> ALLOWED_RESERVED_ANNOTATIONS =
      List.of("cluster-autoscaler.kubernetes.io/safe-to-evict");

  private PodSettingsPolicy() {}

  /** One line per refused label, annotation or toleration of {@code settings} at {@code field}. */
  public static List<String> problems(String field, PodSettings settings) {
    List<String> problems = new ArrayList<>();
    if (settings == null) {
      return problems;
    }
    if (settings.labels != null) {
      new TreeMap<>(settings.labels)
          .forEach(
              (key, value) -> {
                String why = keyProblem(key);
                if (why == null && value != null && !LABEL_VALUE.matcher(value).matches()) {
                  why = "its value is not a label value (at most 63 letters, digits, -, _ and .)";
                }
                if (why != null) {
                  problems.add(
                      field + ".labels '" + Messages.excerpt(key) + "' is refused: " + why);
                }
              });
    }
    if (settings.annotations != null) {
      new TreeMap<>(settings.annotations)
          .forEach(
              (key, value) -> {
                String why = ALLOWED_RESERVED_ANNOTATIONS.contains(key) ? null : keyProblem(key);
                if (why == null && value != null && value.length() > MAX_ANNOTATION_VALUE) {
                  why = "its value is longer than " + MAX_ANNOTATION_VALUE + " characters";
                }
                if (why != null) {
                  problems.add(
                      field + ".annotations '" + Messages.excerpt(key) + "' is refused: " + why);
                }
              });
    }
    if (settings.tolerations != null) {
      for (Toleration toleration : settings.tolerations) {
        String key = toleration == null ? null : toleration.getKey();
        if (key == null || key.isEmpty()) {
          problems.add(
              field
                  + ".tolerations: a toleration without a key tolerates every taint; name the"
                  + " taint's key");
        } else if (reservedDomain(prefix(key))) {
          problems.add(
              field
                  + ".tolerations '"
                  + Messages.excerpt(key)
                  + "' is refused: taints under kubernetes.io and k8s.io keep pods off nodes that"
                  + " are not ready, cordoned or reserved for the control plane");
        }
      }
    }
    return problems;
  }

  /** Why a label or annotation key is refused, or null when it is allowed. */
  private static String keyProblem(String key) {
    if (key == null || key.isEmpty()) {
      return "a key must not be empty";
    }
    int slash = key.indexOf('/');
    String prefix = slash < 0 ? "" : key.substring(0, slash);
    String name = slash < 0 ? key : key.substring(slash + 1);
    if (!NAME.matcher(name).matches()
        || (slash >= 0 && (prefix.length() > 253 || !PREFIX.matcher(prefix).matches()))) {
      return "not a Kubernetes key ([prefix/]name, the name at most 63 letters, digits, -, _ and"
          + " .)";
    }
    if (reservedDomain(prefix)) {
      return "the prefix "
          + prefix
          + " is reserved for Kubernetes, Spark and the operator; use a prefix of your own";
    }
    if (RUNTIME_PREFIXES.stream().anyMatch(prefix::startsWith)) {
      return "the prefix " + prefix + " is a container runtime's; use a prefix of your own";
    }
    if (prefix.isEmpty() && name.startsWith("spark-")) {
      return "spark-* names are Spark's own labels; use another name";
    }
    return null;
  }

  private static String prefix(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? "" : key.substring(0, slash);
  }

  private static boolean reservedDomain(String prefix) {
    return RESERVED_DOMAINS.stream()
        .anyMatch(domain -> prefix.equals(domain) || prefix.endsWith("." + domain));
  }
}
