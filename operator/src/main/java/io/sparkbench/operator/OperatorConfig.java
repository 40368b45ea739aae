package io.sparkbench.operator;

import io.sparkbench.common.cli.OneLineErrors;
import io.sparkbench.common.time.Durations;
import io.sparkbench.operator.cost.Prices;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * How the operator runs. Read from the environment ({@code SPARKBENCH_*}) with command-line flags
 * ({@code --watch-namespaces=a,b}, ...) taking precedence ({@link #from}), or built in code when
 * embedding ({@link #builder()}).
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
 * @param tenancy what benchmarks may ask of the cluster: see {@link Tenancy}
 * @param healthPort a port of its own for /healthz and /readyz, with its own thread, so that
 *     clients of the pages and metrics cannot starve the probes; -1 for none (the probes are then
 *     served on {@code httpPort} only)
 * @param prices what runs are priced at (see {@link Prices}); null prices none, and runs then
 *     record their core-seconds and GiB-seconds only
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
    String historyServerUrl,
    Tenancy tenancy,
    int healthPort,
    Prices prices) {

  /**
   * What the operator allows a benchmark, which is tenant input.
   *
   * @param operatorNamespace the operator's own namespace, where no benchmark runs; null when
   *     unknown (outside a pod)
   * @param operatorServiceAccount the operator's own service account, which no driver runs as
   * @param allowedPriorityClasses the PriorityClasses a benchmark may give its pods; empty allows
   *     none
   * @param maxQueuedPerNamespace the most benchmarks of one namespace that wait for a slot at once;
   *     later ones fail with QueueFull
   */
  public record Tenancy(
      String operatorNamespace,
      String operatorServiceAccount,
      Set<String> allowedPriorityClasses,
      int maxQueuedPerNamespace) {

    public Tenancy {
      allowedPriorityClasses = Set.copyOf(allowedPriorityClasses);
      if (maxQueuedPerNamespace < 1) {
        throw new IllegalArgumentException(
            "SPARKBENCH_MAX_QUEUED_PER_NAMESPACE must be at least 1, got " + maxQueuedPerNamespace);
      }
    }
  }

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
    if (healthPort < -1 || healthPort > 65535) {
      throw new IllegalArgumentException(
          "SPARKBENCH_HEALTH_PORT must be 0 to 65535 (or -1 for none), got " + healthPort);
    }
    if (healthPort > 0 && healthPort == httpPort) {
      throw new IllegalArgumentException(
          "SPARKBENCH_HEALTH_PORT must differ from SPARKBENCH_HTTP_PORT, both are " + httpPort);
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
    return builder().build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads the settings from {@code env} ({@code SPARKBENCH_WATCH_NAMESPACES}, {@code
   * SPARKBENCH_MAX_RUNNING}, ...; see {@link Builder}'s options) with flags in {@code args} taking
   * precedence: {@code --max-running=2} overrides {@code SPARKBENCH_MAX_RUNNING}, and so on.
   *
   * @throws IllegalArgumentException with a one-line message naming the bad setting
   */
  public static OperatorConfig from(Map<String, String> env, String... args) {
    Builder builder = builder();
    try {
      readingEnvironment(new CommandLine(builder), env).parseArgs(args);
    } catch (CommandLine.ParameterException e) {
      throw new IllegalArgumentException(problem(e), e);
    }
    return builder.build();
  }

  /**
   * {@code cli}, whose options include {@link Builder}'s, taking each option's default from {@code
   * env} ({@code --max-running} from {@code SPARKBENCH_MAX_RUNNING}; blank counts as unset) and
   * reading integers and booleans as the environment writes them.
   */
  static CommandLine readingEnvironment(CommandLine cli, Map<String, String> env) {
    cli.setDefaultValueProvider(
        arg -> {
          String value =
              arg instanceof CommandLine.Model.OptionSpec option ? env.get(key(option)) : null;
          if ((value == null || value.isBlank())
              && arg instanceof CommandLine.Model.OptionSpec option
              && option.longestName().equals("--operator-namespace")) {
            // the pod's own namespace, from the downward API as the chart sets it
            value = env.get("POD_NAMESPACE");
          }
          return value == null || value.isBlank() ? null : value.trim();
        });
    cli.registerConverter(Integer.TYPE, OperatorConfig::integer);
    cli.registerConverter(Boolean.TYPE, OperatorConfig::bool);
    return cli;
  }

  /** Bad input as one line naming the setting by its environment variable. */
  private static String problem(CommandLine.ParameterException e) {
    return OneLineErrors.message(e, OperatorConfig::key);
  }

  /** {@code SPARKBENCH_MAX_RUNNING} for {@code --max-running}. */
  static String key(CommandLine.Model.OptionSpec option) {
    return "SPARKBENCH_"
        + option.longestName().substring(2).toUpperCase(Locale.ROOT).replace('-', '_');
  }

  private static boolean bool(String value) {
    if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
      return Boolean.parseBoolean(value);
    }
    throw new IllegalArgumentException("must be true or false, got '" + value + "'");
  }

  private static int integer(String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be an integer, got '" + value + "'", e);
    }
  }

  /**
   * The settings, starting at the defaults: set in code, or read as the operator command's flags
   * with the {@code SPARKBENCH_*} environment as their defaults ({@link #from}).
   */
  public static final class Builder {

    @Option(
        names = "--watch-namespaces",
        paramLabel = "NS",
        split = ",",
        description = "Namespaces to watch (SPARKBENCH_WATCH_NAMESPACES; default: all).")
    private Set<String> watchNamespaces = new TreeSet<>();

    @Option(
        names = "--leader-election",
        arity = "1",
        paramLabel = "true|false",
        description =
            "Elect one active replica through the Lease sparkbench-operator"
                + " (SPARKBENCH_LEADER_ELECTION; default ${DEFAULT-VALUE}).")
    private boolean leaderElection;

    @Option(
        names = "--leader-election-namespace",
        paramLabel = "NS",
        description =
            "Namespace of the Lease (SPARKBENCH_LEADER_ELECTION_NAMESPACE; default: the"
                + " operator's own).")
    private String leaderElectionNamespace;

    @Option(
        names = "--max-running",
        paramLabel = "N",
        description =
            "Benchmarks running at once, operator-wide; others wait in phase Queued"
                + " (SPARKBENCH_MAX_RUNNING; default ${DEFAULT-VALUE}).")
    private int maxRunning = 1;

    @Option(
        names = "--http-port",
        paramLabel = "PORT",
        description =
            "Port of /metrics, /healthz and /readyz; 0 picks a free one, -1 serves none"
                + " (SPARKBENCH_HTTP_PORT; default ${DEFAULT-VALUE}).")
    private int httpPort = 8080;

    @Option(
        names = "--log-level",
        paramLabel = "LEVEL",
        description =
            "Root log level, one of TRACE, DEBUG, INFO, WARN, ERROR, OFF"
                + " (SPARKBENCH_LOG_LEVEL; default ${DEFAULT-VALUE}).")
    private String logLevel = "INFO";

    @Option(
        names = "--queue-recheck",
        paramLabel = "DURATION",
        converter = Durations.Converter.class,
        description =
            "How often a Queued benchmark looks for a free slot (SPARKBENCH_QUEUE_RECHECK;"
                + " default 5s).")
    private Duration queueRecheck = Duration.ofSeconds(5);

    @Option(
        names = "--spark-master",
        paramLabel = "URL",
        description =
            "spark.master of every driver (SPARKBENCH_SPARK_MASTER; default"
                + " k8s://https://kubernetes.default.svc).")
    private String sparkMaster;

    private Map<String, String> sparkDefaults = Map.of();

    @Option(
        names = "--history-server-url",
        paramLabel = "URL",
        description =
            "The Spark History Server's URL that results link their runs to"
                + " (SPARKBENCH_HISTORY_SERVER_URL; default: none).")
    private String historyServerUrl;

    @Option(
        names = "--health-port",
        paramLabel = "PORT",
        description =
            "A port of its own for /healthz and /readyz, served by its own thread; -1 serves the"
                + " probes on the HTTP port only (SPARKBENCH_HEALTH_PORT; default"
                + " ${DEFAULT-VALUE}).")
    private int healthPort = -1;

    @Option(
        names = "--operator-namespace",
        paramLabel = "NS",
        description =
            "The operator's own namespace, where no benchmark may run"
                + " (SPARKBENCH_OPERATOR_NAMESPACE; default: POD_NAMESPACE).")
    private String operatorNamespace;

    @Option(
        names = "--operator-service-account",
        paramLabel = "NAME",
        description =
            "The operator's own service account, which no driver may run as"
                + " (SPARKBENCH_OPERATOR_SERVICE_ACCOUNT; default: none).")
    private String operatorServiceAccount;

    @Option(
        names = "--allowed-priority-classes",
        paramLabel = "NAME",
        split = ",",
        description =
            "PriorityClasses a benchmark may give its pods (SPARKBENCH_ALLOWED_PRIORITY_CLASSES;"
                + " default: none).")
    private Set<String> allowedPriorityClasses = new TreeSet<>();

    @Option(
        names = "--max-queued-per-namespace",
        paramLabel = "N",
        description =
            "The most benchmarks of one namespace waiting for a slot at once; later ones fail"
                + " with QueueFull (SPARKBENCH_MAX_QUEUED_PER_NAMESPACE; default"
                + " ${DEFAULT-VALUE}).")
    private int maxQueuedPerNamespace = 50;

    @Option(
        names = "--prices",
        paramLabel = "FILE",
        converter = Prices.Converter.class,
        description =
            "A price table, YAML or JSON: {currency: USD, coreHour: 0.04, gibHour: 0.005,"
                + " instanceTypes: {m5.xlarge: {coreHour: ..., gibHour: ...}}}; each run's cost"
                + " then has an amount (SPARKBENCH_PRICES; default: none, runs record core- and"
                + " GiB-seconds only).")
    private Prices prices;

    private Builder() {}

    /** What runs are priced at; null prices none. */
    public Builder prices(Prices value) {
      prices = value;
      return this;
    }

    public Builder healthPort(int value) {
      healthPort = value;
      return this;
    }

    /** The operator's own namespace and service account, where and as which no driver runs. */
    public Builder operatorIdentity(String namespace, String serviceAccount) {
      operatorNamespace = namespace;
      operatorServiceAccount = serviceAccount;
      return this;
    }

    public Builder allowedPriorityClasses(Set<String> value) {
      allowedPriorityClasses = value;
      return this;
    }

    public Builder maxQueuedPerNamespace(int value) {
      maxQueuedPerNamespace = value;
      return this;
    }

    public Builder watchNamespaces(Set<String> value) {
      watchNamespaces = value;
      return this;
    }

    /**
     * Elect one active replica through the Lease {@code sparkbench-operator} in {@code namespace}.
     */
    public Builder leaderElection(String namespace) {
      leaderElection = true;
      leaderElectionNamespace = namespace;
      return this;
    }

    public Builder maxRunning(int value) {
      maxRunning = value;
      return this;
    }

    public Builder httpPort(int value) {
      httpPort = value;
      return this;
    }

    public Builder queueRecheck(Duration value) {
      queueRecheck = value;
      return this;
    }

    /** Spark settings for every driver; {@code --spark-master} adds {@code spark.master}. */
    public Builder sparkDefaults(Map<String, String> value) {
      sparkDefaults = value;
      return this;
    }

    public Builder historyServerUrl(String value) {
      historyServerUrl = value;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first invalid setting
     */
    public OperatorConfig build() {
      Set<String> namespaces = trimmed(watchNamespaces);
      Map<String, String> spark = new LinkedHashMap<>(sparkDefaults);
      if (sparkMaster != null && !sparkMaster.isBlank()) {
        spark.put("spark.master", sparkMaster.trim());
      }
      return new OperatorConfig(
          namespaces,
          leaderElection,
          blankToNull(leaderElectionNamespace),
          maxRunning,
          httpPort,
          logLevel.trim().toUpperCase(Locale.ROOT),
          queueRecheck,
          spark,
          blankToNull(historyServerUrl),
          new Tenancy(
              blankToNull(operatorNamespace),
              blankToNull(operatorServiceAccount),
              trimmed(allowedPriorityClasses),
              maxQueuedPerNamespace),
          healthPort,
          prices);
    }

    private static Set<String> trimmed(Set<String> values) {
      Set<String> set = new TreeSet<>();
      values.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(set::add);
      return set;
    }

    private static String blankToNull(String value) {
      return value == null || value.isBlank() ? null : value.trim();
    }
  }
}
