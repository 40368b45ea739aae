package io.sparkbench.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.processing.MDCUtils;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.operator.Benchmarks;
import io.sparkbench.operator.OperatorConfig;
import io.sparkbench.operator.Results;
import io.sparkbench.operator.StandInApiServer;
import io.sparkbench.operator.driver.SparkServiceAccount;
import io.sparkbench.operator.metrics.OperatorMetrics;
import java.beans.PropertyChangeListener;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.config.xml.XmlConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Every line the operator logs while it reconciles a benchmark names that benchmark, and its round
 * and run once known, through the logging context ({@link LogContext}) rather than the message; the
 * operator's log pattern ({@code sparkbench-operator-log4j2.xml}) prints them. Reconciliations are
 * run as in {@link ReconcilerSyncTest}: {@link ScalingBenchmarkReconciler#reconcile} against the
 * API server stand-in, the status kept on the object the test holds.
 */
@StandInApiServer
class ReconciliationLogTest {

  private static final String NS = "logs";

  KubernetesClient client;

  private final Captured captured = new Captured();
  private ScalingBenchmarkReconciler reconciler;

  @BeforeEach
  void startCapturing() {
    reconciler =
        new ScalingBenchmarkReconciler(
            OperatorConfig.builder().httpPort(0).build(),
            new OperatorMetrics(),
            (read, status, context) -> read.setStatus(status),
            Clock.fixed(StepFixture.NOW, ZoneOffset.UTC));
    // The freed slot's benchmarks go to JOSDK's event handler, which puts the woken benchmark into
    // the MDC and removes it on the way out (EventProcessor.handleEvent), as this one does.
    reconciler
        .freedSlots()
        .setEventHandler(
            event -> {
              ResourceID woken = event.getRelatedCustomResourceID();
              MDCUtils.addResourceIDInfo(woken);
              try {
                LoggerFactory.getLogger(ScalingBenchmarkReconciler.class).info("woken");
              } finally {
                MDCUtils.removeResourceIDInfo();
              }
            });
    reconciler.freedSlots().start();
    captured.start();
  }

  @AfterEach
  void stopCapturing() {
    captured.stop();
  }

  @Test
  void everyLineOfAReconciliationNamesItsBenchmarkAndWhereKnownItsRoundAndRun() throws IOException {
    ScalingBenchmark first = create("first");
    ScalingBenchmark second = create("second");
    reconcile(first);
    reconcile(second);
    client
        .pods()
        .inNamespace(NS)
        .withName("first-10000-r1-a1-driver")
        .editStatus(
            p -> {
              p.setStatus(StepFixture.succeeded(Results.succeeded(10_000, 22.5)));
              return p;
            });
    System.out.println(
        "DEBUG first="
            + first.getStatus().phase
            + " second="
            + second.getStatus().phase
            + " pods="
            + client.pods().inNamespace(NS).list().getItems().stream()
                .map(p -> p.getMetadata().getName() + ":" + p.getStatus())
                .toList()
            + " lines="
            + captured.events.size());
    captured.events.clear();

    // its result frees the slot, which goes to second while first's reconciliation goes on
    reconcile(first);

    List<String> lines = operatorLines();
    assertThat(lines).hasSize(4);
    String firstsRun = " benchmark=logs/first round=1 run=10000-r1-a1 msg=";
    assertThat(lines.get(0))
        .contains(firstsRun + "\"event type=Normal reason=Succeeded message=\\\"1 runs succeeded");
    assertThat(lines.get(1)).contains(" benchmark=logs/second msg=\"woken\"");
    assertThat(lines.get(2))
        .contains(firstsRun + "\"event type=Normal reason=RunSucceeded message=\\\"run 1/1 (");
    assertThat(lines.get(3)).contains(firstsRun + "\"phase=Succeeded progress=1/1\"");
    assertThat(MDC.getCopyOfContextMap()).as("nothing left on the thread").isNullOrEmpty();
  }

  @Test
  void theLinesOfANewAndADeletedBenchmarkNameItAndTheContextJosdkSetStays() throws IOException {
    ScalingBenchmark first = create("first");
    MDCUtils.addResourceInfo(first);
    try {
      reconcile(first);
      assertThat(MDC.get(LogContext.NAME)).isEqualTo("first");
      assertThat(MDC.get(LogContext.RUN)).isNull();

      reconciler.reconcile(first, new TestContext(client, first, true));
    } finally {
      MDCUtils.removeResourceInfo();
    }

    List<String> lines = operatorLines();
    assertThat(lines).hasSize(3);
    String firstsRun = " benchmark=logs/first round=1 run=10000-r1-a1 msg=";
    assertThat(lines.get(0))
        .contains(firstsRun + "\"event type=Normal reason=RunStarted message=\\\"run 1/1: ");
    assertThat(lines.get(1)).contains(firstsRun + "\"phase=Running progress=0/1\"");
    assertThat(lines.get(2))
        .contains(" benchmark=logs/first msg=\"deleted: its pods were deleted\"");
  }

  private ScalingBenchmark create(String name) {
    ScalingBenchmark benchmark = Benchmarks.benchmark(NS, name, 10_000L);
    SparkServiceAccount.apply(client, NS, benchmark.getSpec().serviceAccount);
    return benchmark;
  }

  private void reconcile(ScalingBenchmark benchmark) {
    reconciler.reconcile(benchmark, new TestContext(client, benchmark, false));
  }

  /** The captured lines as the operator's log pattern prints them. */
  private List<String> operatorLines() throws IOException {
    ConfigurationSource source =
        ConfigurationSource.fromResource(
            "sparkbench-operator-log4j2.xml", getClass().getClassLoader());
    XmlConfiguration configuration = new XmlConfiguration(new LoggerContext("layout"), source);
    configuration.initialize();
    configuration.start();
    try {
      Appender stdout = configuration.getAppender("stdout");
      Layout<?> layout = stdout.getLayout();
      return captured.events.stream()
          .map(e -> new String(layout.toByteArray(e), java.nio.charset.StandardCharsets.UTF_8))
          .map(String::strip)
          .toList();
    } finally {
      configuration.stop();
    }
  }

  /**
   * Every event logged under io.sparkbench while started, with the MDC it was logged with. Spark
   * configures log4j afresh on its first use in a JVM (the first driver built), dropping loggers
   * added before: the capture is added again to each new configuration.
   */
  private static final class Captured extends AbstractAppender {

    private static final String LOGGER = "io.sparkbench";

    final List<LogEvent> events = new CopyOnWriteArrayList<>();
    private final LoggerContext context = LoggerContext.getContext(false);
    private final PropertyChangeListener reconfigured = e -> attach();

    Captured() {
      super("captured", null, null, true, Property.EMPTY_ARRAY);
    }

    @Override
    public void append(LogEvent event) {
      events.add(event.toImmutable());
    }

    @Override
    public void start() {
      super.start();
      context.addPropertyChangeListener(reconfigured);
      attach();
    }

    @Override
    public void stop() {
      context.removePropertyChangeListener(reconfigured);
      context.getConfiguration().removeLogger(LOGGER);
      context.updateLoggers();
      super.stop();
    }

    private void attach() {
      LoggerConfig attached = context.getConfiguration().getLoggers().get(LOGGER);
      if (attached != null && attached.getAppenders().containsKey(getName())) {
        return;
      }
      LoggerConfig logger = new LoggerConfig(LOGGER, Level.INFO, false);
      logger.addAppender(this, Level.INFO, null);
      context.getConfiguration().addLogger(LOGGER, logger);
      context.updateLoggers();
    }
  }
}
