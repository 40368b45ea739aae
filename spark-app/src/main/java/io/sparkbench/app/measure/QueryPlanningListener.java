package io.sparkbench.app.measure;

import java.util.concurrent.atomic.LongAdder;
import org.apache.spark.sql.catalyst.QueryPlanningTracker;
import org.apache.spark.sql.execution.QueryExecution;
import org.apache.spark.sql.util.QueryExecutionListener;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Sums how long Spark spent preparing each query before running it: the analysis, optimization and
 * physical planning phases that Spark's own {@link QueryPlanningTracker} times, over every query
 * that finished, failed ones included. Adaptive re-planning during execution and code generation
 * are not phases of the tracker and are not counted.
 *
 * <p>Queries that run at the same time are each counted in full, so the sum can exceed wall time.
 */
public final class QueryPlanningListener implements QueryExecutionListener {

  private final LongAdder millis = new LongAdder();
  private final LongAdder queries = new LongAdder();

  @Override
  public void onSuccess(String funcName, QueryExecution qe, long durationNs) {
    add(qe);
  }

  @Override
  public void onFailure(String funcName, QueryExecution qe, Exception exception) {
    add(qe);
  }

  private void add(QueryExecution qe) {
    queries.increment();
    for (QueryPlanningTracker.PhaseSummary phase :
        CollectionConverters.asJava(qe.tracker().phases().values())) {
      millis.add(phase.durationMs());
    }
  }

  /** Planning seconds summed over the queries seen. */
  public double seconds() {
    return millis.sum() / 1000.0;
  }

  /** Queries seen, each action (a write, a count, a collect) being one. */
  public long queries() {
    return queries.sum();
  }
}
