package io.sparkbench.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.history.FsHistoryProvider;
import org.apache.spark.deploy.history.HistoryServer;
import org.apache.spark.deploy.history.HistoryServer$;

/**
 * Spark's own History Server, in this JVM, over the local runs' event logs: each run's jobs,
 * stages, tasks, SQL plans and DAG, as Spark's UI showed them while it ran. It listens on a free
 * port of the loopback interface and picks up a new event log within a second.
 */
public final class LocalHistoryServer implements AutoCloseable {

  private final HistoryServer server;
  private final FsHistoryProvider provider;
  private final String url;

  private LocalHistoryServer(HistoryServer server, FsHistoryProvider provider) {
    this.server = server;
    this.provider = provider;
    this.url = "http://127.0.0.1:" + server.boundPort();
  }

  /** Starts a History Server reading the event logs in {@code logDir}, which it creates. */
  public static LocalHistoryServer start(Path logDir) {
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the event-log folder " + logDir, e);
    }
    SparkConf conf = new LoopbackConf();
    conf.set("spark.history.fs.logDirectory", logDir.toUri().toString());
    conf.set("spark.history.fs.update.interval", "1s");
    conf.set("spark.history.ui.port", "0");
    // One run's log is small; keep the listing and the loaded UIs in memory.
    conf.set("spark.history.retainedApplications", "50");
    FsHistoryProvider provider = new FsHistoryProvider(conf);
    HistoryServer server =
        new HistoryServer(conf, provider, HistoryServer$.MODULE$.createSecurityManager(conf), 0);
    try {
      server.bind();
      provider.start();
    } catch (RuntimeException e) {
      server.stop();
      throw e;
    }
    return new LocalHistoryServer(server, provider);
  }

  /** Where a browser opens it, e.g. {@code http://127.0.0.1:40123}. */
  public String url() {
    return url;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } finally {
      provider.stop();
    }
  }

  /**
   * Spark binds its web UIs to {@code SPARK_LOCAL_IP}, else every interface; this configuration
   * answers loopback for it, so the local runs' History Server is not reachable from the network.
   */
  private static final class LoopbackConf extends SparkConf {
    @Override
    public String getenv(String name) {
      return "SPARK_LOCAL_IP".equals(name) ? "127.0.0.1" : super.getenv(name);
    }
  }
}
