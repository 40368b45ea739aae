package io.sparkbench.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DashboardTest {

  /** The metrics the operator exports: the contract between the operator and this dashboard. */
  static final Set<String> OPERATOR_METRICS =
      Set.of(
          "sparkbench_operator_reconciliations_total",
          "sparkbench_operator_reconciliation_errors_total",
          "sparkbench_operator_benchmarks",
          "sparkbench_run_duration_seconds",
          "sparkbench_run_stage_seconds",
          "sparkbench_run_peak_memory_bytes",
          "sparkbench_run_cpu_utilization",
          "sparkbench_run_cpu_seconds",
          "sparkbench_run_records_per_second",
          "sparkbench_model_fixed_seconds",
          "sparkbench_model_micros_per_record",
          "sparkbench_model_r_squared",
          "sparkbench_model_predicted_seconds",
          "sparkbench_runs_total",
          "sparkbench_round",
          "sparkbench_round_median_seconds",
          "sparkbench_regressed",
          "sparkbench_baseline_ratio",
          "sparkbench_run_core_seconds",
          "sparkbench_run_gib_seconds",
          "sparkbench_run_cost",
          "sparkbench_model_cost_per_million_records");

  /** Prometheus' JVM and process collectors (simpleclient_hotspot defaults) the dashboard uses. */
  static final Set<String> COLLECTOR_METRICS =
      Set.of("jvm_memory_bytes_used", "jvm_memory_bytes_max", "process_cpu_seconds_total");

  private static final Set<String> PROMQL_KEYWORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "offset",
          "bool",
          "and",
          "or",
          "unless",
          "inf",
          "nan");
  private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
  private static final Pattern LABEL_VALUES =
      Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)");
  private static final String DATASOURCE = "${datasource}";

  private static JsonNode dashboard;

  @BeforeAll
  static void readDashboard() throws IOException {
    dashboard =
        new ObjectMapper()
            .readTree(RenderedChart.CHART_DIR.resolve("dashboards/sparkbench.json").toFile());
  }

  @Test
  void isACurrentDashboardWithPanelsAndQueries() {
    assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(38);
    assertThat(dashboard.path("uid").asText()).isNotBlank();
    List<JsonNode> panels = queryPanels();
    assertThat(panels).hasSizeGreaterThanOrEqualTo(10);
    assertThat(panels)
        .allSatisfy(
            p -> {
              assertThat(p.path("title").asText()).isNotBlank();
              assertThat(p.path("targets")).as(p.path("title").asText()).isNotEmpty();
              p.path("targets")
                  .forEach(
                      t ->
                          assertThat(t.path("expr").asText())
                              .as(p.path("title").asText())
                              .isNotBlank());
            });
    assertThat(panels)
        .extracting(p -> p.path("type").asText())
        .contains("xychart", "barchart", "stat", "table", "timeseries");
  }

  @Test
  void drawsRecordCountsOnALogarithmicAxis() {
    assertThat(queryPanels())
        .filteredOn(p -> p.path("type").asText().equals("xychart"))
        .isNotEmpty()
        .allSatisfy(
            p ->
                assertThat(p.path("fieldConfig").toString())
                    .contains("\"options\":\"records\"")
                    .contains("\"type\":\"log\""));
  }

  @Test
  void everyDatasourceIsTheTemplateVariable() {
    List<String> datasources = new ArrayList<>();
    collectDatasources(dashboard, datasources);

    assertThat(datasources).isNotEmpty().allMatch(DATASOURCE::equals);
    assertThat(queryPanels())
        .allSatisfy(
            p -> assertThat(p.path("datasource").path("uid").asText()).isEqualTo(DATASOURCE));
    JsonNode variable = variable("datasource");
    assertThat(variable.path("type").asText()).isEqualTo("datasource");
    assertThat(variable.path("query").asText()).isEqualTo("prometheus");
  }

  @Test
  void namespaceAndBenchmarkVariablesComeFromRunMetricLabels() {
    assertThat(variableQuery("namespace"))
        .startsWith("label_values(sparkbench_run_")
        .endsWith(", namespace)");
    assertThat(variableQuery("benchmark"))
        .startsWith("label_values(sparkbench_run_")
        .endsWith(", benchmark)");
  }

  @Test
  void usesOnlyMetricsTheOperatorExports() {
    Set<String> used = new TreeSet<>();
    for (JsonNode panel : queryPanels()) {
      panel.path("targets").forEach(t -> used.addAll(metricNames(t.path("expr").asText())));
    }
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      Matcher m = LABEL_VALUES.matcher(variableQuery(variable));
      while (m.find()) {
        used.add(m.group(1));
      }
    }

    Set<String> allowed = new TreeSet<>(OPERATOR_METRICS);
    allowed.addAll(COLLECTOR_METRICS);
    assertThat(used).as("metric names used by the dashboard").isSubsetOf(allowed);
    assertThat(used).as("every exported metric has a panel").containsAll(OPERATOR_METRICS);
  }

  @Test
  void metricNameExtractionIgnoresLabelsFunctionsAndGrouping() {
    assertThat(
            metricNames(
                "sum by (records, stage) (rate(sparkbench_runs_total{namespace=~\"$namespace\","
                    + " role=\"driver\"}[$__rate_interval])) / on (records) group_left"
                    + " max_over_time(process_cpu_seconds_total[5m]) > bool 0"))
        .containsExactlyInAnyOrder("sparkbench_runs_total", "process_cpu_seconds_total");
  }

  static Set<String> metricNames(String expr) {
    String stripped =
        expr.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
            .replaceAll("\\{[^}]*}", "")
            .replaceAll("\\[[^]]*]", "")
            .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(stripped);
    while (m.find()) {
      String rest = stripped.substring(m.end()).stripLeading();
      boolean function = rest.startsWith("(");
      boolean number = m.start() > 0 && Character.isDigit(stripped.charAt(m.start() - 1));
      if (!function && !number && !PROMQL_KEYWORDS.contains(m.group())) {
        names.add(m.group());
      }
    }
    return names;
  }

  private static List<JsonNode> queryPanels() {
    List<JsonNode> panels = new ArrayList<>();
    for (JsonNode panel : dashboard.path("panels")) {
      if (panel.path("type").asText().equals("row")) {
        panel.path("panels").forEach(panels::add);
      } else {
        panels.add(panel);
      }
    }
    return panels;
  }

  private static JsonNode variable(String name) {
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      if (variable.path("name").asText().equals(name)) {
        return variable;
      }
    }
    throw new AssertionError("no template variable " + name);
  }

  private static String variableQuery(String name) {
    return variableQuery(variable(name));
  }

  private static String variableQuery(JsonNode variable) {
    JsonNode query = variable.path("query");
    return query.isObject() ? query.path("query").asText() : query.asText();
  }

  private static void collectDatasources(JsonNode node, List<String> found) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              field -> {
                if (field.getKey().equals("datasource")) {
                  JsonNode ds = field.getValue();
                  found.add(ds.isObject() ? ds.path("uid").asText() : ds.asText());
                  if (ds.isObject()) {
                    assertThat(ds.path("type").asText()).isEqualTo("prometheus");
                  }
                } else {
                  collectDatasources(field.getValue(), found);
                }
              });
    } else if (node.isArray()) {
      node.forEach(child -> collectDatasources(child, found));
    }
  }
}
