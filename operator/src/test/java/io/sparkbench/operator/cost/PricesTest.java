package io.sparkbench.operator.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PricesTest {

  @TempDir Path dir;

  @Test
  void readsYamlWithPricesPerInstanceTypeThatFallBackToTheDefaults() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("prices.yaml"),
            """
            currency: USD
            coreHour: 0.0400
            gibHour: 0.0050
            instanceTypes:
              m5.xlarge: {coreHour: 0.0480, gibHour: 0.0060}
              m6g.large:
                coreHour: 0.0300
            """);

    Prices prices = Prices.read(file);

    assertThat(prices.currency()).isEqualTo("USD");
    assertThat(prices.of(null)).isEqualTo(new Prices.Rates(0.04, 0.005));
    assertThat(prices.of("c5.large")).isEqualTo(new Prices.Rates(0.04, 0.005));
    assertThat(prices.of("m5.xlarge")).isEqualTo(new Prices.Rates(0.048, 0.006));
    assertThat(prices.of("m6g.large"))
        .as("the GiB-hour the entry leaves out is the default's")
        .isEqualTo(new Prices.Rates(0.03, 0.005));
  }

  @Test
  void readsJsonToo() {
    assertThat(Prices.parse("{\"currency\": \"EUR\", \"coreHour\": 1, \"gibHour\": 0}"))
        .isEqualTo(new Prices("EUR", 1, 0, java.util.Map.of()));
  }

  @Test
  void aBadTableIsOneLineSayingWhatToFix() {
    assertThatThrownBy(() -> Prices.parse("currency: USD\ncoreHour: -0.04\ngibHour: 0.005"))
        .hasMessage("coreHour is -0.04: a price must be a number of 0 or more");
    assertThatThrownBy(() -> Prices.parse("currency: USD\ncoreHour: 0.04\ngibHour: cheap"))
        .hasMessage("gibHour is 'cheap': a price must be a number of 0 or more");
    assertThatThrownBy(() -> Prices.parse("currency: USD\ncorehour: 0.04\ngibHour: 0.005"))
        .hasMessage("unknown key 'corehour' (known: currency, coreHour, gibHour, instanceTypes)");
    assertThatThrownBy(
            () ->
                Prices.parse(
                    "{currency: USD, coreHour: 0.04, gibHour: 0.005,"
                        + " instanceTypes: {m5.xlarge: {memHour: 1}}}"))
        .hasMessage("unknown key 'instanceTypes.m5.xlarge.memHour' (known: coreHour, gibHour)");
    assertThatThrownBy(
            () ->
                Prices.parse(
                    "{currency: USD, coreHour: 0.04, gibHour: 0.005,"
                        + " instanceTypes: {m5.xlarge: {gibHour: -1}}}"))
        .hasMessage("instanceTypes.m5.xlarge.gibHour is -1: a price must be a number of 0 or more");
    assertThatThrownBy(() -> Prices.parse("coreHour: 0.04\ngibHour: 0.005"))
        .hasMessageStartingWith("currency is missing: write its code, e.g. USD");
    assertThatThrownBy(() -> Prices.parse("currency: USD\ngibHour: 0.005"))
        .hasMessage("coreHour is missing: give the price of one core an hour");
    assertThatThrownBy(() -> Prices.parse("currency: USD\ncurrency: EUR"))
        .hasMessageStartingWith("not YAML or JSON: Duplicate field 'currency'");
    assertThatThrownBy(() -> Prices.parse("[0.04, 0.005]"))
        .hasMessageStartingWith("not a price table");
    assertThatThrownBy(() -> Prices.parse(""))
        .hasMessageStartingWith("empty; write e.g. {currency: USD");
    assertThatThrownBy(() -> Prices.parse("{currency: USD, coreHour: 1, gibHour: 1, "))
        .hasMessageStartingWith("not YAML or JSON: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void aFileThatCannotBeReadIsNamed() {
    Path missing = dir.resolve("missing.yaml");
    assertThatThrownBy(() -> Prices.read(missing))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("is '" + missing + "': no such file");
    assertThatThrownBy(() -> Prices.read(dir))
        .hasMessageStartingWith("is '" + dir + "': cannot read it: ");
  }
}
