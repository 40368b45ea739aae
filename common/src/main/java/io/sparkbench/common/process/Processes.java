package io.sparkbench.common.process;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping a child process. */
public final class Processes {

  private Processes() {}

  /**
   * Stops {@code process} as Kubernetes stops a container: SIGTERM, then SIGKILL if it has not
   * exited within {@code grace}, after which it waits up to {@code grace} again for the exit. An
   * interrupted wait kills it at once and keeps the thread's interrupt. Stopping a process that has
   * exited does nothing.
   */
  public static void stop(Process process, Duration grace) {
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
