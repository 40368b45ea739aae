package io.sparkbench.api.settings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JVM options Spark 4 needs on Java 17, as in Spark's {@code JavaModuleOptions}; every JVM the
 * process kubelet starts gets them. The list is written once, as the parent build's {@code
 * spark.jvm.options}, and reaches this class through a resource the build filters.
 */
public final class SparkJvmOptions {

  private static final String RESOURCE = "spark-jvm-options";

  public static final List<String> OPTIONS = load();

  private SparkJvmOptions() {}

  private static List<String> load() {
    try (InputStream in = SparkJvmOptions.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            RESOURCE + " is not on the class path; build the api module (mvn -pl api package)");
      }
      String options = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
      if (options.isEmpty() || options.startsWith("${")) {
        throw new IllegalStateException(RESOURCE + " was not filtered by the build: " + options);
      }
      return List.of(options.split("\\s+"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
