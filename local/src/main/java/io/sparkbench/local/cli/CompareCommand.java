package io.sparkbench.local.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkbench.api.compare.RegressionCheck;
import io.sparkbench.api.compare.Samples;
import io.sparkbench.api.result.HistoryLine;
import io.sparkbench.api.run.RunPlan;
import io.sparkbench.api.v1.Comparison;
import io.sparkbench.api.v1.RoundSummary;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.Fingerprint;
import io.sparkbench.api.v1.ScalingBenchmarkStatus.RunResult;
import io.sparkbench.common.cli.HelpOption;
import io.sparkbench.common.cli.OneLineErrors;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sparkbench compare BASELINE CANDIDATE}: the comparison the operator makes for {@code
 * spec.baseline}, for two rounds wherever they are kept: a history folder or file, a benchmark's
 * JSON or YAML (as {@code kubectl get -o json} or {@code local} writes it), or a benchmark on the
 * cluster of the current kubeconfig.
 */
@Command(
    name = "compare",
    sortOptions = false,
    description = {
      "Compares a candidate round with a baseline round per record count and executor count: the"
          + " median ratio with its 95 %% bootstrap interval, held against 1 + tolerance.",
      "Each side is a history folder or file (one JSON line per run), a ScalingBenchmark file"
          + " (JSON or YAML, its status), or [namespace/]name of a ScalingBenchmark on the cluster.",
      "Exits 0 when not regressed (or when the runs cannot tell), 3 when regressed, 2 on bad"
          + " input."
    })
public final class CompareCommand implements Callable<Integer> {

  private final PrintStream out;
  private final PrintStream err;

  @CommandLine.Mixin private HelpOption help;

  @Parameters(index = "0", paramLabel = "BASELINE", description = "What the candidate is held to.")
  String baseline;

  @Parameters(index = "1", paramLabel = "CANDIDATE", description = "The round compared.")
  String candidate;

  @Option(
      names = "--tolerance",
      defaultValue = "0.1",
      description = "How much slower still counts as unchanged (default ${DEFAULT-VALUE}: 10 %).")
  double tolerance;

  @Option(names = "--baseline-round", description = "The baseline's round (default: its latest).")
  Integer baselineRound;

  @Option(names = "--round", description = "The candidate's round (default: its latest).")
  Integer round;

  CompareCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** This command for picocli, printing to its streams; bad input is one line and exit code 2. */
  CommandLine commandLine() {
    return OneLineErrors.commandLine(this, out, err);
  }

  @Override
  public Integer call() {
    Round base;
    Round cand;
    try {
      if (!(tolerance >= 0 && tolerance <= 10)) {
        throw new IllegalArgumentException(
            "--tolerance must be 0 to 10 (0.1 lets the median take 10 % longer), got " + tolerance);
      }
      base = read(baseline, baselineRound);
      cand = read(candidate, round);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      return 2;
    }
    List<String> differences =
        base.fingerprint() == null || cand.fingerprint() == null
            ? List.of()
            : cand.fingerprint().differences(base.fingerprint());
    Comparison comparison =
        RegressionCheck.compare(
            new RegressionCheck.Side(base.label(), base.samples(), false),
            new RegressionCheck.Side(cand.label(), cand.samples(), false),
            tolerance,
            differences);
    out.print(render(comparison, cand.label()));
    return comparison.regressed == Comparison.Verdict.True ? LocalRunCommand.REGRESSED : 0;
  }

  /** One side: its runs per count, what they ran on, and how to name it. */
  record Round(String label, List<RegressionCheck.Sample> samples, Fingerprint fingerprint) {}

  /** The round {@code source} names; {@code number} or its latest. */
  static Round read(String source, Integer number) {
    Path path = Path.of(source);
    if (Files.isDirectory(path)) {
      return fromHistory(source, historyLines(path), number);
    }
    if (Files.isRegularFile(path)) {
      String text = readText(path);
      String trimmed = text.stripLeading();
      boolean historyFile = trimmed.startsWith("{") && trimmed.contains("\"result\"");
      if (historyFile && !trimmed.contains("\"kind\"")) {
        return fromHistory(source, parseLines(path, text), number);
      }
      ScalingBenchmark benchmark = Manifests.parse(text, path.toString());
      return fromStatus(source, benchmark, number);
    }
    if (!source.matches("([a-z0-9][-a-z0-9]*/)?[a-z0-9][-a-z0-9.]*")) {
      throw new IllegalArgumentException(
          source + " is not a folder, a file, or [namespace/]name of a ScalingBenchmark");
    }
    return fromCluster(source, number);
  }

  private static Round fromCluster(String source, Integer number) {
    String[] parts = source.split("/", 2);
    try (KubernetesClient client = new KubernetesClientBuilder().build()) {
      String namespace = parts.length == 2 ? parts[0] : client.getNamespace();
      String name = parts.length == 2 ? parts[1] : parts[0];
      ScalingBenchmark benchmark =
          client
              .resources(ScalingBenchmark.class)
              .inNamespace(namespace == null ? "default" : namespace)
              .withName(name)
              .get();
      if (benchmark == null) {
        throw new IllegalArgumentException(
            "no ScalingBenchmark " + name + " in namespace " + namespace);
      }
      return fromStatus("benchmark " + namespace + "/" + name, benchmark, number);
    } catch (KubernetesClientException e) {
      throw new IllegalArgumentException(
          "cannot read ScalingBenchmark " + source + " from the cluster: " + e.getMessage());
    }
  }

  /** A round from a benchmark's status: the results of its current round, or a kept summary. */
  static Round fromStatus(String label, ScalingBenchmark benchmark, Integer number) {
    ScalingBenchmarkStatus status = benchmark.getStatus();
    if (status == null) {
      throw new IllegalArgumentException(label + " has no status: it has not run yet");
    }
    int current = status.round == null ? 1 : status.round;
    List<RunResult> results = status.results == null ? List.of() : status.results;
    if ((number == null || number == current) && !results.isEmpty()) {
      return new Round(
          label + " round " + current,
          Samples.fromResults(results, RunPlan.of(benchmark.getSpec())),
          results.get(results.size() - 1).fingerprint);
    }
    List<RoundSummary> rounds = status.rounds == null ? List.of() : status.rounds;
    for (int i = rounds.size() - 1; i >= 0; i--) {
      RoundSummary kept = rounds.get(i);
      if (number == null || Objects.equals(kept.round, number)) {
        return new Round(label + " round " + kept.round, Samples.fromRound(kept), null);
      }
    }
    throw new IllegalArgumentException(
        label
            + (number == null
                ? " has no finished run"
                : " has no round " + number + " in its status (it keeps the newest rounds)"));
  }

  /** A round of a history: the lines of one benchmark, grouped by round. */
  static Round fromHistory(String label, List<HistoryLine> lines, Integer number) {
    TreeSet<String> benchmarks = new TreeSet<>();
    TreeSet<Integer> rounds = new TreeSet<>();
    for (HistoryLine line : lines) {
      benchmarks.add(String.valueOf(line.benchmark()));
      rounds.add(line.round() == null ? 0 : line.round());
    }
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(label + " holds no history lines (*.json)");
    }
    if (benchmarks.size() > 1) {
      throw new IllegalArgumentException(
          label
              + " holds the runs of "
              + benchmarks.size()
              + " benchmarks: "
              + benchmarks
              + "; give the folder of one");
    }
    int chosen = number != null ? number : rounds.last();
    if (!rounds.contains(chosen)) {
      throw new IllegalArgumentException(label + " has no round " + chosen + "; it has " + rounds);
    }
    List<HistoryLine> of =
        lines.stream().filter(l -> (l.round() == null ? 0 : l.round()) == chosen).toList();
    HistoryLine last = of.get(of.size() - 1);
    return new Round(
        "history " + label + (chosen == 0 ? "" : " round " + chosen),
        Samples.fromHistory(of),
        fingerprint(last));
  }

  private static Fingerprint fingerprint(HistoryLine line) {
    Fingerprint fingerprint = new Fingerprint();
    fingerprint.image = line.image();
    fingerprint.node = line.node();
    fingerprint.sparkVersion = line.result().sparkVersion();
    if (line.result().fingerprint() != null) {
      fingerprint.javaVersion = line.result().fingerprint().javaVersion();
      fingerprint.settingsHash = line.result().fingerprint().settingsHash();
    }
    return fingerprint;
  }

  /** Every line of the {@code *.json} files in a folder, oldest file first. */
  static List<HistoryLine> historyLines(Path folder) {
    List<HistoryLine> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        lines.addAll(parseLines(file, readText(file)));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot list " + folder + ": " + e.getMessage());
    }
    return lines;
  }

  private static List<HistoryLine> parseLines(Path file, String text) {
    List<HistoryLine> lines = new ArrayList<>();
    int number = 0;
    for (String line : text.split("\n")) {
      number++;
      if (line.isBlank()) {
        continue;
      }
      try {
        lines.add(HistoryLine.parse(line));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + " line " + number + ": " + e.getMessage());
      }
    }
    return lines;
  }

  private static String readText(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
    }
  }

  /** The comparison as a table, its verdict and what differs. */
  static String render(Comparison comparison, String candidate) {
    StringBuilder text = new StringBuilder();
    text.append("baseline:  ").append(comparison.baseline).append('\n');
    text.append("candidate: ").append(candidate).append('\n');
    text.append(
        String.format(
            Locale.ROOT,
            "%10s %9s %11s %6s %12s %6s %8s %-17s %s%n",
            "records",
            "executors",
            "baseline s",
            "runs",
            "candidate s",
            "runs",
            "ratio",
            "95 % interval",
            "regressed"));
    for (Comparison.Count c : comparison.counts) {
      text.append(
          String.format(
              Locale.ROOT,
              "%10d %9d %11.3f %6d %12.3f %6d %7.2f× %-17s %s%n",
              c.records,
              c.executors,
              c.baselineSeconds,
              c.baselineRuns == null ? 1 : c.baselineRuns,
              c.seconds,
              c.runs,
              c.ratio,
              c.low == null ? "-" : String.format(Locale.ROOT, "%.2f–%.2f×", c.low, c.high),
              c.regressed));
    }
    text.append("regressed: ")
        .append(comparison.regressed)
        .append(" (")
        .append(comparison.reason)
        .append("): ")
        .append(comparison.message)
        .append('\n');
    if (comparison.variation != null) {
      text.append(
          String.format(
              Locale.ROOT,
              "variation: %.1f %% per run (log durations, both sides pooled)%n",
              comparison.variation * 100));
    }
    for (String difference : comparison.differences) {
      text.append("differs: ").append(difference).append('\n');
    }
    return text.toString();
  }
}
