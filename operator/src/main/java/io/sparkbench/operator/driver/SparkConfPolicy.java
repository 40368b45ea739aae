package io.sparkbench.operator.driver;

import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.operator.status.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What a benchmark may set through {@code spec.sparkConf}: an allow-list. Spark's driver builder
 * runs inside the operator's JVM, with the operator's files, class path and client, and what shapes
 * a run (executors, cores, memory, image) comes from the spec's own bounded fields. So a key is
 * accepted only when it belongs to one of the {@link #ALLOWED} families, both as written and as the
 * canonical name Spark reads it by ({@link SparkKeys}: {@code spark.yarn.keytab} is {@code
 * spark.kerberos.keytab}); everything else is refused with one line naming the key and, for the
 * families users reach for most, what to use instead ({@link #HINTS}). Entries of {@link
 * #FILE_LISTS} must be remote or in the image ({@code local://}), never files of the operator's
 * machine.
 *
 * <p>Secrets of the benchmark's own namespace may be mounted ({@code
 * spark.kubernetes.driver.secrets.*}, {@code ...secretKeyRef.*}): object-store credentials come
 * that way, and any image run there with the Spark account could read them anyway.
 */
public final class SparkConfPolicy {

  /** The longest key and value of {@code spec.sparkConf}; the CRD has the same bounds. */
  public static final int MAX_KEY_LENGTH = ScalingBenchmarkSpec.MAX_SPARK_CONF_KEY_LENGTH;

  public static final int MAX_VALUE_LENGTH = ScalingBenchmarkSpec.MAX_SPARK_CONF_VALUE_LENGTH;

  /** An allowed key family: how the CRD's description names it, and its pattern. */
  public record Allowed(String keys, Pattern pattern) {
    Allowed(String keys, String regex) {
      this(keys, Pattern.compile(regex));
    }

    boolean matches(String key) {
      return pattern.matcher(key).matches();
    }
  }

  private static final String ROLE = "spark\\.kubernetes\\.(driver|executor)\\.";

  /**
   * The allowed families, in the order the CRD's description lists them: SQL, shuffle, memory
   * fractions, serialization, compression, scheduling and network timeouts, the pods' JVM options
   * and environment, event log details, object-store settings, and the {@code spark.kubernetes.*}
   * keys a benchmark tunes (secrets and volumes of its namespace, image pulls, local dirs).
   */
  public static final List<Allowed> ALLOWED =
      List.of(
          new Allowed("spark.sql.*", "spark\\.sql\\..+"),
          new Allowed("spark.shuffle.*", "spark\\.shuffle\\..+"),
          new Allowed(
              "spark.memory.fraction, spark.memory.storageFraction",
              "spark\\.memory\\.(fraction|storageFraction)"),
          new Allowed(
              "spark.serializer, spark.kryo.*, spark.kryoserializer.*",
              "spark\\.serializer(\\.objectStreamReset)?|spark\\.kryo\\..+|spark\\.kryoserializer\\..+"),
          new Allowed(
              "spark.io.compression.*, spark.rdd.compress, spark.broadcast.*",
              "spark\\.io\\.compression\\..+|spark\\.rdd\\.compress|spark\\.broadcast\\..+"),
          new Allowed(
              "spark.default.parallelism, spark.task.cpus, spark.task.maxFailures,"
                  + " spark.locality.wait*, spark.speculation*, spark.driver.maxResultSize,"
                  + " spark.scheduler.{mode,minRegisteredResourcesRatio,"
                  + "maxRegisteredResourcesWaitingTime}",
              "spark\\.default\\.parallelism|spark\\.task\\.(cpus|maxFailures)"
                  + "|spark\\.scheduler\\.(mode|minRegisteredResourcesRatio"
                  + "|maxRegisteredResourcesWaitingTime)"
                  + "|spark\\.locality\\.wait(\\..+)?|spark\\.speculation(\\..+)?"
                  + "|spark\\.driver\\.maxResultSize"),
          new Allowed(
              "spark.network.timeout, spark.executor.heartbeatInterval, spark.rpc.askTimeout,"
                  + " spark.rpc.lookupTimeout, spark.rpc.message.maxSize",
              "spark\\.network\\.timeout|spark\\.executor\\.heartbeatInterval"
                  + "|spark\\.rpc\\.(askTimeout|lookupTimeout|message\\.maxSize)"),
          new Allowed(
              "spark.{driver,executor}.{extra,default}JavaOptions, spark.executorEnv.*,"
                  + " spark.kubernetes.driverEnv.*, spark.local.dir",
              "spark\\.(driver|executor)\\.(extra|default)JavaOptions"
                  + "|spark\\.executorEnv\\..+|spark\\.kubernetes\\.driverEnv\\..+"
                  + "|spark\\.local\\.dir"),
          new Allowed(
              "spark.eventLog.* (compression, rolling, what is logged)", "spark\\.eventLog\\..+"),
          new Allowed(
              "spark.hadoop.fs.s3a.{endpoint,endpoint.region,path.style.access,"
                  + "connection.ssl.enabled,access.key,secret.key,session.token,fast.upload.*,"
                  + "multipart.*,block.size,committer.*,threads.max,connection.maximum,"
                  + "attempts.maximum,retry.*}",
              "spark\\.hadoop\\.fs\\.s3a\\.(endpoint(\\.region)?|path\\.style\\.access"
                  + "|connection\\.(ssl\\.enabled|maximum)|access\\.key|secret\\.key"
                  + "|session\\.token|fast\\.upload\\..+|multipart\\..+|block\\.size"
                  + "|committer\\..+|threads\\.max|attempts\\.maximum|retry\\..+)"),
          new Allowed(
              "spark.files, spark.jars, spark.archives, spark.submit.pyFiles (remote or local://"
                  + " entries)",
              "spark\\.(files|jars|archives|submit\\.pyFiles)"),
          new Allowed(
              "spark.kubernetes.{driver,executor}.secretKeyRef.*,"
                  + " spark.kubernetes.{driver,executor}.secrets.*",
              ROLE + "(secretKeyRef|secrets)\\..+"),
          new Allowed(
              "spark.kubernetes.{driver,executor}.volumes.{emptyDir,persistentVolumeClaim}.*",
              ROLE + "volumes\\.(emptyDir|persistentVolumeClaim)\\..+"),
          new Allowed(
              "spark.kubernetes.{driver,executor}.{request,limit}.cores (at most the role's cores)",
              ROLE + "(request|limit)\\.cores"),
          new Allowed(
              "spark.kubernetes.container.image.pullPolicy,"
                  + " spark.kubernetes.container.image.pullSecrets,"
                  + " spark.kubernetes.local.dirs.tmpfs,"
                  + " spark.kubernetes.executor.deleteOnTermination",
              "spark\\.kubernetes\\.container\\.image\\.(pullPolicy|pullSecrets)"
                  + "|spark\\.kubernetes\\.local\\.dirs\\.tmpfs"
                  + "|spark\\.kubernetes\\.executor\\.deleteOnTermination"));

  /** What to use instead of a refused key users often reach for: its pattern and the advice. */
  public record Hint(Pattern pattern, String advice) {
    Hint(String regex, String advice) {
      this(Pattern.compile(regex), advice);
    }
  }

  /** Advice for refused keys, first match wins; other refused keys get the allowed families. */
  public static final List<Hint> HINTS =
      List.of(
          new Hint(
              ROLE + "podTemplateFile",
              "the operator would read that file from its own file system; set spec.driver and"
                  + " spec.executor (nodeSelector, tolerations, affinity, priorityClassName,"
                  + " labels, annotations)"),
          new Hint(
              "spark\\.kubernetes\\.(driver\\.|executor\\.)?node\\.selector\\..+",
              "set spec.driver.nodeSelector and spec.executor.nodeSelector"),
          new Hint(
              "spark\\.kubernetes\\.(driver\\.|executor\\.)?node\\.selector\\..+",
              "set spec.driver.nodeSelector and spec.executor.nodeSelector"),
          new Hint(
              ROLE + "(label|annotation)\\..+",
              "set spec.driver.labels, spec.driver.annotations, spec.executor.labels or"
                  + " spec.executor.annotations"),
          new Hint(
              "spark\\.dynamicAllocation\\..+|spark\\.executor\\.instances",
              "executors come from spec.executor.instances or spec.executors"),
          new Hint(
              "spark\\.(driver|executor)\\.memoryOverhead.*|spark\\.kubernetes\\.memoryOverhead"
                  + "Factor|spark\\.(driver|executor)\\.(memory|cores)|spark\\.memory\\.offHeap\\..+",
              "the pods' size comes from spec.driver and spec.executor (cores, memory)"),
          new Hint(
              ROLE + "container\\.image|spark\\.kubernetes\\.container\\.image", "use spec.image"),
          new Hint(
              "spark\\.(kubernetes\\.)?kerberos\\..+|spark\\.yarn\\..+",
              "the operator would read a krb5 file or keytab of its own; reach object stores"
                  + " with spec.storage.uri and secretKeyRef credentials"),
          new Hint(
              "spark\\.kubernetes\\.authenticate\\..+",
              "it sets the credentials the operator or the driver use; set spec.serviceAccount"),
          new Hint(
              "spark\\.home|spark\\.kubernetes\\.hadoop\\..+|spark\\.kubernetes\\.file\\.upload"
                  + "\\.path|"
                  + ROLE
                  + "pod\\.(featureSteps|excludedFeatureSteps)",
              "the operator would read, upload or run files or classes of its own; put what the"
                  + " job needs in the image"));

  /** Keys whose comma-separated entries must be remote or in the image, never operator-local. */
  public static final List<String> FILE_LISTS =
      List.of("spark.files", "spark.jars", "spark.archives", "spark.submit.pyFiles");

  /** Spark's variable substitution ({@code ${env:X}}, {@code ${system:X}}, {@code ${key}}). */
  public static final String SUBSTITUTION = "${";

  private static final Pattern CLAIM_NAME =
      Pattern.compile(ROLE + "volumes\\.persistentVolumeClaim\\.[^.]+\\.options\\.claimName");

  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*");

  private SparkConfPolicy() {}

  /**
   * One line per refused entry of the spec's {@code sparkConf}, in key order, and one for a local
   * {@code mainApplicationFile}; empty when the builder may be given the spec.
   */
  public static List<String> problems(ScalingBenchmarkSpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec.sparkConf != null) {
      // in key order, as a real API server returns a map, so messages do not depend on the server
      new TreeMap<>(spec.sparkConf)
          .forEach((key, value) -> problem(key, value).ifPresent(problems::add));
    }
    if (spec.sparkConf != null) {
      for (String bound : List.of("request", "limit")) {
        coresProblem(spec, "driver", bound, spec.driver == null ? null : spec.driver.cores)
            .ifPresent(problems::add);
        coresProblem(spec, "executor", bound, spec.executor == null ? null : spec.executor.cores)
            .ifPresent(problems::add);
      }
    }
    if (spec.mainApplicationFile != null && !remote(spec.mainApplicationFile)) {
      problems.add(
          "spec.mainApplicationFile is '"
              + Messages.excerpt(spec.mainApplicationFile)
              + "', a file of the operator's machine: use a local:// path in the image, e.g. "
              + ScalingBenchmarkSpec.DEFAULT_APPLICATION_FILE
              + ", or a remote URI");
    }
    return problems;
  }

  /** Why {@code key} may not be set to {@code value} and what to do instead, if it may not. */
  public static Optional<String> problem(String key, String value) {
    if (key == null || key.length() > MAX_KEY_LENGTH) {
      return Optional.of(
          "spec.sparkConf key '"
              + Messages.excerpt(key)
              + "' is longer than "
              + MAX_KEY_LENGTH
              + " characters");
    }
    if (!key.startsWith("spark.")) {
      return Optional.of(
          "spec.sparkConf key '" + Messages.excerpt(key) + "' is not a Spark setting (spark.*)");
    }
    String canonical = SparkKeys.canonical(key);
    String named = canonical.equals(key) ? key : key + " (which Spark reads as " + canonical + ")";
    for (String candidate : List.of(key, canonical)) {
      if (DriverResources.RESERVED_CONF.contains(candidate)) {
        return Optional.of("spec.sparkConf must not set " + named + ": " + reservedHint(candidate));
      }
    }
    if (!allowed(key) || !allowed(canonical)) {
      return Optional.of("spec.sparkConf must not set " + named + ": " + advice(key, canonical));
    }
    if (value == null) {
      return Optional.of("spec.sparkConf " + key + " has no value");
    }
    if (value.contains(SUBSTITUTION)) {
      return Optional.of(
          "spec.sparkConf "
              + key
              + " uses Spark's ${...} substitution, which would read the operator's environment"
              + " and system properties: write the value out");
    }
    if (value.length() > MAX_VALUE_LENGTH) {
      return Optional.of(
          "spec.sparkConf " + key + " has a value longer than " + MAX_VALUE_LENGTH + " characters");
    }
    if (CLAIM_NAME.matcher(canonical).matches()
        && (value.equalsIgnoreCase("OnDemand") || value.contains("SPARK_EXECUTOR_ID"))) {
      return Optional.of(
          "spec.sparkConf "
              + key
              + " asks Spark to create claims, which the drivers' account may not: name an"
              + " existing claim of the namespace, or use spec.storage");
    }
    if (FILE_LISTS.contains(canonical)) {
      List<String> local =
          splitList(value).stream().filter(Predicate.not(SparkConfPolicy::remote)).toList();
      if (!local.isEmpty()) {
        return Optional.of(
            "spec.sparkConf "
                + key
                + " names local files "
                + Messages.excerpt(local.toString())
                + ": the operator would upload them from its own file system; use local:// paths"
                + " in the image or remote URIs (s3a://, https://)");
      }
    }
    return Optional.empty();
  }

  private static final Pattern CPU = Pattern.compile("^([0-9]+)m$|^([0-9]+(\\.[0-9]+)?)$");

  /**
   * A role's CPU request or limit may be lower than its cores (a scheduler then fits more on a
   * node, or the pod is throttled), never higher: the pods' size comes from the spec.
   */
  private static Optional<String> coresProblem(
      ScalingBenchmarkSpec spec, String role, String bound, Integer cores) {
    String key = "spark.kubernetes." + role + "." + bound + ".cores";
    String value = spec.sparkConf.get(key);
    if (value == null || cores == null) {
      return Optional.empty();
    }
    var m = CPU.matcher(value.trim());
    if (!m.matches()) {
      return Optional.of(
          "spec.sparkConf "
              + key
              + " is '"
              + Messages.excerpt(value)
              + "': use a CPU quantity such as 500m");
    }
    double requested =
        m.group(1) != null ? Long.parseLong(m.group(1)) / 1000.0 : Double.parseDouble(m.group(2));
    if (requested > cores) {
      return Optional.of(
          "spec.sparkConf "
              + key
              + " asks for more CPU than spec."
              + role
              + ".cores ("
              + cores
              + "): raise spec."
              + role
              + ".cores instead");
    }
    return Optional.empty();
  }

  private static boolean allowed(String key) {
    return ALLOWED.stream().anyMatch(family -> family.matches(key));
  }

  private static String advice(String key, String canonical) {
    for (Hint hint : HINTS) {
      if (hint.pattern().matcher(key).matches() || hint.pattern().matcher(canonical).matches()) {
        return hint.advice();
      }
    }
    return "it is not among the settings a benchmark may change (SQL, shuffle, memory fractions,"
        + " serialization, compression, scheduling, timeouts, JVM options and environment, event"
        + " log, s3a, and Kubernetes secrets, volumes and image pulls; see the description of"
        + " spec.sparkConf)";
  }

  /** Whether {@code uri} names a remote file or one in the image, not one of the operator's. */
  private static boolean remote(String uri) {
    return SCHEME.matcher(uri).matches() && !uri.regionMatches(true, 0, "file:", 0, 5);
  }

  private static List<String> splitList(String value) {
    return List.of(value.split(",")).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  private static String reservedHint(String key) {
    return switch (key) {
      case "spark.driver.cores" -> "use spec.driver.cores";
      case "spark.driver.memory" -> "use spec.driver.memory";
      case "spark.executor.instances" -> "use spec.executor.instances, or spec.executors to sweep";
      case "spark.executor.cores" -> "use spec.executor.cores";
      case "spark.executor.memory" -> "use spec.executor.memory";
      case "spark.kubernetes.container.image" -> "use spec.image";
      case "spark.kubernetes.authenticate.driver.serviceAccountName" -> "use spec.serviceAccount";
      case "spark.eventLog.enabled" -> "use spec.eventLog.enabled";
      case "spark.eventLog.dir" -> "use spec.eventLog.dir";
      default -> "the operator sets it";
    };
  }
}
