package io.sparkbench.api.result;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes {@link BenchmarkResult} as compact JSON that fits a Kubernetes termination
 * message.
 */
public final class ResultCodec {

  /** Kubernetes keeps at most 4096 bytes of a container's termination message. */
  public static final int MAX_BYTES = 4096;

  private static final String TRUNCATED = " …[truncated]";

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .disable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private ResultCodec() {}

  /**
   * Compact JSON of the result, at most {@link #MAX_BYTES} bytes: an over-long error message is
   * shortened to fit, nothing else is.
   */
  public static String toJson(BenchmarkResult result) {
    String json = write(result);
    int excess = json.getBytes(StandardCharsets.UTF_8).length - MAX_BYTES;
    if (excess <= 0) {
      return json;
    }
    Failure error = result.error();
    if (error == null || error.message() == null) {
      throw new IllegalStateException("result JSON is " + (MAX_BYTES + excess) + " bytes");
    }
    // Cut the message by its UTF-8 bytes, at a character boundary, leaving room for the marker.
    byte[] bytes = error.message().getBytes(StandardCharsets.UTF_8);
    int keep =
        Math.max(0, bytes.length - excess - TRUNCATED.getBytes(StandardCharsets.UTF_8).length);
    while (keep > 0 && (bytes[keep] & 0xC0) == 0x80) {
      keep--;
    }
    String shortened = new String(bytes, 0, keep, StandardCharsets.UTF_8) + TRUNCATED;
    return toJson(result.toBuilder().error(new Failure(error.reason(), shortened)).build());
  }

  /** Parses a result document; fails with a message naming what is wrong. */
  public static BenchmarkResult fromJson(String json) {
    try {
      BenchmarkResult result = MAPPER.readValue(json, BenchmarkResult.class);
      if (result.version() != BenchmarkResult.CURRENT_VERSION) {
        throw new IllegalArgumentException(
            "unsupported result version "
                + result.version()
                + ", expected "
                + BenchmarkResult.CURRENT_VERSION);
      }
      if (result.status() == null) {
        throw new IllegalArgumentException("result has no status");
      }
      return result;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a result document: " + e.getOriginalMessage(), e);
    }
  }

  /** Pretty JSON for the full report. */
  public static String toPrettyJson(Object value) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String write(BenchmarkResult result) {
    try {
      return MAPPER.writeValueAsString(result);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
