package io.sparkbench.common.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {

  @Test
  void readsEachUnit() {
    assertThat(Durations.parse("t", "250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(Durations.parse("t", "90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("t", "5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Durations.parse("t", "168h")).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.parse("t", "000042s")).isEqualTo(Duration.ofSeconds(42));
  }

  @Test
  void refusesMoreThanSevenDaysAndNeverOverflows() {
    for (String tooLong :
        new String[] {"169h", "604800001ms", "99999999999999999999h", "9223372036854775807m"}) {
      assertThatThrownBy(() -> Durations.parse("spec.timeouts.run", tooLong))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("spec.timeouts.run is '" + tooLong + "': use at most 168h (7 days)");
    }
  }

  @Test
  void refusesOtherFormats() {
    assertThatThrownBy(() -> Durations.parse("spec.timeouts.run", "1h30m"))
        .hasMessage(
            "spec.timeouts.run is '1h30m': use a number and a unit (ms, s, m or h), e.g. 5m");
  }

  @Test
  void theOptionConverterTakesTheSameFormatAndSaysWhatToWrite() {
    Durations.Converter converter = new Durations.Converter();
    assertThat(converter.convert("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThatThrownBy(() -> converter.convert("soon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("is 'soon': use a number and a unit (ms, s, m or h), e.g. 5m");
    assertThatThrownBy(() -> converter.convert("169h"))
        .hasMessage("is '169h': use at most 168h (7 days)");
  }
}
