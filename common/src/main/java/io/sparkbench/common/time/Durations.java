package io.sparkbench.common.time;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Parses the spec's durations: a number and a unit, {@code ms}, {@code s}, {@code m} or {@code h},
 * at most {@link #MAX} (as the CRD's rule says). The commands' duration options take the same
 * format through {@link Converter}.
 */
public final class Durations {

  private static final Pattern FORMAT = Pattern.compile("^([0-9]+)(ms|s|m|h)$");

  /** The longest duration the spec takes: 7 days (168h). */
  public static final Duration MAX = Duration.ofDays(7);

  private Durations() {}

  /**
   * @throws IllegalArgumentException naming the field and the expected format
   */
  public static Duration parse(String field, String value) {
    try {
      return parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + " " + e.getMessage(), e);
    }
  }

  /**
   * @throws IllegalArgumentException saying what to write instead, worded to follow the name of
   *     what was given ({@code is '1h30m': use ...})
   */
  private static Duration parse(String value) {
    Matcher m = value == null ? null : FORMAT.matcher(value.trim());
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException(
          "is '" + value + "': use a number and a unit (ms, s, m or h), e.g. 5m");
    }
    String digits = m.group(1).replaceFirst("^0+(?=.)", "");
    // more than 12 digits exceeds 7 days in every unit, and would overflow the arithmetic below
    Duration duration =
        digits.length() > 12
            ? MAX.plusMillis(1)
            : switch (m.group(2)) {
              case "ms" -> Duration.ofMillis(Long.parseLong(digits));
              case "s" -> Duration.ofSeconds(Long.parseLong(digits));
              case "m" -> Duration.ofMinutes(Long.parseLong(digits));
              default -> Duration.ofHours(Long.parseLong(digits));
            };
    if (duration.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("is '" + value + "': use at most 168h (7 days)");
    }
    return duration;
  }

  /**
   * A picocli converter for options that take a duration. Its message follows the option's name, as
   * {@code OneLineErrors} prints it: {@code --timeout is 'soon': use ...}.
   */
  public static final class Converter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return parse(value);
    }
  }
}
