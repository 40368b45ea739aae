package io.sparkbench.operator.driver;

/**
 * One run of a benchmark: a record count, its repetition (from 1) and the attempt (from 1; a retry
 * is a new attempt with a new driver).
 */
public record RunId(long records, int repetition, int attempt) {

  public RunId {
    if (records < 1 || repetition < 1 || attempt < 1) {
      throw new IllegalArgumentException(
          "records, repetition and attempt start at 1: "
              + records
              + "/"
              + repetition
              + "/"
              + attempt);
    }
  }

  public RunId nextAttempt() {
    return new RunId(records, repetition, attempt + 1);
  }

  @Override
  public String toString() {
    return records + " records, repetition " + repetition + ", attempt " + attempt;
  }
}
