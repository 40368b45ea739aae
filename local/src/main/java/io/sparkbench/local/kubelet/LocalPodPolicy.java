package io.sparkbench.local.kubelet;

import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.operator.status.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a pod may hand the process kubelet's JVMs. In the local cluster a container is a process of
 * this machine, with its files and its user, so a benchmark's JVM options and environment must not
 * name host files or commands: JVM options come from an allow-list (flags, numeric settings, heap
 * and stack sizes, system properties without paths, module options, logging without a file), and
 * environment variables that the JVM launcher or the dynamic loader read before any code of the
 * image runs ({@code JAVA_TOOL_OPTIONS}, {@code _JAVA_OPTIONS}, {@code JDK_JAVA_OPTIONS}, {@code
 * LD_*}) are refused. Paths in values are mapped into the pod's folder by {@link PodFiles}.
 */
public final class LocalPodPolicy {

  private static final List<Pattern> ALLOWED_OPTIONS =
      List.of(
          Pattern.compile("-XX:[+-][A-Za-z0-9]+"),
          Pattern.compile("-XX:[A-Za-z0-9]+=([0-9]+[kKmMgGtT]?|[0-9]*\\.[0-9]+)"),
          Pattern.compile("-X(ss|mn|ms|mx)[0-9]+[kKmMgGtT]?"),
          Pattern.compile("-D(spark|sparkbench)\\.[^=\\s]+=\\S*"),
          Pattern.compile("-D[A-Za-z0-9_.-]+(=[^/\\\\:\\s]*)?"),
          Pattern.compile("--add-(opens|exports|reads|modules)[= ][A-Za-z0-9._/=,-]+"),
          Pattern.compile("--enable-native-access=[A-Za-z0-9._,-]+"),
          Pattern.compile("-Xlog:[A-Za-z0-9_+*,.=]+"),
          Pattern.compile("-verbose:(gc|class|jni)|-ea|-da|-server"));

  private static final Pattern LAUNCHER_VARIABLE =
      Pattern.compile("JAVA_TOOL_OPTIONS|_JAVA_OPTIONS|JDK_JAVA_OPTIONS|LD_[A-Z0-9_]*|DYLD_.*");

  private static final Pattern OPTIONS_KEY =
      Pattern.compile("spark\\.(driver|executor)\\.(extra|default)JavaOptions");
  private static final Pattern ENV_KEY =
      Pattern.compile("spark\\.executorEnv\\.(.+)|spark\\.kubernetes\\.driverEnv\\.(.+)");

  private LocalPodPolicy() {}

  /** Why local mode refuses a JVM option, if it does. */
  public static Optional<String> optionProblem(String option) {
    if (ALLOWED_OPTIONS.stream().anyMatch(p -> p.matcher(option).matches())) {
      return Optional.empty();
    }
    return Optional.of(
        "JVM option "
            + Messages.excerpt(option)
            + " is not one local mode runs (its pods are processes of this machine): use -XX"
            + " flags and numeric settings, heap and stack sizes, -D settings without paths,"
            + " --add-opens/exports/modules, or -Xlog without a file");
  }

  /** Why local mode refuses an environment variable of a pod, if it does. */
  public static Optional<String> environmentProblem(String name) {
    if (LAUNCHER_VARIABLE.matcher(name).matches()) {
      return Optional.of(
          "environment variable "
              + Messages.excerpt(name)
              + " is read by the JVM launcher or the dynamic loader before the job starts; local"
              + " mode runs pods as processes of this machine and does not pass it");
    }
    return Optional.empty();
  }

  /** One line per JVM option and environment variable of the spec that local mode refuses. */
  public static List<String> problems(ScalingBenchmark benchmark) {
    List<String> problems = new ArrayList<>();
    Map<String, String> conf = benchmark.getSpec().sparkConf;
    if (conf == null) {
      return problems;
    }
    new TreeMap<>(conf)
        .forEach(
            (key, value) -> {
              if (OPTIONS_KEY.matcher(key).matches() && value != null) {
                for (String option : value.trim().split("\\s+")) {
                  if (!option.isEmpty()) {
                    optionProblem(option)
                        .ifPresent(p -> problems.add("spec.sparkConf " + key + ": " + p));
                  }
                }
              }
              var env = ENV_KEY.matcher(key);
              if (env.matches()) {
                String name = env.group(1) != null ? env.group(1) : env.group(2);
                environmentProblem(name)
                    .ifPresent(p -> problems.add("spec.sparkConf " + key + ": " + p));
              }
            });
    return problems;
  }
}
