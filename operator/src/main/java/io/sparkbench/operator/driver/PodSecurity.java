package io.sparkbench.operator.driver;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkbench.api.v1.PodSettings;
import org.apache.spark.deploy.k8s.Constants;

/**
 * The security settings of driver and executor pods, which Pod Security's {@code restricted} level
 * admits: the spark image's numeric non-root user ({@value #SPARK_UID}), no privilege escalation,
 * no capabilities, the runtime's default seccomp profile. The driver pod gets them directly; the
 * executors through a pod template the operator writes into the driver's ConfigMap, as spark-submit
 * does with a template of the user's.
 */
public final class PodSecurity {

  /** The {@code spark} user of the official Spark image (and so of spark-app/Dockerfile). */
  public static final long SPARK_UID = 185;

  /** The executor pod template's key in the driver's ConfigMap, a file in its conf folder. */
  public static final String EXECUTOR_TEMPLATE = "executor-pod-template.yaml";

  private PodSecurity() {}

  static PodSecurityContext pod() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(SPARK_UID)
        .withRunAsGroup(SPARK_UID)
        .withFsGroup(SPARK_UID)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  static SecurityContext container() {
    return new SecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withAllowPrivilegeEscalation(false)
        .withNewCapabilities()
        .addToDrop("ALL")
        .endCapabilities()
        .build();
  }

  static Container restrict(Container container) {
    return new ContainerBuilder(container).withSecurityContext(container()).build();
  }

  static Pod restrict(Pod pod) {
    return new PodBuilder(pod).editOrNewSpec().withSecurityContext(pod()).endSpec().build();
  }

  /**
   * The executor pod template: the security settings and the spec's settings for executors, and
   * nothing Spark sets itself.
   */
  static String executorTemplate(PodSettings executor) {
    Pod template =
        new PodBuilder()
            .withNewSpec()
            .withSecurityContext(pod())
            .addNewContainer()
            .withName(Constants.DEFAULT_EXECUTOR_CONTAINER_NAME())
            .withSecurityContext(container())
            .endContainer()
            .endSpec()
            .build();
    return Serialization.asYaml(PodPlacement.apply(template, executor));
  }
}
