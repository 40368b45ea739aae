package io.sparkbench.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Builds the node's images, then starts one {@link RealNode} (with its control plane) per test JVM
 * on first use and stops it when the JVM's tests are done; injects it into test constructors,
 * lifecycle methods and tests that take a {@code RealNode} parameter. Use it through {@link
 * RealNodeTest}.
 *
 * <p>Where this machine cannot run the node (not root, no containerd, runc, CNI plugins, buildah or
 * debootstrap, no cgroup v1, binaries not built) the tests are skipped with the reason, unless the
 * system property {@value #REQUIRED_PROPERTY} is {@code true} (CI sets it): then they fail with it.
 *
 * <p>With {@value #PROJECT_IMAGES_PROPERTY}{@code =true} the images include the operator and
 * spark-app images built from the project's Dockerfiles (the project must be packaged first);
 * otherwise only the JRE base and the pause image.
 */
public final class RealNodeExtension implements ExecutionCondition, ParameterResolver {

  /** Set to {@code true} to fail, not skip, the node tests where the node cannot run. */
  public static final String REQUIRED_PROPERTY = "sparkbench.node.required";

  /** Set to {@code true} to build and import the project's two images as well. */
  public static final String PROJECT_IMAGES_PROPERTY = "sparkbench.node.projectImages";

  /** Folder for the node's images, configuration and logs; {@code target/node} by default. */
  public static final String WORK_DIR_PROPERTY = "sparkbench.node.workDir";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RealNodeExtension.class);

  private static final List<String> TOOLS =
      List.of("containerd", "runc", "ctr", "iptables", "unshare", "ip", "buildah", "debootstrap");

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String reason = unavailableReason();
    if (reason == null) {
      return ConditionEvaluationResult.enabled("this machine can run a real node");
    }
    if (Boolean.getBoolean(REQUIRED_PROPERTY)) {
      // enabled, so that starting the node fails the tests with this reason
      return ConditionEvaluationResult.enabled(reason);
    }
    return ConditionEvaluationResult.disabled(reason);
  }

  /** Why a real node cannot run on this machine, in one line, or null when it can. */
  public static String unavailableReason() {
    if (!System.getProperty("os.name").toLowerCase().contains("linux")) {
      return "a real node needs Linux";
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      return "a real node needs root (it starts containerd and the kubelet)";
    }
    List<String> missing = new ArrayList<>();
    for (String tool : TOOLS) {
      if (!onPath(tool)) {
        missing.add(tool);
      }
    }
    if (!Files.isExecutable(Path.of("/usr/lib/cni/bridge"))
        && !Files.isExecutable(Path.of("/opt/cni/bin/bridge"))) {
      missing.add("CNI plugins");
    }
    if (!missing.isEmpty()) {
      return "a real node needs "
          + missing
          + " (Debian packages containerd runc containernetworking-plugins iptables buildah"
          + " debootstrap)";
    }
    if (!Files.isDirectory(Path.of("/sys/fs/cgroup/memory"))) {
      return "the node's scripts need cgroup v1 (this machine has no /sys/fs/cgroup/memory)";
    }
    String binaries = Binaries.pinned().unavailableReason();
    if (binaries != null) {
      return binaries;
    }
    List<String> node = Binaries.pinned().missingNodeBinaries();
    return node.isEmpty()
        ? null
        : "node binaries " + node + " not found: run control-plane/build.sh (needs Go)";
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RealNode.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return node(context);
  }

  /** The JVM's node, started on first call. */
  public static RealNode node(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(Started.class, key -> start(), Started.class)
        .node();
  }

  private static Started start() {
    String reason = unavailableReason();
    if (reason != null) {
      throw new ExtensionConfigurationException("the real node cannot run here: " + reason);
    }
    Path workDir = Path.of(System.getProperty(WORK_DIR_PROPERTY, "target/node")).toAbsolutePath();
    Path scripts = scriptsDir();
    Path images = workDir.resolve("images");
    buildImages(scripts.resolve("images.sh"), images, workDir);
    try {
      return new Started(
          RealNode.start(Binaries.pinned(), scripts.resolve("node.sh"), images, workDir));
    } catch (IllegalStateException e) {
      throw new ExtensionConfigurationException(
          "the real node did not start: " + e.getMessage(), e);
    }
  }

  private static void buildImages(Path script, Path images, Path workDir) {
    List<String> command = new ArrayList<>(List.of("bash", script.toString(), images.toString()));
    if (Boolean.getBoolean(PROJECT_IMAGES_PROPERTY)) {
      command.add("--project");
    }
    Path log = workDir.resolve("images.log");
    try {
      Files.createDirectories(workDir);
      Process build =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!build.waitFor(30, TimeUnit.MINUTES) || build.exitValue() != 0) {
        build.destroyForcibly();
        List<String> lines = Files.readAllLines(log);
        throw new ExtensionConfigurationException(
            "the node's images did not build: "
                + String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()))
                + " (full log: "
                + log
                + ")");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ExtensionConfigurationException("interrupted while building the images", e);
    }
  }

  /** {@code control-plane/node}, found from the working directory (a module or the root). */
  static Path scriptsDir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("control-plane/node/node.sh");
      if (Files.isRegularFile(candidate)) {
        return candidate.getParent();
      }
    }
    throw new ExtensionConfigurationException(
        "control-plane/node/node.sh not found above " + Path.of("").toAbsolutePath());
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    return path != null
        && Stream.of(path.split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
  }

  /** Closed by JUnit with the root context, after the JVM's last test. */
  private record Started(RealNode node) implements AutoCloseable {
    @Override
    public void close() {
      node.close();
    }
  }
}
