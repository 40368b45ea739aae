package io.sparkbench.operator;

import io.sparkbench.api.result.BenchmarkResult;

/** Result documents as the Spark job writes them. */
public final class Results {

  private Results() {}

  /** A successful run of {@code records} that took {@code seconds}. */
  public static BenchmarkResult succeeded(long records, double seconds) {
    return BenchmarkResult.builder()
        .status(BenchmarkResult.Status.SUCCEEDED)
        .records(records)
        .seed(42)
        .totalSeconds(seconds)
        .stages(new BenchmarkResult.StageSeconds(10.0, 1.0, 2.0, seconds - 15.0, 2.0))
        .rows(
            new BenchmarkResult.RowCounts(
                records,
                records,
                records / 100,
                records / 200,
                records - records / 100 - records / 200,
                120))
        .totalAmount(6_787_744_055L)
        .memory(
            new BenchmarkResult.Memory(
                new BenchmarkResult.Peak(400L, 610L), new BenchmarkResult.Peak(500L, 820L)))
        .cpu(
            new BenchmarkResult.Cpu(
                seconds * 0.8,
                seconds,
                2,
                0.83,
                seconds * 0.3,
                0.1,
                0.2,
                26,
                seconds * 1.1,
                seconds * 0.4,
                0.3))
        .executors(2)
        .sparkVersion("4.1.1")
        .master("k8s://https://kubernetes.default.svc")
        .reportUri("file:///var/sparkbench/report.json")
        .eventLogUri(
            "file:///var/sparkbench/b/spark-events/eventlog_v2_spark-5f3c2a1b9d8e4f60a7b2c3d4e5f60718")
        .jvm(new BenchmarkResult.Jvm("tuned", "C1", "Parallel", 1024L, null))
        .applicationId("spark-5f3c2a1b9d8e4f60a7b2c3d4e5f60718")
        .fingerprint(new BenchmarkResult.Fingerprint("17.0.13+11", "0a1b2c3d4e5f6789", 57))
        .build();
  }

  public static BenchmarkResult failed(long records, String reason, String message) {
    return BenchmarkResult.failed(records, 42, 3.5, reason, message);
  }
}
