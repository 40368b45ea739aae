package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScheduleTest {

  @Test
  void nightlyInATimeZone() {
    // 02:00 in Seoul (UTC+9) is 17:00 UTC the day before
    Schedule nightly = Schedule.of("0 2 * * *", "Asia/Seoul");
    assertThat(nightly.after(Instant.parse("2026-12-07T12:00:00Z")))
        .contains(Instant.parse("2026-12-07T17:00:00Z"));
    assertThat(nightly.after(Instant.parse("2026-12-07T17:00:00Z")))
        .contains(Instant.parse("2026-12-08T17:00:00Z"));
  }

  @Test
  void everyMinuteAndNicknamesInUtc() {
    assertThat(Schedule.of("* * * * *", null).after(Instant.parse("2026-12-07T12:00:30Z")))
        .contains(Instant.parse("2026-12-07T12:01:00Z"));
    assertThat(Schedule.of("@daily", null).after(Instant.parse("2026-12-07T12:00:30Z")))
        .contains(Instant.parse("2026-12-08T00:00:00Z"));
    assertThat(Schedule.of("@hourly", "UTC").after(Instant.parse("2026-12-07T12:00:30Z")))
        .contains(Instant.parse("2026-12-07T13:00:00Z"));
  }

  @Test
  void badSchedulesSayWhatToGive() {
    assertThatThrownBy(() -> Schedule.of("every night", null))
        .hasMessageStartingWith("spec.schedule 'every night' is not a cron schedule: give five")
        .hasMessageContaining("@daily");
    assertThatThrownBy(() -> Schedule.of("0 2 * * * *", null))
        .hasMessageStartingWith("spec.schedule '0 2 * * * *' is not a cron schedule");
    assertThatThrownBy(() -> Schedule.of("61 2 * * *", null))
        .hasMessageStartingWith("spec.schedule '61 2 * * *' is not a cron schedule");
    assertThatThrownBy(() -> Schedule.of("0 2 * * *", "Mars/Olympus"))
        .hasMessage(
            "spec.timeZone 'Mars/Olympus' is not a time zone: use an IANA name such as Asia/Seoul");
  }
}
