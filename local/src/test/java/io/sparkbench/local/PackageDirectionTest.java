package io.sparkbench.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The module's packages depend downwards only: the command ({@code io.sparkbench.local.cli}) on the
 * cluster ({@code io.sparkbench.local}), the cluster on the process kubelet ({@code
 * io.sparkbench.local.kubelet}), never the other way. The modules below (the API server stand-in,
 * the operator) cannot see this one at all: their poms do not depend on it.
 */
class PackageDirectionTest {

  private static final Path SOURCES = Path.of("src", "main", "java", "io", "sparkbench", "local");

  /** A name of the project's code in Java source, as an import or written out in full. */
  private static final Pattern PROJECT_NAME = Pattern.compile("io\\.sparkbench\\.[\\w.]*\\w");

  @Test
  void theKubeletUsesNeitherTheClusterNorTheCommand() {
    assertThat(namesUsed(SOURCES.resolve("kubelet"), Integer.MAX_VALUE))
        .filteredOn(name -> within(name, "io.sparkbench.local"))
        .allMatch(name -> within(name, "io.sparkbench.local.kubelet"));
  }

  @Test
  void theClusterDoesNotUseTheCommand() {
    assertThat(namesUsed(SOURCES, 1)).noneMatch(name -> within(name, "io.sparkbench.local.cli"));
  }

  @Test
  void theCheckSeesTheNamesTheCodeUsesAndNotThoseOfItsComments() {
    assertThat(namesUsed(SOURCES.resolve("cli"), 1))
        .contains("io.sparkbench.local.LocalCluster", "io.sparkbench.local.kubelet.ProcessKubelet");
    assertThat(names(code("import io.sparkbench.a.B; /** {@link io.sparkbench.c.D} */ class E {}")))
        .containsExactly("io.sparkbench.a.B");
    assertThat(
            names(code("String s = \"io.sparkbench.f.G\"; // io.sparkbench.h.I\nchar c = '\"';")))
        .isEmpty();
  }

  /** Whether {@code name} is {@code pkg} or a name inside it. */
  private static boolean within(String name, String pkg) {
    return name.equals(pkg) || name.startsWith(pkg + ".");
  }

  /**
   * The project names that the code (not the comments or strings) of the files in {@code folder}
   * uses, down to {@code depth} folders.
   */
  private static List<String> namesUsed(Path folder, int depth) {
    assertThat(folder).isDirectory();
    try (Stream<Path> files = Files.walk(folder, depth)) {
      return files
          .filter(f -> f.toString().endsWith(".java"))
          .flatMap(f -> names(code(read(f))).stream())
          .distinct()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> names(String code) {
    return PROJECT_NAME.matcher(code).results().map(MatchResult::group).toList();
  }

  /** The source with its comments, string and character literals and text blocks left out. */
  private static String code(String source) {
    StringBuilder code = new StringBuilder();
    int i = 0;
    while (i < source.length()) {
      if (source.startsWith("/*", i)) {
        i = end(source, source.indexOf("*/", i + 2), 2);
      } else if (source.startsWith("//", i)) {
        i = end(source, source.indexOf('\n', i), 0);
      } else if (source.startsWith("\"\"\"", i)) {
        i = end(source, source.indexOf("\"\"\"", i + 3), 3);
      } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
        char quote = source.charAt(i++);
        while (i < source.length() && source.charAt(i) != quote) {
          i += source.charAt(i) == '\\' ? 2 : 1;
        }
        i++;
      } else {
        code.append(source.charAt(i++));
      }
    }
    return code.toString();
  }

  /** Just past a closing token of {@code length} found at {@code at}, or the end of the source. */
  private static int end(String source, int at, int length) {
    return at < 0 ? source.length() : at + length;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
