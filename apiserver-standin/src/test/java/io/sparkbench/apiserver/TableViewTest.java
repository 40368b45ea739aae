package io.sparkbench.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TableViewTest {

  private static final JsonNode ITEM =
      read(
          "{\"metadata\":{\"annotations\":{\"a.b/c\":\"dotted\"}},"
              + "\"status\":{\"phase\":\"Running\",\"model\":{\"fixedSeconds\":6.77},"
              + "\"results\":[{\"records\":10000},{\"records\":100000}]}}");

  @Test
  void readsThePathsOfTheCrdsPrinterColumnsAsKubernetesDoes() {
    assertThat(TableView.path(ITEM, ".status.phase").asText()).isEqualTo("Running");
    assertThat(TableView.path(ITEM, ".\\status.phase").asText()).isEqualTo("Running");
    assertThat(TableView.path(ITEM, ".\\status['model'].fixedSeconds").asDouble()).isEqualTo(6.77);
    assertThat(TableView.path(ITEM, ".status.results[1].records").asLong()).isEqualTo(100000);
    assertThat(TableView.path(ITEM, ".metadata.annotations.a\\.b/c").asText()).isEqualTo("dotted");
    assertThat(TableView.path(ITEM, ".status.missing").isMissingNode()).isTrue();
  }

  private static JsonNode read(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
