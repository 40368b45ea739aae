package io.sparkbench.app.sweep;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkbench.api.result.BenchmarkResult;
import io.sparkbench.api.result.ResultCodec;
import io.sparkbench.app.MedallionBenchmark;
import io.sparkbench.app.fs.Folders;
import io.sparkbench.app.settings.JarArchiveTraining;
import io.sparkbench.app.settings.Relaunch;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The scaling benchmark: runs the medallion job once per record count and repetition, each in a
 * fresh JVM so every run pays the fixed cost a user would, then prints the table, the fitted model
 * and the published baseline, and saves them as CSV and JSON.
 */
@Command(
    name = "scaling-sweep",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Runs the medallion job at several record counts and fits seconds = a + b·N.")
public final class ScalingSweep implements Callable<Integer> {

  @Option(
      names = "--records",
      split = ",",
      defaultValue = "10000,100000,1000000",
      description = "Record counts, ascending (default ${DEFAULT-VALUE}).")
  List<Long> records;

  @Option(
      names = "--repetitions",
      defaultValue = "1",
      description = "Runs per record count; the table shows the median (default ${DEFAULT-VALUE}).")
  int repetitions;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Generator seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--out",
      defaultValue = "bench-results",
      description = "Folder for results, logs and data (default ${DEFAULT-VALUE}).")
  Path out;

  @Option(
      names = "--predict",
      split = ",",
      defaultValue = "10000000,100000000",
      description = "Record counts to predict from the fitted model (default ${DEFAULT-VALUE}).")
  List<Long> predict;

  @Option(
      names = "--jvm-option",
      description = "Extra option for each run's JVM, e.g. --jvm-option=-Xmx2g; repeatable.")
  List<String> jvmOptions = new ArrayList<>();

  @Option(
      names = "--job-option",
      description =
          "Extra option for each run, e.g. --job-option=--conf=spark.sql.shuffle.partitions=8; repeatable.")
  List<String> jobOptions = new ArrayList<>();

  @Option(names = "--keep-data", description = "Keep each run's tables (deleted by default).")
  boolean keepData;

  @Option(
      names = "--tuning",
      defaultValue = "TUNED",
      description = "NONE (JVM and Spark defaults) or TUNED (default ${DEFAULT-VALUE}).")
  Tuning tuning;

  @Option(
      names = "--compare",
      description = "Run the sweep untuned, then tuned, and print both with the speedup.")
  boolean compare;

  public static void main(String[] args) {
    System.exit(new CommandLine(new ScalingSweep()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    validate();
    Files.createDirectories(out.resolve("runs"));
    PrintStream console = System.out;
    List<Tuning> tunings = compare ? List.of(Tuning.NONE, Tuning.TUNED) : List.of(tuning);
    Map<Tuning, SweepReport> reports = new EnumMap<>(Tuning.class);
    for (Tuning t : tunings) {
      if (t == Tuning.TUNED) {
        classDataArchive(console);
      }
      console.println("== tuning " + t + ": " + t.describe());
      List<BenchmarkResult> results = new ArrayList<>();
      for (long n : records) {
        for (int rep = 1; rep <= repetitions; rep++) {
          console.printf(
              Locale.ROOT, "run %,d records, repetition %d/%d ... ", n, rep, repetitions);
          console.flush();
          BenchmarkResult result = runOnce(t, n, rep);
          results.add(result);
          if (!result.succeeded()) {
            console.println("FAILED: " + result.error().message());
            console.println("see " + log(t, n, rep));
            return 1;
          }
          console.printf(Locale.ROOT, "%.1f s%n", result.totalSeconds());
        }
      }
      SweepReport report = SweepReport.of(results, predict);
      reports.put(t, report);
      console.print(report.table());
      if (t == Tuning.TUNED) {
        console.print(report.targets(Runtime.getRuntime().availableProcessors()));
      }
      String suffix = compare ? "-" + t.name().toLowerCase(Locale.ROOT) : "";
      Path csv = out.resolve("results" + suffix + ".csv");
      Path json = out.resolve("results" + suffix + ".json");
      Files.writeString(csv, report.csv(), StandardCharsets.UTF_8);
      Files.writeString(
          json,
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(report.json()),
          StandardCharsets.UTF_8);
      console.println("saved " + csv + " and " + json);
    }
    if (compare) {
      console.print(SweepReport.comparison(reports.get(Tuning.NONE), reports.get(Tuning.TUNED)));
    }
    return 0;
  }

  /**
   * Makes sure the tuned runs find their class-data-sharing archive: {@code mvn package} makes it;
   * when it is missing (another JVM, say), a small run before the measured ones makes it.
   */
  private void classDataArchive(PrintStream console) throws IOException, InterruptedException {
    Path jar = Path.of(appJar());
    if (Relaunch.archiveBeside(jar) != null) {
      return;
    }
    console.print("making the class-data-sharing archive beside the jar with a small run ... ");
    console.flush();
    Path archive =
        JarArchiveTraining.trainIfMissing(
            jar,
            jvmOptions,
            out.resolve("data").resolve("cds-training"),
            out.resolve("runs").resolve("cds-training.log"));
    console.println(
        archive == null ? "failed, runs go on without it (see runs/cds-training.log)" : "done");
  }

  private void validate() {
    if (records.isEmpty() || repetitions < 1) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--records needs at least one count and --repetitions >= 1");
    }
    for (int i = 0; i < records.size(); i++) {
      if (records.get(i) < 1 || (i > 0 && records.get(i) <= records.get(i - 1))) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "--records must be ascending and >= 1, got " + records);
      }
    }
  }

  private BenchmarkResult runOnce(Tuning t, long n, int rep)
      throws IOException, InterruptedException {
    String name = t.name().toLowerCase(Locale.ROOT) + "-" + n + "-" + rep;
    Path report = out.resolve("runs").resolve("result-" + name + ".json");
    Path data = out.resolve("data").resolve(name);
    Files.deleteIfExists(report);
    List<String> command = new ArrayList<>();
    command.add(javaExecutable());
    command.addAll(t.jvmOptions());
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(appJar());
    command.addAll(
        List.of(
            "--records", Long.toString(n),
            "--seed", Long.toString(seed),
            "--data-dir", data.toString(),
            "--report", report.toString()));
    command.addAll(t.jobOptions());
    command.addAll(jobOptions);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(log(t, n, rep).toFile());
    Process process = builder.start();
    if (!process.waitFor(2, TimeUnit.HOURS)) {
      process.destroyForcibly();
    }
    if (!keepData) {
      Folders.deleteRecursively(data);
    }
    if (!Files.exists(report)) {
      return BenchmarkResult.failed(
          n, seed, 0, "NoResult", "the run exited " + process.exitValue() + " without a result");
    }
    return ResultCodec.fromJson(Files.readString(report));
  }

  private Path log(Tuning t, long n, int rep) {
    return out.resolve("runs")
        .resolve("run-" + t.name().toLowerCase(Locale.ROOT) + "-" + n + "-" + rep + ".log");
  }

  private static String javaExecutable() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** The spark-app jar this class was loaded from; its manifest carries the class path. */
  private static String appJar() {
    try {
      File location =
          new File(
              MedallionBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (!location.isFile()) {
        throw new IllegalStateException(
            "run the sweep from the packaged jar (mvn package), not from " + location);
      }
      return location.getPath();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
