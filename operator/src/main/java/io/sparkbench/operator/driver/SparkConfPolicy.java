package io.sparkbench.operator.driver;

import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What a benchmark may set through {@code spec.sparkConf}. Spark's driver builder runs inside the
 * operator's JVM, with the operator's files, class path and client, so the rule is: any {@code
 * spark.*} key, except
 *
 * <ul>
 *   <li>keys the spec sets through its own fields ({@link DriverResources#RESERVED_CONF});
 *   <li>keys that make the builder read a file or URL of the operator's machine, load a class,
 *       mount a host path or NFS, or use other credentials or another API server ({@link
 *       #REFUSED});
 *   <li>local (no scheme, or {@code file:}) entries of {@code spark.files}, {@code spark.jars},
 *       {@code spark.archives} and {@code spark.submit.pyFiles}, which the builder would upload
 *       from the operator's file system.
 * </ul>
 *
 * <p>Secrets of the benchmark's own namespace may be mounted ({@code
 * spark.kubernetes.driver.secrets.*}, {@code ...secretKeyRef.*}): object-store credentials come
 * that way, and any image run there with the Spark account could read them anyway.
 */
public final class SparkConfPolicy {

  /** A refused key family: a pattern, why it is refused and what to use instead. */
  public record Refused(String keys, Pattern pattern, String why, String instead) {
    Refused(String keys, String regex, String why, String instead) {
      this(keys, Pattern.compile(regex), why, instead);
    }

    boolean matches(String key) {
      return pattern.matcher(key).matches();
    }
  }

  private static final String ROLE = "spark\\.kubernetes\\.(driver|executor)\\.";

  /** The refused key families, in the order the CRD's description lists them. */
  public static final List<Refused> REFUSED =
      List.of(
          new Refused(
              "spark.kubernetes.{driver,executor}.podTemplateFile",
              ROLE + "podTemplateFile",
              "the operator would read that file from its own file system",
              "set spec.driver and spec.executor (nodeSelector, tolerations, affinity,"
                  + " priorityClassName, labels, annotations)"),
          new Refused(
              "spark.kubernetes.{driver,executor}.pod.featureSteps",
              ROLE + "pod\\.featureSteps",
              "the operator would load and run those classes",
              "remove it; the operator's pods cannot be extended with code"),
          new Refused(
              "spark.kubernetes.{driver,executor}.volumes.<type>.* other than emptyDir and"
                  + " persistentVolumeClaim",
              ROLE + "volumes\\.(?!(emptyDir|persistentVolumeClaim)\\.).*",
              "host paths, NFS and other volume types reach outside the namespace",
              "use an emptyDir or a persistentVolumeClaim volume, or spec.storage"),
          new Refused(
              "spark.kubernetes.kerberos.* and spark.kerberos.*",
              "spark\\.(kubernetes\\.)?kerberos\\..*",
              "the operator would read a krb5 file or keytab of its own, or mount another"
                  + " configuration",
              "run benchmarks without Kerberos; reach object stores with spec.storage.uri and"
                  + " secretKeyRef credentials"),
          new Refused(
              "spark.kubernetes.authenticate.*",
              "spark\\.kubernetes\\.authenticate\\..*",
              "it sets the credentials the operator or the driver use",
              "set spec.serviceAccount"),
          new Refused(
              "spark.kubernetes.driver.master, spark.kubernetes.context,"
                  + " spark.kubernetes.trust.certificates",
              "spark\\.kubernetes\\.(driver\\.master|context|trust\\.certificates)",
              "it points Spark at another API server or changes how it is trusted",
              "remove it; the driver talks to the cluster it runs in"),
          new Refused(
              "spark.kubernetes.file.upload.path",
              "spark\\.kubernetes\\.file\\.upload\\.path",
              "the operator would upload files of its own file system there",
              "put files in the image (local://) or at a remote URI"));

  /** Keys whose comma-separated entries must be remote or in the image, never operator-local. */
  public static final List<String> FILE_LISTS =
      List.of("spark.files", "spark.jars", "spark.archives", "spark.submit.pyFiles");

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
    if (spec.mainApplicationFile != null && !remote(spec.mainApplicationFile)) {
      problems.add(
          "spec.mainApplicationFile is '"
              + spec.mainApplicationFile
              + "', a file of the operator's machine: use a local:// path in the image, e.g. "
              + ScalingBenchmarkSpec.DEFAULT_APPLICATION_FILE
              + ", or a remote URI");
    }
    return problems;
  }

  /** Why {@code key} may not be set to {@code value} and what to do instead, if it may not. */
  public static Optional<String> problem(String key, String value) {
    if (!key.startsWith("spark.")) {
      return Optional.of("spec.sparkConf key '" + key + "' is not a Spark setting (spark.*)");
    }
    if (DriverResources.RESERVED_CONF.contains(key)) {
      return Optional.of("spec.sparkConf must not set " + key + ": " + reservedHint(key));
    }
    for (Refused refused : REFUSED) {
      if (refused.matches(key)) {
        return Optional.of(
            "spec.sparkConf must not set " + key + ": " + refused.why() + "; " + refused.instead());
      }
    }
    if (value == null) {
      return Optional.of("spec.sparkConf " + key + " has no value");
    }
    if (FILE_LISTS.contains(key)) {
      List<String> local =
          splitList(value).stream().filter(Predicate.not(SparkConfPolicy::remote)).toList();
      if (!local.isEmpty()) {
        return Optional.of(
            "spec.sparkConf "
                + key
                + " names local files "
                + local
                + ": the operator would upload them from its own file system; use local:// paths"
                + " in the image or remote URIs (s3a://, https://)");
      }
    }
    return Optional.empty();
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
      case "spark.executor.instances" -> "use spec.executor.instances";
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
