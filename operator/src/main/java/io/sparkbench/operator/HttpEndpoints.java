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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Serves {@code /metrics}, {@code /healthz} (the process is up), {@code /readyz}, and each
 * benchmark's results page at {@code /benchmarks/<namespace>/<name>} with its data at the same path
 * plus {@code .json} and its comparison with its baseline plus {@code /comparison}. The probes also
 * get a port of their own with a thread of their own, so that clients of the pages and metrics
 * (slow, many, or hostile) cannot starve them; both servers give up on a request not read within
 * {@value #REQUEST_SECONDS} s.
 */
final class HttpEndpoints implements AutoCloseable {

  /** How long a client may take to send its request before the server closes the connection. */
  static final int REQUEST_SECONDS = 10;

  static {
    // read once, when the JDK's HTTP server is first used; an operator's own setting wins
    if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
      System.setProperty("sun.net.httpserver.maxReqTime", Integer.toString(REQUEST_SECONDS));
    }
    if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
      System.setProperty("sun.net.httpserver.maxRspTime", "60");
    }
  }

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

  /** The latest comparison with the baseline and the rounds' summary, as JSON. */
  private static final String COMPARISON_SUFFIX = "/comparison";

  private final HTTPServer server;
  private final HttpServer health;
  private final ExecutorService healthThread;

  /**
   * @param port of the metrics, pages and probes; 0 picks a free one
   * @param healthPort of the probes alone; 0 picks a free one, -1 serves none
   */
  HttpEndpoints(
      int port,
      int healthPort,
      CollectorRegistry registry,
      BooleanSupplier ready,
      Benchmarks benchmarks)
      throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(port), 0);
    http.createContext("/benchmarks/", exchange -> page(exchange, benchmarks));
    addProbes(http, ready);
    this.server =
        new HTTPServer.Builder()
            .withHttpServer(http)
            .withRegistry(registry)
            .withDaemonThreads(true)
            .build();
    if (healthPort < 0) {
      this.health = null;
      this.healthThread = null;
      return;
    }
    try {
      this.health = HttpServer.create(new InetSocketAddress(healthPort), 0);
    } catch (IOException e) {
      server.close();
      throw e;
    }
    addProbes(health, ready);
    this.healthThread =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "operator-probes");
              thread.setDaemon(true);
              return thread;
            });
    health.setExecutor(healthThread);
    health.start();
  }

  private static void addProbes(HttpServer http, BooleanSupplier ready) {
    http.createContext("/healthz", exchange -> respond(exchange, 200, "ok\n"));
    http.createContext(
        "/readyz",
        exchange -> {
          boolean isReady = ready.getAsBoolean();
          respond(exchange, isReady ? 200 : 503, isReady ? "ready\n" : "not ready\n");
        });
  }

  int port() {
    return server.getPort();
  }

  /** The probes' own port, or -1 when they have none. */
  int healthPort() {
    return health == null ? -1 : health.getAddress().getPort();
  }

  @Override
  public void close() {
    server.close();
    if (health != null) {
      health.stop(0);
      healthThread.shutdownNow();
    }
  }

  private static void page(HttpExchange exchange, Benchmarks benchmarks) throws IOException {
    if (!exchange.getRequestMethod().equals("GET")) {
      respond(exchange, 405, "GET only\n");
      return;
    }
    String path = exchange.getRequestURI().getPath();
    boolean comparison = path.endsWith(COMPARISON_SUFFIX);
    if (comparison) {
      path = path.substring(0, path.length() - COMPARISON_SUFFIX.length());
    }
    boolean json = !comparison && path.endsWith(JSON_SUFFIX);
    Matcher m = PAGE.matcher(json ? path.substring(0, path.length() - JSON_SUFFIX.length()) : path);
    if (!m.matches()) {
      respond(exchange, 404, "not found: use /benchmarks/<namespace>/<name>[.json|/comparison]\n");
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
    if (comparison) {
      respond(exchange, 200, "application/json", ResultsPage.comparisonJson(found.get()));
    } else if (json) {
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
