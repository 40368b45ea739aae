package io.sparkbench.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

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
}
