package io.sparkbench.api.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ScalingRatiosTest {

  @Test
  void isRelativeToTheSmallestExecutorCount() {
    TreeMap<Integer, Double> medians = new TreeMap<>();
    medians.put(8, 40.0);
    medians.put(2, 100.0);
    medians.put(4, 55.0);
    medians.put(16, 12.5);
    ScalingRatios ratios = ScalingRatios.of(medians);

    assertThat(ratios.baseExecutors()).isEqualTo(2);
    assertThat(ratios.baseSeconds()).isEqualTo(100.0);
    assertThat(ratios.ratios())
        .extracting(ScalingRatios.Ratio::executors)
        .containsExactly(2, 4, 8, 16);

    ScalingRatios.Ratio base = ratios.at(2).orElseThrow();
    assertThat(base.speedup()).isEqualTo(1.0);
    assertThat(base.efficiency()).isEqualTo(1.0);

    // Twice the executors, 100/55 = 1.82 times faster: 91 % of the ideal 2.
    ScalingRatios.Ratio four = ratios.at(4).orElseThrow();
    assertThat(four.seconds()).isEqualTo(55.0);
    assertThat(four.speedup()).isCloseTo(100.0 / 55, offset(1e-12));
    assertThat(four.efficiency()).isCloseTo(100.0 / 55 / 2, offset(1e-12));

    ScalingRatios.Ratio eight = ratios.at(8).orElseThrow();
    assertThat(eight.speedup()).isCloseTo(2.5, offset(1e-12));
    assertThat(eight.efficiency()).isCloseTo(0.625, offset(1e-12));

    // Superlinear: 8 times faster on 8 times the executors, and more.
    ScalingRatios.Ratio sixteen = ratios.at(16).orElseThrow();
    assertThat(sixteen.speedup()).isCloseTo(8, offset(1e-12));
    assertThat(sixteen.efficiency()).isCloseTo(1, offset(1e-12));

    assertThat(ratios.at(3)).isEmpty();
  }

  @Test
  void oneExecutorCountIsItsOwnBase() {
    TreeMap<Integer, Double> medians = new TreeMap<>();
    medians.put(4, 30.0);
    ScalingRatios ratios = ScalingRatios.of(medians);
    assertThat(ratios.ratios()).containsExactly(new ScalingRatios.Ratio(4, 30.0, 1.0, 1.0));
  }

  @Test
  void rejectsNoRunsAndNonPositiveValues() {
    assertThatThrownBy(() -> ScalingRatios.of(new TreeMap<>()))
        .isInstanceOf(IllegalArgumentException.class);
    TreeMap<Integer, Double> zero = new TreeMap<>();
    zero.put(2, 0.0);
    assertThatThrownBy(() -> ScalingRatios.of(zero)).isInstanceOf(IllegalArgumentException.class);
    TreeMap<Integer, Double> noExecutors = new TreeMap<>();
    noExecutors.put(0, 10.0);
    assertThatThrownBy(() -> ScalingRatios.of(noExecutors))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
