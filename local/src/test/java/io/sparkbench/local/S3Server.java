package io.sparkbench.local;

import io.sparkbench.common.process.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * An S3-compatible server for tests: S3Proxy over an in-memory store, on 127.0.0.1 at a port of its
 * own, with one access key. It runs from S3Proxy's self-contained jar in a JVM of its own: its
 * Jetty, Jackson, Guava and Netty would clash with Spark's on this JVM's class path, which the
 * process kubelet also gives its pods. The build copies the jar to {@code target/s3proxy/} (the
 * system property {@code sparkbench.s3proxy.jar} names another). Assertions go through the S3 API,
 * with the AWS SDK the S3A connector uses.
 *
 * <pre>{@code
 * try (S3Server s3 = S3Server.start()) {
 *   s3.createBucket("bench");
 *   sparkConf.putAll(s3.sparkConf()); // spark.hadoop.fs.s3a.* pointing S3A here
 *   ... // write s3a://bench/runs/...
 *   assertThat(s3.keys("bench", "runs/")).contains("runs/report.json");
 *   String report = s3.read("bench", "runs/report.json");
 * }
 * }</pre>
 */
public final class S3Server implements AutoCloseable {

  /** The jar the build copies; relative to the module, where Maven runs its tests. */
  static final Path DEFAULT_JAR = Path.of("target", "s3proxy", "s3proxy.jar");

  private static final String ACCESS_KEY = "sparkbench-test";
  private static final String SECRET_KEY = "sparkbench-test-secret";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  /**
   * Jetty's line once it listens: {@code Started ServerConnector@…{HTTP/1.1, …}{127.0.0.1:PORT}}.
   */
  private static final Pattern LISTENING =
      Pattern.compile("Started ServerConnector@.*\\{127\\.0\\.0\\.1:(\\d+)}");

  private final Process process;
  private final Path dir;
  private final String endpoint;
  private final S3Client client;
  private final Thread stopOnExit;

  private S3Server(Process process, Path dir, String endpoint) {
    this.process = process;
    this.dir = dir;
    this.endpoint = endpoint;
    this.stopOnExit = new Thread(process::destroyForcibly, "s3proxy-stop");
    Runtime.getRuntime().addShutdownHook(stopOnExit);
    this.client =
        S3Client.builder()
            .endpointOverride(URI.create(endpoint))
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .httpClientBuilder(ApacheHttpClient.builder())
            .build();
  }

  /**
   * Starts S3Proxy and returns once it listens.
   *
   * @throws IllegalStateException when the jar is missing or the server does not start, with its
   *     output
   */
  public static S3Server start() {
    Path jar = Path.of(System.getProperty("sparkbench.s3proxy.jar", DEFAULT_JAR.toString()));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "no S3Proxy jar at "
              + jar.toAbsolutePath()
              + ": the local module's build copies it there (mvn -pl local"
              + " generate-test-resources)");
    }
    try {
      Path dir = Files.createTempDirectory("s3proxy-");
      Path properties =
          Files.writeString(
              dir.resolve("s3proxy.properties"),
              String.join(
                  "\n",
                  "s3proxy.endpoint=http://127.0.0.1:0",
                  "s3proxy.authorization=aws-v2-or-v4",
                  "s3proxy.identity=" + ACCESS_KEY,
                  "s3proxy.credential=" + SECRET_KEY,
                  "jclouds.provider=transient",
                  "jclouds.identity=" + ACCESS_KEY,
                  "jclouds.credential=" + SECRET_KEY,
                  ""));
      Path log = dir.resolve("s3proxy.log");
      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx512m",
                  "-XX:TieredStopAtLevel=1",
                  "-XX:+UseSerialGC",
                  "-jar",
                  jar.toAbsolutePath().toString(),
                  "--properties",
                  properties.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      // The listening line is Jetty's, at INFO.
      builder.environment().put("LOG_LEVEL", "info");
      builder.environment().put("JETTY_LOG_LEVEL", "info");
      Process process = builder.start();
      try {
        int port = awaitPort(process, log);
        return new S3Server(process, dir, "http://127.0.0.1:" + port);
      } catch (RuntimeException e) {
        process.destroyForcibly();
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start S3Proxy", e);
    }
  }

  private static int awaitPort(Process process, Path log) throws IOException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      String output = Files.readString(log, StandardCharsets.UTF_8);
      Matcher listening = LISTENING.matcher(output);
      if (listening.find()) {
        return Integer.parseInt(listening.group(1));
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "S3Proxy exited with " + process.exitValue() + ":\n" + tail(output));
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while S3Proxy started", e);
      }
    }
    throw new IllegalStateException(
        "S3Proxy did not listen within "
            + START_TIMEOUT.toSeconds()
            + " s:\n"
            + tail(Files.readString(log, StandardCharsets.UTF_8)));
  }

  private static String tail(String output) {
    List<String> lines = output.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
  }

  /** The server's URL, {@code http://127.0.0.1:<port>}, for path-style requests. */
  public String endpoint() {
    return endpoint;
  }

  public String accessKey() {
    return ACCESS_KEY;
  }

  public String secretKey() {
    return SECRET_KEY;
  }

  /** Hadoop's settings that point the S3A connector at this server ({@code fs.s3a.*}). */
  public Map<String, String> s3aConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("fs.s3a.endpoint", endpoint);
    conf.put("fs.s3a.endpoint.region", Region.US_EAST_1.id());
    conf.put("fs.s3a.path.style.access", "true");
    conf.put("fs.s3a.connection.ssl.enabled", "false");
    conf.put("fs.s3a.access.key", ACCESS_KEY);
    conf.put("fs.s3a.secret.key", SECRET_KEY);
    return conf;
  }

  /** {@link #s3aConf()} as Spark settings ({@code spark.hadoop.fs.s3a.*}), e.g. for a sparkConf. */
  public Map<String, String> sparkConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    s3aConf().forEach((key, value) -> conf.put("spark.hadoop." + key, value));
    return conf;
  }

  public void createBucket(String name) {
    client.createBucket(b -> b.bucket(name));
  }

  /** The keys of the bucket's objects that start with {@code prefix}, in order. */
  public List<String> keys(String bucket, String prefix) {
    return client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
        .map(S3Object::key)
        .sorted()
        .toList();
  }

  /** An object's content as UTF-8 text (reports, event logs). */
  public String read(String bucket, String key) {
    return new String(readBytes(bucket, key), StandardCharsets.UTF_8);
  }

  /** An object's content. */
  public byte[] readBytes(String bucket, String key) {
    return client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
  }

  /** Stops the server; what it stored is gone. */
  @Override
  public void close() {
    client.close();
    Processes.stop(process, STOP_GRACE);
    try {
      Runtime.getRuntime().removeShutdownHook(stopOnExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook stops it
    }
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.deleteIfExists(file);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // a temporary folder left behind
    }
  }
}
