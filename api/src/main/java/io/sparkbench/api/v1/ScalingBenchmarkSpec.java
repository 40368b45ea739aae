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
    value = "size(self.records) * self.repetitions <= 100",
    message = "records × repetitions must be at most 100 runs")
public class ScalingBenchmarkSpec {

  /**
   * The operator's sparkConf rule ({@code SparkConfPolicy}) in one paragraph, for the CRD's
   * description of {@code spec.sparkConf}; {@code SparkConfPolicyTest} checks it names every
   * refused key.
   */
  public static final String SPARK_CONF_DESCRIPTION =
      "Spark configuration passed through to the driver as with spark-submit --conf: any spark.*"
          + " key (every spark.kubernetes.* setting applies), except keys the spec sets itself"
          + " (spark.master, spark.app.name, spark.submit.deployMode, spark.kubernetes.namespace,"
          + " spark.kubernetes.container.image, spark.kubernetes.driver.pod.name,"
          + " spark.kubernetes.executor.podNamePrefix, spark.driver.cores, spark.driver.memory,"
          + " spark.executor.instances, spark.executor.cores, spark.executor.memory,"
          + " spark.kubernetes.authenticate.driver.serviceAccountName, spark.eventLog.enabled,"
          + " spark.eventLog.dir) and keys that would make"
          + " the operator read its own files, load classes, mount host paths or use other"
          + " credentials: spark.kubernetes.{driver,executor}.podTemplateFile,"
          + " spark.kubernetes.{driver,executor}.pod.featureSteps,"
          + " spark.kubernetes.{driver,executor}.volumes.<type>.* other than emptyDir and"
          + " persistentVolumeClaim, spark.kubernetes.kerberos.* and spark.kerberos.*,"
          + " spark.kubernetes.authenticate.*, spark.kubernetes.driver.master,"
          + " spark.kubernetes.context, spark.kubernetes.trust.certificates,"
          + " spark.kubernetes.file.upload.path, and local (no scheme or file:) entries of"
          + " spark.files, spark.jars, spark.archives and spark.submit.pyFiles. Secrets of the"
          + " benchmark's namespace may be mounted (spark.kubernetes.driver.secretKeyRef.*).";

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

  @Required
  @Pattern("^\\S+$")
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
      "Record counts to run, ascending, each at least 1; one run per count and repetition.")
  public List<@Min(1) Long> records = new ArrayList<>();

  @Min(1)
  @Max(10)
  @Default("1")
  @JsonPropertyDescription("Runs per record count; the status reports the median.")
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

  @Default("sparkbench-spark")
  @Pattern(DNS_NAME_PATTERN)
  @JsonPropertyDescription(
      "Service account of the driver pod; it must be allowed to create and delete executor pods.")
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
    @JsonPropertyDescription("Number of executors (spark.executor.instances), at most 1000.")
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

  private static final String DURATION_RULE = "duration(self) <= duration('" + MAX_DURATION + "')";
  private static final String DURATION_MESSAGE = "must be at most " + MAX_DURATION + " (7 days)";

  /** Time limits. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Timeouts {
    @Pattern(DURATION_PATTERN)
    @ValidationRule(value = DURATION_RULE, message = DURATION_MESSAGE)
    @Default("5m")
    @JsonPropertyDescription(
        "How long a driver pod may stay Pending (unscheduled or pulling its image), e.g. 5m; at"
            + " most 168h.")
    public String driverStart = "5m";

    @Pattern(DURATION_PATTERN)
    @ValidationRule(value = DURATION_RULE, message = DURATION_MESSAGE)
    @Default("30m")
    @JsonPropertyDescription(
        "How long one run may take from its driver's creation, e.g. 30m; at most 168h.")
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
