package io.sparkbench.operator.status;

import io.sparkbench.api.result.Failure;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;

/**
 * Bounds every text the operator writes where users read it (status.error, conditions, Events,
 * logs): one line, no control characters, at most {@link #MAX_LENGTH} characters. Problems are
 * listed up to what fits, then "… and 2,999 more". A tenant's spec can hold thousands of refused
 * keys; its status must still be far below what etcd accepts.
 */
public final class Messages {

  /** The longest message: Kubernetes' own limit for an Event's note. */
  public static final int MAX_LENGTH = 1024;

  /** The longest reason, as a condition's reason allows. */
  public static final int MAX_REASON_LENGTH = 128;

  private static final String SEPARATOR = "; ";

  private Messages() {}

  /** {@code text} on one line without control characters, cut to {@link #MAX_LENGTH}. */
  public static String bounded(String text) {
    if (text == null) {
      return null;
    }
    String line = oneLine(text);
    if (line.length() <= MAX_LENGTH) {
      return line;
    }
    String more = " … (" + count(line.length() - MAX_LENGTH) + " more characters)";
    int cut = MAX_LENGTH - more.length();
    if (Character.isHighSurrogate(line.charAt(cut - 1))) {
      cut--;
    }
    return line.substring(0, cut) + more;
  }

  /**
   * The problems joined with "; " as far as they fit in {@link #MAX_LENGTH}, then "… and N more";
   * each problem is cut itself if it alone is too long.
   */
  public static String list(List<String> problems) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < problems.size(); i++) {
      String problem = oneLine(problems.get(i));
      int left = problems.size() - i - 1;
      String tail = left == 0 ? "" : more(left);
      String candidate = (text.length() == 0 ? "" : SEPARATOR) + problem;
      if (text.length() + candidate.length() + tail.length() > MAX_LENGTH) {
        if (text.length() == 0) {
          return bounded(problem + tail);
        }
        return text + more(problems.size() - i);
      }
      text.append(candidate);
    }
    return text.toString();
  }

  /** A tenant's text quoted in a message: at most 100 characters of it, then "…". */
  public static String excerpt(String text) {
    if (text == null) {
      return "null";
    }
    return text.length() <= 100 ? text : text.substring(0, 100) + "…";
  }

  /** The failure with its reason and message bounded as {@link #reason} and {@link #bounded}. */
  public static Failure bounded(Failure failure) {
    return new Failure(reason(failure.reason()), bounded(failure.message()));
  }

  /** A condition or Event reason: CamelCase letters and digits, at most 128 of them. */
  public static String reason(String reason) {
    if (reason == null) {
      return null;
    }
    String cleaned = reason.replaceAll("[^A-Za-z0-9]", "");
    if (cleaned.isEmpty()) {
      cleaned = "Unknown";
    }
    return cleaned.length() > MAX_REASON_LENGTH ? cleaned.substring(0, MAX_REASON_LENGTH) : cleaned;
  }

  /** Line breaks and tabs become one space; other control and format characters are dropped. */
  static String oneLine(String text) {
    StringBuilder line = new StringBuilder(Math.min(text.length(), MAX_LENGTH * 4));
    boolean space = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || c == '\r' || c == '\t' || c == '\u2028' || c == '\u2029') {
        space = true;
        continue;
      }
      int type = Character.getType(c);
      if (type == Character.CONTROL || type == Character.FORMAT) {
        continue;
      }
      if (space) {
        if (line.length() > 0 && line.charAt(line.length() - 1) != ' ') {
          line.append(' ');
        }
        space = false;
      }
      if (c == ' ' && line.length() > 0 && line.charAt(line.length() - 1) == ' ') {
        continue;
      }
      line.append(c);
    }
    return line.toString().strip();
  }

  private static String more(int problems) {
    return SEPARATOR + "… and " + count(problems) + " more";
  }

  private static String count(long n) {
    return NumberFormat.getIntegerInstance(Locale.ROOT).format(n);
  }
}
