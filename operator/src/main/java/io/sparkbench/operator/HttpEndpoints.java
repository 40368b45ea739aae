package io.sparkbench.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.operator.report.ResultsPage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves {@code /metrics}, {@code /healthz} (the process is up), {@code /readyz}, and each
 * benchmark's results page at {@code /benchmarks/<namespace>/<name>} with its data at the same path
 * plus {@code .json}.
 */
final class HttpEndpoints implements AutoCloseable {

  /** Finds a benchmark the operator watches; empty when there is none of that name. */
  interface Benchmarks {
    Optional<ScalingBenchmark> find(String namespace, String name);
  }

  /**
   * {@code /benchmarks/<namespace>/<name>} with Kubernetes' rules for both names; a {@code .json}
   * suffix is taken off first, so the page of a benchmark whose name ends in {@code .json} is
   * served only as JSON.
   */
  private static final Pattern PAGE =
      Pattern.compile(
          "/benchmarks/([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)/([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?)");

  private static final String JSON_SUFFIX = ".json";

  private final HTTPServer server;

  HttpEndpoints(int port, CollectorRegistry registry, BooleanSupplier ready, Benchmarks benchmarks)
      throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(port), 0);
    http.createContext("/benchmarks/", exchange -> page(exchange, benchmarks));
    http.createContext("/healthz", exchange -> respond(exchange, 200, "ok\n"));
    http.createContext(
        "/readyz",
        exchange ->
            respond(
                exchange,
                ready.getAsBoolean() ? 200 : 503,
                ready.getAsBoolean() ? "ready\n" : "not ready\n"));
    this.server =
        new HTTPServer.Builder()
            .withHttpServer(http)
            .withRegistry(registry)
            .withDaemonThreads(true)
            .build();
  }

  int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.close();
  }

  private static void page(HttpExchange exchange, Benchmarks benchmarks) throws IOException {
    if (!exchange.getRequestMethod().equals("GET")) {
      respond(exchange, 405, "GET only\n");
      return;
    }
    String path = exchange.getRequestURI().getPath();
    boolean json = path.endsWith(JSON_SUFFIX);
    Matcher m = PAGE.matcher(json ? path.substring(0, path.length() - JSON_SUFFIX.length()) : path);
    if (!m.matches()) {
      respond(exchange, 404, "not found: use /benchmarks/<namespace>/<name>[.json]\n");
      return;
    }
    String namespace = m.group(1);
    String name = m.group(3);
    Optional<ScalingBenchmark> found;
    try {
      found = benchmarks.find(namespace, name);
    } catch (RuntimeException e) {
      respond(exchange, 503, "cannot read scalingbenchmark " + namespace + "/" + name + " now\n");
      return;
    }
    if (found.isEmpty()) {
      respond(exchange, 404, "no scalingbenchmark " + name + " in namespace " + namespace + "\n");
      return;
    }
    if (json) {
      respond(exchange, 200, "application/json", ResultsPage.json(found.get()));
    } else {
      respond(exchange, 200, "text/html; charset=utf-8", ResultsPage.render(found.get()));
    }
  }

  private static void respond(HttpExchange exchange, int code, String body) throws IOException {
    respond(exchange, code, "text/plain; charset=utf-8", body);
  }

  private static void respond(HttpExchange exchange, int code, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
