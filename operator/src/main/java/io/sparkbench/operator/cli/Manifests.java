package io.sparkbench.operator.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.sparkbench.operator.model.ScalingBenchmark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads ScalingBenchmark manifests strictly: a misspelt field is an error naming it, not a value
 * silently dropped as the API server's pruning would.
 */
public final class Manifests {

  private static final ObjectMapper STRICT =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES);

  private static final ObjectMapper LENIENT = new ObjectMapper(new YAMLFactory());

  private Manifests() {}

  /**
   * Every ScalingBenchmark in a (multi-document) YAML file.
   *
   * @throws IllegalArgumentException naming the file, the document and what to fix
   */
  public static List<ScalingBenchmark> read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
    }
    List<ScalingBenchmark> benchmarks = new ArrayList<>();
    int index = 0;
    for (String document : text.split("(?m)^---\\s*$")) {
      if (document.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
        continue;
      }
      index++;
      String where = file + " (document " + index + ")";
      benchmarks.add(parse(document, where));
    }
    if (benchmarks.isEmpty()) {
      throw new IllegalArgumentException(file + " holds no ScalingBenchmark");
    }
    return benchmarks;
  }

  static ScalingBenchmark parse(String document, String where) {
    Map<?, ?> raw;
    try {
      raw = LENIENT.readValue(document, Map.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(where + " is not valid YAML: " + firstLine(e));
    }
    if (raw == null) {
      throw new IllegalArgumentException(where + " is empty");
    }
    String apiVersion = String.valueOf(raw.get("apiVersion"));
    String kind = String.valueOf(raw.get("kind"));
    String expected = HasMetadata.getApiVersion(ScalingBenchmark.class);
    if (!"ScalingBenchmark".equals(kind) || !expected.equals(apiVersion)) {
      throw new IllegalArgumentException(
          where
              + " is "
              + apiVersion
              + "/"
              + kind
              + ", expected apiVersion "
              + expected
              + " and kind ScalingBenchmark");
    }
    ScalingBenchmark benchmark;
    try {
      benchmark = STRICT.readValue(document, ScalingBenchmark.class);
    } catch (JsonMappingException e) {
      throw new IllegalArgumentException(where + ": " + describe(e));
    } catch (IOException e) {
      throw new IllegalArgumentException(where + ": " + firstLine(e));
    }
    if (benchmark.getMetadata() == null || benchmark.getMetadata().getName() == null) {
      throw new IllegalArgumentException(where + ": metadata.name is required");
    }
    if (benchmark.getSpec() == null) {
      throw new IllegalArgumentException(where + ": spec is required");
    }
    return benchmark;
  }

  /** "unknown field spec.recrods" or "spec.records[1]: ..." from Jackson's path. */
  private static String describe(JsonMappingException e) {
    String path =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining())
            .replaceFirst("^\\.", "");
    if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException) {
      return "unknown field "
          + path
          + " (check its spelling against `kubectl explain scalingbenchmark.spec`)";
    }
    if (e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException f) {
      return path + ": " + f.getValue() + " is not a valid " + f.getTargetType().getSimpleName();
    }
    return path + ": " + e.getOriginalMessage();
  }

  private static String firstLine(Exception e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
