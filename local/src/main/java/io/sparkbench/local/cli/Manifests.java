package io.sparkbench.local.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.sparkbench.api.v1.ScalingBenchmark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads ScalingBenchmark manifests strictly: a misspelt field is an error naming it, not a value
 * silently dropped as the API server's pruning would.
 */
public final class Manifests {

  private static final ObjectMapper STRICT = strict();

  private static final Pattern COERCED =
      Pattern.compile("^Cannot coerce \\w+ value \\((.*?)\\) to");

  private static final ObjectMapper LENIENT = new ObjectMapper(new YAMLFactory());

  private Manifests() {}

  /**
   * Refuses what the API server's schema refuses: unknown fields, and a value of another type (a
   * number given as a string, a string as a number), which Jackson would otherwise convert.
   */
  private static ObjectMapper strict() {
    ObjectMapper mapper =
        new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_IGNORED_PROPERTIES);
    for (LogicalType type :
        List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean, LogicalType.Textual)) {
      for (CoercionInputShape shape :
          List.of(
              CoercionInputShape.String, CoercionInputShape.Integer, CoercionInputShape.Float)) {
        mapper.coercionConfigFor(type).setCoercion(shape, CoercionAction.Fail);
      }
    }
    // a whole number is a valid float to the schema (dirtyRatio: 0), and a string stays a string
    mapper
        .coercionConfigFor(LogicalType.Float)
        .setCoercion(CoercionInputShape.Integer, CoercionAction.TryConvert);
    mapper
        .coercionConfigFor(LogicalType.Textual)
        .setCoercion(CoercionInputShape.String, CoercionAction.TryConvert);
    return mapper;
  }

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
    if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
      Object value =
          m instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException f
                  && f.getValue() != null
              ? f.getValue()
              : currentText(m);
      if (value != null) {
        return path + ": " + value + " is not a valid " + typeName(m.getTargetType());
      }
    }
    return path + ": " + e.getOriginalMessage();
  }

  /** The refused value as Jackson's coercion message quotes it, or null. */
  private static String currentText(MismatchedInputException e) {
    Matcher m = COERCED.matcher(String.valueOf(e.getOriginalMessage()));
    return m.find() ? m.group(1).replaceAll("^\"|\"$", "") : null;
  }

  private static String typeName(Class<?> type) {
    if (type == Long.class || type == Integer.class || type == long.class || type == int.class) {
      return "integer";
    }
    if (type == Double.class || type == double.class) {
      return "number";
    }
    if (type == String.class) {
      return "string";
    }
    return type.getSimpleName();
  }

  private static String firstLine(Exception e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    return message.lines().findFirst().orElse(message);
  }
}
