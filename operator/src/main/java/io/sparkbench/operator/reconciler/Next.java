package io.sparkbench.operator.reconciler;

import java.time.Duration;

/** When a step wants the benchmark reconciled again without an event; {@code null} for never. */
record Next(Duration after) {

  static final Duration MIN = Duration.ofMillis(200);

  static Next waitForEvents() {
    return new Next(null);
  }

  static Next after(Duration duration) {
    return new Next(duration.compareTo(MIN) < 0 ? MIN : duration);
  }

  /** The earlier of two wishes. */
  Next orSooner(Next other) {
    if (after == null) {
      return other;
    }
    if (other.after == null) {
      return this;
    }
    return after.compareTo(other.after) <= 0 ? this : other;
  }
}
