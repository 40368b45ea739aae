package io.sparkbench.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The server-side table kubectl asks for ({@code Accept: application/json;as=Table;...}) so that
 * {@code kubectl get} shows the usual columns: Ready, Status, Restarts and Age for pods, the CRD's
 * printer columns for custom resources, and Name and Age for everything else.
 */
final class TableView {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private record Column(String name, String type, String jsonPath, int priority) {}

  private TableView() {}

  /** True when the Accept header asks for a table. */
  static boolean wanted(String accept) {
    return accept != null && accept.contains("as=Table");
  }

  /**
   * The table of a list or of one object.
   *
   * @param crd the resource's definition, or null for built-in kinds
   */
  static ObjectNode of(
      JsonNode listOrObject,
      String plural,
      String version,
      CustomResourceDefinition crd,
      Instant now) {
    List<JsonNode> items = new ArrayList<>();
    if (listOrObject.has("items")) {
      listOrObject.path("items").forEach(items::add);
    } else {
      items.add(listOrObject);
    }
    List<Column> columns = columns(plural, version, crd);
    ObjectNode table = JSON.objectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/v1");
    table
        .putObject("metadata")
        .put("resourceVersion", listOrObject.path("metadata").path("resourceVersion").asText(""));
    ArrayNode definitions = table.putArray("columnDefinitions");
    for (Column column : columns) {
      ObjectNode definition = definitions.addObject();
      definition.put("name", column.name());
      definition.put("type", column.type());
      definition.put("format", column.name().equals("Name") ? "name" : "");
      definition.put("description", "");
      definition.put("priority", column.priority());
    }
    ArrayNode rows = table.putArray("rows");
    for (JsonNode item : items) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Column column : columns) {
        cells.add(cell(item, column, plural, now));
      }
      ObjectNode object = row.putObject("object");
      object.put("kind", "PartialObjectMetadata");
      object.put("apiVersion", "meta.k8s.io/v1");
      object.set("metadata", item.path("metadata").deepCopy());
    }
    return table;
  }

  private static List<Column> columns(String plural, String version, CustomResourceDefinition crd) {
    List<Column> columns = new ArrayList<>();
    columns.add(new Column("Name", "string", ".metadata.name", 0));
    if (crd == null && plural.equals("pods")) {
      columns.add(new Column("Ready", "string", null, 0));
      columns.add(new Column("Status", "string", null, 0));
      columns.add(new Column("Restarts", "integer", null, 0));
    }
    List<CustomResourceColumnDefinition> printer = printerColumns(crd, version);
    for (CustomResourceColumnDefinition column : printer) {
      columns.add(
          new Column(
              column.getName(),
              column.getType(),
              column.getJsonPath(),
              column.getPriority() == null ? 0 : column.getPriority()));
    }
    if (printer.isEmpty()) {
      columns.add(new Column("Age", "string", ".metadata.creationTimestamp", 0));
    }
    return columns;
  }

  private static List<CustomResourceColumnDefinition> printerColumns(
      CustomResourceDefinition crd, String version) {
    if (crd == null) {
      return List.of();
    }
    for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
      if (v.getName().equals(version) && v.getAdditionalPrinterColumns() != null) {
        return v.getAdditionalPrinterColumns();
      }
    }
    return List.of();
  }

  private static JsonNode cell(JsonNode item, Column column, String plural, Instant now) {
    if (column.jsonPath() == null) {
      return podCell(item, column.name());
    }
    JsonNode value = path(item, column.jsonPath());
    if (value.isMissingNode() || value.isNull()) {
      return JSON.nullNode();
    }
    if (column.type().equals("date") || column.name().equals("Age")) {
      return JSON.textNode(age(value.asText(), now));
    }
    if (value.isValueNode()) {
      return value;
    }
    return JSON.textNode(value.toString());
  }

  private static JsonNode podCell(JsonNode pod, String column) {
    JsonNode status = pod.path("status");
    int containers = pod.path("spec").path("containers").size();
    int ready = 0;
    String reason = null;
    for (JsonNode container : status.path("containerStatuses")) {
      ready += container.path("ready").asBoolean() ? 1 : 0;
      JsonNode terminated = container.path("state").path("terminated");
      if (terminated.has("reason")) {
        reason = terminated.path("reason").asText();
      }
    }
    return switch (column) {
      case "Ready" -> JSON.textNode(ready + "/" + containers);
      case "Restarts" -> JSON.numberNode(0);
      default -> {
        if (!pod.path("metadata").path("deletionTimestamp").isMissingNode()) {
          yield JSON.textNode("Terminating");
        }
        yield JSON.textNode(reason != null ? reason : status.path("phase").asText("Pending"));
      }
    };
  }

  /**
   * Evaluates the JSONPath subset printer columns use, as Kubernetes reads it: fields ({@code
   * .a.b}), quoted fields ({@code .a['b']}), indices ({@code .a[0]}) and backslash escapes ({@code
   * .a\\.b} is the field {@code a.b}, {@code .\\a} the field {@code a}).
   */
  static JsonNode path(JsonNode node, String jsonPath) {
    JsonNode current = node;
    StringBuilder field = new StringBuilder();
    int i = 0;
    while (i < jsonPath.length()) {
      char c = jsonPath.charAt(i);
      if (c == '\\' && i + 1 < jsonPath.length()) {
        field.append(jsonPath.charAt(i + 1));
        i += 2;
      } else if (c == '.' || c == '[') {
        if (!field.isEmpty()) {
          current = current.path(field.toString());
          field.setLength(0);
        }
        if (c == '.') {
          i++;
        } else {
          int end = jsonPath.indexOf(']', i);
          String inside = jsonPath.substring(i + 1, end);
          current =
              inside.startsWith("'")
                  ? current.path(inside.substring(1, inside.length() - 1))
                  : current.path(Integer.parseInt(inside));
          i = end + 1;
        }
      } else {
        field.append(c);
        i++;
      }
    }
    return field.isEmpty() ? current : current.path(field.toString());
  }

  /** kubectl's short age: 42s, 5m, 3h, 2d. */
  static String age(String timestamp, Instant now) {
    try {
      Duration age = Duration.between(Instant.parse(timestamp), now);
      if (age.isNegative()) {
        age = Duration.ZERO;
      }
      if (age.toMinutes() < 2) {
        return age.toSeconds() + "s";
      }
      if (age.toHours() < 2) {
        return age.toMinutes() + "m";
      }
      if (age.toDays() < 2) {
        return age.toHours() + "h";
      }
      return age.toDays() + "d";
    } catch (DateTimeParseException e) {
      return timestamp;
    }
  }
}
