package io.sparkbench.controlplane;

import io.fabric8.kubeapitest.cert.CertManager;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real control plane with one real node on this machine: containerd, runc and the CNI bridge, the
 * kubelet, kube-proxy and CoreDNS, started by {@code control-plane/node/node.sh} in PID, network
 * and mount namespaces of their own. The API server listens on the host end of the node's veth pair
 * ({@value #HOST_ADDRESS}); pods reach it as {@code kubernetes.default.svc}, resolve Services
 * through CoreDNS and run in real containers with real cgroup limits, logs and exec.
 *
 * <p>The images the node runs are docker-archives in an images folder ({@code
 * control-plane/node/images.sh} builds them), imported into containerd at start: there is no
 * registry, so pods use images that are present (pull policy {@code IfNotPresent} or {@code
 * Never}).
 *
 * <p>{@link #close()} ends the node by closing the script's standard input; the script then stops
 * every process and restores what it changed on the machine (see node.sh). A JVM killed outright
 * closes that input too.
 */
public final class RealNode implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(RealNode.class);

  /** The node's name in the cluster. */
  public static final String NAME = "sparkbench-node";

  /** The host end of the node's network, where the API server listens. */
  public static final String HOST_ADDRESS = "10.254.254.1";

  /** The node's own address, which the host reaches through the veth pair. */
  public static final String NODE_ADDRESS = "10.254.254.2";

  private static final Duration NETWORK_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

  private final Path script;
  private final Path workDir;
  private final Process process;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private ControlPlane controlPlane;
  private volatile long nodePid = -1;
  private boolean closed;

  private RealNode(Path script, Path workDir, Process process) {
    this.script = script;
    this.workDir = workDir;
    this.process = process;
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = out.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (IOException ended) {
                // the script is gone
              }
            },
            "node-output");
    reader.setDaemon(true);
    reader.start();
  }

  private static final List<String> TOOLS =
      List.of("containerd", "runc", "ctr", "iptables", "unshare", "ip", "buildah", "debootstrap");

  /** Why a real node cannot run on this machine, in one line, or null when it can. */
  public static String unavailableReason() {
    if (!System.getProperty("os.name").toLowerCase().contains("linux")) {
      return "a real node needs Linux";
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      return "a real node needs root (it starts containerd and the kubelet)";
    }
    List<String> missing = new ArrayList<>();
    for (String tool : TOOLS) {
      if (!onPath(tool)) {
        missing.add(tool);
      }
    }
    if (!Files.isExecutable(Path.of("/usr/lib/cni/bridge"))
        && !Files.isExecutable(Path.of("/opt/cni/bin/bridge"))) {
      missing.add("CNI plugins");
    }
    if (!missing.isEmpty()) {
      return "a real node needs "
          + missing
          + " (Debian packages containerd runc containernetworking-plugins iptables buildah"
          + " debootstrap)";
    }
    if (!Files.isDirectory(Path.of("/sys/fs/cgroup/memory"))) {
      return "the node's scripts need cgroup v1 (this machine has no /sys/fs/cgroup/memory)";
    }
    String binaries = Binaries.pinned().unavailableReason();
    if (binaries != null) {
      return binaries;
    }
    List<String> node = Binaries.pinned().missingNodeBinaries();
    return node.isEmpty()
        ? null
        : "node binaries " + node + " not found: run control-plane/build.sh (needs Go)";
  }

  /**
   * Builds the node's images into {@code workDir/images} ({@code control-plane/node/images.sh}: the
   * JRE base and the pause image, and with {@code projectImages} the operator and spark-app images
   * from the Dockerfiles of a packaged checkout), then {@link #start}s the node on them.
   *
   * @throws IllegalStateException when the machine cannot run it, or a part does not build or
   *     start, with the reason
   */
  public static RealNode buildAndStart(Binaries binaries, Path workDir, boolean projectImages) {
    String reason = unavailableReason();
    if (reason != null) {
      throw new IllegalStateException(reason);
    }
    Path scripts = scriptsDir();
    Path images = workDir.resolve("images");
    buildImages(scripts.resolve("images.sh"), images, workDir, projectImages);
    return start(binaries, scripts.resolve("node.sh"), images, workDir);
  }

  private static void buildImages(Path script, Path images, Path workDir, boolean projectImages) {
    List<String> command = new ArrayList<>(List.of("bash", script.toString(), images.toString()));
    if (projectImages) {
      command.add("--project");
    }
    Path log = workDir.resolve("images.log");
    try {
      Files.createDirectories(workDir);
      Process build =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!build.waitFor(30, TimeUnit.MINUTES) || build.exitValue() != 0) {
        build.destroyForcibly();
        List<String> lines = Files.readAllLines(log);
        throw new IllegalStateException(
            "the node's images did not build: "
                + String.join(" | ", lines.subList(Math.max(0, lines.size() - 8), lines.size()))
                + " (full log: "
                + log
                + ")");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while building the images", e);
    }
  }

  /** {@code control-plane/node} of this checkout, found from the working directory up. */
  static Path scriptsDir() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("control-plane/node/node.sh");
      if (Files.isRegularFile(candidate)) {
        return candidate.getParent();
      }
    }
    throw new IllegalStateException(
        "control-plane/node/node.sh not found in "
            + Path.of("").toAbsolutePath()
            + " or above: run from a checkout of the project");
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    return path != null
        && Stream.of(path.split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
  }

  /**
   * Starts the node's network, a control plane listening on it, then the node; returns once the
   * node is Ready. Logs of every component go to {@code workDir} ({@code control-plane/} and {@code
   * node/}).
   *
   * @param script {@code control-plane/node/node.sh}
   * @param images a folder of docker-archives to import, the pause image among them
   * @throws IllegalStateException when a part does not start, with the reason
   */
  public static RealNode start(Binaries binaries, Path script, Path images, Path workDir) {
    String unavailable = binaries.unavailableReason();
    if (unavailable != null) {
      throw new IllegalStateException(unavailable);
    }
    Path nodeDir = workDir.resolve("node");
    CertManager certs = new CertManager(binaries.testDir().toString());
    certs.createCertificatesIfNeeded();
    Process process;
    try {
      Files.createDirectories(nodeDir);
      process =
          new ProcessBuilder(
                  "bash",
                  script.toString(),
                  "start",
                  nodeDir.toString(),
                  images.toString(),
                  certs.getClientCertPath())
              .redirectError(ProcessBuilder.Redirect.appendTo(nodeDir.resolve("node.log").toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + script, e);
    }
    RealNode node = new RealNode(script, nodeDir, process);
    try {
      node.startAll(binaries, workDir.resolve("control-plane"));
      return node;
    } catch (RuntimeException e) {
      node.close();
      throw e;
    }
  }

  private void startAll(Binaries binaries, Path controlPlaneDir) {
    long started = System.nanoTime();
    awaitLine("network-ready", NETWORK_TIMEOUT);
    controlPlane =
        ControlPlane.start(
            binaries, controlPlaneDir, HOST_ADDRESS, ControlPlane.DEFAULT_CONTROLLERS);
    try {
      Path kubeconfig = workDir.resolve("kubeconfig");
      Path temporary = workDir.resolve("kubeconfig.tmp");
      Files.writeString(temporary, controlPlane.kubeconfigYaml());
      Files.move(temporary, kubeconfig, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    awaitLine("node-started", START_TIMEOUT);
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try (KubernetesClient client = controlPlane.adminClient()) {
      while (!ready(client.nodes().withName(NAME).get())) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              "node.sh exited before the node was Ready: "
                  + logTail("node.log")
                  + "; kubelet: "
                  + logTail("kubelet.log"));
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "node " + NAME + " not Ready in " + READY_TIMEOUT + ": " + logTail("kubelet.log"));
        }
        sleep(250);
      }
    }
    LOG.info(
        "node {} Ready {} ms after its network started; logs in {}",
        NAME,
        Duration.ofNanos(System.nanoTime() - started).toMillis(),
        workDir);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the node", e);
    }
  }

  private static boolean ready(Node node) {
    return node != null
        && node.getStatus() != null
        && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream()
            .anyMatch(
                (NodeCondition c) -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  /** Waits for the script to print {@code expected}, failing with its log if it ends first. */
  private void awaitLine(String expected, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (System.nanoTime() < deadline) {
        String line = lines.poll(200, TimeUnit.MILLISECONDS);
        if (expected.equals(line)) {
          return;
        }
        if (line != null && line.startsWith("node-pid ")) {
          nodePid = Long.parseLong(line.substring("node-pid ".length()).trim());
        }
        if (line == null && !process.isAlive() && lines.isEmpty()) {
          throw new IllegalStateException(
              "node.sh exited with code " + process.exitValue() + ": " + logTail("node.log"));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the node", e);
    }
    throw new IllegalStateException(
        "node.sh did not report " + expected + " in " + timeout + ": " + logTail("node.log"));
  }

  /** The control plane the node belongs to. */
  public ControlPlane controlPlane() {
    return controlPlane;
  }

  /**
   * A process in the node's network namespace (where Service IPs work, through kube-proxy's rules),
   * for example a Prometheus scraping a Service; the caller starts and stops it.
   */
  public ProcessBuilder inNodeNetwork(List<String> command) {
    if (nodePid < 0) {
      throw new IllegalStateException("the node is not running");
    }
    List<String> full =
        new ArrayList<>(List.of("nsenter", "--target", Long.toString(nodePid), "--net"));
    full.addAll(command);
    return new ProcessBuilder(full);
  }

  /**
   * Runs containerd's {@code ctr} against the node's containerd, in the node's namespaces (for
   * example {@code task kill -s SIGKILL <container id>}, as a container killed on the node), and
   * returns what it printed.
   *
   * @throws IllegalStateException when it exits with an error
   */
  public String ctr(String... args) {
    if (nodePid < 0) {
      throw new IllegalStateException("the node is not running");
    }
    List<String> command =
        new ArrayList<>(
            List.of(
                "nsenter",
                "--target",
                Long.toString(nodePid),
                "--mount",
                "--net",
                "ctr",
                "--address",
                "/run/containerd/containerd.sock",
                "--namespace",
                "k8s.io"));
    command.addAll(List.of(args));
    try {
      Process ctr = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(ctr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!ctr.waitFor(60, TimeUnit.SECONDS) || ctr.exitValue() != 0) {
        throw new IllegalStateException("ctr " + String.join(" ", args) + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running ctr", e);
    }
  }

  /** The folder of the node's configuration and its components' logs. */
  public Path workDir() {
    return workDir;
  }

  /** The last lines of one of the node's logs ({@code kubelet.log}, {@code containerd.log}…). */
  public String logTail(String log) {
    try {
      List<String> all = Files.readAllLines(workDir.resolve(log));
      return String.join(" | ", all.subList(Math.max(0, all.size() - 8), all.size()))
          + " (full log: "
          + workDir.resolve(log)
          + ")";
    } catch (IOException e) {
      return "see " + workDir.resolve(log);
    }
  }

  /**
   * Stops the node (its script stops every process and restores the machine), then the control
   * plane; idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      process.getOutputStream().close();
      if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        LOG.warn("node.sh did not stop in {}; stopping it", STOP_TIMEOUT);
        process.destroy();
        process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      }
    } catch (IOException e) {
      process.destroy();
    } catch (InterruptedException e) {
      process.destroy();
      Thread.currentThread().interrupt();
    }
    restore();
    if (controlPlane != null) {
      controlPlane.close();
    }
  }

  /** Whether the node's script still runs. */
  public boolean alive() {
    return process.isAlive();
  }

  /**
   * Kills the node's script and every process under it at once with SIGKILL, as a machine that
   * kills a whole process tree would: nothing of the node gets to clean up. For tests of {@link
   * #restore()}; the control plane keeps running.
   */
  public void killOutright() {
    List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    all.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle handle : all) {
      handle.onExit().orTimeout(30, TimeUnit.SECONDS).exceptionally(e -> handle).join();
    }
  }

  /**
   * Runs {@code node.sh restore}: puts back what a node killed outright left on the machine (the
   * kubelet's cgroups, the kernel sysctls it set); does nothing when the node ended well.
   */
  public void restore() {
    try {
      Process restore =
          new ProcessBuilder("bash", script.toString(), "restore", workDir.toString())
              .redirectErrorStream(true)
              .redirectOutput(
                  ProcessBuilder.Redirect.appendTo(workDir.resolve("node.log").toFile()))
              .start();
      restore.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (IOException e) {
      LOG.warn("cannot run {} restore: {}", script, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
