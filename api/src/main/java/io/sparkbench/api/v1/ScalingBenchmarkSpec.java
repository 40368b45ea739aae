package io.sparkbench.api.v1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to measure. Fields carry the same defaults in Java as in the schema, so an object that
 * reached the operator without schema defaulting behaves the same.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "size(self.records) * (has(self.executors) && size(self.executors) > 0"
            + " ? size(self.executors) : 1) * self.repetitions <= 100",
    message = "records × executors × repetitions must be at most 100 runs")
public class ScalingBenchmarkSpec {

  /**
   * The operator's sparkConf rule ({@code SparkConfPolicy}) in one paragraph, for the CRD's
   * description of {@code spec.sparkConf}; {@code SparkConfPolicyTest} checks it names every
   * refused key.
   */
  public static final String SPARK_CONF_DESCRIPTION =
      "Spark settings passed to the driver as with spark-submit --conf, from an allow-list: at"
          + " most 100 entries, keys of at most 256 and values of at most 4096 characters, each"
          + " key allowed both as written and as the name Spark reads it by. Allowed: spark.sql.*,"
          + " spark.shuffle.*, spark.memory.fraction, spark.memory.storageFraction,"
          + " spark.serializer, spark.kryo.*, spark.kryoserializer.*, spark.io.compression.*,"
          + " spark.rdd.compress, spark.broadcast.*, spark.default.parallelism, spark.task.cpus,"
          + " spark.task.maxFailures, spark.locality.wait*, spark.speculation*,"
          + " spark.driver.maxResultSize, spark.scheduler.{mode,minRegisteredResourcesRatio,"
          + "maxRegisteredResourcesWaitingTime}, spark.network.timeout,"
          + " spark.executor.heartbeatInterval, spark.rpc.askTimeout, spark.rpc.lookupTimeout,"
          + " spark.rpc.message.maxSize, spark.{driver,executor}.{extra,default}JavaOptions,"
          + " spark.executorEnv.*, spark.kubernetes.driverEnv.*, spark.local.dir,"
          + " spark.eventLog.* (compression, rolling, what is logged),"
          + " spark.hadoop.fs.s3a.{endpoint,endpoint.region,path.style.access,"
          + "connection.ssl.enabled,access.key,secret.key,session.token,fast.upload.*,"
          + "multipart.*,block.size,committer.*,threads.max,connection.maximum,"
          + "attempts.maximum,retry.*},"
          + " spark.files, spark.jars, spark.archives, spark.submit.pyFiles (remote or local://"
          + " entries), spark.kubernetes.{driver,executor}.secretKeyRef.*,"
          + " spark.kubernetes.{driver,executor}.secrets.*,"
          + " spark.kubernetes.{driver,executor}.volumes.{emptyDir,persistentVolumeClaim}.*,"
          + " spark.kubernetes.{driver,executor}.{request,limit}.cores (at most the role's cores),"
          + " spark.kubernetes.container.image.pullPolicy,"
          + " spark.kubernetes.container.image.pullSecrets, spark.kubernetes.local.dirs.tmpfs,"
          + " spark.kubernetes.executor.deleteOnTermination. Everything else is refused, also"
          + " what the spec sets itself (image, cores, memory, executors, service account, event"
          + " log), and values using Spark's ${...} substitution: the operator builds the driver"
          + " inside its own process and never reads, uploads or loads what a spec names.";

  /** The most entries of sparkConf, and the longest key and value. */
  public static final int MAX_SPARK_CONF_ENTRIES = 100;

  public static final int MAX_SPARK_CONF_KEY_LENGTH = 256;
  public static final int MAX_SPARK_CONF_VALUE_LENGTH = 4096;

  /** The largest record count of a run: about a day of work for one executor. */
  public static final long MAX_RECORDS = 10_000_000_000L;

  /** Spark memory amounts as Spark reads them: a number with an optional k, m, g, t or p (+b). */
  public static final String MEMORY_PATTERN = "^[0-9]+([kKmMgGtTpP][bB]?)?$";

  /** Names of Kubernetes objects (DNS subdomains): service accounts, claims, priority classes. */
  public static final String DNS_NAME_PATTERN = "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$";

  /** Kubernetes quantities as the spec takes them, e.g. 10Gi. */
  /** A URI with a scheme, as storage.uri and eventLog.dir take it: s3a://bucket/prefix. */
  public static final String URI_PATTERN = "^[a-zA-Z][a-zA-Z0-9+.-]*://\\S+$";

  public static final String QUANTITY_PATTERN = "^[0-9]+(\\.[0-9]+)?([EPTGMK]i?|[munk])?$";

  /** The most record counts in records and in predict. */
  public static final int MAX_COUNTS = 20;

  /** Durations: a number with a unit, ms, s, m or h. */
  public static final String DURATION_PATTERN = "^[0-9]+(ms|s|m|h)$";

  public static final String DEFAULT_APPLICATION_FILE = "local:///opt/spark/jars/spark-app.jar";

  /** A container image reference: registry, path, tag and digest characters only. */
  public static final String IMAGE_PATTERN = "^[a-zA-Z0-9][a-zA-Z0-9._/:@-]*$";

  @Required
  @Pattern(IMAGE_PATTERN)
  @Size(max = 512)
  @JsonPropertyDescription(
      "Container image with Spark and the spark-app jar, used for the driver and the executors.")
  public String image;

  @Required
  @Size(min = 1, max = MAX_COUNTS)
  @ValidationRule(value = "self.isSorted()", message = "records must be in ascending order")
  @ValidationRule(
      value = "self.all(r, self.exists_one(s, s == r))",
      message = "records must not repeat a record count")
  @JsonPropertyDescription(
      "Record counts to run, ascending, each 1 to 10,000,000,000; one run per count and"
          + " repetition.")
  public List<@Min(1) @Max(MAX_RECORDS) Long> records = new ArrayList<>();

  @Size(max = MAX_COUNTS)
  @ValidationRule(value = "self.isSorted()", message = "executors must be in ascending order")
  @ValidationRule(
      value = "self.all(e, self.exists_one(s, s == e))",
      message = "executors must not repeat an executor count")
  @JsonPropertyDescription(
      "Executor counts to run every record count at, ascending, each 1 to 1000, e.g. [1, 2, 4]:"
          + " the status then fits how time falls with executors (speedup, efficiency, the Ernest"
          + " model and the Universal Scalability Law). When empty, every run has"
          + " executor.instances executors.")
  public List<@Min(1) @Max(MAX_EXECUTORS) Integer> executors = new ArrayList<>();

  @Min(1)
  @Max(10)
  @Default("1")
  @JsonPropertyDescription(
      "Runs per record count and executor count; the status reports the median.")
  public Integer repetitions = 1;

  @Default("42")
  @JsonPropertyDescription("Seed of the data generator: the same seed gives the same data.")
  public Long seed = 42L;

  @JsonPropertyDescription("Shape of the generated data set besides the record count.")
  public Dataset dataset = new Dataset();

  @JsonPropertyDescription("Resources and scheduling of the Spark driver.")
  public Driver driver = new Driver();

  @JsonPropertyDescription("Resources, number and scheduling of the Spark executors.")
  public Executor executor = new Executor();

  @Size(max = MAX_SPARK_CONF_ENTRIES)
  @ValidationRule(
      value =
          "self.all(k, size(k) <= "
              + MAX_SPARK_CONF_KEY_LENGTH
              + " && size(self[k]) <= "
              + MAX_SPARK_CONF_VALUE_LENGTH
              + ")",
      message = "sparkConf keys must be at most 256 and values at most 4096 characters")
  @JsonPropertyDescription(SPARK_CONF_DESCRIPTION)
  public Map<String, String> sparkConf = new LinkedHashMap<>();

  @JsonPropertyDescription("Where the job writes its data; an emptyDir volume when not set.")
  public Storage storage = new Storage();

  @JsonPropertyDescription(
      "Spark event logs, which Spark's History Server reads to show each run's jobs, stages, SQL"
          + " plans and DAG: on by default, under the storage.")
  public EventLog eventLog = new EventLog();

  @JsonPropertyDescription("How long a driver may take to start and a run to finish.")
  public Timeouts timeouts = new Timeouts();

  @JsonPropertyDescription("How often a failed run is retried with a new driver.")
  public Retry retry = new Retry();

  @Default("OnSuccess")
  @JsonPropertyDescription(
      "What happens to the pods of finished runs: OnSuccess deletes those of successful runs and"
          + " keeps failed ones for inspection, Always deletes all, Never keeps all until the"
          + " ScalingBenchmark is deleted.")
  public CleanupPolicy cleanup = CleanupPolicy.OnSuccess;

  @Size(max = MAX_COUNTS)
  @JsonPropertyDescription("Record counts to predict the duration of from the fitted model.")
  public List<@Min(1) Long> predict = new ArrayList<>();

  /** The longest schedule and time zone. */
  public static final int MAX_SCHEDULE_LENGTH = 100;

  @Size(max = MAX_SCHEDULE_LENGTH)
  @JsonPropertyDescription(
      "Reruns the benchmark on a schedule, in cron syntax: five fields (minute hour day-of-month"
          + " month day-of-week, e.g. '0 2 * * *' for 02:00 every night) or @hourly, @daily,"
          + " @weekly, @monthly. The first round starts when the benchmark is created, each later"
          + " one at the first time the schedule names after the previous round ended, once no"
          + " other benchmark is running. Each round's runs are appended to the history in the"
          + " storage; the status keeps the latest round's results and a summary of the last"
          + " rounds.")
  public String schedule;

  @Size(max = MAX_SCHEDULE_LENGTH)
  @Pattern("^[A-Za-z0-9_+/-]+$")
  @JsonPropertyDescription(
      "Time zone of the schedule, an IANA name such as Asia/Seoul; UTC when not set.")
  public String timeZone;

  @JsonPropertyDescription(
      "What each finished round is compared with to decide the Regressed condition: another"
          + " benchmark in this namespace, a past round, or pinned figures.")
  public Baseline baseline;

  /**
   * The label that makes a service account one drivers may run as; an admin or the chart sets it
   * (to {@code "true"}), a tenant who may only create ScalingBenchmarks cannot.
   */
  public static final String DRIVER_ACCOUNT_LABEL = "sparkbench.io/spark-driver";

  @Default("sparkbench-spark")
  @Pattern(DNS_NAME_PATTERN)
  @Size(max = 253)
  @JsonPropertyDescription(
      "Service account of the driver pod, in the benchmark's namespace. It must carry the label"
          + " sparkbench.io/spark-driver=true (the chart's Spark account does) and may create and"
          + " delete executor pods.")
  public String serviceAccount = "sparkbench-spark";

  @Default(DEFAULT_APPLICATION_FILE)
  @JsonPropertyDescription("URI of the spark-app jar as spark-submit takes it.")
  public String mainApplicationFile = DEFAULT_APPLICATION_FILE;

  /** Shape of the generated data besides the number of transactions. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Dataset {
    /** The largest dimension size the job accepts: it counts dimension rows in 32 bits. */
    public static final long MAX_DIMENSION = Integer.MAX_VALUE;

    @Min(1)
    @Max(MAX_DIMENSION)
    @Default("10000")
    @JsonPropertyDescription("Distinct customers.")
    public Long customers = 10_000L;

    @Min(1)
    @Max(MAX_DIMENSION)
    @Default("1000")
    @JsonPropertyDescription("Distinct products.")
    public Long products = 1_000L;

    @Min(1)
    @Max(MAX_DIMENSION)
    @Default("100")
    @JsonPropertyDescription("Distinct stores.")
    public Long stores = 100L;

    /** The largest share the job accepts ({@code --dirty-ratio}). */
    public static final double MAX_DIRTY_RATIO = 0.5;

    @Min(0)
    @Max(MAX_DIRTY_RATIO)
    @Default("0.01")
    @JsonPropertyDescription("Share of records made invalid or duplicated on purpose, 0 to 0.5.")
    public Double dirtyRatio = 0.01;
  }

  /** The most cores a driver or an executor may ask for. */
  public static final int MAX_CORES = 256;

  /** The most executors a run may ask for. */
  public static final int MAX_EXECUTORS = 1000;

  /** Driver resources and scheduling. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Driver extends PodSettings {
    @Min(1)
    @Max(MAX_CORES)
    @Default("1")
    @JsonPropertyDescription("CPU cores of the driver (spark.driver.cores), at most 256.")
    public Integer cores = 1;

    @Pattern(MEMORY_PATTERN)
    @Default("1g")
    @JsonPropertyDescription("Heap of the driver (spark.driver.memory), e.g. 1g or 512m.")
    public String memory = "1g";
  }

  /** Executor resources and scheduling (the same for every executor). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Executor extends PodSettings {
    @Min(1)
    @Max(MAX_EXECUTORS)
    @Default("2")
    @JsonPropertyDescription(
        "Number of executors (spark.executor.instances), at most 1000; spec.executors, when set,"
            + " gives each run its count instead.")
    public Integer instances = 2;

    @Min(1)
    @Max(MAX_CORES)
    @Default("1")
    @JsonPropertyDescription("CPU cores per executor (spark.executor.cores), at most 256.")
    public Integer cores = 1;

    @Pattern(MEMORY_PATTERN)
    @Default("1g")
    @JsonPropertyDescription("Heap per executor (spark.executor.memory), e.g. 1g or 512m.")
    public String memory = "1g";
  }

  /** Where the data goes: at most one of the three. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value =
          "(has(self.emptyDir) ? 1 : 0) + (has(self.persistentVolumeClaim) ? 1 : 0)"
              + " + (has(self.uri) ? 1 : 0) <= 1",
      message = "set at most one of emptyDir, persistentVolumeClaim and uri")
  public static class Storage {
    @JsonPropertyDescription(
        "An emptyDir volume on the driver's node (the default); executors get their own, so use"
            + " it with executors on one node or for local runs.")
    public EmptyDir emptyDir;

    @JsonPropertyDescription("A persistent volume claim mounted in the driver and the executors.")
    public PersistentVolumeClaim persistentVolumeClaim;

    @Pattern(URI_PATTERN)
    @JsonPropertyDescription(
        "A Hadoop file system URI for the data, e.g. s3a://bucket/prefix; credentials come from"
            + " sparkConf.")
    public String uri;
  }

  /** The longest event-log folder URI. */
  public static final int MAX_URI_LENGTH = 1024;

  /** Where each run's Spark event log goes. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class EventLog {
    @Default("true")
    @JsonPropertyDescription("Write each run's Spark event log.")
    public Boolean enabled = true;

    @Pattern(URI_PATTERN)
    @Size(max = MAX_URI_LENGTH)
    @JsonPropertyDescription(
        "The folder for the event logs, as a URI the driver can write: s3a://bucket/spark-events,"
            + " or file:///path on a volume the driver mounts. Default: spark-events in the"
            + " benchmark's folder of the storage (the claim or uri; with an emptyDir it is lost"
            + " with the driver pod).")
    public String dir;
  }

  /** An emptyDir volume. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class EmptyDir {
    @Pattern(QUANTITY_PATTERN)
    @JsonPropertyDescription("Size limit of the volume, a Kubernetes quantity such as 10Gi.")
    public String sizeLimit;
  }

  /** A persistent volume claim to mount. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PersistentVolumeClaim {
    @Required
    @Pattern(DNS_NAME_PATTERN)
    @JsonPropertyDescription("Name of an existing claim in the benchmark's namespace.")
    public String claimName;
  }

  /** The longest timeout, in the spec's duration format and as Kubernetes' CEL reads it. */
  public static final String MAX_DURATION = "168h";

  /** The shortest timeouts: a driver pod needs seconds to start, and a run more. */
  public static final String MIN_DRIVER_START = "10s";

  public static final String MIN_RUN = "10s";

  private static final String DURATION_RULE = "duration(self) <= duration('" + MAX_DURATION + "')";
  private static final String DURATION_MESSAGE = "must be at most " + MAX_DURATION + " (7 days)";

  /** Time limits. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Timeouts {
    @Pattern(DURATION_PATTERN)
    @ValidationRule(value = DURATION_RULE, message = DURATION_MESSAGE)
    @ValidationRule(
        value = "duration(self) >= duration('" + MIN_DRIVER_START + "')",
        message = "must be at least " + MIN_DRIVER_START)
    @Default("5m")
    @JsonPropertyDescription(
        "How long a driver pod may stay Pending (unscheduled or pulling its image), e.g. 5m; 10s"
            + " to 168h.")
    public String driverStart = "5m";

    @Pattern(DURATION_PATTERN)
    @ValidationRule(value = DURATION_RULE, message = DURATION_MESSAGE)
    @ValidationRule(
        value = "duration(self) >= duration('" + MIN_RUN + "')",
        message = "must be at least " + MIN_RUN)
    @Default("30m")
    @JsonPropertyDescription(
        "How long one run may take from its driver's creation, e.g. 30m; 10s to 168h.")
    public String run = "30m";
  }

  /** Retries of failed runs. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Retry {
    @Min(0)
    @Max(10)
    @Default("1")
    @JsonPropertyDescription("Extra attempts of a failed run before the benchmark fails.")
    public Integer limit = 1;
  }
}
