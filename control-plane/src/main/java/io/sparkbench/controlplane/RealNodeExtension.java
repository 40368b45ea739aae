package io.sparkbench.controlplane;

import java.nio.file.Path;
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
 * <p>Where this machine cannot run the node ({@link RealNode#unavailableReason()}) the tests are
 * skipped with the reason, unless the system property {@value #REQUIRED_PROPERTY} is {@code true}
 * (CI sets it): then they fail with it.
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

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String reason = RealNode.unavailableReason();
    if (reason == null) {
      return ConditionEvaluationResult.enabled("this machine can run a real node");
    }
    if (Boolean.getBoolean(REQUIRED_PROPERTY)) {
      // enabled, so that starting the node fails the tests with this reason
      return ConditionEvaluationResult.enabled(reason);
    }
    return ConditionEvaluationResult.disabled(reason);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RealNode.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return node(context);
  }

  /** The JVM's node, started on first call, and again when a test killed it. */
  public static synchronized RealNode node(ExtensionContext context) {
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    Started started = store.getOrComputeIfAbsent(Started.class, key -> start(), Started.class);
    if (!started.node().alive()) {
      store.remove(Started.class, Started.class).close();
      started = store.getOrComputeIfAbsent(Started.class, key -> start(), Started.class);
    }
    return started.node();
  }

  private static Started start() {
    Path workDir = Path.of(System.getProperty(WORK_DIR_PROPERTY, "target/node")).toAbsolutePath();
    try {
      return new Started(
          RealNode.buildAndStart(
              Binaries.pinned(), workDir, Boolean.getBoolean(PROJECT_IMAGES_PROPERTY)));
    } catch (IllegalStateException e) {
      throw new ExtensionConfigurationException(
          "the real node did not start: " + e.getMessage(), e);
    }
  }

  /** Closed by JUnit with the root context, after the JVM's last test. */
  private record Started(RealNode node) implements AutoCloseable {
    @Override
    public void close() {
      node.close();
    }
  }
}
