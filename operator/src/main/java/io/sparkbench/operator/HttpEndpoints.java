package io.sparkbench.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/** Serves {@code /metrics}, {@code /healthz} (the process is up) and {@code /readyz}. */
final class HttpEndpoints implements AutoCloseable {

  private final HTTPServer server;

  HttpEndpoints(int port, CollectorRegistry registry, BooleanSupplier ready) throws IOException {
    HttpServer http = HttpServer.create(new InetSocketAddress(port), 0);
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

  private static void respond(HttpExchange exchange, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }
}
