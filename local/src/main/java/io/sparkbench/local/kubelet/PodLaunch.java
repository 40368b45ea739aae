package io.sparkbench.local.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.sparkbench.api.settings.ClassDataArchive;
import io.sparkbench.api.settings.RunSettings;
import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The local JVM command line of a pod's container, following the Spark image's entrypoint: {@code
 * driver} runs {@code SparkSubmit} in client mode, {@code executor} runs {@code
 * KubernetesExecutorBackend} with the {@code SPARK_JAVA_OPT_n} options and the executor memory as
 * heap. Container paths are mapped by {@link PodFiles}; the API server is the local one; Spark's
 * fixed driver ports become random ones so that several drivers fit on one host.
 *
 * @param command the full command, starting with the java binary
 * @param environment the container's resolved environment with paths mapped
 * @param workingDirectory the host folder standing for the container's working directory
 * @param archive the class-data-sharing archive of this kind of JVM (driver or executor), or null
 * @param archiveTraining where this JVM writes that archive at exit (none exists yet), or null
 */
record PodLaunch(
    List<String> command,
    Map<String, String> environment,
    Path workingDirectory,
    ClassDataArchive archive,
    Path archiveTraining) {

  static final String SUBMIT_CLASS = "org.apache.spark.deploy.SparkSubmit";
  static final String EXECUTOR_CLASS =
      "org.apache.spark.scheduler.cluster.k8s.KubernetesExecutorBackend";
  static final String NO_RESOURCE = "spark-internal";
  static final String SPARK_HOME = "/opt/spark";

  /** Where Kubernetes mounts a pod's service-account token, CA and namespace. */
  static final String SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

  private static final List<String> FLAGS = List.of("--verbose", "--supervise", "-v");

  /**
   * What every launched JVM shares.
   *
   * @param java the java executable
   * @param classpath the class path of the pods' JVMs (the image's jars, in a real cluster)
   * @param jvmOptions options every JVM gets (Spark's module options)
   * @param masterUrl the API server, {@code http://127.0.0.1:<port>}
   * @param hostsFile the hosts file that resolves Service names
   * @param archiveDir where the class-data-sharing archives of drivers and executors are kept, or
   *     null for none
   */
  record Host(
      String java,
      String classpath,
      List<String> jvmOptions,
      String masterUrl,
      Path hostsFile,
      Path archiveDir) {}

  /** Thrown when a pod's container is not one the process kubelet can run. */
  static final class UnsupportedPodException extends RuntimeException {
    UnsupportedPodException(String message) {
      super(message);
    }
  }

  static PodLaunch of(Pod pod, PodFiles files, Map<String, String> env, Host host) {
    Container container = pod.getSpec().getContainers().get(0);
    List<String> args = new ArrayList<>();
    if (container.getCommand() != null) {
      args.addAll(container.getCommand());
    }
    if (container.getArgs() != null) {
      args.addAll(container.getArgs());
    }
    args.replaceAll(a -> PodEnvironment.expand(a, env));
    // The image's entrypoint is the command; the verb is its first argument.
    while (!args.isEmpty() && !isVerb(args.get(0)) && args.get(0).endsWith("entrypoint.sh")) {
      args.remove(0);
    }
    if (args.isEmpty() || !isVerb(args.get(0))) {
      throw new UnsupportedPodException(
          "the local cluster runs only the Spark image's driver and executor commands, got "
              + args);
    }
    Map<String, String> environment = new LinkedHashMap<>();
    for (Map.Entry<String, String> variable : env.entrySet()) {
      LocalPodPolicy.environmentProblem(variable.getKey())
          .ifPresent(
              problem -> {
                throw new UnsupportedPodException(problem);
              });
      environment.put(variable.getKey(), files.mapValue(variable.getValue()));
    }
    Path workingDir =
        Path.of(
            files.map(
                container.getWorkingDir() == null
                    ? PodFiles.DEFAULT_WORKING_DIR
                    : container.getWorkingDir()));
    List<String> jvm = new ArrayList<>();
    jvm.add(host.java());
    jvm.addAll(host.jvmOptions());
    jvm.add("-Djdk.net.hosts.file=" + host.hostsFile());
    jvm.add("-Djava.io.tmpdir=" + files.map("/tmp"));
    // Pods reach the API server through the master URL only, never the user's kubeconfig.
    jvm.add("-Dkubernetes.auth.tryKubeConfig=false");
    jvm.add("-Dkubernetes.auth.tryServiceAccount=false");
    String verb = args.get(0);
    List<String> rest = args.subList(1, args.size());
    List<String> command =
        verb.equals("driver")
            ? driver(rest, files, environment, host, jvm)
            : executor(environment, files, host, jvm);
    if (host.archiveDir() == null
        || command.stream().anyMatch(RunSettings::isSharingOption)
        || hasNonEmptyDirectory(command)) {
      return new PodLaunch(List.copyOf(command), environment, workingDir, null, null);
    }
    // Each kind of JVM loads its own classes: one archive per kind, which the build makes (see
    // archiveDir); else the first JVM of the kind writes it and the rest map it.
    ClassDataArchive archive = archive(host.classpath(), host.archiveDir(), verb);
    Path training = archive.existing() == null ? archive.newTrainingFile() : null;
    command.addAll(jvm.size(), archive.jvmOptions(training));
    return new PodLaunch(List.copyOf(command), environment, workingDir, archive, training);
  }

  /**
   * The kinds of JVM ({@code driver}, {@code executor}) whose next pod on {@code classPath} would
   * write its class-data-sharing archive rather than map one from {@code archiveDir}; empty when
   * both have one, or when such JVMs cannot have one (no archive folder, or a folder of files on
   * the class path).
   */
  static List<String> archivesToWrite(String classPath, Path archiveDir) {
    if (archiveDir == null || hasNonEmptyDirectory(List.of("-cp", classPath))) {
      return List.of();
    }
    return Stream.of("driver", "executor")
        .filter(kind -> archive(classPath, archiveDir, kind).existing() == null)
        .toList();
  }

  /**
   * Where the pods' class-data-sharing archives are kept: in {@code cds/} beside the jar the class
   * path starts with ({@code local/target/cds/} for {@code java -jar local/target/sparkbench.jar}),
   * where {@code mvn package} trains them and every work dir finds them; in the work dir's {@code
   * pods/.cds/} when that folder cannot be written (say, an installed jar). Archives are keyed by
   * the class path and the JVM, so one folder holds those of several builds or JVMs.
   */
  static Path archiveDir(String classPath, Path podsRoot) {
    String first = classPath.split(File.pathSeparator, 2)[0];
    Path jar = first.isEmpty() ? null : Path.of(first).toAbsolutePath().normalize();
    if (jar != null && jar.toString().endsWith(".jar") && Files.isRegularFile(jar)) {
      Path beside = jar.resolveSibling("cds");
      if (Files.isDirectory(beside)
          ? Files.isWritable(beside)
          : Files.isWritable(jar.getParent())) {
        return beside;
      }
    }
    // Namespaces cannot start with a dot: this folder never holds a namespace's pods.
    return podsRoot.resolve(".cds");
  }

  /** The archive of {@code kind}'s JVMs ({@code driver}, {@code executor}) on the host's jars. */
  private static ClassDataArchive archive(String classPath, Path archiveDir, String kind) {
    return ClassDataArchive.of(
        archiveDir,
        kind,
        Arrays.stream(classPath.split(File.pathSeparator)).map(Path::of).toList());
  }

  /**
   * Whether the JVM's class path holds a folder with files in it: the JVM cannot write an archive
   * then (it exits with "Cannot have non-empty directory in paths"). A driver's configuration
   * volume is such a folder, so drivers go without; executors, on jars only, get one.
   */
  private static boolean hasNonEmptyDirectory(List<String> command) {
    int cp = command.indexOf("-cp");
    if (cp < 0 || cp + 1 >= command.size()) {
      return false;
    }
    for (String entry : command.get(cp + 1).split(File.pathSeparator)) {
      Path path = Path.of(entry);
      if (Files.isDirectory(path)) {
        try (var files = Files.list(path)) {
          if (files.findAny().isPresent()) {
            return true;
          }
        } catch (IOException e) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isVerb(String arg) {
    return arg.equals("driver") || arg.equals("executor");
  }

  private static List<String> driver(
      List<String> args, PodFiles files, Map<String, String> env, Host host, List<String> jvm) {
    List<String> submit = new ArrayList<>();
    Properties properties = new Properties();
    String mainClass = null;
    boolean resourceSeen = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!resourceSeen && arg.equals("--properties-file") && i + 1 < args.size()) {
        String file = files.map(args.get(++i));
        properties = read(Path.of(file));
        submit.add(arg);
        submit.add(file);
      } else if (!resourceSeen && arg.equals("--class") && i + 1 < args.size()) {
        mainClass = args.get(++i);
        submit.add(arg);
        submit.add(mainClass);
      } else if (!resourceSeen && FLAGS.contains(arg)) {
        submit.add(arg);
      } else if (!resourceSeen && arg.startsWith("--") && i + 1 < args.size()) {
        submit.add(arg);
        submit.add(files.mapValue(args.get(++i)));
      } else if (!resourceSeen) {
        resourceSeen = true;
        submit.add(localJar(arg, files));
      } else {
        submit.add(files.mapValue(arg));
      }
    }
    if (mainClass == null) {
      throw new UnsupportedPodException("the driver command has no --class: " + args);
    }
    List<String> command = new ArrayList<>(jvm);
    command.add("-Xmx" + properties.getProperty("spark.driver.memory", "1g"));
    for (String key : List.of("spark.driver.defaultJavaOptions", "spark.driver.extraJavaOptions")) {
      String options = properties.getProperty(key);
      if (options != null && !options.isBlank()) {
        command.addAll(allowed(List.of(options.trim().split("\\s+"))));
      }
    }
    command.add("-cp");
    command.add(classpath(env, files, host));
    command.add(SUBMIT_CLASS);
    command.addAll(
        List.of(
            "--conf",
            "spark.driver.bindAddress="
                + env.getOrDefault("SPARK_DRIVER_BIND_ADDRESS", "127.0.0.1"),
            "--deploy-mode",
            "client"));
    conf(command, "spark.master", "k8s://" + host.masterUrl());
    conf(command, "spark.kubernetes.driver.master", host.masterUrl());
    // On a real API server the driver is its service account, as in a cluster. A driver the
    // operator built has spark.kubernetes.submitInDriver set, so Spark reads the mounted-credential
    // settings; they point at the token and CA the kubelet wrote into the projected volume.
    if (files.mounts().containsKey(SERVICE_ACCOUNT_DIR)) {
      String mounted = "spark.kubernetes.authenticate.driver.mounted.";
      conf(command, mounted + "oauthTokenFile", files.map(SERVICE_ACCOUNT_DIR + "/token"));
      conf(command, mounted + "caCertFile", files.map(SERVICE_ACCOUNT_DIR + "/ca.crt"));
    }
    // Two drivers on one host would collide on Spark's fixed ports; executors learn the real
    // driver port because the driver records the bound port before it asks for executors.
    conf(command, "spark.driver.port", "0");
    conf(command, "spark.blockManager.port", "0");
    conf(command, "spark.driver.blockManager.port", "0");
    conf(command, "spark.jars", localJars(properties.getProperty("spark.jars", ""), files));
    for (String path : List.of("spark.local.dir", "spark.kubernetes.executor.podTemplateFile")) {
      if (properties.containsKey(path)) {
        conf(command, path, files.mapValue(properties.getProperty(path)));
      }
    }
    command.addAll(submit);
    return command;
  }

  private static List<String> executor(
      Map<String, String> env, PodFiles files, Host host, List<String> jvm) {
    List<String> command = new ArrayList<>(jvm);
    env.entrySet().stream()
        .filter(e -> e.getKey().startsWith("SPARK_JAVA_OPT_"))
        .sorted(Comparator.comparingInt(e -> index(e.getKey())))
        .forEach(e -> command.addAll(allowed(List.of(e.getValue()))));
    String memory = env.get("SPARK_EXECUTOR_MEMORY");
    if (memory != null) {
      command.add("-Xms" + memory);
      command.add("-Xmx" + memory);
    }
    command.add("-cp");
    command.add(classpath(env, files, host));
    command.add(EXECUTOR_CLASS);
    String[][] options = {
      {"--driver-url", "SPARK_DRIVER_URL"},
      {"--executor-id", "SPARK_EXECUTOR_ID"},
      {"--cores", "SPARK_EXECUTOR_CORES"},
      {"--app-id", "SPARK_APPLICATION_ID"},
      {"--hostname", "SPARK_EXECUTOR_POD_IP"},
      {"--resourceProfileId", "SPARK_RESOURCE_PROFILE_ID"},
      {"--podName", "SPARK_EXECUTOR_POD_NAME"}
    };
    for (String[] option : options) {
      String value = env.get(option[1]);
      if (value == null) {
        throw new UnsupportedPodException("executor pod has no " + option[1]);
      }
      command.add(option[0]);
      command.add(value);
    }
    return command;
  }

  /**
   * The configuration directory first (log4j2 and friends; the image's is {@code
   * $SPARK_HOME/conf}), then the image's class path. A directory holding only what Spark reads by
   * path (its properties file, pod templates) is left off: nothing on it is a class-path resource,
   * and a folder of files on the class path rules out a class-data-sharing archive.
   */
  private static String classpath(Map<String, String> env, PodFiles files, Host host) {
    String conf = env.getOrDefault("SPARK_CONF_DIR", files.map(SPARK_HOME + "/conf"));
    if (onlyReadByPath(Path.of(conf))) {
      return host.classpath();
    }
    return conf + java.io.File.pathSeparator + host.classpath();
  }

  /** Whether the folder is absent or holds only Spark's properties file and pod templates. */
  static boolean onlyReadByPath(Path dir) {
    if (!Files.isDirectory(dir)) {
      return true;
    }
    try (var entries = Files.list(dir)) {
      return entries
          .map(p -> p.getFileName().toString())
          .allMatch(n -> n.equals("spark.properties") || n.endsWith("pod-template.yaml"));
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The primary resource: a jar that exists on the host is used; a jar in the image (say {@code
   * local:///opt/spark/jars/app.jar}) is already on the class path, so none is passed.
   */
  private static String localJar(String resource, PodFiles files) {
    String local = files.localFile(resource);
    if (local == null) {
      return resource;
    }
    return Files.isRegularFile(Path.of(local)) ? local : NO_RESOURCE;
  }

  /** {@code spark.jars} without the image's jars, which are on the class path already. */
  private static String localJars(String jars, PodFiles files) {
    List<String> kept = new ArrayList<>();
    for (String jar : jars.split(",")) {
      String trimmed = jar.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      String local = files.localFile(trimmed);
      if (local == null) {
        kept.add(trimmed);
      } else if (Files.isRegularFile(Path.of(local))) {
        kept.add(local);
      }
    }
    return String.join(",", kept);
  }

  /** The options, if local mode runs every one of them ({@link LocalPodPolicy}). */
  private static List<String> allowed(List<String> options) {
    for (String option : options) {
      LocalPodPolicy.optionProblem(option)
          .ifPresent(
              problem -> {
                throw new UnsupportedPodException(problem);
              });
    }
    return options;
  }

  private static void conf(List<String> command, String key, String value) {
    command.add("--conf");
    command.add(key + "=" + value);
  }

  private static int index(String name) {
    try {
      return Integer.parseInt(name.substring("SPARK_JAVA_OPT_".length()));
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  private static Properties read(Path file) {
    Properties properties = new Properties();
    if (Files.isRegularFile(file)) {
      try (Reader reader = Files.newBufferedReader(file)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
    return properties;
  }
}
