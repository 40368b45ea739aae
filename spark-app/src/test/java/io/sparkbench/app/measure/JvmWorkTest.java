package io.sparkbench.app.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JvmWorkTest {

  @Test
  void hotSpotThreadsAreToldApartByTheirNamesAsLinuxShortensThem() {
    assertThat(JvmWork.role("C2 CompilerThre")).isZero();
    assertThat(JvmWork.role("C1 CompilerThre")).isZero();
    assertThat(JvmWork.role("GC Thread#1")).isEqualTo(1);
    assertThat(JvmWork.role("G1 Conc#0")).isEqualTo(1);
    assertThat(JvmWork.role("Executor task l")).isEqualTo(-1);
    assertThat(JvmWork.role("main")).isEqualTo(-1);
  }

  @Test
  void compilingAndCollectingShowUpAsTheirOwnShareOfTheProcessCpu() {
    JvmWork start = JvmWork.now();
    List<int[]> garbage = new ArrayList<>();
    long sum = 0;
    for (int i = 0; i < 3_000_000; i++) {
      sum += Integer.toString(i).hashCode();
      if (i % 10 == 0) {
        garbage.add(new int[64]);
        if (garbage.size() > 10_000) {
          garbage.clear();
        }
      }
    }
    System.gc();
    JvmWork work = JvmWork.now().since(start);

    assertThat(sum).isNotZero();
    assertThat(work.processCpuSeconds()).isPositive();
    assertThat(work.gcSeconds()).isPositive();
    assertThat(work.jitSeconds()).isPositive();
    if (work.perThreadCpu()) {
      // CPU of some of the process's threads cannot exceed the CPU of all of them.
      assertThat(work.jitSeconds() + work.gcSeconds()).isLessThan(work.processCpuSeconds());
    }
  }
}
