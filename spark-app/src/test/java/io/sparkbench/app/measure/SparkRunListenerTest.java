package io.sparkbench.app.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.spark.Success$;
import org.apache.spark.TaskState;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import org.apache.spark.scheduler.TaskInfo;
import org.apache.spark.scheduler.TaskLocality;
import org.apache.spark.storage.RDDInfo;
import org.junit.jupiter.api.Test;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/** The listener on hand-made Spark events: no Spark context needed. */
class SparkRunListenerTest {

  private final SparkRunListener listener = new SparkRunListener();

  /** A stage writing {@code shuffle}, or a result stage when it is {@code null}. */
  private static StageInfo stage(int id, Integer shuffle, Integer... parents) {
    List<Object> parentIds = new ArrayList<>(List.of(parents));
    return new StageInfo(
        id,
        0,
        "stage " + id,
        2,
        CollectionConverters.asScala(new ArrayList<RDDInfo>()).toList(),
        CollectionConverters.asScala(parentIds).toList(),
        "",
        null,
        scala.collection.immutable.List$.MODULE$.empty(),
        shuffle == null ? Option.<Object>empty() : Option.<Object>apply(shuffle),
        0,
        false,
        0);
  }

  private void jobStarted(int jobId, long time, StageInfo... stages) {
    listener.onJobStart(
        new SparkListenerJobStart(
            jobId, time, CollectionConverters.asScala(List.of(stages)).toList(), new Properties()));
  }

  private void submitted(StageInfo stage) {
    listener.onStageSubmitted(new SparkListenerStageSubmitted(stage, new Properties()));
  }

  private void taskEnded(int stageId, long launched, long finished) {
    TaskInfo info =
        new TaskInfo(
            launched,
            0,
            0,
            0,
            launched,
            "driver",
            "localhost",
            TaskLocality.PROCESS_LOCAL(),
            false);
    if (finished >= 0) {
      info.markFinished(TaskState.FINISHED(), finished);
    }
    listener.onTaskEnd(
        new SparkListenerTaskEnd(stageId, 0, "ResultTask", Success$.MODULE$, info, null, null));
  }

  @Test
  void nothingHeardIsNothingMeasured() {
    assertThat(listener.firstJobEpochMillis()).isNull();
    assertThat(listener.taskWallSeconds()).isZero();
    assertThat(listener.longestStageChain()).isZero();
    assertThat(listener.stagesSubmitted()).isZero();
  }

  @Test
  void measuresTheFirstJobTheStageChainsAndTheTasksWallTime() {
    // An adaptive query as Spark 4 reports it: job 0 runs stage 0, the map stage of shuffle 0;
    // job 1 describes shuffle 0 again as stage 1, skips it, and runs stage 2 after it.
    StageInfo map = stage(0, 0);
    jobStarted(0, 1_700_000_001_000L, map);
    submitted(map);
    taskEnded(0, 1_700_000_001_010L, 1_700_000_001_260L);
    taskEnded(0, 1_700_000_001_010L, 1_700_000_001_510L);
    StageInfo result = stage(2, null, 1);
    jobStarted(1, 1_700_000_001_600L, stage(1, 0), result);
    submitted(result);
    taskEnded(2, 1_700_000_001_610L, 1_700_000_001_860L);
    // An independent job that started earlier but was heard of later (queries run at once).
    StageInfo other = stage(3, null);
    jobStarted(2, 1_700_000_000_900L, other);
    submitted(other);

    assertThat(listener.firstJobEpochMillis()).isEqualTo(1_700_000_000_900L);
    assertThat(listener.longestStageChain()).isEqualTo(2);
    assertThat(listener.stagesSubmitted()).isEqualTo(3);
    assertThat(listener.taskWallSeconds()).isEqualTo(1.0);
    assertThat(listener.tasks()).isEqualTo(3);
  }

  @Test
  void aTaskNotMarkedFinishedAddsNoWallTime() {
    taskEnded(0, 1_700_000_001_000L, -1);

    assertThat(listener.tasks()).isEqualTo(1);
    assertThat(listener.taskWallSeconds()).isZero();
  }
}
