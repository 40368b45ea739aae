package io.sparkbench.app.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the independent queries of one pipeline stage at the same time.
 *
 * <p>Each Spark query spends part of its time on the driver alone: analysis, planning, code
 * generation and compiling the generated code. Started together, one query's planning overlaps
 * another's tasks, so a stage costs less than the sum of its queries. Spark still schedules tasks
 * first come, first served, so no more tasks run at once than there are cores, and memory is
 * bounded as before.
 */
final class StageQueries implements AutoCloseable {

  private final ExecutorService threads;

  /** At most {@code concurrency} queries run at once. */
  StageQueries(int concurrency) {
    AtomicInteger created = new AtomicInteger();
    this.threads =
        Executors.newFixedThreadPool(
            concurrency,
            task -> {
              Thread thread = new Thread(task, "sparkbench-query-" + created.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Runs {@code queries} together and returns their results in the order given. Waits for every
   * query, so none is left running when this returns; throws the first failure in that order, with
   * the other failures added to it as suppressed.
   */
  @SafeVarargs
  final <T> List<T> all(Callable<T>... queries) {
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> query : queries) {
      futures.add(threads.submit(query));
    }
    List<T> results = new ArrayList<>();
    RuntimeException failure = null;
    for (Future<T> future : futures) {
      try {
        results.add(future.get());
      } catch (ExecutionException e) {
        RuntimeException cause =
            e.getCause() instanceof RuntimeException r
                ? r
                : new IllegalStateException(e.getCause().getMessage(), e.getCause());
        if (failure == null) {
          failure = cause;
        } else {
          failure.addSuppressed(cause);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while a stage's queries ran", e);
      }
    }
    if (failure != null) {
      throw failure;
    }
    return results;
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
