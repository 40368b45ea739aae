package io.sparkbench.common.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProcessesTest {

  private static final Duration GRACE = Duration.ofSeconds(1);
  private static final int SIGTERM_EXIT = 128 + 15;
  private static final int SIGKILL_EXIT = 128 + 9;

  private Process process;

  @AfterEach
  void killLeftovers() {
    if (process != null) {
      process.destroyForcibly();
    }
  }

  @Test
  void aProcessThatHonoursSigtermStopsWithoutWaitingForTheGracePeriod() throws IOException {
    process = new ProcessBuilder("sleep", "60").start();
    long start = System.nanoTime();

    Processes.stop(process, Duration.ofSeconds(30));

    assertThat(process.isAlive()).isFalse();
    assertThat(process.exitValue()).isEqualTo(SIGTERM_EXIT);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void aProcessThatIgnoresSigtermIsKilledAfterTheGracePeriod() throws IOException {
    process = ignoringSigterm();
    long start = System.nanoTime();

    Processes.stop(process, GRACE);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(GRACE);
    assertThat(process.isAlive()).isFalse();
    assertThat(process.exitValue()).isEqualTo(SIGKILL_EXIT);
  }

  @Test
  void anInterruptedStopKillsAtOnceAndKeepsTheInterrupt() throws Exception {
    process = ignoringSigterm();
    Thread.currentThread().interrupt();

    Processes.stop(process, Duration.ofSeconds(30));

    assertThat(Thread.interrupted()).isTrue();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(SIGKILL_EXIT);
  }

  @Test
  void stoppingAnExitedProcessDoesNothing() throws Exception {
    process = new ProcessBuilder("true").start();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();

    Processes.stop(process, GRACE);

    assertThat(process.exitValue()).isZero();
  }

  /** A shell that ignores SIGTERM, returned once the trap is set (so the signal cannot race it). */
  private static Process ignoringSigterm() throws IOException {
    Process shell =
        new ProcessBuilder("sh", "-c", "trap '' TERM; echo ready; exec sleep 60")
            .redirectErrorStream(true)
            .start();
    var out =
        new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).isEqualTo("ready");
    return shell;
  }
}
