package io.sparkbench.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.common.cli.HelpOption;
import io.sparkbench.common.cli.OneLineErrors;
import io.sparkbench.operator.metrics.OperatorMetrics;
import io.sparkbench.operator.reconciler.ScalingBenchmarkReconciler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * The operator process. {@link #start(KubernetesClient, OperatorConfig)} starts it on a given
 * client (used by {@link #main} and by anything that embeds the operator, such as a local cluster);
 * {@link Running#close()} stops it.
 */
public final class OperatorMain {

  static final String LEASE_NAME = "sparkbench-operator";
  private static final Logger LOG = LoggerFactory.getLogger(OperatorMain.class);

  private OperatorMain() {}

  /** A started operator. */
  public static final class Running implements AutoCloseable {
    private final Operator operator;
    private final HttpEndpoints http;
    private final OperatorMetrics metrics;
    private final AtomicBoolean stopping;

    private Running(
        Operator operator, HttpEndpoints http, OperatorMetrics metrics, AtomicBoolean stopping) {
      this.operator = operator;
      this.http = http;
      this.metrics = metrics;
      this.stopping = stopping;
    }

    /** Port of /metrics, /healthz and /readyz, or -1 when none is served. */
    public int httpPort() {
      return http == null ? -1 : http.port();
    }

    /** The probes' own port (/healthz and /readyz), or -1 when they have none. */
    public int healthPort() {
      return http == null ? -1 : http.healthPort();
    }

    public OperatorMetrics metrics() {
      return metrics;
    }

    /** Whether the operator started and its informers are healthy. */
    public boolean ready() {
      return operator.getRuntimeInfo().isStarted()
          && operator.getRuntimeInfo().allEventSourcesAreHealthy();
    }

    /**
     * Stops the reconciler and the HTTP endpoints, once; the client stays open (its owner closes
     * it).
     */
    @Override
    public void close() {
      if (stopping.getAndSet(true)) {
        return;
      }
      if (http != null) {
        http.close();
      }
      operator.stop();
    }
  }

  /**
   * Starts the operator on {@code client} and returns once its informers are synced and the
   * reconciler is warmed up ({@link ScalingBenchmarkReconciler#warmUp}, done while the informers
   * sync), so the first benchmark's driver is not delayed by one-time initialisation. The status is
   * written as an update of the status subresource ({@code
   * ScalingBenchmarkReconciler.writeStatus}), and JOSDK is told not to patch the primary resource
   * with server-side apply should it ever patch it (the reconciler returns no patch and uses no
   * finalizer), so API servers without server-side apply (the fabric8 mock) work.
   */
  public static Running start(KubernetesClient client, OperatorConfig config) {
    ServedCrd.check(client);
    OperatorMetrics metrics = new OperatorMetrics();
    AtomicBoolean stopping = new AtomicBoolean();
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client)
                  .withCloseClientOnStop(false)
                  .withUseSSAToPatchPrimaryResource(false)
                  .withStopOnInformerErrorDuringStartup(true);
              if (config.leaderElection()) {
                o.withLeaderElectionConfiguration(leaderElection(config, stopping));
              }
            });
    ScalingBenchmarkReconciler reconciler = new ScalingBenchmarkReconciler(config, metrics);
    operator.register(
        reconciler,
        c -> {
          if (config.watchNamespaces().isEmpty()) {
            c.watchingAllNamespaces();
          } else {
            c.settingNamespaces(config.watchNamespaces());
          }
        });
    HttpEndpoints http = null;
    Running running = null;
    try {
      CompletableFuture<Duration> warmUp =
          CompletableFuture.supplyAsync(() -> reconciler.warmUp(client), OperatorMain::daemon);
      operator.start();
      Duration warmedUp = warmUp.join();
      if (config.httpPort() >= 0) {
        Operator started = operator;
        http =
            new HttpEndpoints(
                config.httpPort(),
                config.healthPort(),
                metrics.registry(),
                () ->
                    started.getRuntimeInfo().isStarted()
                        && started.getRuntimeInfo().allEventSourcesAreHealthy(),
                (namespace, name) ->
                    config.watchNamespaces().isEmpty()
                            || config.watchNamespaces().contains(namespace)
                        ? Optional.ofNullable(
                            client
                                .resources(ScalingBenchmark.class)
                                .inNamespace(namespace)
                                .withName(name)
                                .get())
                        : Optional.empty());
      }
      running = new Running(operator, http, metrics, stopping);
      LOG.info(
          "operator started namespaces={} maxRunning={} leaderElection={} httpPort={}"
              + " healthPort={} warmUpMillis={}",
          config.watchNamespaces().isEmpty() ? "all" : config.watchNamespaces(),
          config.maxRunning(),
          config.leaderElection(),
          running.httpPort(),
          running.healthPort(),
          warmedUp.toMillis());
      return running;
    } catch (IOException e) {
      operator.stop();
      throw new UncheckedIOException("cannot serve HTTP on port " + config.httpPort(), e);
    }
  }

  /**
   * Elects one active replica through the Lease {@value #LEASE_NAME}. A replica that loses the
   * lease while running exits, so that it cannot reconcile beside the new leader and its pod
   * restarts as a standby; giving the lease up on {@link Running#close()} (a shutdown, an embedding
   * that stops the operator) does not exit, since exiting from a shutdown hook would block the JVM
   * for good.
   */
  private static LeaderElectionConfiguration leaderElection(
      OperatorConfig config, AtomicBoolean stopping) {
    return LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(LEASE_NAME)
        .withLeaseNamespace(config.leaderElectionNamespace())
        .withExitOnStopLeading(false)
        .withLeaderCallbacks(
            new LeaderCallbacks(
                () -> LOG.info("leading lease={}", LEASE_NAME),
                () -> {
                  if (!stopping.get()) {
                    LOG.error(
                        "lost the leader lease {}; exiting so another replica leads", LEASE_NAME);
                    System.exit(1);
                  }
                },
                leader -> LOG.info("leader lease={} holder={}", LEASE_NAME, leader)))
        .build();
  }

  private static void daemon(Runnable task) {
    Thread thread = new Thread(task, "operator-warm-up");
    thread.setDaemon(true);
    thread.start();
  }

  /** key=value log lines (sparkbench-operator-log4j2.xml) at the configured level. */
  public static void configureLogging(String level) {
    try {
      Configurator.reconfigure(
          OperatorMain.class.getResource("/sparkbench-operator-log4j2.xml").toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    Configurator.setRootLevel(Level.toLevel(level));
  }

  /** Runs the operator until the process is stopped; bad settings print one line and exit 2. */
  public static void main(String[] args) {
    int code = commandLine(System.getenv()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * The {@code operator} command: its flags are {@link OperatorConfig.Builder}'s options, each
   * defaulting to its {@code SPARKBENCH_*} variable in {@code env}.
   */
  public static CommandLine commandLine(Map<String, String> env) {
    CommandLine cli = OperatorConfig.readingEnvironment(new CommandLine(new Command()), env);
    return cli.setParameterExceptionHandler(new OneLineErrors(OperatorConfig::key));
  }

  @CommandLine.Command(
      name = "operator",
      sortOptions = false,
      description = {
        "Runs the ScalingBenchmark operator against the cluster of the current kubeconfig or"
            + " service account, until stopped.",
        "Each flag overrides the environment variable named beside it."
      })
  static final class Command implements Callable<Integer> {

    @CommandLine.Mixin private OperatorConfig.Builder settings = OperatorConfig.builder();

    @CommandLine.Mixin private HelpOption help;

    @CommandLine.Spec private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      OperatorConfig config;
      try {
        config = settings.build();
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("error: " + e.getMessage());
        return 2;
      }
      configureLogging(config.logLevel());
      KubernetesClient client = new KubernetesClientBuilder().build();
      Running running;
      try {
        running = start(client, config);
      } catch (IllegalStateException e) {
        // something the user must fix, such as a CRD older than this operator: one line
        spec.commandLine().getErr().println("error: " + e.getMessage());
        client.close();
        return 1;
      } catch (RuntimeException e) {
        LOG.error("operator failed to start: {}", e.getMessage(), e);
        client.close();
        return 1;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    running.close();
                    client.close();
                    stopped.countDown();
                  },
                  "shutdown"));
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return 0;
    }
  }
}
