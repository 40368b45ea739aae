package io.sparkbench.operator.driver;

import io.sparkbench.api.run.RunId;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import java.util.ArrayList;
import java.util.List;

/** The command line of {@code io.sparkbench.app.MedallionBenchmark} for one run. */
final class AppArguments {

  private AppArguments() {}

  static List<String> of(ScalingBenchmark benchmark, RunId run) {
    ScalingBenchmarkSpec spec = benchmark.getSpec();
    ScalingBenchmarkSpec.Dataset data = spec.dataset;
    List<String> args = new ArrayList<>();
    add(args, "--records", Long.toString(run.records()));
    add(args, "--seed", Long.toString(spec.seed));
    add(args, "--customers", Long.toString(data.customers));
    add(args, "--products", Long.toString(data.products));
    add(args, "--stores", Long.toString(data.stores));
    add(args, "--dirty-ratio", Double.toString(data.dirtyRatio));
    add(args, "--data-dir", dataDir(benchmark, run));
    add(args, "--report", DriverResources.TERMINATION_LOG);
    String eventLogDir = eventLogDir(benchmark);
    if (eventLogDir != null) {
      add(args, "--event-log-dir", eventLogDir);
    }
    String history = historyFolder(benchmark);
    if (history != null) {
      add(args, "--history", history);
    }
    return args;
  }

  /**
   * Where the runs' Spark event logs go, or null when they are off: {@code spec.eventLog.dir}, or
   * one folder per benchmark beside its runs' data, which a History Server over the storage reads.
   */
  static String eventLogDir(ScalingBenchmark benchmark) {
    ScalingBenchmarkSpec.EventLog eventLog = benchmark.getSpec().eventLog;
    if (eventLog != null && Boolean.FALSE.equals(eventLog.enabled)) {
      return null;
    }
    if (eventLog != null && eventLog.dir != null) {
      return eventLog.dir.replaceAll("/+$", "");
    }
    return base(benchmark) + "/" + benchmark.getMetadata().getName() + "/" + EVENT_LOG_FOLDER;
  }

  /**
   * The benchmark's history folder, beside its runs' data, or null with an emptyDir volume, which
   * the driver pod's end would lose.
   */
  static String historyFolder(ScalingBenchmark benchmark) {
    ScalingBenchmarkSpec.Storage storage = benchmark.getSpec().storage;
    boolean lasting =
        storage != null && (storage.uri != null || storage.persistentVolumeClaim != null);
    return lasting
        ? base(benchmark) + "/" + benchmark.getMetadata().getName() + "/" + HISTORY_FOLDER
        : null;
  }

  /** The history's folder name in a benchmark's folder; no run's folder is named so. */
  static final String HISTORY_FOLDER = "history";

  /** The default event-log folder's name in a benchmark's folder; no run's folder is named so. */
  static final String EVENT_LOG_FOLDER = "spark-events";

  private static String base(ScalingBenchmark benchmark) {
    ScalingBenchmarkSpec.Storage storage = benchmark.getSpec().storage;
    return storage != null && storage.uri != null
        ? storage.uri.replaceAll("/+$", "")
        : "file://" + DriverResources.DATA_MOUNT;
  }

  /** A folder per run under the storage's base, so runs never read each other's data. */
  static String dataDir(ScalingBenchmark benchmark, RunId run) {
    return base(benchmark)
        + "/"
        + benchmark.getMetadata().getName()
        + "/"
        + DriverNames.prefix(benchmark.getMetadata().getName(), run);
  }

  private static void add(List<String> args, String option, String value) {
    args.add(option);
    args.add(value);
  }
}
