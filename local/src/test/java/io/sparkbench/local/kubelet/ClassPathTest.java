package io.sparkbench.local.kubelet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Pod processes start in their own folders, so the class path they get must be absolute. */
class ClassPathTest {

  @Test
  void relativeEntriesBecomeAbsolute() {
    String cwd = Path.of("").toAbsolutePath().toString();
    String classPath =
        String.join(File.pathSeparator, "local/target/sparkbench.jar", "/opt/lib/a.jar", "");
    assertThat(ProcessKubelet.absoluteClassPath(classPath).split(File.pathSeparator))
        .containsExactly(
            Path.of(cwd, "local", "target", "sparkbench.jar").toString(), "/opt/lib/a.jar");
  }
}
