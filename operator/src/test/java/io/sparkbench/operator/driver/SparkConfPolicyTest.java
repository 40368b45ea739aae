package io.sparkbench.operator.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkbench.api.run.RunId;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.operator.Benchmarks;
import io.sparkbench.operator.reconciler.ValidateSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Settings that would make Spark's driver builder, inside the operator, read the operator's files,
 * load classes, mount host paths or use other credentials are refused before the builder runs: with
 * a canary file in place, none of its content reaches any object.
 */
class SparkConfPolicyTest {

  @TempDir static Path dir;
  private static Path canary;
  private static String secret;
  private static KubernetesClient client;

  @BeforeAll
  static void plantCanary() throws IOException {
    secret = "canary-" + UUID.randomUUID();
    canary = dir.resolve("canary");
    Files.writeString(
        canary,
        "apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    leaked: "
            + secret
            + "\nspec:\n  containers:\n  - name: main\n");
    // a client that could read files for Spark, as the operator's can; it never connects
    client = new KubernetesClientBuilder().build();
  }

  @AfterAll
  static void close() {
    client.close();
  }

  /** Each refused setting, pointed at the canary where it takes a file, and the key it reports. */
  static Stream<Arguments> refused() {
    String file = canary.toString();
    return Stream.of(
        Arguments.of("spark.kubernetes.driver.podTemplateFile", file),
        Arguments.of("spark.kubernetes.executor.podTemplateFile", file),
        Arguments.of("spark.kubernetes.kerberos.krb5.path", file),
        Arguments.of("spark.kubernetes.kerberos.krb5.configMapName", "krb5"),
        Arguments.of("spark.kerberos.keytab", file),
        Arguments.of("spark.kerberos.principal", "admin@EXAMPLE.ORG"),
        Arguments.of("spark.kubernetes.kerberos.tokenSecret.name", "tokens"),
        Arguments.of("spark.files", file),
        Arguments.of("spark.jars", "local:///opt/spark/jars/a.jar,file://" + file),
        Arguments.of("spark.archives", file + "#env"),
        Arguments.of("spark.submit.pyFiles", file),
        Arguments.of("spark.kubernetes.file.upload.path", dir.toString()),
        Arguments.of("spark.kubernetes.driver.pod.featureSteps", "org.example.Step"),
        Arguments.of("spark.kubernetes.executor.pod.featureSteps", "org.example.Step"),
        Arguments.of("spark.kubernetes.driver.volumes.hostPath.root.mount.path", "/host"),
        Arguments.of("spark.kubernetes.executor.volumes.hostPath.root.options.path", "/"),
        Arguments.of("spark.kubernetes.driver.volumes.nfs.share.options.server", "nfs.example"),
        Arguments.of("spark.kubernetes.authenticate.submission.caCertFile", file),
        Arguments.of("spark.kubernetes.authenticate.driver.oauthTokenFile", file),
        Arguments.of("spark.kubernetes.authenticate.oauthToken", "stolen"),
        Arguments.of("spark.kubernetes.driver.master", "https://elsewhere.example"),
        Arguments.of("spark.kubernetes.context", "admin"),
        Arguments.of("spark.kubernetes.trust.certificates", "true"),
        // Spark's alternative names of refused keys: the policy sees the canonical one
        Arguments.of("spark.yarn.keytab", file),
        Arguments.of("spark.yarn.principal", "admin@EXAMPLE.ORG"),
        Arguments.of("spark.yarn.executor.memoryOverhead", "64g"),
        Arguments.of("spark.unsafe.offHeap", "true"),
        // the operator's folders, and Spark's substitution of its environment and properties
        Arguments.of("spark.home", dir.toString()),
        Arguments.of("spark.kubernetes.driverEnv.LEAK", "${env:HADOOP_CONF_DIR}"),
        Arguments.of("spark.sql.warehouse.dir", "${system:user.home}"),
        Arguments.of("spark.hadoop.fs.s3a.aws.credentials.provider", "org.example.Steal"),
        Arguments.of("spark.hadoop.hadoop.security.authentication", "kerberos"),
        // what shapes a run comes from the spec
        Arguments.of("spark.dynamicAllocation.enabled", "true"),
        Arguments.of("spark.dynamicAllocation.maxExecutors", "100000"),
        Arguments.of("spark.executor.memoryOverhead", "64g"),
        Arguments.of("spark.kubernetes.memoryOverheadFactor", "10"),
        Arguments.of("spark.kubernetes.executor.request.cores", "64"),
        Arguments.of("spark.kubernetes.driver.request.cores", "lots"),
        Arguments.of("spark.kubernetes.executor.limit.cores", "64"),
        Arguments.of(
            "spark.kubernetes.executor.volumes.persistentVolumeClaim.data.options.claimName",
            "OnDemand"),
        Arguments.of("spark.kubernetes.executor.container.image", "elsewhere/any:latest"),
        Arguments.of("spark.kubernetes.executor.apiPollingInterval", "1ms"),
        Arguments.of("spark.kubernetes.allocation.batch.delay", "1ms"),
        Arguments.of("spark.kubernetes.driver.pod.excludedFeatureSteps", "org.example.Step"),
        Arguments.of("spark.kubernetes.driver.label.app.kubernetes.io/name", "sparkbench"),
        Arguments.of("spark.kubernetes.executor.annotation.seccomp", "unconfined"),
        Arguments.of("spark.authenticate", "false"),
        Arguments.of("spark.some.future.setting", "x"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void eachRefusedSettingIsRefusedWithWhatToDoAndReadsNothing(String key, String value) {
    ScalingBenchmark benchmark = withConf(Map.of(key, value));

    List<String> problems = ValidateSpec.problems(benchmark, Map.of(), client);
    assertThat(problems).singleElement().asString().startsWith("spec.sparkConf ").contains(key);
    assertThat(problems.get(0)).as("one line").doesNotContain("\n");
    assertThatThrownBy(() -> build(benchmark))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(key)
        .message()
        .doesNotContain(secret);
  }

  @Test
  void aLocalApplicationFileIsRefused() {
    ScalingBenchmark benchmark = withConf(Map.of());
    benchmark.getSpec().mainApplicationFile = "file://" + canary;
    assertThat(ValidateSpec.problems(benchmark, Map.of(), client))
        .singleElement()
        .asString()
        .startsWith(
            "spec.mainApplicationFile is 'file://" + canary + "', a file of the operator's");
    assertThatThrownBy(() -> build(benchmark)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void whatBenchmarksLegitimatelySetIsBuiltAndHoldsNoCanary() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.kubernetes.driver.secretKeyRef.AWS_ACCESS_KEY_ID", "s3:access-key");
    conf.put("spark.kubernetes.executor.volumes.emptyDir.scratch.mount.path", "/scratch");
    conf.put("spark.kubernetes.driver.volumes.persistentVolumeClaim.data.mount.path", "/data");
    conf.put("spark.kubernetes.driver.volumes.persistentVolumeClaim.data.options.claimName", "d");
    conf.put("spark.jars", "local:///opt/spark/jars/extra.jar,https://repo.example/x.jar");
    conf.put("spark.sql.shuffle.partitions", "8");
    conf.put("spark.kubernetes.executor.request.cores", "900m");
    ScalingBenchmark benchmark = withConf(conf);

    assertThat(ValidateSpec.problems(benchmark, Map.of(), client)).isEmpty();
    assertThat(yaml(build(benchmark))).doesNotContain(secret).contains("AWS_ACCESS_KEY_ID");
  }

  /** The check above can fail: the operator's own defaults are trusted, and Spark reads them. */
  @Test
  void theCanaryIsSeenWhenTheBuilderDoesReadIt() {
    DriverResources built =
        DriverResources.fromSpec(
            withConf(Map.of()),
            new RunId(1_000, 2, 1, 1, false),
            1,
            Map.of("spark.kubernetes.driver.podTemplateFile", canary.toString()),
            client);
    assertThat(yaml(built)).contains(secret);
  }

  @Test
  void theCrdDescriptionNamesEveryAllowedFamilyAndReservedKey() {
    for (SparkConfPolicy.Allowed allowed : SparkConfPolicy.ALLOWED) {
      assertThat(ScalingBenchmarkSpec.SPARK_CONF_DESCRIPTION).contains(allowed.keys());
    }
    for (String key : SparkConfPolicy.FILE_LISTS) {
      assertThat(ScalingBenchmarkSpec.SPARK_CONF_DESCRIPTION).contains(key);
    }
    ScalingBenchmarkSpec spec = new ScalingBenchmarkSpec();
    assertThat(spec.sparkConf).isEmpty();
  }

  @Test
  void sparksAlternativeNamesResolveToTheCanonicalKey() {
    assertThat(SparkKeys.canonical("spark.yarn.keytab")).isEqualTo("spark.kerberos.keytab");
    assertThat(SparkKeys.canonical("spark.yarn.principal")).isEqualTo("spark.kerberos.principal");
    assertThat(SparkKeys.canonical("spark.sql.shuffle.partitions"))
        .isEqualTo("spark.sql.shuffle.partitions");
    assertThat(SparkConfPolicy.problem("spark.yarn.keytab", "/k"))
        .get()
        .asString()
        .contains("spark.yarn.keytab (which Spark reads as spark.kerberos.keytab)");
  }

  /**
   * The tests' JVM has HADOOP_CONF_DIR and SPARK_CONF_DIR (the operator pom sets them): Spark's
   * builder would copy both folders into the run's ConfigMaps; the operator's configuration hides
   * the environment from it.
   */
  @Test
  void theOperatorsConfigurationFoldersReachNoObject() throws IOException {
    String hadoop = System.getenv("HADOOP_CONF_DIR");
    String spark = System.getenv("SPARK_CONF_DIR");
    assertThat(hadoop).as("set by the operator pom for this test").isNotNull();
    Files.createDirectories(Path.of(hadoop));
    Files.createDirectories(Path.of(spark));
    Files.writeString(
        Path.of(hadoop, "core-site.xml"), "<configuration>" + secret + "</configuration>");
    Files.writeString(Path.of(spark, "log4j2.properties"), "# " + secret);

    assertThat(yaml(build(withConf(Map.of())))).doesNotContain(secret);
    // the check can fail: Spark's own configuration does read the folder
    assertThat(
            org.apache.spark.deploy.k8s.submit.KubernetesClientUtils.buildSparkConfDirFilesMapJava(
                "probe", new org.apache.spark.SparkConf(false), Map.of()))
        .containsValue("# " + secret);
  }

  @Test
  void thousandsOfRefusedKeysMakeOneBoundedLine() {
    Map<String, String> conf = new LinkedHashMap<>();
    for (int i = 0; i < 3000; i++) {
      conf.put("spark.yarn.refused" + i, "x".repeat(100));
    }
    List<String> problems = ValidateSpec.problems(withConf(conf), Map.of(), client);
    String message = io.sparkbench.operator.status.Messages.list(problems);
    assertThat(message).hasSizeLessThanOrEqualTo(io.sparkbench.operator.status.Messages.MAX_LENGTH);
    assertThat(message).startsWith("spec.sparkConf has 3000 entries: use at most 100");
    assertThat(message).matches(".*… and [0-9,]+ more$").doesNotContain("\n");
  }

  private static DriverResources build(ScalingBenchmark benchmark) {
    return DriverResources.fromSpec(
        benchmark, new RunId(1_000, 2, 1, 1, false), 1, Map.of(), client);
  }

  private static ScalingBenchmark withConf(Map<String, String> conf) {
    ScalingBenchmark benchmark = Benchmarks.benchmark("tenant", "canary", 1_000L);
    benchmark.getSpec().sparkConf = new LinkedHashMap<>(conf);
    return benchmark;
  }

  private static String yaml(DriverResources resources) {
    StringBuilder all = new StringBuilder();
    for (HasMetadata object : resources.inCreationOrder()) {
      all.append(Serialization.asYaml(object));
    }
    return all.toString();
  }
}
