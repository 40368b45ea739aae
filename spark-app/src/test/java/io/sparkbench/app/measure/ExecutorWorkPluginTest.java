package io.sparkbench.app.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import io.sparkbench.app.measure.ExecutorWorkPlugin.Report;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExecutorWorkPluginTest {

  @Test
  void theWorkOfAllExecutorsBetweenTwoSnapshotsCountsANewExecutorFromItsStart() {
    Map<String, Report> before = Map.of("1", new Report("1", 10, 4, 1));
    Map<String, Report> after =
        Map.of("1", new Report("1", 25, 9, 1.5), "2", new Report("2", 12, 5, 0.5));

    JvmWork work = ExecutorWorkPlugin.between(before, after);

    assertThat(work.processCpuSeconds()).isCloseTo(15 + 12, offset(1e-9));
    assertThat(work.jitSeconds()).isCloseTo(5 + 5, offset(1e-9));
    assertThat(work.gcSeconds()).isCloseTo(0.5 + 0.5, offset(1e-9));
    assertThat(ExecutorWorkPlugin.between(Map.of(), Map.of())).as("no executor reported").isNull();
  }

  @Test
  void theDriverKeepsTheLatestReportOfEachExecutor() throws Exception {
    var driver = new ExecutorWorkPlugin().driverPlugin();
    driver.init(null, null);
    driver.receive(new Report("1", 1, 1, 0));
    driver.receive(new Report("1", 3, 2, 0));
    driver.receive(new Report("2", 5, 1, 0));
    driver.receive("something else");

    assertThat(ExecutorWorkPlugin.latest())
        .containsOnlyKeys("1", "2")
        .containsEntry("1", new Report("1", 3, 2, 0));
    driver.init(null, null);
    assertThat(ExecutorWorkPlugin.latest()).as("a new application starts empty").isEmpty();
  }
}
