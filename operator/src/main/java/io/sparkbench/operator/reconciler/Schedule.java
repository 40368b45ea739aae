package io.sparkbench.operator.reconciler;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code spec.schedule} and {@code spec.timeZone}: five-field cron expressions as a CronJob takes
 * them (or one of their nicknames), read by cron-utils, and the next time they name.
 */
final class Schedule {

  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  /** The nicknames a CronJob takes, as the expressions they stand for. */
  private static final Map<String, String> NICKNAMES =
      Map.of(
          "@yearly", "0 0 1 1 *",
          "@annually", "0 0 1 1 *",
          "@monthly", "0 0 1 * *",
          "@weekly", "0 0 * * 0",
          "@daily", "0 0 * * *",
          "@midnight", "0 0 * * *",
          "@hourly", "0 * * * *");

  private final ExecutionTime times;
  private final ZoneId zone;

  private Schedule(ExecutionTime times, ZoneId zone) {
    this.times = times;
    this.zone = zone;
  }

  /**
   * The schedule, or an exception whose message says in one line what is wrong with it.
   *
   * @throws IllegalArgumentException for an expression or a time zone that cannot be read
   */
  static Schedule of(String schedule, String timeZone) {
    ZoneId zone;
    try {
      zone = timeZone == null ? ZoneOffset.UTC : ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "spec.timeZone '"
              + timeZone
              + "' is not a time zone: use an IANA name such as Asia/Seoul");
    }
    String expression = schedule.trim();
    String nickname = NICKNAMES.get(expression.toLowerCase(Locale.ROOT));
    try {
      Cron cron = PARSER.parse(nickname != null ? nickname : expression);
      return new Schedule(ExecutionTime.forCron(cron.validate()), zone);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "spec.schedule '"
              + schedule
              + "' is not a cron schedule: give five fields (minute hour day-of-month month"
              + " day-of-week, e.g. '0 2 * * *') or one of "
              + String.join(", ", NICKNAMES.keySet().stream().sorted().toList()));
    }
  }

  /** The first time after {@code after} the schedule names, if any. */
  Optional<Instant> after(Instant after) {
    return times.nextExecution(after.atZone(zone)).map(t -> t.toInstant());
  }
}
