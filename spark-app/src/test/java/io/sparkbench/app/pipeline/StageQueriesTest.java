package io.sparkbench.app.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StageQueriesTest {

  @Test
  void queriesRunAtTheSameTimeAndResultsComeInTheOrderGiven() {
    CountDownLatch bothStarted = new CountDownLatch(2);
    try (StageQueries queries = new StageQueries(2)) {
      assertThat(
              queries.all(
                  () -> {
                    bothStarted.countDown();
                    assertThat(bothStarted.await(10, TimeUnit.SECONDS)).isTrue();
                    Thread.sleep(50);
                    return "slow";
                  },
                  () -> {
                    bothStarted.countDown();
                    assertThat(bothStarted.await(10, TimeUnit.SECONDS)).isTrue();
                    return "fast";
                  }))
          .containsExactly("slow", "fast");
    }
  }

  @Test
  void aFailureIsThrownOnlyAfterEveryQueryHasFinished() {
    AtomicBoolean slowOneFinished = new AtomicBoolean();
    try (StageQueries queries = new StageQueries(3)) {
      assertThatThrownBy(
              () ->
                  queries.all(
                      () -> {
                        throw new IllegalArgumentException("rejects: disk full");
                      },
                      () -> {
                        Thread.sleep(200);
                        slowOneFinished.set(true);
                        return 1;
                      },
                      () -> {
                        throw new IOException("gold: no such folder");
                      }))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("rejects: disk full")
          .satisfies(
              e ->
                  assertThat(e.getSuppressed())
                      .singleElement()
                      .satisfies(
                          s ->
                              assertThat(s)
                                  .isInstanceOf(IllegalStateException.class)
                                  .hasMessage("gold: no such folder")
                                  .hasCauseInstanceOf(IOException.class)));
      assertThat(slowOneFinished).isTrue();
    }
  }
}
