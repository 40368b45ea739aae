package io.sparkbench.operator;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * How the operator runs. Read from the environment ({@code SPARKBENCH_*}) with command-line flags
 * ({@code --watch-namespaces=a,b}, ...) taking precedence, or built in code when embedding.
 *
 * @param watchNamespaces namespaces to watch; empty watches all
 * @param leaderElection whether to elect a leader among replicas (a Lease named {@code
 *     sparkbench-operator})
 * @param leaderElectionNamespace namespace of the Lease; null uses the operator's own
 * @param maxRunning benchmarks running at once, operator-wide; others wait in phase Queued
 * @param httpPort port of /metrics, /healthz and /readyz; 0 picks a free port, -1 serves none
 * @param logLevel root log level
 * @param queueRecheck how often a Queued benchmark looks for a free slot
 * @param sparkDefaults Spark settings applied to every driver before the spec's, e.g. {@code
 *     spark.master} for a cluster whose API server is not {@code kubernetes.default.svc}
 * @param historyServerUrl where users open the Spark History Server that reads the benchmarks'
 *     event logs, e.g. {@code https://spark-history.example.com}; each result then links its run
 *     there. Null when there is none.
 */
public record OperatorConfig(
    Set<String> watchNamespaces,
    boolean leaderElection,
    String leaderElectionNamespace,
    int maxRunning,
    int httpPort,
    String logLevel,
    Duration queueRecheck,
    Map<String, String> sparkDefaults,
    String historyServerUrl) {

  public static final List<String> LOG_LEVELS =
      List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

  public OperatorConfig {
    watchNamespaces = Set.copyOf(watchNamespaces);
    sparkDefaults = Map.copyOf(sparkDefaults);
    if (maxRunning < 1) {
      throw new IllegalArgumentException(
          "SPARKBENCH_MAX_RUNNING must be at least 1, got " + maxRunning);
    }
    if (httpPort < -1 || httpPort > 65535) {
      throw new IllegalArgumentException(
          "SPARKBENCH_HTTP_PORT must be 0 to 65535 (or -1 for none), got " + httpPort);
    }
    if (!LOG_LEVELS.contains(logLevel)) {
      throw new IllegalArgumentException(
          "SPARKBENCH_LOG_LEVEL must be one of " + LOG_LEVELS + ", got " + logLevel);
    }
    if (queueRecheck.isNegative() || queueRecheck.isZero()) {
      throw new IllegalArgumentException("queueRecheck must be positive, got " + queueRecheck);
    }
    if (historyServerUrl != null) {
      if (!historyServerUrl.matches("^https?://[^\\s/?#]+(/[^\\s?#]*)?$")) {
        throw new IllegalArgumentException(
            "SPARKBENCH_HISTORY_SERVER_URL must be an http or https URL such as"
                + " http://spark-history:18080, got '"
                + historyServerUrl
                + "'");
      }
      historyServerUrl = historyServerUrl.replaceAll("/+$", "");
    }
  }

  /** The History Server page of a Spark application, or null without a History Server. */
  public String historyServerPage(String applicationId) {
    return historyServerUrl == null || applicationId == null
        ? null
        : historyServerUrl + "/history/" + applicationId + "/";
  }

  /** All namespaces, no leader election, one benchmark at a time, port 8080. */
  public static OperatorConfig defaults() {
    return new OperatorConfig(
        Set.of(), false, null, 1, 8080, "INFO", Duration.ofSeconds(5), Map.of(), null);
  }

  public OperatorConfig withMaxRunning(int value) {
    return new OperatorConfig(
        watchNamespaces,
        leaderElection,
        leaderElectionNamespace,
        value,
        httpPort,
        logLevel,
        queueRecheck,
        sparkDefaults,
        historyServerUrl);
  }

  public OperatorConfig withHttpPort(int value) {
    return new OperatorConfig(
        watchNamespaces,
        leaderElection,
        leaderElectionNamespace,
        maxRunning,
        value,
        logLevel,
        queueRecheck,
        sparkDefaults,
        historyServerUrl);
  }

  public OperatorConfig withQueueRecheck(Duration value) {
    return new OperatorConfig(
        watchNamespaces,
        leaderElection,
        leaderElectionNamespace,
        maxRunning,
        httpPort,
        logLevel,
        value,
        sparkDefaults,
        historyServerUrl);
  }

  public OperatorConfig withWatchNamespaces(Set<String> value) {
    return new OperatorConfig(
        value,
        leaderElection,
        leaderElectionNamespace,
        maxRunning,
        httpPort,
        logLevel,
        queueRecheck,
        sparkDefaults,
        historyServerUrl);
  }

  public OperatorConfig withSparkDefaults(Map<String, String> value) {
    return new OperatorConfig(
        watchNamespaces,
        leaderElection,
        leaderElectionNamespace,
        maxRunning,
        httpPort,
        logLevel,
        queueRecheck,
        value,
        historyServerUrl);
  }

  public OperatorConfig withHistoryServerUrl(String value) {
    return new OperatorConfig(
        watchNamespaces,
        leaderElection,
        leaderElectionNamespace,
        maxRunning,
        httpPort,
        logLevel,
        queueRecheck,
        sparkDefaults,
        value);
  }

  /**
   * Reads {@code SPARKBENCH_WATCH_NAMESPACES}, {@code SPARKBENCH_LEADER_ELECTION}, {@code
   * SPARKBENCH_LEADER_ELECTION_NAMESPACE}, {@code SPARKBENCH_MAX_RUNNING}, {@code
   * SPARKBENCH_HTTP_PORT}, {@code SPARKBENCH_LOG_LEVEL}, {@code SPARKBENCH_QUEUE_RECHECK} and
   * {@code SPARKBENCH_SPARK_MASTER} and {@code SPARKBENCH_HISTORY_SERVER_URL}; a flag {@code
   * --max-running=2} overrides {@code SPARKBENCH_MAX_RUNNING}, and so on.
   *
   * @throws IllegalArgumentException with a one-line message naming the bad setting
   */
  public static OperatorConfig from(Map<String, String> env, String... args) {
    Map<String, String> settings = new LinkedHashMap<>();
    env.forEach(
        (key, value) -> {
          if (key.startsWith("SPARKBENCH_")) {
            settings.put(key, value);
          }
        });
    for (String arg : args) {
      if (!arg.startsWith("--") || !arg.contains("=")) {
        throw new IllegalArgumentException(
            "unknown argument '" + arg + "': use --name=value, e.g. --max-running=2");
      }
      String name = arg.substring(2, arg.indexOf('='));
      String key = "SPARKBENCH_" + name.toUpperCase().replace('-', '_');
      if (!KNOWN.contains(key)) {
        throw new IllegalArgumentException("unknown option --" + name);
      }
      settings.put(key, arg.substring(arg.indexOf('=') + 1));
    }
    UnaryOperator<String> get = key -> settings.getOrDefault(key, "").trim();
    Set<String> namespaces = new TreeSet<>();
    Arrays.stream(get.apply("SPARKBENCH_WATCH_NAMESPACES").split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .forEach(namespaces::add);
    Map<String, String> sparkDefaults = new LinkedHashMap<>();
    String master = get.apply("SPARKBENCH_SPARK_MASTER");
    if (!master.isEmpty()) {
      sparkDefaults.put("spark.master", master);
    }
    String recheck = get.apply("SPARKBENCH_QUEUE_RECHECK");
    return new OperatorConfig(
        namespaces,
        bool("SPARKBENCH_LEADER_ELECTION", get.apply("SPARKBENCH_LEADER_ELECTION")),
        emptyToNull(get.apply("SPARKBENCH_LEADER_ELECTION_NAMESPACE")),
        integer("SPARKBENCH_MAX_RUNNING", get.apply("SPARKBENCH_MAX_RUNNING"), 1),
        integer("SPARKBENCH_HTTP_PORT", get.apply("SPARKBENCH_HTTP_PORT"), 8080),
        get.apply("SPARKBENCH_LOG_LEVEL").isEmpty()
            ? "INFO"
            : get.apply("SPARKBENCH_LOG_LEVEL").toUpperCase(),
        recheck.isEmpty()
            ? Duration.ofSeconds(5)
            : io.sparkbench.operator.driver.Durations.parse("SPARKBENCH_QUEUE_RECHECK", recheck),
        sparkDefaults,
        emptyToNull(get.apply("SPARKBENCH_HISTORY_SERVER_URL")));
  }

  private static final Set<String> KNOWN =
      Set.of(
          "SPARKBENCH_WATCH_NAMESPACES",
          "SPARKBENCH_LEADER_ELECTION",
          "SPARKBENCH_LEADER_ELECTION_NAMESPACE",
          "SPARKBENCH_MAX_RUNNING",
          "SPARKBENCH_HTTP_PORT",
          "SPARKBENCH_LOG_LEVEL",
          "SPARKBENCH_QUEUE_RECHECK",
          "SPARKBENCH_SPARK_MASTER",
          "SPARKBENCH_HISTORY_SERVER_URL");

  private static boolean bool(String key, String value) {
    if (value.isEmpty() || value.equalsIgnoreCase("false")) {
      return false;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    throw new IllegalArgumentException(key + " must be true or false, got '" + value + "'");
  }

  private static int integer(String key, String value, int fallback) {
    if (value.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be an integer, got '" + value + "'", e);
    }
  }

  private static String emptyToNull(String value) {
    return value.isEmpty() ? null : value;
  }
}
