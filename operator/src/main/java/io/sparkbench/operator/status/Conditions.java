package io.sparkbench.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * The two standard conditions. {@code Succeeded}: Unknown while pending, queued or running, True
 * when every run succeeded, False when the benchmark failed. {@code Ready}: True while the
 * benchmark runs or after it succeeded, False while it waits for a slot or after it failed. The
 * transition time changes only when the status does.
 */
public final class Conditions {

  public static final String SUCCEEDED = "Succeeded";
  public static final String READY = "Ready";

  /**
   * With {@code spec.baseline}: whether the latest finished round is slower than its baseline
   * (True), not (False), or cannot be told (Unknown).
   */
  public static final String REGRESSED = "Regressed";

  private Conditions() {}

  public static void set(
      ScalingBenchmarkStatus status,
      String type,
      String value,
      String reason,
      String message,
      Long generation,
      Instant now) {
    Condition existing =
        status.conditions.stream().filter(c -> type.equals(c.getType())).findFirst().orElse(null);
    String transition =
        existing != null && Objects.equals(existing.getStatus(), value)
            ? existing.getLastTransitionTime()
            : now.truncatedTo(ChronoUnit.SECONDS).toString();
    Condition condition =
        new ConditionBuilder()
            .withType(type)
            .withStatus(value)
            .withReason(Messages.reason(reason))
            .withMessage(Messages.bounded(message))
            .withObservedGeneration(generation)
            .withLastTransitionTime(transition)
            .build();
    status.conditions.removeIf(c -> type.equals(c.getType()));
    status.conditions.add(condition);
    status.conditions.sort((a, b) -> a.getType().compareTo(b.getType()));
  }

  public static Condition get(ScalingBenchmarkStatus status, String type) {
    return status.conditions.stream()
        .filter(c -> type.equals(c.getType()))
        .findFirst()
        .orElse(null);
  }
}
