package io.sparkbench.controlplane;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test class that runs against a real control plane with a real node ({@link RealNodeExtension}):
 * pods are real containers. These tests form the {@value #TAG} group: {@code mvn verify
 * -Dgroups=node} runs them alone.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(RealNodeTest.TAG)
@ExtendWith(RealNodeExtension.class)
public @interface RealNodeTest {
  String TAG = "node";
}
