package io.sparkbench.app.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.api.result.BenchmarkResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SettingsFingerprintTest {

  /** The settings of one run's driver, as Spark's configuration holds them on Kubernetes. */
  private static Map<String, String> run(String app, String pod, int executors) {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.sql.adaptive.enabled", "true");
    conf.put("spark.executor.memory", "1g");
    conf.put("spark.app.id", "spark-" + app);
    conf.put("spark.app.name", "nightly");
    conf.put("spark.app.startTime", "17" + app);
    conf.put("spark.app.submitTime", "17" + app);
    conf.put("spark.driver.host", pod + "-svc.team-a.svc");
    conf.put("spark.driver.port", "7078");
    conf.put("spark.driver.blockManager.port", "7079");
    conf.put("spark.driver.bindAddress", "10.0.0." + executors);
    conf.put("spark.executorEnv.SPARK_DRIVER_POD_IP", "10.0.0." + executors);
    conf.put("spark.kubernetes.driver.pod.name", pod);
    conf.put("spark.kubernetes.executor.podNamePrefix", pod);
    conf.put("spark.kubernetes.driver.label.sparkbench.io/run", pod);
    conf.put("spark.kubernetes.executor.annotation.note", pod);
    conf.put("spark.executor.id", "driver");
    conf.put("spark.executor.instances", Integer.toString(executors));
    conf.put("spark.kubernetes.namespace", "team-a");
    conf.put("spark.master", "k8s://https://kubernetes.default.svc");
    conf.put("spark.submit.deployMode", "cluster");
    conf.put("spark.eventLog.dir", "s3a://bucket/" + pod);
    conf.put("spark.sql.warehouse.dir", "file:/pods/" + pod + "/spark-warehouse");
    conf.put("spark.local.dir", "/pods/" + pod + "/volumes/spark-local-dir-1");
    conf.put("spark.kubernetes.executor.podTemplateFile", "/pods/" + pod + "/template.yaml");
    conf.put("spark.kubernetes.container.image", "spark-app@sha256:" + app);
    conf.put("spark.hadoop.fs.s3a.secret.key", "secret-of-" + app);
    conf.put("spark.kubernetes.driverEnv.AWS_TOKEN", "token-" + app);
    return conf;
  }

  @Test
  void twoRunsOfOneBenchmarkHashAlikeWhateverNamesTheRun() {
    BenchmarkResult.Fingerprint first =
        SettingsFingerprint.of(run("0a1b", "nightly-1000-r1-a1-driver", 1), "17.0.13+11");
    BenchmarkResult.Fingerprint second =
        SettingsFingerprint.of(run("9f8e", "nightly-4000-e2-r2-a1-driver", 2), "17.0.13+11");

    assertThat(second.settingsHash()).isEqualTo(first.settingsHash()).hasSize(16).isHexadecimal();
    // adaptive execution, the executor heap and the two redacted secrets
    assertThat(first.settings()).isEqualTo(4);
    assertThat(first.javaVersion()).isEqualTo("17.0.13+11");
  }

  @Test
  void theHashIsTheSha256OfTheSortedRedactedLines() throws Exception {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("spark.sql.shuffle.partitions", "8");
    conf.put("spark.hadoop.fs.s3a.access.key", "AKIA0123");
    conf.put("spark.app.id", "spark-1");
    String lines =
        "spark.hadoop.fs.s3a.access.key=*********(redacted)\n" + "spark.sql.shuffle.partitions=8\n";
    String expected =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256").digest(lines.getBytes(StandardCharsets.UTF_8)))
            .substring(0, 16);

    assertThat(SettingsFingerprint.of(conf, "17").settingsHash()).isEqualTo(expected);
  }

  @Test
  void aChangedSettingChangesTheHashAndASecretNeverShowsThrough() {
    Map<String, String> base = run("0a1b", "p", 1);
    Map<String, String> changed = run("0a1b", "p", 1);
    changed.put("spark.sql.adaptive.enabled", "false");
    Map<String, String> otherSecret = run("0a1b", "p", 1);
    otherSecret.put("spark.hadoop.fs.s3a.secret.key", "another");
    otherSecret.put("spark.hadoop.custom", "password=hunter2");
    Map<String, String> base2 = run("0a1b", "p", 1);
    base2.put("spark.hadoop.custom", "password=letmein");

    String hash = SettingsFingerprint.of(base, "17").settingsHash();
    assertThat(SettingsFingerprint.of(changed, "17").settingsHash()).isNotEqualTo(hash);
    assertThat(SettingsFingerprint.of(otherSecret, "17").settingsHash())
        .as("a value that looks secret is redacted too, as Spark redacts it")
        .isEqualTo(SettingsFingerprint.of(base2, "17").settingsHash());
  }

  @Test
  void theSessionsOwnRedactionRegexDecidesWhatIsSecret() {
    Map<String, String> a = run("0a1b", "p", 1);
    a.put("spark.redaction.regex", "(?i)secret|password|token|access[.]key|credential");
    a.put("spark.hadoop.credential.provider", "one");
    Map<String, String> b = new LinkedHashMap<>(a);
    b.put("spark.hadoop.credential.provider", "two");

    assertThat(SettingsFingerprint.of(a, "17").settingsHash())
        .isEqualTo(SettingsFingerprint.of(b, "17").settingsHash());
  }

  @Test
  void readsASparkConfiguration() {
    SparkConf conf = new SparkConf(false).set("spark.sql.shuffle.partitions", "8");
    conf.set("spark.app.id", "local-1");

    BenchmarkResult.Fingerprint fingerprint = SettingsFingerprint.of(conf);

    assertThat(fingerprint.settings()).isEqualTo(1);
    assertThat(fingerprint.javaVersion()).isEqualTo(System.getProperty("java.runtime.version"));
    assertThat(fingerprint.settingsHash())
        .isEqualTo(
            SettingsFingerprint.of(Map.of("spark.sql.shuffle.partitions", "8"), "x")
                .settingsHash());
  }
}
