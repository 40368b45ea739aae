package io.sparkbench.apiserver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Kubernetes label selector with both equality-based ({@code a=b}, {@code a!=b}) and set-based
 * ({@code a in (x,y)}, {@code a notin (x)}, {@code a}, {@code !a}) requirements. The mock API
 * server understands only the first kind and silently drops the others, so the local API server
 * evaluates selectors that contain set-based requirements itself.
 */
record LabelSelector(List<Requirement> requirements) {

  enum Operator {
    EQUALS,
    NOT_EQUALS,
    IN,
    NOT_IN,
    EXISTS,
    DOES_NOT_EXIST
  }

  record Requirement(String key, Operator operator, Set<String> values) {
    boolean matches(Map<String, String> labels) {
      String value = labels.get(key);
      return switch (operator) {
        case EQUALS, IN -> value != null && values.contains(value);
        case NOT_EQUALS, NOT_IN -> value == null || !values.contains(value);
        case EXISTS -> value != null;
        case DOES_NOT_EXIST -> value == null;
      };
    }
  }

  /** Parses a selector as it appears in the decoded {@code labelSelector} query parameter. */
  static LabelSelector parse(String selector) {
    List<Requirement> requirements = new ArrayList<>();
    for (String part : splitTopLevel(selector)) {
      String text = part.trim();
      if (!text.isEmpty()) {
        requirements.add(requirement(text));
      }
    }
    return new LabelSelector(List.copyOf(requirements));
  }

  boolean matches(Map<String, String> labels) {
    Map<String, String> actual = labels == null ? Map.of() : labels;
    return requirements.stream().allMatch(r -> r.matches(actual));
  }

  /** True when a requirement needs set-based evaluation that the mock would ignore. */
  boolean hasSetBasedRequirement() {
    return requirements.stream()
        .anyMatch(r -> r.operator() == Operator.IN || r.operator() == Operator.NOT_IN);
  }

  private static Requirement requirement(String text) {
    if (text.startsWith("!")) {
      return new Requirement(text.substring(1).trim(), Operator.DOES_NOT_EXIST, Set.of());
    }
    int open = text.indexOf('(');
    if (open > 0) {
      if (!text.endsWith(")")) {
        throw new IllegalArgumentException("unbalanced parentheses in label selector: " + text);
      }
      String[] head = text.substring(0, open).trim().split("\\s+");
      if (head.length != 2) {
        throw new IllegalArgumentException("bad set-based label requirement: " + text);
      }
      Operator operator =
          switch (head[1]) {
            case "in" -> Operator.IN;
            case "notin" -> Operator.NOT_IN;
            default -> throw new IllegalArgumentException("unknown operator in: " + text);
          };
      Set<String> values = new java.util.LinkedHashSet<>();
      for (String value : text.substring(open + 1, text.length() - 1).split(",")) {
        if (!value.isBlank()) {
          values.add(value.trim());
        }
      }
      return new Requirement(head[0], operator, Set.copyOf(values));
    }
    int notEquals = text.indexOf("!=");
    if (notEquals > 0) {
      return new Requirement(
          text.substring(0, notEquals).trim(),
          Operator.NOT_EQUALS,
          Set.of(text.substring(notEquals + 2).trim()));
    }
    int equals = text.indexOf('=');
    if (equals > 0) {
      int valueStart = text.startsWith("==", equals) ? equals + 2 : equals + 1;
      return new Requirement(
          text.substring(0, equals).trim(),
          Operator.EQUALS,
          Set.of(text.substring(valueStart).trim()));
    }
    return new Requirement(text, Operator.EXISTS, Set.of());
  }

  /** Splits on commas outside parentheses. */
  private static List<String> splitTopLevel(String selector) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < selector.length(); i++) {
      char c = selector.charAt(i);
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(selector.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(selector.substring(start));
    return parts;
  }
}
