package io.sparkbench.local.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkbench.api.settings.RunSettings;
import io.sparkbench.api.settings.SparkJvmOptions;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import java.util.LinkedHashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalPodPolicyTest {

  @Test
  void theOperatorsOwnPodOptionsAndCommonTuningRun() {
    for (long records : List.of(10_000L, 10_000_000L)) {
      for (String option : RunSettings.executorJvmOptions(records)) {
        assertThat(LocalPodPolicy.optionProblem(option)).as(option).isEmpty();
      }
    }
    for (String option : RunSettings.driverJvmOptions()) {
      assertThat(LocalPodPolicy.optionProblem(option)).as(option).isEmpty();
    }
    for (String option :
        List.of(
            "-XX:+UseG1GC",
            "-XX:MaxGCPauseMillis=200",
            "-Xss2m",
            "-Dspark.sql.shuffle.partitions=8",
            "-Duser.timezone=UTC",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "-Xlog:gc*")) {
      assertThat(LocalPodPolicy.optionProblem(option)).as(option).isEmpty();
    }
    // what Spark gives its executors on Java 17 and later (JavaModuleOptions)
    List<String> spark = new java.util.ArrayList<>(SparkJvmOptions.OPTIONS);
    spark.add("--enable-native-access=ALL-UNNAMED");
    for (String option : spark) {
      assertThat(LocalPodPolicy.optionProblem(option)).as(option).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-javaagent:/tmp/agent.jar",
        "-agentpath:/tmp/libagent.so",
        "-agentlib:jdwp=transport=dt_socket",
        "-XX:OnOutOfMemoryError=touch /tmp/pwned",
        "-XX:OnError=sh",
        "-XX:HeapDumpPath=/etc",
        "-XX:ErrorFile=/etc/cron.d/x",
        "-Xlog:gc:file=/etc/passwd",
        "-Dlog4j.configurationFile=/home/user/.ssh/id_rsa",
        "-Djava.security.policy=file:/etc/x",
        "-Xbootclasspath/a:/tmp/evil.jar",
        "@/tmp/argfile",
        "-XX:Flags=/tmp/flags",
        "-XX:VMOptionsFile=/tmp/options"
      })
  void optionsNamingHostFilesOrCommandsAreRefusedWithOneLine(String option) {
    assertThat(LocalPodPolicy.optionProblem(option))
        .get()
        .asString()
        .startsWith("JVM option " + option)
        .doesNotContain("\n");
  }

  @Test
  void launcherAndLoaderVariablesAreRefusedOthersPass() {
    for (String name :
        List.of("JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "LD_PRELOAD")) {
      assertThat(LocalPodPolicy.environmentProblem(name)).as(name).isPresent();
    }
    for (String name :
        List.of("AWS_REGION", "MALLOC_ARENA_MAX", "SPARK_USER", "_SPARK_AUTH_SECRET")) {
      assertThat(LocalPodPolicy.environmentProblem(name)).as(name).isEmpty();
    }
  }

  @Test
  void aManifestsRefusedOptionsAndVariablesAreNamedOnePerLine() {
    ScalingBenchmark benchmark = new ScalingBenchmark();
    benchmark.setSpec(new ScalingBenchmarkSpec());
    benchmark.getSpec().sparkConf = new LinkedHashMap<>();
    benchmark
        .getSpec()
        .sparkConf
        .put("spark.executor.extraJavaOptions", "-XX:+UseG1GC -javaagent:/tmp/a.jar");
    benchmark.getSpec().sparkConf.put("spark.kubernetes.driverEnv.LD_PRELOAD", "/tmp/x.so");
    benchmark.getSpec().sparkConf.put("spark.executorEnv.AWS_REGION", "eu-west-1");

    assertThat(LocalPodPolicy.problems(benchmark))
        .containsExactly(
            "spec.sparkConf spark.executor.extraJavaOptions: JVM option -javaagent:/tmp/a.jar is"
                + " not one local mode runs (its pods are processes of this machine): use -XX"
                + " flags and numeric settings, heap and stack sizes, -D settings without paths,"
                + " --add-opens/exports/modules, or -Xlog without a file",
            "spec.sparkConf spark.kubernetes.driverEnv.LD_PRELOAD: environment variable"
                + " LD_PRELOAD is read by the JVM launcher or the dynamic loader before the job"
                + " starts; local mode runs pods as processes of this machine and does not pass"
                + " it");
  }
}
