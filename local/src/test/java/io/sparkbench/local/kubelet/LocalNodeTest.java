package io.sparkbench.local.kubelet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LocalNodeTest {

  @Test
  void thisMachinesNodeHasItsCpusAndMemoryAndAValidName() {
    LocalNode node = LocalNode.ofThisMachine(List.of(LocalNode.SPARK_APP_IMAGE));

    assertThat(node.cpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(node.memoryBytes()).isGreaterThan(Runtime.getRuntime().maxMemory());
    assertThat(node.name()).matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");
  }

  @Test
  void itRunsOnlyTheImagesItMaps() {
    LocalNode node = new LocalNode("n1", 2, 1L << 30, List.of(LocalNode.SPARK_APP_IMAGE));

    assertThat(node.runs(LocalNode.SPARK_APP_IMAGE)).isTrue();
    assertThat(node.runs("sparkbench/spark-app:other")).isFalse();
    assertThat(node.runs(null)).isFalse();
  }

  @Test
  void aNameThatIsNoDnsSubdomainIsRefused() {
    assertThatThrownBy(() -> new LocalNode("My_Host", 2, 1L << 30, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DNS subdomain");
  }
}
