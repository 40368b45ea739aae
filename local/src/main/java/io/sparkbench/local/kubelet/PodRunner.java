package io.sparkbench.local.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.sparkbench.local.kubelet.PodLaunch.Host;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one pod the {@link ProcessKubelet} accepted from Pending to its end: prepares its files and
 * volumes, resolves its environment, starts its container as a JVM ({@link PodLaunch}) and reports
 * Running, then Succeeded or Failed with the exit code and the termination message; a pod whose
 * image the node does not map gets the pull errors instead. Deleting and stopping a pod stay with
 * the kubelet, which knows every pod.
 */
final class PodRunner {

  /** Kubernetes truncates termination messages to this size. */
  static final int MAX_TERMINATION_MESSAGE = 4096;

  // Logged as the kubelet, whose work this is.
  private static final Logger LOG = LoggerFactory.getLogger(PodRunner.class);
  private static final Duration IMAGE_BACKOFF = Duration.ofSeconds(2);

  private final Path root;
  private final LocalNode node;
  private final PodVolumes volumes;
  private final Host host;
  private final KubeletApi api;
  private final Executor workers;
  private final BooleanSupplier closed;

  /**
   * @param root the folder holding each pod's files
   * @param node the node the kubelet registered, or null when it runs every pod of the mock
   * @param workers where a process's exit is handled
   * @param closed whether the kubelet has closed: no process starts and no status is written after
   */
  PodRunner(
      Path root,
      LocalNode node,
      PodVolumes volumes,
      Host host,
      KubeletApi api,
      Executor workers,
      BooleanSupplier closed) {
    this.root = root;
    this.node = node;
    this.volumes = volumes;
    this.host = host;
    this.api = api;
    this.workers = workers;
    this.closed = closed;
  }

  /**
   * Runs {@code pod} on the calling worker thread until its process has started (its exit is
   * handled on {@code workers}), it could not start, or its image was refused.
   */
  void run(Pod pod, TrackedPod tracked) {
    String ns = tracked.namespace;
    String name = tracked.name;
    String image = pod.getSpec().getContainers().get(0).getImage();
    if (node != null && !node.runs(image)) {
      refuseImage(pod, tracked, image);
      return;
    }
    PodFiles files;
    PodLaunch launch;
    Process process;
    try {
      files = new PodFiles(root, pod);
      volumes.prepare(pod, files);
      Map<String, String> env =
          PodEnvironment.resolve(pod, (kind, key) -> api.lookupKey(ns, kind, key));
      launch = PodLaunch.of(pod, files, env, host);
      Files.createDirectories(launch.workingDirectory());
      // What ran, for whoever reads the pod's folder: a container's entrypoint made explicit.
      Files.write(files.podDir().resolve("command"), launch.command());
      Files.createDirectories(Path.of(files.map("/tmp")));
      ProcessBuilder builder =
          new ProcessBuilder(launch.command())
              .directory(launch.workingDirectory().toFile())
              .redirectErrorStream(true)
              .redirectOutput(files.log().toFile());
      Map<String, String> environment = builder.environment();
      environment.keySet().retainAll(List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "USER"));
      // Every pod's address is 127.0.0.1; without this Spark picks the host's external interface.
      environment.put("SPARK_LOCAL_IP", PodEnvironment.POD_IP);
      environment.putAll(launch.environment());
      synchronized (tracked) {
        if (tracked.deleted || closed.getAsBoolean()) {
          return;
        }
        process = builder.start();
        tracked.writesArchive = launch.archiveTraining() != null;
        tracked.process = process;
        tracked.started = Instant.now();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Pod {}/{} could not start: {}", ns, name, e.getMessage());
      tracked.finished = Instant.now();
      tracked.exitCode = 128;
      api.event(pod, "Warning", "Failed", "Error: " + e.getMessage());
      api.report(
          tracked,
          PodStatuses.terminated(
              pod, tracked.observed, null, tracked.finished, 128, "StartError", e.getMessage()),
          true);
      return;
    }
    LOG.info(
        "Pod {}/{} runs as process {} ({} ms after it was seen); log {}",
        ns,
        name,
        process.pid(),
        Duration.between(tracked.observed, tracked.started).toMillis(),
        files.log());
    api.report(tracked, PodStatuses.running(pod, tracked.observed, tracked.started), false);
    api.event(
        pod,
        "Normal",
        "Started",
        "Started container " + KubeletApi.containerName(pod) + " as a local JVM");
    process
        .onExit()
        .thenAcceptAsync(
            p -> {
              if (launch.archiveTraining() != null) {
                // 143: stopped with SIGTERM (executors are), after the JVM wrote its archive.
                int code = p.exitValue();
                launch.archive().keep(launch.archiveTraining(), code == 0 || code == 143);
              }
              exited(pod, files, tracked, p.exitValue());
            },
            workers);
  }

  /**
   * What a node reports for an image it does not have: {@code ErrImagePull}, then {@code
   * ImagePullBackOff}, each with an Event, until the pod is deleted.
   */
  private void refuseImage(Pod pod, TrackedPod tracked, String image) {
    String ns = tracked.namespace;
    String pull =
        "Failed to pull image \""
            + image
            + "\": the process kubelet of node "
            + node.name()
            + " runs only the images it maps to its class path "
            + node.images();
    LOG.warn("Pod {}/{}: {}", ns, tracked.name, pull);
    api.event(pod, "Warning", "Failed", pull);
    api.patchStatus(
        ns, tracked.name, PodStatuses.waiting(pod, "ErrImagePull", pull, tracked.observed));
    KubeletApi.sleep(IMAGE_BACKOFF);
    if (tracked.deleted || closed.getAsBoolean()) {
      return;
    }
    String backOff = "Back-off pulling image \"" + image + "\"";
    api.event(pod, "Normal", "BackOff", backOff);
    api.patchStatus(
        ns, tracked.name, PodStatuses.waiting(pod, "ImagePullBackOff", backOff, tracked.observed));
  }

  private void exited(Pod pod, PodFiles files, TrackedPod tracked, int exitCode) {
    tracked.finished = Instant.now();
    tracked.exitCode = exitCode;
    LOG.info(
        "Pod {}/{} process exited with {} after {} ms",
        tracked.namespace,
        tracked.name,
        exitCode,
        Duration.between(tracked.started, tracked.finished).toMillis());
    if (closed.getAsBoolean()) {
      return;
    }
    if (tracked.deleted) {
      if (node != null) {
        api.remove(tracked.namespace, pod);
      }
      return;
    }
    String message = terminationMessage(files.terminationMessage());
    String reason = exitCode == 0 ? "Completed" : "Error";
    api.report(
        tracked,
        PodStatuses.terminated(
            pod, tracked.observed, tracked.started, tracked.finished, exitCode, reason, message),
        true);
  }

  static String terminationMessage(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_TERMINATION_MESSAGE);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
