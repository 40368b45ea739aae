package io.sparkbench.controlplane;

import io.sparkbench.common.process.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One control-plane process (etcd, kube-apiserver, kube-controller-manager, kube-scheduler) run as
 * a child of this JVM: its command line, its log {@code <name>.log} in the work folder, and the URL
 * on 127.0.0.1 that answers 200 once it is ready. A watchdog shell kills it when this JVM is gone,
 * also when the JVM was killed without running its shutdown hooks.
 */
final class Component {

  /** How long a component has to exit after SIGTERM before it gets SIGKILL. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final String name;
  private final List<String> command;
  private final Path log;
  private final URI readiness;
  private final Process process;
  private final Process watchdog;

  private Component(String name, List<String> command, Path log, URI readiness, boolean append) {
    this.name = name;
    this.command = List.copyOf(command);
    this.log = log;
    this.readiness = readiness;
    try {
      this.process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(
                  append
                      ? ProcessBuilder.Redirect.appendTo(log.toFile())
                      : ProcessBuilder.Redirect.to(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
    this.watchdog = startWatchdog(name, process.pid());
  }

  /**
   * Starts {@code command} (the binary's path, then its flags), logging to a new {@code <name>.log}
   * in {@code workDir}; {@link #awaitReady} then polls {@code readiness}.
   */
  static Component start(String name, List<String> command, Path workDir, URI readiness) {
    return new Component(name, command, workDir.resolve(name + ".log"), readiness, false);
  }

  /** Starts the same command again, appending to the same log. */
  Component startAgain() {
    return new Component(name, command, log, readiness, true);
  }

  /** Waits until the readiness URL answers 200, failing with the log's tail if the process ends. */
  void awaitReady(long deadlineNanos) {
    HttpClient http =
        HttpClient.newBuilder()
            // HTTP/1.1: Kubernetes limits unauthenticated HTTP/2 requests
            .version(HttpClient.Version.HTTP_1_1)
            .sslContext(trustingLoopback())
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    HttpRequest request = HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(2)).build();
    String last = "no answer";
    while (System.nanoTime() < deadlineNanos) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name + " exited with code " + process.exitValue() + ": " + logTail());
      }
      try {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          return;
        }
        last = readiness.getPath() + " answered " + response.statusCode();
      } catch (IOException notYet) {
        last = notYet.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + name, e);
      }
      sleep(200);
    }
    throw new IllegalStateException(name + " not ready in time (" + last + "): " + logTail());
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Stops the process (SIGTERM, then SIGKILL after 10 s) and its watchdog; idempotent. */
  void stop() {
    Processes.stop(process, STOP_GRACE);
    watchdog.destroy();
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()))
          + " (full log: "
          + log
          + ")";
    } catch (IOException e) {
      return "see " + log;
    }
  }

  /** A shell that kills {@code pid} once this JVM is gone, and ends early when {@code pid} does. */
  private static Process startWatchdog(String name, long pid) {
    String script =
        "while kill -0 "
            + ProcessHandle.current().pid()
            + " 2>/dev/null; do kill -0 "
            + pid
            + " 2>/dev/null || exit 0; sleep 1; done; kill -9 "
            + pid
            + " 2>/dev/null";
    try {
      return new ProcessBuilder("sh", "-c", script)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      throw new UncheckedIOException("cannot start the watchdog of " + name, e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Accepts any serving certificate: the probe only reads a health URL from a process this JVM
   * started on 127.0.0.1.
   */
  private static SSLContext trustingLoopback() {
    TrustManager trustAll =
        new X509ExtendedTrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

          @Override
          public void checkClientTrusted(
              X509Certificate[] chain, String authType, SSLEngine engine) {}

          @Override
          public void checkServerTrusted(
              X509Certificate[] chain, String authType, SSLEngine engine) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {trustAll}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
