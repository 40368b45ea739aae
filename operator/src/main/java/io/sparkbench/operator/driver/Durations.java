package io.sparkbench.operator.driver;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the spec's durations: a number and a unit, {@code ms}, {@code s}, {@code m} or {@code h}.
 */
public final class Durations {

  private static final Pattern FORMAT = Pattern.compile("^([0-9]+)(ms|s|m|h)$");

  private Durations() {}

  /**
   * @throws IllegalArgumentException naming the field and the expected format
   */
  public static Duration parse(String field, String value) {
    Matcher m = value == null ? null : FORMAT.matcher(value.trim());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(
          field + " is '" + value + "': use a number and a unit (ms, s, m or h), e.g. 5m");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }
}
