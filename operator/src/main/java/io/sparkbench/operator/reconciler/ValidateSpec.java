package io.sparkbench.operator.reconciler;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.api.run.RunId;
import io.sparkbench.api.run.RunPlan;
import io.sparkbench.api.v1.Baseline;
import io.sparkbench.api.v1.PodSettings;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.common.time.Durations;
import io.sparkbench.operator.driver.DriverResources;
import io.sparkbench.operator.driver.PodSettingsPolicy;
import io.sparkbench.operator.driver.SparkConfPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the schema checks, checked again (an object may reach the operator without schema
 * validation), plus what only Spark can tell: the driver resources are built once as a dry run.
 */
public final class ValidateSpec {

  private static final Pattern MEMORY = Pattern.compile(ScalingBenchmarkSpec.MEMORY_PATTERN);
  private static final Pattern DNS_NAME = Pattern.compile(ScalingBenchmarkSpec.DNS_NAME_PATTERN);

  private ValidateSpec() {}

  /**
   * What a check found.
   *
   * @param problems every problem, each saying what to fix; empty when the spec is valid
   * @param dryRun the run the dry run built (the first one), or null when the spec is invalid
   * @param resources the objects the dry run built for {@code dryRun}, or null
   */
  record Checked(List<String> problems, RunId dryRun, DriverResources resources) {}

  /** Every problem found, each saying what to fix; empty when the spec is valid. */
  public static List<String> problems(
      ScalingBenchmark benchmark, Map<String, String> sparkDefaults, KubernetesClient client) {
    return check(benchmark, sparkDefaults, client).problems();
  }

  /**
   * The problems, and for a valid spec the dry run's driver resources of the first run, which the
   * reconciler creates when that is the run it starts instead of building them a second time.
   */
  private static void checkSchedule(ScalingBenchmarkSpec spec, List<String> problems) {
    if (spec.schedule == null) {
      if (spec.timeZone != null) {
        problems.add("spec.timeZone is set without spec.schedule: set both or neither");
      }
      return;
    }
    if (spec.schedule.length() > ScalingBenchmarkSpec.MAX_SCHEDULE_LENGTH
        || (spec.timeZone != null
            && spec.timeZone.length() > ScalingBenchmarkSpec.MAX_SCHEDULE_LENGTH)) {
      problems.add(
          "spec.schedule and spec.timeZone take at most "
              + ScalingBenchmarkSpec.MAX_SCHEDULE_LENGTH
              + " characters each");
      return;
    }
    try {
      Schedule.of(spec.schedule, spec.timeZone);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
  }

  private static void checkBaseline(String self, Baseline baseline, List<String> problems) {
    if (baseline == null) {
      return;
    }
    boolean figures = baseline.figures != null && !baseline.figures.isEmpty();
    int set =
        (baseline.benchmark != null ? 1 : 0)
            + (figures ? 1 : 0)
            + (baseline.round != null && baseline.benchmark == null ? 1 : 0);
    if (set != 1) {
      problems.add(
          "spec.baseline must set one of benchmark (with an optional round), round, or figures");
    }
    if (baseline.benchmark != null) {
      checkName("spec.baseline.benchmark", baseline.benchmark, "a ScalingBenchmark", problems);
      if (baseline.benchmark.equals(self)) {
        problems.add(
            "spec.baseline.benchmark names this benchmark: to compare with one of its own rounds,"
                + " set spec.baseline.round alone");
      }
    }
    if (baseline.round != null && baseline.round < 1) {
      problems.add("spec.baseline.round must be at least 1, got " + baseline.round);
    }
    if (baseline.tolerance == null
        || !(baseline.tolerance >= 0 && baseline.tolerance <= Baseline.MAX_TOLERANCE)) {
      problems.add(
          "spec.baseline.tolerance must be 0 to "
              + (int) Baseline.MAX_TOLERANCE
              + " (0.1 lets the median take 10 % longer), got "
              + baseline.tolerance);
    }
    if (baseline.figures != null && baseline.figures.size() > Baseline.MAX_FIGURES) {
      problems.add(
          "spec.baseline.figures has "
              + baseline.figures.size()
              + " entries: use at most "
              + Baseline.MAX_FIGURES);
    } else if (baseline.figures != null) {
      for (int i = 0; i < baseline.figures.size(); i++) {
        Baseline.Figure figure = baseline.figures.get(i);
        String at = "spec.baseline.figures[" + i + "]";
        if (figure == null) {
          problems.add(at + " is empty: give records and seconds");
          continue;
        }
        if (figure.records == null || figure.records < 1) {
          problems.add(at + ".records must be a record count of at least 1, got " + figure.records);
        }
        if (figure.seconds == null || !(figure.seconds > 0)) {
          problems.add(at + ".seconds must be a duration above 0, got " + figure.seconds);
        }
        if (figure.executors != null && figure.executors < 1) {
          problems.add(at + ".executors must be at least 1, got " + figure.executors);
        }
      }
    }
  }

  static Checked check(
      ScalingBenchmark benchmark, Map<String, String> sparkDefaults, KubernetesClient client) {
    List<String> problems = new ArrayList<>();
    ScalingBenchmarkSpec spec = benchmark.getSpec();
    if (spec == null) {
      return new Checked(
          List.of("spec is missing: set at least spec.image and spec.records"), null, null);
    }
    String name = benchmark.getMetadata().getName();
    if (name.length() > 63) {
      problems.add(
          "metadata.name has " + name.length() + " characters: use at most 63 (it is a label)");
    }
    if (spec.image == null
        || spec.image.length() > 512
        || !spec.image.matches(ScalingBenchmarkSpec.IMAGE_PATTERN)) {
      problems.add(
          "spec.image must name a container image (registry/name:tag or @digest), got '"
              + shortened(spec.image)
              + "'");
    }
    checkNoSubstitution("spec.mainApplicationFile", spec.mainApplicationFile, problems);
    checkNoSubstitution(
        "spec.storage.uri", spec.storage == null ? null : spec.storage.uri, problems);
    checkNoSubstitution(
        "spec.eventLog.dir", spec.eventLog == null ? null : spec.eventLog.dir, problems);
    checkRecords(spec, problems);
    boolean executorsValid = checkExecutors(spec.executors, problems);
    if (spec.repetitions == null || spec.repetitions < 1 || spec.repetitions > 10) {
      problems.add("spec.repetitions must be 1 to 10, got " + spec.repetitions);
    } else if (spec.records != null
        && executorsValid
        && RunPlan.of(spec).size() > RunPlan.MAX_RUNS) {
      problems.add(
          "spec.records × spec.executors × spec.repetitions is "
              + RunPlan.of(spec).size()
              + " runs: use at most "
              + RunPlan.MAX_RUNS);
    }
    if (spec.seed == null) {
      problems.add("spec.seed must be set");
    }
    checkDataset(spec.dataset, problems);
    checkResources(spec, problems);
    checkStorage(spec.storage, problems);
    checkEventLog(spec.eventLog, problems);
    checkDuration(
        "spec.timeouts.driverStart",
        spec.timeouts == null ? null : spec.timeouts.driverStart,
        ScalingBenchmarkSpec.MIN_DRIVER_START,
        problems);
    checkDuration(
        "spec.timeouts.run",
        spec.timeouts == null ? null : spec.timeouts.run,
        ScalingBenchmarkSpec.MIN_RUN,
        problems);
    if (spec.retry == null
        || spec.retry.limit == null
        || spec.retry.limit < 0
        || spec.retry.limit > 10) {
      problems.add("spec.retry.limit must be 0 to 10");
    }
    if (spec.cleanup == null) {
      problems.add("spec.cleanup must be OnSuccess, Always or Never");
    }
    if (spec.predict != null && spec.predict.stream().anyMatch(r -> r == null || r < 1)) {
      problems.add("spec.predict must hold record counts of at least 1, got " + spec.predict);
    }
    if (spec.predict != null && spec.predict.size() > ScalingBenchmarkSpec.MAX_COUNTS) {
      problems.add(
          "spec.predict has "
              + spec.predict.size()
              + " counts: use at most "
              + ScalingBenchmarkSpec.MAX_COUNTS);
    }
    checkSchedule(spec, problems);
    checkBaseline(name, spec.baseline, problems);
    if (spec.serviceAccount == null || spec.serviceAccount.isBlank()) {
      problems.add("spec.serviceAccount must name a service account");
    } else {
      checkName("spec.serviceAccount", spec.serviceAccount, "a service account", problems);
    }
    if (spec.mainApplicationFile == null || spec.mainApplicationFile.isBlank()) {
      problems.add(
          "spec.mainApplicationFile must be a URI, e.g. "
              + ScalingBenchmarkSpec.DEFAULT_APPLICATION_FILE);
    }
    if (spec.sparkConf != null
        && spec.sparkConf.size() > ScalingBenchmarkSpec.MAX_SPARK_CONF_ENTRIES) {
      problems.add(
          "spec.sparkConf has "
              + spec.sparkConf.size()
              + " entries: use at most "
              + ScalingBenchmarkSpec.MAX_SPARK_CONF_ENTRIES);
    }
    problems.addAll(SparkConfPolicy.problems(spec));
    if (!problems.isEmpty()) {
      return new Checked(problems, null, null);
    }
    RunId first = RunPlan.of(spec).after(0);
    try {
      return new Checked(
          problems,
          first,
          DriverResources.fromSpec(
              benchmark, first, Rounds.current(benchmark.getStatus()), sparkDefaults, client));
    } catch (RuntimeException e) {
      // whatever the builder throws, checked or not, fails this benchmark alone with its reason
      problems.add("spec.sparkConf: " + e.getMessage());
      return new Checked(problems, null, null);
    }
  }

  private static void checkRecords(ScalingBenchmarkSpec spec, List<String> problems) {
    List<Long> records = spec.records;
    if (records == null || records.isEmpty()) {
      problems.add("spec.records must list at least one record count, e.g. [10000, 100000]");
      return;
    }
    if (records.size() > ScalingBenchmarkSpec.MAX_COUNTS) {
      problems.add(
          "spec.records has "
              + records.size()
              + " counts: use at most "
              + ScalingBenchmarkSpec.MAX_COUNTS);
    }
    for (int i = 0; i < records.size(); i++) {
      Long r = records.get(i);
      if (r == null || r < 1 || r > ScalingBenchmarkSpec.MAX_RECORDS) {
        problems.add(
            "spec.records must be 1 to "
                + String.format("%,d", ScalingBenchmarkSpec.MAX_RECORDS)
                + " each, got "
                + records);
        return;
      }
      if (i > 0 && r <= records.get(i - 1)) {
        problems.add(
            "spec.records must be ascending without repeats, got "
                + records
                + ": sort them, e.g. "
                + records.stream().distinct().sorted().toList());
        return;
      }
    }
  }

  /** Whether {@code spec.executors} is valid (empty counts as valid: no sweep). */
  private static boolean checkExecutors(List<Integer> executors, List<String> problems) {
    if (executors == null || executors.isEmpty()) {
      return true;
    }
    if (executors.size() > ScalingBenchmarkSpec.MAX_COUNTS) {
      problems.add(
          "spec.executors has "
              + executors.size()
              + " counts: use at most "
              + ScalingBenchmarkSpec.MAX_COUNTS);
      return false;
    }
    for (int i = 0; i < executors.size(); i++) {
      Integer e = executors.get(i);
      if (e == null || e < 1 || e > ScalingBenchmarkSpec.MAX_EXECUTORS) {
        problems.add(
            "spec.executors must be 1 to "
                + ScalingBenchmarkSpec.MAX_EXECUTORS
                + " each, got "
                + executors);
        return false;
      }
      if (i > 0 && e <= executors.get(i - 1)) {
        problems.add(
            "spec.executors must be ascending without repeats, got "
                + executors
                + ": sort them, e.g. "
                + executors.stream().distinct().sorted().toList());
        return false;
      }
    }
    return true;
  }

  private static void checkDataset(ScalingBenchmarkSpec.Dataset dataset, List<String> problems) {
    if (dataset == null) {
      return;
    }
    checkDimension("customers", dataset.customers, problems);
    checkDimension("products", dataset.products, problems);
    checkDimension("stores", dataset.stores, problems);
    if (dataset.dirtyRatio == null
        || !(dataset.dirtyRatio >= 0
            && dataset.dirtyRatio <= ScalingBenchmarkSpec.Dataset.MAX_DIRTY_RATIO)) {
      problems.add(
          "spec.dataset.dirtyRatio must be 0 to "
              + ScalingBenchmarkSpec.Dataset.MAX_DIRTY_RATIO
              + " (the job refuses more), got "
              + dataset.dirtyRatio);
    }
  }

  private static void checkDimension(String name, Long size, List<String> problems) {
    long max = ScalingBenchmarkSpec.Dataset.MAX_DIMENSION;
    if (size == null || size < 1 || size > max) {
      problems.add(
          "spec.dataset." + name + " must be 1 to " + max + " (the job's limit), got " + size);
    }
  }

  private static void checkResources(ScalingBenchmarkSpec spec, List<String> problems) {
    if (spec.driver == null || spec.executor == null) {
      problems.add("spec.driver and spec.executor must not be null");
      return;
    }
    checkMemory("spec.driver.memory", spec.driver.memory, problems);
    checkMemory("spec.executor.memory", spec.executor.memory, problems);
    checkPriorityClass("spec.driver", spec.driver, problems);
    checkPriorityClass("spec.executor", spec.executor, problems);
    problems.addAll(PodSettingsPolicy.problems("spec.driver", spec.driver));
    problems.addAll(PodSettingsPolicy.problems("spec.executor", spec.executor));
    checkCount("spec.driver.cores", spec.driver.cores, ScalingBenchmarkSpec.MAX_CORES, problems);
    checkCount(
        "spec.executor.cores", spec.executor.cores, ScalingBenchmarkSpec.MAX_CORES, problems);
    checkCount(
        "spec.executor.instances",
        spec.executor.instances,
        ScalingBenchmarkSpec.MAX_EXECUTORS,
        problems);
  }

  private static void checkPriorityClass(
      String field, PodSettings settings, List<String> problems) {
    if (settings.priorityClassName != null) {
      checkName(
          field + ".priorityClassName", settings.priorityClassName, "a PriorityClass", problems);
    }
  }

  /** A Kubernetes object name: lower-case letters, digits, - and . */
  private static void checkName(String field, String name, String what, List<String> problems) {
    if (!DNS_NAME.matcher(name).matches()) {
      problems.add(
          field
              + " is '"
              + name
              + "': use the name of "
              + what
              + " (lower-case letters, digits, - and .)");
    }
  }

  private static void checkCount(String field, Integer value, int max, List<String> problems) {
    if (value == null || value < 1 || value > max) {
      problems.add(field + " must be 1 to " + max + ", got " + value);
    }
  }

  private static void checkMemory(String field, String value, List<String> problems) {
    if (value == null || !MEMORY.matcher(value).matches()) {
      problems.add(
          field + " is '" + value + "': use a Spark memory amount such as 512m, 1g or 2048m");
    }
  }

  private static void checkStorage(ScalingBenchmarkSpec.Storage storage, List<String> problems) {
    if (storage == null) {
      return;
    }
    int set =
        (storage.emptyDir != null ? 1 : 0)
            + (storage.persistentVolumeClaim != null ? 1 : 0)
            + (storage.uri != null ? 1 : 0);
    if (set > 1) {
      problems.add("spec.storage: set at most one of emptyDir, persistentVolumeClaim and uri");
    }
    if (storage.persistentVolumeClaim != null
        && (storage.persistentVolumeClaim.claimName == null
            || storage.persistentVolumeClaim.claimName.isBlank())) {
      problems.add("spec.storage.persistentVolumeClaim.claimName must name a claim");
    } else if (storage.persistentVolumeClaim != null) {
      checkName(
          "spec.storage.persistentVolumeClaim.claimName",
          storage.persistentVolumeClaim.claimName,
          "a claim",
          problems);
    }
    if (storage.emptyDir != null
        && storage.emptyDir.sizeLimit != null
        && !storage.emptyDir.sizeLimit.matches(ScalingBenchmarkSpec.QUANTITY_PATTERN)) {
      problems.add(
          "spec.storage.emptyDir.sizeLimit is '"
              + storage.emptyDir.sizeLimit
              + "': use a Kubernetes quantity such as 10Gi");
    }
    if (storage.uri != null && !storage.uri.matches(ScalingBenchmarkSpec.URI_PATTERN)) {
      problems.add(
          "spec.storage.uri must be a URI such as s3a://bucket/prefix, got " + storage.uri);
    }
  }

  private static void checkEventLog(ScalingBenchmarkSpec.EventLog eventLog, List<String> problems) {
    if (eventLog == null || eventLog.dir == null) {
      return;
    }
    if (eventLog.dir.length() > ScalingBenchmarkSpec.MAX_URI_LENGTH
        || !eventLog.dir.matches(ScalingBenchmarkSpec.URI_PATTERN)) {
      problems.add(
          "spec.eventLog.dir must be a URI of at most "
              + ScalingBenchmarkSpec.MAX_URI_LENGTH
              + " characters such as s3a://bucket/spark-events or file:///data/spark-events, got "
              + shortened(eventLog.dir));
    }
  }

  /** A URI holding Spark's {@code ${...}}, which the builder would fill from the operator. */
  private static void checkNoSubstitution(String field, String uri, List<String> problems) {
    if (uri != null && uri.contains(SparkConfPolicy.SUBSTITUTION)) {
      problems.add(
          field
              + " uses Spark's ${...} substitution, which would read the operator's environment:"
              + " write the URI out");
    }
  }

  /** A tenant's text in a message: at most 80 characters of it. */
  private static String shortened(String text) {
    return text == null || text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }

  private static void checkDuration(
      String field, String value, String minimum, List<String> problems) {
    try {
      if (Durations.parse(field, value).compareTo(Durations.parse(field, minimum)) < 0) {
        problems.add(field + " is '" + value + "': use at least " + minimum);
      }
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
  }
}
