package io.sparkbench.app;

import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.result.HistoryLine;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Appends a run to its benchmark's history: one JSON line in a file of its own under {@code
 * --history}, created once and never rewritten, so object stores without append keep the history as
 * well as a volume does. The operator tells a driver which benchmark, round, repetition and attempt
 * it runs, and the node, through the environment ({@link HistoryLine#ENV_BENCHMARK} and the rest);
 * a run outside the operator writes its line without them.
 */
final class History {

  /** Sorts by time within a folder: {@code 20261207T020000Z}. */
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private History() {}

  /**
   * Writes the run's line to {@code <folder>/<time>-<name>.json}; {@code name} is the driver pod's
   * (or the application's) name, so two runs never share a file.
   *
   * @return the file written
   */
  static String append(
      String folder,
      String name,
      String image,
      BenchmarkResult result,
      Map<String, String> env,
      Instant now,
      Configuration hadoop)
      throws IOException {
    HistoryLine line =
        new HistoryLine(
            HistoryLine.CURRENT_VERSION,
            now.truncatedTo(ChronoUnit.MILLIS).toString(),
            env.get(HistoryLine.ENV_BENCHMARK),
            integer(env.get(HistoryLine.ENV_ROUND)),
            integer(env.get(HistoryLine.ENV_REPETITION)),
            integer(env.get(HistoryLine.ENV_ATTEMPT)),
            env.get(HistoryLine.ENV_NODE),
            image,
            result);
    Path file =
        new Path(
            folder.replaceAll("/+$", "") + "/" + STAMP.format(now) + "-" + safe(name) + ".json");
    FileSystem fs = file.getFileSystem(hadoop);
    try (OutputStream out = fs.create(file, false)) {
      out.write(line.toLine().getBytes(StandardCharsets.UTF_8));
    } catch (FileAlreadyExistsException e) {
      throw new IOException(file + " already exists: a history line is never rewritten", e);
    }
    return file.toString();
  }

  private static Integer integer(String value) {
    try {
      return value == null ? null : Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String safe(String name) {
    String cleaned = name == null ? "run" : name.replaceAll("[^A-Za-z0-9._-]", "_");
    return cleaned.length() > 200 ? cleaned.substring(0, 200) : cleaned;
  }
}
