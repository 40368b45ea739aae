package io.sparkbench.controlplane;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link ControlPlane} per test JVM, on first use, and stops it when the JVM's tests are
 * done; injects it into test constructors, lifecycle methods and tests that take a {@code
 * ControlPlane} parameter. Use it through {@link RealControlPlaneTest}.
 *
 * <p>Where the binaries are missing the tests are skipped with the reason, unless the system
 * property {@value #REQUIRED_PROPERTY} is {@code true} (CI sets it): then a missing binary fails
 * them.
 */
public final class ControlPlaneExtension implements ExecutionCondition, ParameterResolver {

  /** Set to {@code true} to fail, not skip, the control-plane tests where a binary is missing. */
  public static final String REQUIRED_PROPERTY = "sparkbench.controlPlane.required";

  /**
   * Folder for the control plane's kubeconfig and logs; {@code target/control-plane} by default.
   */
  public static final String WORK_DIR_PROPERTY = "sparkbench.controlPlane.workDir";

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(ControlPlaneExtension.class);

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    String reason = Binaries.pinned().unavailableReason();
    if (reason == null) {
      return ConditionEvaluationResult.enabled("control-plane binaries present");
    }
    if (Boolean.getBoolean(REQUIRED_PROPERTY)) {
      // enabled, so that starting the control plane fails the tests with this reason
      return ConditionEvaluationResult.enabled(reason);
    }
    return ConditionEvaluationResult.disabled(reason);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == ControlPlane.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return controlPlane(context);
  }

  /** The JVM's control plane, started on first call. */
  public static ControlPlane controlPlane(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(Started.class, key -> start(), Started.class)
        .controlPlane();
  }

  private static Started start() {
    Path workDir =
        Path.of(System.getProperty(WORK_DIR_PROPERTY, "target/control-plane")).toAbsolutePath();
    try {
      return new Started(ControlPlane.start(Binaries.pinned(), workDir));
    } catch (IllegalStateException e) {
      throw new ExtensionConfigurationException(
          "the real control plane did not start: " + e.getMessage(), e);
    }
  }

  /** Closed by JUnit with the root context, after the JVM's last test. */
  private record Started(ControlPlane controlPlane) implements AutoCloseable {
    @Override
    public void close() {
      controlPlane.close();
    }
  }
}
