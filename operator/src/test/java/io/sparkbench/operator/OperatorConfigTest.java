package io.sparkbench.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkbench.operator.cost.Prices;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class OperatorConfigTest {

  @Test
  void defaultsWatchAllNamespacesAndRunOneBenchmark() {
    OperatorConfig config = OperatorConfig.from(Map.of());
    assertThat(config.watchNamespaces()).isEmpty();
    assertThat(config.leaderElection()).isFalse();
    assertThat(config.maxRunning()).isEqualTo(1);
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.logLevel()).isEqualTo("INFO");
    assertThat(config.queueRecheck()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.sparkDefaults()).isEmpty();
  }

  @Test
  void tenancySettingsComeFromTheChartsEnvironment() {
    OperatorConfig config =
        OperatorConfig.from(
            Map.of(
                "POD_NAMESPACE", "sparkbench-system",
                "SPARKBENCH_OPERATOR_SERVICE_ACCOUNT", "sparkbench-operator",
                "SPARKBENCH_ALLOWED_PRIORITY_CLASSES", "batch, benchmarks",
                "SPARKBENCH_MAX_QUEUED_PER_NAMESPACE", "7",
                "SPARKBENCH_HEALTH_PORT", "8081"));
    assertThat(config.tenancy())
        .isEqualTo(
            new OperatorConfig.Tenancy(
                "sparkbench-system", "sparkbench-operator", Set.of("batch", "benchmarks"), 7));
    assertThat(config.healthPort()).isEqualTo(8081);
    assertThatThrownBy(
            () -> OperatorConfig.from(Map.of("SPARKBENCH_MAX_QUEUED_PER_NAMESPACE", "0")))
        .hasMessage("SPARKBENCH_MAX_QUEUED_PER_NAMESPACE must be at least 1, got 0");
  }

  @Test
  void flagsOverrideTheEnvironment() {
    OperatorConfig config =
        OperatorConfig.from(
            Map.of(
                "SPARKBENCH_WATCH_NAMESPACES", " bench, team-a ,",
                "SPARKBENCH_MAX_RUNNING", "3",
                "SPARKBENCH_LEADER_ELECTION", "true",
                "SPARKBENCH_LEADER_ELECTION_NAMESPACE", "ops",
                "SPARKBENCH_LOG_LEVEL", "debug",
                "SPARKBENCH_SPARK_MASTER", "k8s://http://127.0.0.1:6443"),
            "--max-running=2",
            "--http-port=9090");
    assertThat(config.watchNamespaces()).isEqualTo(Set.of("bench", "team-a"));
    assertThat(config.maxRunning()).isEqualTo(2);
    assertThat(config.httpPort()).isEqualTo(9090);
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.leaderElectionNamespace()).isEqualTo("ops");
    assertThat(config.logLevel()).isEqualTo("DEBUG");
    assertThat(config.sparkDefaults()).containsEntry("spark.master", "k8s://http://127.0.0.1:6443");
  }

  @Test
  void aHistoryServerUrlGivesEachApplicationItsPage() {
    assertThat(OperatorConfig.from(Map.of()).historyServerPage("spark-1")).isNull();
    OperatorConfig config =
        OperatorConfig.from(Map.of("SPARKBENCH_HISTORY_SERVER_URL", "https://history.example/"));
    assertThat(config.historyServerUrl()).isEqualTo("https://history.example");
    assertThat(config.historyServerPage("spark-1"))
        .isEqualTo("https://history.example/history/spark-1/");
    assertThatThrownBy(
            () -> OperatorConfig.from(Map.of("SPARKBENCH_HISTORY_SERVER_URL", "history:18080")))
        .hasMessage(
            "SPARKBENCH_HISTORY_SERVER_URL must be an http or https URL such as"
                + " http://spark-history:18080, got 'history:18080'");
  }

  @Test
  void invalidSettingsAreNamedInOneLine() {
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("SPARKBENCH_MAX_RUNNING", "many")))
        .hasMessage("SPARKBENCH_MAX_RUNNING must be an integer, got 'many'");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("SPARKBENCH_MAX_RUNNING", "0")))
        .hasMessage("SPARKBENCH_MAX_RUNNING must be at least 1, got 0");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("SPARKBENCH_LEADER_ELECTION", "yes")))
        .hasMessage("SPARKBENCH_LEADER_ELECTION must be true or false, got 'yes'");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of(), "--colour=blue"))
        .hasMessage("unknown option --colour");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("SPARKBENCH_LOG_LEVEL", "LOUD")))
        .hasMessage(
            "SPARKBENCH_LOG_LEVEL must be one of [TRACE, DEBUG, INFO, WARN, ERROR, OFF], got LOUD");
  }

  @Test
  void theBuilderStartsAtTheDefaultsAndSetsWhatItIsGiven() {
    assertThat(OperatorConfig.builder().build()).isEqualTo(OperatorConfig.from(Map.of()));
    OperatorConfig config =
        OperatorConfig.builder()
            .httpPort(-1)
            .maxRunning(3)
            .queueRecheck(Duration.ofMillis(300))
            .watchNamespaces(Set.of("bench"))
            .sparkDefaults(Map.of("spark.ui.enabled", "false"))
            .historyServerUrl("http://history:18080/")
            .leaderElection("ops")
            .build();
    assertThat(config.httpPort()).isEqualTo(-1);
    assertThat(config.leaderElection()).isTrue();
    assertThat(config.leaderElectionNamespace()).isEqualTo("ops");
    assertThat(config.maxRunning()).isEqualTo(3);
    assertThat(config.queueRecheck()).isEqualTo(Duration.ofMillis(300));
    assertThat(config.watchNamespaces()).containsExactly("bench");
    assertThat(config.sparkDefaults()).containsExactly(Map.entry("spark.ui.enabled", "false"));
    assertThat(config.historyServerUrl()).isEqualTo("http://history:18080");
    assertThat(config.logLevel()).isEqualTo("INFO");
    assertThatThrownBy(() -> OperatorConfig.builder().maxRunning(0).build())
        .hasMessage("SPARKBENCH_MAX_RUNNING must be at least 1, got 0");
  }

  @Test
  void everySettingIsAFlagAndDurationsAreTheSpecsFormat() {
    OperatorConfig config =
        OperatorConfig.from(
            Map.of("SPARKBENCH_QUEUE_RECHECK", "1m", "SPARKBENCH_LEADER_ELECTION", "true"),
            "--watch-namespaces=a, b",
            "--leader-election=false",
            "--leader-election-namespace=ops",
            "--log-level=warn",
            "--queue-recheck=250ms",
            "--spark-master=k8s://https://api:6443",
            "--history-server-url=http://history:18080");
    assertThat(config.watchNamespaces()).isEqualTo(Set.of("a", "b"));
    assertThat(config.leaderElection()).isFalse();
    assertThat(config.leaderElectionNamespace()).isEqualTo("ops");
    assertThat(config.logLevel()).isEqualTo("WARN");
    assertThat(config.queueRecheck()).isEqualTo(Duration.ofMillis(250));
    assertThat(config.sparkDefaults()).containsEntry("spark.master", "k8s://https://api:6443");
    assertThat(config.historyServerUrl()).isEqualTo("http://history:18080");
    assertThat(OperatorConfig.from(Map.of("SPARKBENCH_QUEUE_RECHECK", "1m")).queueRecheck())
        .isEqualTo(Duration.ofMinutes(1));

    assertThatThrownBy(() -> OperatorConfig.from(Map.of("SPARKBENCH_QUEUE_RECHECK", "often")))
        .hasMessage(
            "SPARKBENCH_QUEUE_RECHECK is 'often': use a number and a unit (ms, s, m or h), e.g."
                + " 5m");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of(), "--queue-recheck=200h"))
        .hasMessage("SPARKBENCH_QUEUE_RECHECK is '200h': use at most 168h (7 days)");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of(), "--max-running=two"))
        .hasMessage("SPARKBENCH_MAX_RUNNING must be an integer, got 'two'");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of(), "extra"))
        .hasMessage("unexpected argument 'extra'");
  }

  @Test
  void aFlagOverridesAnInvalidVariable() {
    assertThat(
            OperatorConfig.from(Map.of("SPARKBENCH_MAX_RUNNING", "many"), "--max-running=2")
                .maxRunning())
        .isEqualTo(2);
  }

  @Test
  void theCommandsHelpListsEveryFlagWithItsVariableAndDefault() {
    StringWriter out = new StringWriter();
    CommandLine cli = OperatorMain.commandLine(Map.of("SPARKBENCH_MAX_RUNNING", "4"));
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute("--help")).isZero();
    String help = out.toString().replaceAll("\\s+", " ");
    assertThat(help)
        .contains("Usage: operator")
        .containsPattern(
            option(
                "--watch-namespaces=NS\\[,NS\\.\\.\\.]",
                "SPARKBENCH_WATCH_NAMESPACES; default: all"))
        .containsPattern(
            option("--leader-election=true\\|false", "SPARKBENCH_LEADER_ELECTION; default false"))
        .containsPattern(
            option(
                "--leader-election-namespace=NS",
                "SPARKBENCH_LEADER_ELECTION_NAMESPACE; default: the operator's own"))
        .containsPattern(option("--max-running=N", "SPARKBENCH_MAX_RUNNING; default 4"))
        .containsPattern(option("--http-port=PORT", "SPARKBENCH_HTTP_PORT; default 8080"))
        .containsPattern(option("--log-level=LEVEL", "SPARKBENCH_LOG_LEVEL; default INFO"))
        .containsPattern(option("--queue-recheck=DURATION", "SPARKBENCH_QUEUE_RECHECK; default 5s"))
        .containsPattern(
            option("--spark-master=URL", "SPARKBENCH_SPARK_MASTER; default k8s://https:"))
        .containsPattern(
            option("--history-server-url=URL", "SPARKBENCH_HISTORY_SERVER_URL; default: none"))
        .containsPattern(option("--prices=FILE", "SPARKBENCH_PRICES; default: none"));
  }

  @Test
  void aPriceTableIsReadFromItsFileAndABadOneStopsTheCommandWithOneLine(@TempDir Path dir)
      throws Exception {
    Path prices =
        Files.writeString(
            dir.resolve("prices.yaml"), "{currency: USD, coreHour: 0.04, gibHour: 0}");
    Path negative =
        Files.writeString(dir.resolve("bad.yaml"), "currency: USD\ncoreHour: -1\ngibHour: 0\n");

    assertThat(OperatorConfig.from(Map.of()).prices()).isNull();
    assertThat(OperatorConfig.from(Map.of("SPARKBENCH_PRICES", prices.toString())).prices())
        .isEqualTo(new Prices("USD", 0.04, 0, Map.of()));
    assertThat(OperatorConfig.from(Map.of(), "--prices=" + prices).prices().currency())
        .isEqualTo("USD");
    assertThatThrownBy(() -> OperatorConfig.from(Map.of("SPARKBENCH_PRICES", negative.toString())))
        .hasMessage(
            "SPARKBENCH_PRICES is '"
                + negative
                + "': coreHour is -1: a price must be a number of 0 or more");

    StringWriter err = new StringWriter();
    CommandLine cli = OperatorMain.commandLine(Map.of());
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("--prices=" + dir.resolve("none.yaml"))).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "error: SPARKBENCH_PRICES is '"
                + dir.resolve("none.yaml")
                + "': no such file (see operator --help)"
                + System.lineSeparator());
  }

  /** An option in the help, its description, and its variable and default in parentheses. */
  private static String option(String option, String variableAndDefault) {
    return option + " [^(]*\\(" + Pattern.quote(variableAndDefault);
  }

  @Test
  void theCommandRefusesBadFlagsWithOneLine() {
    StringWriter err = new StringWriter();
    CommandLine cli = OperatorMain.commandLine(Map.of());
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("--http-port=http")).isEqualTo(2);
    assertThat(err.toString())
        .isEqualTo(
            "error: SPARKBENCH_HTTP_PORT must be an integer, got 'http' (see operator --help)"
                + System.lineSeparator());
  }
}
