package io.sparkbench.operator;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import java.util.List;

/** Test fixtures. */
public final class Benchmarks {

  private Benchmarks() {}

  /** {@code benchmark} as a client creates it: the API server assigns uid and generation. */
  public static ScalingBenchmark unsaved(ScalingBenchmark benchmark) {
    benchmark.getMetadata().setUid(null);
    benchmark.getMetadata().setGeneration(null);
    return benchmark;
  }

  /** A spec of default values that asks for these predictions. */
  public static ScalingBenchmarkSpec predicting(List<Long> predict) {
    ScalingBenchmarkSpec spec = new ScalingBenchmarkSpec();
    spec.predict = predict;
    return spec;
  }

  /** A benchmark of the given record counts with short timeouts and otherwise default values. */
  public static ScalingBenchmark benchmark(String namespace, String name, Long... records) {
    ScalingBenchmark benchmark = new ScalingBenchmark();
    benchmark.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName(name)
            .withUid("uid-" + name)
            .withGeneration(1L)
            .build());
    ScalingBenchmarkSpec spec = new ScalingBenchmarkSpec();
    spec.image = "registry.example/sparkbench/spark-app:0.1.0";
    spec.records = List.of(records);
    benchmark.setSpec(spec);
    return benchmark;
  }

  /**
   * The manifest of benchmark {@code small} as the {@code local} command's tests apply it: the
   * local image, the smallest driver and one executor that run a few thousand records, the data on
   * the claim {@code sparkbench-data} (whose folder outlives the pods), and {@code spec} lines such
   * as {@code records: [1000]} for what each test varies.
   */
  public static String smallManifest(String... spec) {
    StringBuilder yaml =
        new StringBuilder(
            """
            apiVersion: sparkbench.io/v1alpha1
            kind: ScalingBenchmark
            metadata:
              name: small
            spec:
              image: sparkbench/spark-app:dev
              driver: {cores: 1, memory: 512m}
              executor: {instances: 1, cores: 1, memory: 512m}
              storage: {persistentVolumeClaim: {claimName: sparkbench-data}}
            """);
    for (String line : spec) {
      yaml.append("  ").append(line).append('\n');
    }
    return yaml.toString();
  }
}
