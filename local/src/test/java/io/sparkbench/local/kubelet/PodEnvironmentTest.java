package io.sparkbench.local.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PodEnvironmentTest {

  @Test
  void resolvesValuesFieldsResourcesReferencesAndKeys() {
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName("exec-1")
            .withNamespace("ns")
            .withUid("u-1")
            .addToLabels("spark-exec-id", "1")
            .endMetadata()
            .withNewSpec()
            .withServiceAccountName("spark")
            .addNewContainer()
            .withName("c")
            .withNewResources()
            .addToLimits("memory", new Quantity("1408Mi"))
            .endResources()
            .addNewEnv()
            .withName("SPARK_EXECUTOR_ID")
            .withValue("1")
            .endEnv()
            .addNewEnv()
            .withName("IP")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("status.podIP")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("POD")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.name")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("NS")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.namespace")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("ID_LABEL")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.labels['spark-exec-id']")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("MEM")
            .withNewValueFrom()
            .withNewResourceFieldRef()
            .withResource("limits.memory")
            .endResourceFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("FROM_MAP")
            .withNewValueFrom()
            .withNewConfigMapKeyRef()
            .withName("cm")
            .withKey("k")
            .endConfigMapKeyRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("URL")
            .withValue("http://$(IP):80/$(POD)/$$(POD)/$(UNKNOWN)")
            .endEnv()
            .endContainer()
            .endSpec()
            .build();

    Map<String, String> env = PodEnvironment.resolve(pod, (kind, key) -> kind + ":" + key);

    assertThat(env)
        .containsEntry("SPARK_EXECUTOR_ID", "1")
        .containsEntry("IP", "127.0.0.1")
        .containsEntry("POD", "exec-1")
        .containsEntry("NS", "ns")
        .containsEntry("ID_LABEL", "1")
        .containsEntry("MEM", "1408Mi")
        .containsEntry("FROM_MAP", "configmap:cm/k")
        .containsEntry("URL", "http://127.0.0.1:80/exec-1/$(POD)/$(UNKNOWN)");
  }
}
