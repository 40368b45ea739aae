package io.sparkbench.controlplane;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that runs against the real control plane ({@link ControlPlaneExtension}). These
 * tests form the {@value #TAG} group: {@code mvn verify -Dgroups=control-plane} runs them alone.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(RealControlPlaneTest.TAG)
@ExtendWith(ControlPlaneExtension.class)
public @interface RealControlPlaneTest {
  String TAG = "control-plane";
}
