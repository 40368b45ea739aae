package io.sparkbench.api.result;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * One run in a benchmark's history: one line of JSON the run's driver writes into the storage as
 * its own file, never rewritten. It holds what the driver measured and where it ran; {@code
 * sparkbench compare} reads a folder of them.
 *
 * @param version the line's format, {@link #CURRENT_VERSION}
 * @param writtenAt when the driver wrote it (RFC 3339)
 * @param benchmark {@code namespace/name} of the ScalingBenchmark, or null for a run outside one
 * @param round the benchmark's round, from 1, or null outside one
 * @param repetition the run's repetition, or null outside a benchmark
 * @param attempt the run's attempt, or null outside a benchmark
 * @param node the node the driver ran on, or null when unknown
 * @param image the container image, or null outside Kubernetes
 * @param result what the run measured, as the driver reported it
 */
public record HistoryLine(
    int version,
    String writtenAt,
    String benchmark,
    Integer round,
    Integer repetition,
    Integer attempt,
    String node,
    String image,
    BenchmarkResult result) {

  public static final int CURRENT_VERSION = 1;

  /**
   * The environment the operator gives a driver for its line: the benchmark ({@code
   * namespace/name}), its round, the run's repetition and attempt, and the node.
   */
  public static final String ENV_BENCHMARK = "SPARKBENCH_BENCHMARK";

  public static final String ENV_ROUND = "SPARKBENCH_ROUND";
  public static final String ENV_REPETITION = "SPARKBENCH_REPETITION";
  public static final String ENV_ATTEMPT = "SPARKBENCH_ATTEMPT";
  public static final String ENV_NODE = "SPARKBENCH_NODE_NAME";

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .disable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** One line of JSON, newline-terminated. */
  public String toLine() {
    try {
      return MAPPER.writeValueAsString(this) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Parses one line; fails with a message naming what is wrong. */
  public static HistoryLine parse(String line) {
    HistoryLine parsed;
    try {
      parsed = MAPPER.readValue(line, HistoryLine.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a history line: " + e.getOriginalMessage(), e);
    }
    if (parsed.version() != CURRENT_VERSION) {
      throw new IllegalArgumentException(
          "unsupported history line version " + parsed.version() + ", expected " + CURRENT_VERSION);
    }
    if (parsed.result() == null) {
      throw new IllegalArgumentException("history line has no result");
    }
    return parsed;
  }
}
