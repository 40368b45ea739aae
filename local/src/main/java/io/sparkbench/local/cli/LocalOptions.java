package io.sparkbench.local.cli;

import io.sparkbench.common.time.Durations;
import io.sparkbench.local.LocalCluster;
import io.sparkbench.operator.cost.Prices;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The {@code local} command's arguments, as picocli reads them. */
final class LocalOptions {

  @Parameters(
      arity = "0..1",
      paramLabel = "MANIFEST",
      description = "YAML file of one or more ScalingBenchmarks to run.")
  private Path manifest;

  @Option(
      names = "--control-plane",
      paramLabel = "mock|real",
      converter = OptionConverters.ControlPlane.class,
      description =
          "The API server: the embedded mock, or a real kube-apiserver, etcd, controller-manager"
              + " and scheduler (default ${DEFAULT-VALUE}).")
  private LocalCluster.ControlPlaneKind controlPlane = LocalCluster.ControlPlaneKind.MOCK;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description =
          "Where the cluster, the pods' logs and the results pages go (default ${DEFAULT-VALUE}).")
  private Path workDir = Path.of("local-runs");

  @Option(
      names = "--http-port",
      paramLabel = "N",
      converter = OptionConverters.Port.class,
      description =
          "Port of the operator's /metrics and results pages; 0 picks a free one (default ${DEFAULT-VALUE}).")
  private int httpPort;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      converter = Durations.Converter.class,
      description =
          "Stop when the benchmarks have not finished after this long, e.g. 90s, 30m (default 6h).")
  private Duration timeout = Duration.ofHours(6);

  @Option(
      names = "--prices",
      paramLabel = "FILE",
      converter = Prices.Converter.class,
      description =
          "A price table for the operator, YAML or JSON: {currency: USD, coreHour: 0.04,"
              + " gibHour: 0.005}; each run's cost then has an amount (default: none, runs record"
              + " core- and GiB-seconds).")
  private Prices prices;

  @Option(
      names = "--keep",
      description =
          "Keep the API server, /metrics and the History Server up afterwards, until interrupted.")
  private boolean keep;

  /** The manifest file, or null when none was given. */
  Path manifest() {
    return manifest;
  }

  Path workDir() {
    return workDir;
  }

  int httpPort() {
    return httpPort;
  }

  Duration timeout() {
    return timeout;
  }

  LocalCluster.ControlPlaneKind controlPlane() {
    return controlPlane;
  }

  boolean keep() {
    return keep;
  }

  /** The price table, or null when none was given. */
  Prices prices() {
    return prices;
  }
}
