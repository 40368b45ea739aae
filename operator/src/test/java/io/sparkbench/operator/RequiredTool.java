package io.sparkbench.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A program a test needs from the machine (Debian's chromium, prometheus): found on {@code PATH},
 * or the test is skipped with what to install, unless the system property {@code
 * sparkbench.<tool>.required} is true, as {@code .ci/run} sets it; then a missing program fails.
 */
public final class RequiredTool {

  private RequiredTool() {}

  /** The first of {@code names} on {@code PATH}; skips or fails the test when there is none. */
  public static Path find(String tool, String install, String... names) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin");
    for (String name : names) {
      Optional<Path> found;
      try (Stream<Path> dirs = Stream.of(path.split(":")).map(Path::of)) {
        found = dirs.map(d -> d.resolve(name)).filter(Files::isExecutable).findFirst();
      }
      if (found.isPresent()) {
        return found.get();
      }
    }
    String reason = "no " + String.join(" or ", List.of(names)) + " on PATH (" + install + ")";
    assertThat(Boolean.getBoolean("sparkbench." + tool + ".required")).as(reason).isFalse();
    Assumptions.abort(reason);
    throw new IllegalStateException(reason);
  }
}
