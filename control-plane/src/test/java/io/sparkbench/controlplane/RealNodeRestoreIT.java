package io.sparkbench.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A node killed outright (SIGKILL to its script and every process under it at once) takes its
 * processes, network and mounts with its namespaces; what it leaves, the kubelet's cgroups and the
 * kernel sysctls the kubelet set, {@code node.sh restore} puts back, as the next start does. (The
 * extension starts a new node for the tests after this one.)
 */
@RealNodeTest
class RealNodeRestoreIT {

  private static final Path CGROUPS = Path.of("/sys/fs/cgroup");
  private static final String CGROUP_ROOT = "sparkbench-node";

  @Test
  void aNodeKilledOutrightLeavesOnlyWhatRestorePutsBack(RealNode node) throws IOException {
    Path saved = node.workDir().resolve("restore").resolve("sysctls");
    assertThat(saved).as("saved before the kubelet started").isRegularFile();
    Map<String, String> original = new LinkedHashMap<>();
    for (String line : Files.readAllLines(saved)) {
      String[] parts = line.split(" ", 2);
      original.put(parts[0], parts[1]);
    }
    assertThat(original).containsKeys("vm/overcommit_memory", "kernel/panic_on_oops");

    node.killOutright();

    // the namespaces went with their last process: the veth pair, the kubelet, every container
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              assertThat(Path.of("/sys/class/net/sbnode0")).doesNotExist();
              assertThat(nodeProcesses(node)).isEmpty();
            });
    assertThat(cgroups()).as("left by a node killed outright").isNotEmpty();

    node.restore();

    assertThat(cgroups()).isEmpty();
    original.forEach((name, value) -> assertThat(sysctl(name)).as(name).isEqualTo(value));
    assertThat(saved).doesNotExist();
  }

  /** The kubelet's cgroup root in every v1 hierarchy that has it. */
  private static List<Path> cgroups() throws IOException {
    try (Stream<Path> hierarchies = Files.list(CGROUPS)) {
      return hierarchies.map(h -> h.resolve(CGROUP_ROOT)).filter(Files::isDirectory).toList();
    }
  }

  /** Processes that run from the node's folder: its kubelet, containerd and their children. */
  private static List<ProcessHandle> nodeProcesses(RealNode node) {
    String dir = node.workDir().toString();
    return ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains(dir)).orElse(false))
        .toList();
  }

  /**
   * A sysctl's value, read in one call from the start: a sysctl file answers a read at any other
   * offset with end of file, so {@code Files.readString}, which reads a zero-size file a byte at a
   * time, would see only its first character.
   */
  private static String sysctl(String name) {
    try (InputStream in = Files.newInputStream(Path.of("/proc/sys", name))) {
      byte[] buffer = new byte[256];
      int read = in.read(buffer);
      return new String(buffer, 0, Math.max(read, 0), StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
