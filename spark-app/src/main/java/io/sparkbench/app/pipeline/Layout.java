package io.sparkbench.app.pipeline;

/**
 * Where each table lives under the data directory: {@code landing/}, {@code bronze/}, {@code
 * silver/} and {@code gold/}, one folder per table, and the full report beside them.
 */
public record Layout(String dataDir) {

  public Layout {
    while (dataDir.length() > 1 && dataDir.endsWith("/")) {
      dataDir = dataDir.substring(0, dataDir.length() - 1);
    }
  }

  public String landing(String table) {
    return dataDir + "/landing/" + table;
  }

  public String bronze(String table) {
    return dataDir + "/bronze/" + table;
  }

  public String silver(String table) {
    return dataDir + "/silver/" + table;
  }

  public String gold(String table) {
    return dataDir + "/gold/" + table;
  }

  public String report() {
    return dataDir + "/report.json";
  }
}
