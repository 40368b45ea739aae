package io.sparkbench.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The API requests one user made, counted from kube-apiserver's audit log (one JSON event per line,
 * written when a request completes): the real control plane audits every request of a service
 * account, so an operator running as one has each of its requests there, and no one else's. A watch
 * is logged when it ends, so watches still open are not counted.
 *
 * @param byKind requests per {@code verb resource[/subresource]}
 */
record AuditedRequests(Map<String, Long> byKind) {

  private static final ObjectMapper JSON = new ObjectMapper();

  AuditedRequests {
    byKind = Map.copyOf(byKind);
  }

  long total() {
    return byKind.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The completed requests of {@code username} among {@code lines} of an audit log. */
  static AuditedRequests count(List<String> lines, String username) {
    Map<String, Long> byKind = new TreeMap<>();
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode event;
      try {
        event = JSON.readTree(line);
      } catch (IOException e) {
        continue; // a line cut short at the end of the log
      }
      String stage = event.path("stage").asText();
      if (!username.equals(event.path("user").path("username").asText())
          || !(stage.equals("ResponseComplete") || stage.equals("Panic"))) {
        continue;
      }
      JsonNode object = event.path("objectRef");
      String resource =
          object.isMissingNode()
              ? event.path("requestURI").asText().replaceFirst("\\?.*", "")
              : object.path("resource").asText()
                  + (object.hasNonNull("subresource")
                      ? "/" + object.path("subresource").asText()
                      : "");
      byKind.merge(event.path("verb").asText() + " " + resource, 1L, Long::sum);
    }
    return new AuditedRequests(byKind);
  }

  /** The requests of {@code username} logged in {@code log} between two of its sizes. */
  static AuditedRequests count(Path log, long from, long to, String username) {
    if (to <= from) {
      return new AuditedRequests(Map.of());
    }
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      byte[] bytes = new byte[Math.toIntExact(to - from)];
      file.seek(from);
      file.readFully(bytes);
      return count(new String(bytes, StandardCharsets.UTF_8).lines().toList(), username);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The log's size now, where a later count starts. */
  static long mark(Path log) {
    try {
      return Files.exists(log) ? Files.size(log) : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code 2.04 per benchmark (update scalingbenchmarks/status 2.00, create events 0.04)}: the
   * requests divided by {@code benchmarks}, the most frequent kinds first, at most {@code kinds} of
   * them.
   */
  String perBenchmark(int benchmarks, int kinds) {
    String parts =
        byKind.entrySet().stream()
            .sorted(
                Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()))
            .limit(kinds)
            .map(
                e ->
                    String.format(
                        Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / (double) benchmarks))
            .collect(Collectors.joining(", "));
    int left = byKind.size() - Math.min(kinds, byKind.size());
    return String.format(
        Locale.ROOT,
        "%.2f per benchmark (%s%s)",
        total() / (double) benchmarks,
        parts.isEmpty() ? "none" : parts,
        left > 0 ? ", " + left + " other kind(s)" : "");
  }
}
