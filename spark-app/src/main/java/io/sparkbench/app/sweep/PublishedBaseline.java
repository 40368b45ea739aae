package io.sparkbench.app.sweep;

import io.sparkbench.api.result.ScalingModel;
import java.util.Map;

/**
 * The published PySpark run of this pipeline on a laptop that this project set out to beat: total
 * seconds per record count, and the model its authors read off them.
 */
public final class PublishedBaseline {

  /** Seconds per record count as published. */
  public static final Map<Long, Double> SECONDS =
      Map.of(10_000L, 115.0, 100_000L, 112.0, 1_000_000L, 179.0);

  /** The authors' summary: "about 100 s fixed + 80 µs per record". */
  public static final double STATED_FIXED_SECONDS = 100;

  public static final double STATED_MICROS_PER_RECORD = 80;

  private PublishedBaseline() {}

  /** The least-squares fit of the published figures, the same fit this project uses. */
  public static ScalingModel fitted() {
    return ScalingModel.fit(
        SECONDS.entrySet().stream()
            .map(e -> new ScalingModel.Sample(e.getKey(), e.getValue()))
            .toList());
  }

  /**
   * The published seconds for a record count, or the stated model's estimate where none was run.
   */
  public static double seconds(long records) {
    Double measured = SECONDS.get(records);
    return measured != null ? measured : statedSeconds(records);
  }

  public static double statedSeconds(long records) {
    return STATED_FIXED_SECONDS + STATED_MICROS_PER_RECORD * records / 1e6;
  }

  public static boolean measured(long records) {
    return SECONDS.containsKey(records);
  }
}
