package io.sparkbench.operator.cost;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.operator.driver.DriverResources;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.network.util.JavaUtils;

/**
 * What a run's pods request: the driver's cores and memory, read from its pod as Spark's builder
 * made it, and each executor's, computed as Spark's executor builder computes them (the executor
 * pods are the driver's, gone by the time the run is recorded).
 *
 * @param driverCores the driver container's CPU request
 * @param driverMiB the driver container's memory request, MiB
 * @param executors executors the run asked for
 * @param executorCores each executor's CPU request: {@code spark.kubernetes.executor.request.cores}
 *     or {@code spark.executor.cores}
 * @param executorMiB each executor's memory request, MiB: the heap plus Spark's overhead
 */
public record PodShape(
    double driverCores, long driverMiB, int executors, double executorCores, long executorMiB) {

  /** Spark's minimum memory overhead of a JVM pod, MiB ({@code spark.*.minMemoryOverhead}). */
  static final long MIN_OVERHEAD_MIB = 384;

  /** Spark's default overhead factor of a JVM pod ({@code spark.*.memoryOverheadFactor}). */
  static final double OVERHEAD_FACTOR = 0.10;

  private static final double MIB_PER_GIB = 1024;

  /** Cores requested by the driver and every executor. */
  public double cores() {
    return driverCores + executors * executorCores;
  }

  /** GiB requested by the driver pod and every executor pod. */
  public double gib() {
    return (driverMiB + executors * (double) executorMiB) / MIB_PER_GIB;
  }

  /**
   * The shape of a run of {@code executors} executors: the driver's requests from {@code driver}
   * where its container has them, otherwise computed from the spec as Spark's builder does; the
   * executors' from the spec and the Spark settings the operator gave the driver ({@code
   * sparkDefaults}, then {@code spec.sparkConf}).
   */
  public static PodShape of(
      Pod driver, ScalingBenchmarkSpec spec, int executors, Map<String, String> sparkDefaults) {
    Map<String, String> conf = new LinkedHashMap<>(sparkDefaults);
    if (spec.sparkConf != null) {
      conf.putAll(spec.sparkConf);
    }
    ScalingBenchmarkSpec.Driver d =
        spec.driver == null ? new ScalingBenchmarkSpec.Driver() : spec.driver;
    ScalingBenchmarkSpec.Executor e =
        spec.executor == null ? new ScalingBenchmarkSpec.Executor() : spec.executor;
    Map<String, Quantity> requests = driverRequests(driver);
    double driverCores =
        requests.containsKey("cpu")
            ? amount(requests.get("cpu"))
            : cores(conf.get("spark.kubernetes.driver.request.cores"), d.cores);
    long driverMiB =
        requests.containsKey("memory")
            ? Math.round(amount(requests.get("memory")) / (1024 * 1024))
            : podMiB(d.memory, conf, "driver");
    return new PodShape(
        driverCores,
        driverMiB,
        executors,
        cores(conf.get("spark.kubernetes.executor.request.cores"), e.cores),
        podMiB(e.memory, conf, "executor"));
  }

  /**
   * A role's pod memory, MiB, as Spark asks for it: the heap plus {@code
   * spark.<role>.memoryOverhead}, or the larger of the overhead factor ({@code
   * spark.<role>.memoryOverheadFactor}, {@code spark.kubernetes.memoryOverheadFactor}, 10 %) of the
   * heap and {@code spark.<role>.minMemoryOverhead} (384 MiB).
   */
  static long podMiB(String heap, Map<String, String> conf, String role) {
    long heapMiB = JavaUtils.byteStringAsMb(heap == null ? "1g" : heap);
    String overhead = conf.get("spark." + role + ".memoryOverhead");
    if (overhead != null) {
      return heapMiB + JavaUtils.byteStringAsMb(overhead);
    }
    String factor =
        conf.getOrDefault(
            "spark." + role + ".memoryOverheadFactor",
            conf.get("spark.kubernetes.memoryOverheadFactor"));
    String minimum = conf.get("spark." + role + ".minMemoryOverhead");
    long min = minimum == null ? MIN_OVERHEAD_MIB : JavaUtils.byteStringAsMb(minimum);
    return heapMiB + Math.max(min, (long) (factor(factor) * heapMiB));
  }

  /** An overhead factor as Spark reads it; Spark's default where there is none or no number. */
  private static double factor(String value) {
    try {
      return value == null ? OVERHEAD_FACTOR : Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      return OVERHEAD_FACTOR;
    }
  }

  private static double cores(String request, Integer cores) {
    if (request != null && !request.isBlank()) {
      return amount(new Quantity(request.trim()));
    }
    return cores == null ? 1 : cores;
  }

  private static Map<String, Quantity> driverRequests(Pod driver) {
    if (driver == null || driver.getSpec() == null || driver.getSpec().getContainers() == null) {
      return Map.of();
    }
    return driver.getSpec().getContainers().stream()
        .filter(c -> DriverResources.DRIVER_CONTAINER.equals(c.getName()))
        .findFirst()
        .map(Container::getResources)
        .map(r -> r.getRequests() == null ? Map.<String, Quantity>of() : r.getRequests())
        .orElse(Map.of());
  }

  private static double amount(Quantity quantity) {
    BigDecimal amount = Quantity.getAmountInBytes(quantity);
    return amount.doubleValue();
  }
}
