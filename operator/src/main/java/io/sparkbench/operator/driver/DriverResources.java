package io.sparkbench.operator.driver;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.api.run.RunId;
import io.sparkbench.api.settings.RunSettings;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.k8s.Config;
import org.apache.spark.deploy.k8s.Constants;
import org.apache.spark.deploy.k8s.KubernetesDriverConf;
import org.apache.spark.deploy.k8s.KubernetesDriverSpec;
import org.apache.spark.deploy.k8s.submit.JavaMainAppResource;
import org.apache.spark.deploy.k8s.submit.KubernetesClientUtils;
import org.apache.spark.deploy.k8s.submit.KubernetesDriverBuilder;
import org.apache.spark.util.SystemClock;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * The Kubernetes objects of one run — driver pod, its Spark configuration ConfigMap and its Service
 * — built by Spark's own {@link KubernetesDriverBuilder}, as spark-submit in cluster mode builds
 * them, so every {@code spark.kubernetes.*} setting of {@code spec.sparkConf} behaves as it does
 * there. A pure function of the benchmark and the run: no API server is contacted, and no setting
 * {@link SparkConfPolicy} refuses reaches the builder (the client is only Spark's way to read pod
 * template files, which it refuses).
 *
 * @param pod the driver pod
 * @param configMap the driver's Spark configuration ({@code spark.properties})
 * @param preResources what Spark's feature steps want to exist before the pod (none by default)
 * @param others the Service and whatever else Spark's feature steps asked for
 * @param sparkConf the resolved Spark configuration, for tests and diagnostics
 * @param round the benchmark's round the objects were built for (part of the application id)
 */
public record DriverResources(
    Pod pod,
    ConfigMap configMap,
    List<HasMetadata> preResources,
    List<HasMetadata> others,
    Map<String, String> sparkConf,
    int round) {

  public static final String MAIN_CLASS = "io.sparkbench.app.MedallionBenchmark";
  public static final String DRIVER_CONTAINER = Constants.DEFAULT_DRIVER_CONTAINER_NAME();
  public static final String TERMINATION_LOG = "/dev/termination-log";
  public static final String DEFAULT_MASTER = "k8s://https://kubernetes.default.svc";

  /** Where the data volume (emptyDir or claim) is mounted in the driver and the executors. */
  public static final String DATA_MOUNT = "/var/sparkbench";

  static final String DATA_VOLUME = "sparkbench-data";

  /** Keys of {@code spec.sparkConf} that the spec sets through its own fields. */
  public static final List<String> RESERVED_CONF =
      List.of(
          "spark.master",
          "spark.submit.deployMode",
          "spark.app.name",
          "spark.kubernetes.namespace",
          "spark.kubernetes.container.image",
          "spark.kubernetes.driver.pod.name",
          "spark.kubernetes.executor.podNamePrefix",
          "spark.driver.cores",
          "spark.driver.memory",
          "spark.executor.instances",
          "spark.executor.cores",
          "spark.executor.memory",
          "spark.kubernetes.authenticate.driver.serviceAccountName",
          "spark.eventLog.enabled",
          "spark.eventLog.dir",
          "spark.authenticate");

  /** The run's objects in the first round, with no operator-wide Spark defaults. */
  public static DriverResources fromSpec(ScalingBenchmark benchmark, RunId run) {
    return fromSpec(benchmark, run, 1, Map.of(), null);
  }

  /**
   * The run's objects.
   *
   * @param round the benchmark's round: runs of two rounds have the same names but each its own
   *     Spark application id (which names, say, its event log)
   * @param sparkDefaults operator-wide Spark settings, e.g. {@code spark.master}; the spec wins
   * @param client handed to Spark's builder, which uses it only to read pod template files; may be
   *     null when the spec uses none
   * @throws IllegalArgumentException when {@link SparkConfPolicy} or Spark refuses the
   *     configuration; a refused setting never reaches Spark's builder
   */
  public static DriverResources fromSpec(
      ScalingBenchmark benchmark,
      RunId run,
      int round,
      Map<String, String> sparkDefaults,
      KubernetesClient client) {
    String name = benchmark.getMetadata().getName();
    String namespace = benchmark.getMetadata().getNamespace();
    ScalingBenchmarkSpec spec = benchmark.getSpec();
    List<String> refused = SparkConfPolicy.problems(spec);
    if (!refused.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", refused));
    }
    String prefix = DriverNames.prefix(name, run);
    String appId =
        DriverNames.appId(
            namespace, name, benchmark.getMetadata().getUid(), generation(benchmark), round, run);

    SparkConf conf = sparkConf(benchmark, run, sparkDefaults);
    KubernetesDriverConf driverConf =
        new BenchmarkDriverConf(
            conf,
            appId,
            prefix,
            new JavaMainAppResource(Option.apply(spec.mainApplicationFile)),
            MAIN_CLASS,
            AppArguments.of(benchmark, run).toArray(String[]::new));
    KubernetesDriverSpec built;
    try {
      built = new KubernetesDriverBuilder().buildFromFeatures(driverConf, client);
    } catch (Exception | LinkageError e) {
      // Scala code throws checked exceptions undeclared: whatever the builder throws is this
      // benchmark's problem, never the operator's
      throw new IllegalArgumentException("Spark refused the configuration: " + e, e);
    }

    String configMapName = DriverNames.configMap(name, run);
    // Added after the builder ran, which would read a template file of the operator's: the driver
    // reads this one from its ConfigMap when it creates the executors.
    Map<String, String> driverProperties =
        new LinkedHashMap<>(CollectionConverters.asJava(built.systemProperties()));
    driverProperties.put(
        Config.KUBERNETES_EXECUTOR_PODTEMPLATE_FILE().key(),
        Constants.SPARK_CONF_DIR_INTERNAL() + "/" + PodSecurity.EXECUTOR_TEMPLATE);
    Map<String, String> files =
        new HashMap<>(
            KubernetesClientUtils.buildSparkConfDirFilesMapJava(
                configMapName, conf, driverProperties));
    files.put(PodSecurity.EXECUTOR_TEMPLATE, PodSecurity.executorTemplate(spec.executor));
    Map<String, String> withNamespace = new HashMap<>(files);
    withNamespace.put(Config.KUBERNETES_NAMESPACE().key(), namespace);
    ConfigMap configMap =
        KubernetesClientUtils.buildConfigMapJava(configMapName, withNamespace, Map.of());

    Container driver =
        new ContainerBuilder(PodSecurity.restrict(built.pod().container()))
            .withTerminationMessagePath(TERMINATION_LOG)
            .addNewEnv()
            .withName(Constants.ENV_SPARK_CONF_DIR())
            .withValue(Constants.SPARK_CONF_DIR_INTERNAL())
            .endEnv()
            .addNewVolumeMount()
            .withName(Constants.SPARK_CONF_VOLUME_DRIVER())
            .withMountPath(Constants.SPARK_CONF_DIR_INTERNAL())
            .endVolumeMount()
            .build();
    Pod pod =
        new PodBuilder(PodPlacement.apply(PodSecurity.restrict(built.pod().pod()), spec.driver))
            .editMetadata()
            .withNamespace(namespace)
            .endMetadata()
            .editOrNewSpec()
            .addToContainers(driver)
            .addNewVolume()
            .withName(Constants.SPARK_CONF_VOLUME_DRIVER())
            .withNewConfigMap()
            .withName(configMapName)
            .withItems(KubernetesClientUtils.buildKeyToPathObjectsJava(files))
            .endConfigMap()
            .endVolume()
            .endSpec()
            .build();

    List<HasMetadata> pre =
        new ArrayList<>(CollectionConverters.asJava(built.driverPreKubernetesResources()));
    List<HasMetadata> others =
        new ArrayList<>(CollectionConverters.asJava(built.driverKubernetesResources()));

    OwnerReference owner = ownerReference(benchmark);
    Map<String, String> labels = Labels.of(name, run);
    List<HasMetadata> all = new ArrayList<>(pre);
    all.addAll(others);
    all.add(pod);
    all.add(configMap);
    for (HasMetadata object : all) {
      object.getMetadata().setNamespace(namespace);
      object.getMetadata().setOwnerReferences(new ArrayList<>(List.of(owner)));
      Map<String, String> merged = new LinkedHashMap<>();
      if (object.getMetadata().getLabels() != null) {
        merged.putAll(object.getMetadata().getLabels());
      }
      merged.putAll(labels);
      object.getMetadata().setLabels(merged);
    }
    Map<String, String> resolved = new LinkedHashMap<>();
    for (scala.Tuple2<String, String> entry : conf.getAll()) {
      resolved.put(entry._1(), entry._2());
    }
    resolved.putAll(driverProperties);
    return new DriverResources(
        pod, configMap, List.copyOf(pre), List.copyOf(others), Map.copyOf(resolved), round);
  }

  /** The Service Spark's builder made for the driver. */
  public Service service() {
    return others.stream()
        .filter(Service.class::isInstance)
        .map(Service.class::cast)
        .findFirst()
        .orElseThrow();
  }

  /**
   * Everything to create: the ConfigMap the pod mounts and the pre-resources, the pod, then the
   * Service and whatever else Spark's steps asked for. spark-submit, too, creates the driver's
   * Service after its pod: nothing needs it before the driver asks for executors.
   */
  public List<HasMetadata> inCreationOrder() {
    List<HasMetadata> all = new ArrayList<>();
    all.add(configMap);
    all.addAll(preResources);
    all.add(pod);
    all.addAll(others);
    return all;
  }

  static OwnerReference ownerReference(ScalingBenchmark benchmark) {
    return new OwnerReferenceBuilder()
        .withApiVersion(benchmark.getApiVersion())
        .withKind(benchmark.getKind())
        .withName(benchmark.getMetadata().getName())
        .withUid(benchmark.getMetadata().getUid())
        .withController(true)
        .build();
  }

  private static long generation(ScalingBenchmark benchmark) {
    Long generation = benchmark.getMetadata().getGeneration();
    return generation == null ? 0 : generation;
  }

  private static SparkConf sparkConf(
      ScalingBenchmark benchmark, RunId run, Map<String, String> sparkDefaults) {
    ScalingBenchmarkSpec spec = benchmark.getSpec();
    String name = benchmark.getMetadata().getName();
    SparkConf conf = new IsolatedSparkConf();
    conf.set("spark.master", DEFAULT_MASTER);
    sparkDefaults.forEach(conf::set);
    if (spec.sparkConf != null) {
      spec.sparkConf.forEach(conf::set);
    }
    // The project's run settings for the driver's and executors' JVMs, unless the spec sets its
    // own: the driver compiles with C1 only, the executors with one JIT for every record count of
    // the benchmark, so its model is one cost curve.
    conf.setIfMissing(
        "spark.driver.defaultJavaOptions", String.join(" ", RunSettings.driverJvmOptions()));
    conf.setIfMissing(
        "spark.executor.defaultJavaOptions",
        String.join(
            " ",
            RunSettings.executorJvmOptions(
                spec.records.stream().mapToLong(r -> r).max().orElse(0))));
    RunSettings.ENVIRONMENT.forEach(
        (key, value) -> {
          conf.setIfMissing("spark.kubernetes.driverEnv." + key, value);
          conf.setIfMissing("spark.executorEnv." + key, value);
        });
    // Spark picks a random local dir otherwise; a fixed one keeps the pod a function of the spec.
    conf.setIfMissing("spark.local.dir", "/var/data/spark-local");
    // Spark generates a secret per application in the driver and hands it to the executors it
    // creates, so only a run's own pods can join its RPC
    conf.set("spark.authenticate", "true");
    conf.set("spark.submit.deployMode", "cluster");
    conf.set("spark.app.name", name);
    conf.set(Config.KUBERNETES_NAMESPACE().key(), benchmark.getMetadata().getNamespace());
    conf.set(Config.CONTAINER_IMAGE().key(), spec.image);
    conf.set(Config.KUBERNETES_DRIVER_POD_NAME().key(), DriverNames.driverPod(name, run));
    // Executors are named after their run, as the driver is: <prefix>-exec-<n>.
    conf.set("spark.kubernetes.executor.podNamePrefix", DriverNames.prefix(name, run));
    conf.set("spark.kubernetes.authenticate.driver.serviceAccountName", spec.serviceAccount);
    conf.set("spark.driver.cores", Integer.toString(spec.driver.cores));
    conf.set("spark.driver.memory", spec.driver.memory);
    conf.set("spark.executor.instances", Integer.toString(run.executors()));
    conf.set("spark.executor.cores", Integer.toString(spec.executor.cores));
    conf.set("spark.executor.memory", spec.executor.memory);
    Labels.of(name, run)
        .forEach(
            (key, value) -> {
              conf.set(Config.KUBERNETES_DRIVER_LABEL_PREFIX() + key, value);
              conf.set(Config.KUBERNETES_EXECUTOR_LABEL_PREFIX() + key, value);
            });
    ScalingBenchmarkSpec.Storage storage = spec.storage;
    if (storage == null || storage.uri == null) {
      mountDataVolume(conf, storage);
    }
    return conf;
  }

  /** Mounts the data volume in the driver and the executors through Spark's volume settings. */
  private static void mountDataVolume(SparkConf conf, ScalingBenchmarkSpec.Storage storage) {
    boolean claim = storage != null && storage.persistentVolumeClaim != null;
    String type = claim ? "persistentVolumeClaim" : "emptyDir";
    for (String role : List.of("driver", "executor")) {
      String volume = "spark.kubernetes." + role + ".volumes." + type + "." + DATA_VOLUME;
      conf.set(volume + ".mount.path", DATA_MOUNT);
      if (claim) {
        conf.set(volume + ".options.claimName", storage.persistentVolumeClaim.claimName);
      } else if (storage != null
          && storage.emptyDir != null
          && storage.emptyDir.sizeLimit != null) {
        conf.set(volume + ".options.sizeLimit", storage.emptyDir.sizeLimit);
      }
    }
  }

  /**
   * A Spark configuration that sees none of the operator's environment: Spark's builder would
   * otherwise copy the folders {@code HADOOP_CONF_DIR} and {@code SPARK_CONF_DIR} name into the
   * tenant's ConfigMaps and fill {@code ${env:...}} references from the operator's variables. A
   * clone stays isolated.
   */
  static final class IsolatedSparkConf extends SparkConf {
    IsolatedSparkConf() {
      super(false);
    }

    @Override
    public String getenv(String name) {
      return null;
    }

    @Override
    public SparkConf clone() {
      SparkConf copy = new IsolatedSparkConf();
      for (scala.Tuple2<String, String> entry : getAll()) {
        copy.set(entry._1(), entry._2());
      }
      return copy;
    }
  }

  /** Spark's driver configuration with the operator's deterministic name prefix. */
  private static final class BenchmarkDriverConf extends KubernetesDriverConf {
    private final String prefix;

    BenchmarkDriverConf(
        SparkConf conf,
        String appId,
        String prefix,
        JavaMainAppResource resource,
        String mainClass,
        String[] args) {
      super(conf, appId, resource, mainClass, args, Option.empty(), new SystemClock());
      this.prefix = prefix;
    }

    @Override
    public String resourceNamePrefix() {
      return prefix;
    }
  }
}
