package io.sparkbench.api.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SparkJvmOptionsTest {

  @Test
  void podJvmsGetTheSameOptionsAsTheBuild() throws Exception {
    String pom = Files.readString(Path.of("..", "pom.xml"));
    Matcher m = Pattern.compile("<spark.jvm.options>(.*?)</spark.jvm.options>").matcher(pom);
    assertThat(m.find()).isTrue();

    assertThat(SparkJvmOptions.OPTIONS).isEqualTo(List.of(m.group(1).trim().split("\\s+")));
  }
}
