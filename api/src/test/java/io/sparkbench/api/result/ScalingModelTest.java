package io.sparkbench.api.result;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.sparkbench.api.result.ScalingModel.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScalingModelTest {

  @Test
  void fitsAnExactLine() {
    ScalingModel model =
        ScalingModel.fit(
            List.of(
                new Sample(10_000, 20.5), new Sample(100_000, 25.0), new Sample(1_000_000, 70.0)));
    assertThat(model.fixedSeconds()).isCloseTo(20.0, offset(1e-9));
    assertThat(model.microsPerRecord()).isCloseTo(50.0, offset(1e-9));
    assertThat(model.rSquared()).isCloseTo(1.0, offset(1e-12));
    assertThat(model.points()).isEqualTo(3);
    assertThat(model.predictSeconds(10_000_000)).isCloseTo(520.0, offset(1e-6));
  }

  @Test
  void fitsThePublishedPySparkFigures() {
    // 10k 115 s, 100k 112 s, 1M 179 s, summed up by their authors as "about 100 s + 80 µs/record".
    ScalingModel model =
        ScalingModel.fit(
            List.of(new Sample(10_000, 115), new Sample(100_000, 112), new Sample(1_000_000, 179)));
    assertThat(model.fixedSeconds()).isCloseTo(109.94, offset(0.01));
    assertThat(model.microsPerRecord()).isCloseTo(68.62, offset(0.01));
    assertThat(model.rSquared()).isBetween(0.95, 1.0);
  }

  @Test
  void usesTheMedianOfRepetitions() {
    ScalingModel model =
        ScalingModel.fit(
            List.of(
                new Sample(1_000, 10),
                new Sample(1_000, 11),
                new Sample(1_000, 99), // an outlier the median ignores
                new Sample(2_000, 12),
                new Sample(2_000, 12)));
    assertThat(model.points()).isEqualTo(2);
    assertThat(model.fixedSeconds()).isCloseTo(10.0, offset(1e-9));
    assertThat(model.microsPerRecord()).isCloseTo(1_000.0, offset(1e-9));
    assertThat(ScalingModel.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
  }

  @Test
  void needsTwoRecordCounts() {
    List<Sample> one = List.of(new Sample(1_000, 10), new Sample(1_000, 12));
    assertThatThrownBy(() -> ScalingModel.fit(one))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two or more record counts, got 1");
    assertThat(ScalingModel.fitOrNull(one)).isNull();
    assertThat(ScalingModel.fit(List.of(new Sample(1, 5), new Sample(2, 5))).rSquared()).isNaN();
  }

  @Test
  void aFallingLineCannotPredict() {
    ScalingModel falling =
        ScalingModel.fit(List.of(new Sample(1_000, 40.0), new Sample(3_000, 39.0)));
    assertThat(falling.microsPerRecord()).isNegative();
    assertThat(falling.canPredict()).isFalse();
    assertThat(
            ScalingModel.fit(List.of(new Sample(10_000, 10), new Sample(1_000_000, 20)))
                .canPredict())
        .isTrue();
  }
}
