package io.sparkbench.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.MemoryFit;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryFitsTest {

  /**
   * Driver peaks 600 MiB at 100,000 records and 900 MiB at 300,000: 450 MiB + 1,500 MiB per million
   * records. The largest executor's 700 and 820 MiB: 640 MiB + 600 MiB per million.
   */
  private static final List<RunResult> GROWING =
      List.of(entry(100_000, 600L, 700L), entry(300_000, 900L, 820L));

  @Test
  void fitsEachRolesPeakAgainstRecords() {
    List<MemoryFit> fits = MemoryFits.of(GROWING, spec("512m", List.of()));

    assertThat(fits).extracting(m -> m.role).containsExactly("driver", "executor");
    MemoryFit driver = fits.get(0);
    // (900 − 600) MiB / 200,000 records = 1,500 MiB per million; 600 − 150 = 450 MiB at none
    assertThat(driver.fixedMiB).isEqualTo(450.0);
    assertThat(driver.mibPerMillionRecords).isEqualTo(1_500.0);
    assertThat(driver.rSquared).isEqualTo(1.0);
    MemoryFit executor = fits.get(1);
    // (820 − 700) MiB / 200,000 records = 600 MiB per million; 700 − 60 = 640 MiB at none
    assertThat(executor.fixedMiB).isEqualTo(640.0);
    assertThat(executor.mibPerMillionRecords).isEqualTo(600.0);
  }

  @Test
  void saysWhereTheFittedPeakReachesThePodLimit() {
    List<MemoryFit> fits = MemoryFits.of(GROWING, spec("512m", List.of()));

    // A 512 MiB heap gets Spark's overhead of max(384, 10 % of 512 = 51) = 384 MiB: 896 MiB.
    assertThat(fits).allSatisfy(m -> assertThat(m.limitMiB).isEqualTo(896L));
    // driver: (896 − 450) MiB / 1,500 MiB per million = 297,333.3 records
    assertThat(fits.get(0).limitReachedAtRecords).isEqualTo(297_333L);
    // executor: (896 − 640) MiB / 600 MiB per million = 426,666.7 records
    assertThat(fits.get(1).limitReachedAtRecords).isEqualTo(426_666L);
  }

  @Test
  void recommendsAHeapThatKeepsTheLargestCountAQuarterUnderTheLimit() {
    List<MemoryFit> fits = MemoryFits.of(GROWING, spec("512m", List.of(1_000_000L)));

    // driver at 1,000,000 records: 450 + 1,500 = 1,950 MiB, a limit of 1,950 / 0.75 = 2,600 MiB:
    // the heap + 384 MiB reaches it from 2,216 MiB, in 128 MiB steps from 512 the first is
    // 512 + 14 × 128 = 2,304 MiB (2,176 + 384 = 2,560 is short).
    assertThat(fits.get(0).recommendedMemory).isEqualTo("2304m");
    // executor at 1,000,000 records: 640 + 600 = 1,240 MiB, 1,240 / 0.75 = 1,653.3 MiB of limit:
    // a heap from 1,269.3 MiB, the first step 512 + 6 × 128 = 1,280 MiB (1,152 + 384 = 1,536).
    assertThat(fits.get(1).recommendedMemory).isEqualTo("1280m");
  }

  @Test
  void withoutPredictionsTheLargestMeasuredCountIsKeptUnderTheLimit() {
    List<MemoryFit> fits = MemoryFits.of(GROWING, spec("512m", List.of()));

    // driver at 300,000 records: 900 MiB, 900 / 0.75 = 1,200 MiB of limit, a heap from 816 MiB:
    // 512 + 3 × 128 = 896 MiB (768 + 384 = 1,152 is short).
    assertThat(fits.get(0).recommendedMemory).isEqualTo("896m");
    // executor: 820 / 0.75 = 1,093.3 MiB, a heap from 709.3 MiB: 768 MiB (640 + 384 = 1,024)
    assertThat(fits.get(1).recommendedMemory).isEqualTo("768m");
  }

  @Test
  void peaksThatDoNotGrowNeverReachTheLimit() {
    // 700 MiB at both counts; the executor's falls from 800 to 750 MiB
    List<RunResult> results = List.of(entry(100_000, 700L, 800L), entry(300_000, 700L, 750L));

    List<MemoryFit> fits = MemoryFits.of(results, spec("512m", List.of(10_000_000L)));

    assertThat(fits.get(0).mibPerMillionRecords).isZero();
    assertThat(fits.get(0).limitReachedAtRecords).isNull();
    // a flat line has no spread to explain
    assertThat(fits.get(0).rSquared).isNull();
    assertThat(fits.get(1).mibPerMillionRecords).isEqualTo(-250.0); // −50 MiB / 200,000 records
    assertThat(fits.get(1).limitReachedAtRecords).isNull();
    // Still the measured peak is kept under: driver 700 / 0.75 = 933.3 MiB of limit, a heap from
    // 549.3 MiB: 640 MiB (512 + 384 = 896 is short). The executor's line would give 825 − 2,500 <
    // 0 MiB at 10M records; its measured 800 MiB needs 1,066.7 MiB, a heap from 682.7: 768 MiB.
    assertThat(fits.get(0).recommendedMemory).isEqualTo("640m");
    assertThat(fits.get(1).recommendedMemory).isEqualTo("768m");
  }

  @Test
  void aLargeHeapsOverheadIsATenthOfIt() {
    // 4g = 4,096 MiB: the overhead is max(384, 409.6) = 409 MiB, a limit of 4,505 MiB;
    // driver: (4,505 − 450) / 1,500 per million = 2,703,333.3 records
    List<MemoryFit> fits = MemoryFits.of(GROWING, spec("4g", List.of()));

    assertThat(fits.get(0).limitMiB).isEqualTo(4_505L);
    assertThat(fits.get(0).limitReachedAtRecords).isEqualTo(2_703_333L);
  }

  @Test
  void aRoleMeasuredAtOneRecordCountHasNoFit() {
    // The executor's peak is missing (or 0) at 300,000 records: only the driver is fitted.
    List<RunResult> results =
        List.of(entry(100_000, 600L, 700L), entry(300_000, 900L, null), entry(200_000, 750L, 0L));

    assertThat(MemoryFits.of(results, spec("512m", List.of())))
        .extracting(m -> m.role)
        .containsExactly("driver");
    assertThat(MemoryFits.of(results.subList(0, 1), spec("512m", List.of()))).isEmpty();
    assertThat(MemoryFits.of(results, null)).isEmpty();
  }

  @Test
  void withoutAHeapInTheSpecThereIsNoLimitNorRecommendation() {
    ScalingBenchmarkSpec spec = spec("512m", List.of());
    spec.driver.memory = null;

    List<MemoryFit> fits = MemoryFits.of(GROWING, spec);

    assertThat(fits.get(0).fixedMiB).isEqualTo(450.0);
    assertThat(fits.get(0).limitMiB).isNull();
    assertThat(fits.get(0).limitReachedAtRecords).isNull();
    assertThat(fits.get(0).recommendedMemory).isNull();
    assertThat(fits.get(1).limitMiB).isEqualTo(896L);
  }

  @Test
  void theHeapForALimitIsTheFirst128MiBStepFrom512WhoseLimitReachesIt() {
    assertThat(MemoryFits.heapFor(0)).isEqualTo(512L); // 512 + 384 = 896 ≥ 0
    assertThat(MemoryFits.heapFor(896)).isEqualTo(512L); // exactly 896
    assertThat(MemoryFits.heapFor(896.5)).isEqualTo(640L); // 640 + 384 = 1,024
    // from 3,840 MiB the overhead is a tenth: 4,224 + 422 = 4,646 ≥ 4,600; 4,096 + 409 = 4,505
    assertThat(MemoryFits.heapFor(4_600)).isEqualTo(4_224L);
  }

  private static ScalingBenchmarkSpec spec(String memory, List<Long> predict) {
    ScalingBenchmarkSpec spec = new ScalingBenchmarkSpec();
    spec.records = List.of(100_000L, 300_000L);
    spec.driver.memory = memory;
    spec.executor.memory = memory;
    spec.predict = predict;
    return spec;
  }

  private static RunResult entry(long records, Long driverMiB, Long executorMiB) {
    RunResult r = new RunResult();
    r.records = records;
    r.durationSeconds = 30.0;
    r.peakMemoryMiB = new ScalingBenchmarkStatus.PeakMemory();
    r.peakMemoryMiB.driver = driverMiB;
    r.peakMemoryMiB.executor = executorMiB;
    return r;
  }
}
