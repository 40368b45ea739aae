package io.sparkbench.local.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.sparkbench.api.settings.SparkJvmOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A kubelet that runs each pod's single container as a local JVM on this JVM's class path. It
 * starts a process for each new pod, reports Running and then Succeeded or Failed with the
 * container's exit code and termination message, and kills the process when the pod is deleted.
 *
 * <p>It works in one of two ways. Without a {@link LocalNode} (the embedded mock API server, which
 * has no scheduler) it runs every pod of the cluster. With one (a real control plane) it is a node
 * of that cluster: it registers the Node and keeps its Lease fresh, runs only the pods the
 * scheduler binds to it, reports {@code ErrImagePull} and then {@code ImagePullBackOff} for an
 * image it does not map, mints service-account tokens for projected volumes, records Events as a
 * kubelet does, and removes a deleted pod once its process has stopped. It never enforces resources
 * or restarts a container.
 *
 * <p>This class follows the pods and stops their processes; a {@link PodRunner} runs each accepted
 * pod, {@link KubeletApi} is what the kubelet writes to the API server, and {@link HostsFile} keeps
 * the pods' name resolution in step with the Services.
 */
public final class ProcessKubelet implements AutoCloseable {

  private final KubernetesClient client;
  private final LocalNode node;
  private final KubeletApi api;
  private final HostsFile hostsFile;
  private final PodRunner runner;
  private NodeRegistration registration;
  private final Path root;
  private final PodLaunch.Host host;
  private final Duration gracePeriod;

  /**
   * What a deleted pod's JVM that writes its class-data-sharing archive gets on top of the grace.
   */
  static final Duration ARCHIVE_GRACE_PERIOD = Duration.ofSeconds(60);

  private final ExecutorService workers = Executors.newCachedThreadPool(daemonThreads());
  private final Map<String, TrackedPod> pods = new ConcurrentHashMap<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private volatile boolean closed;

  /** Stops the pods' JVMs when this JVM is stopped (Ctrl-C) without closing the kubelet. */
  private final Thread shutdownHook = new Thread(this::stopAll, "process-kubelet-shutdown");

  /**
   * A kubelet that runs every pod of the API server the client talks to; call {@link #start()}.
   *
   * @param client a client of the local API server
   * @param root the folder holding each pod's files
   * @param gracePeriod how long a deleted pod's process may take to stop before it is killed
   */
  public ProcessKubelet(KubernetesClient client, Path root, Duration gracePeriod) {
    this(client, root, gracePeriod, null);
  }

  /**
   * A kubelet that joins the cluster as {@code node} and runs the pods scheduled to it, or every
   * pod when {@code node} is null; call {@link #start()}.
   */
  public ProcessKubelet(KubernetesClient client, Path root, Duration gracePeriod, LocalNode node) {
    this.client = client;
    this.node = node;
    this.api = new KubeletApi(client, node, () -> closed);
    this.root = root.toAbsolutePath().normalize();
    this.hostsFile = new HostsFile(this.root.resolve("hosts"));
    this.gracePeriod = gracePeriod;
    String masterUrl = client.getConfiguration().getMasterUrl().replaceAll("/+$", "");
    this.host =
        new PodLaunch.Host(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            absoluteClassPath(System.getProperty("java.class.path")),
            SparkJvmOptions.OPTIONS,
            masterUrl,
            this.root.resolve("hosts"),
            PodLaunch.archiveDir(System.getProperty("java.class.path"), this.root));
    this.runner =
        new PodRunner(
            this.root,
            node,
            new PodVolumes(client, () -> closed),
            host,
            api,
            workers,
            () -> closed);
  }

  /**
   * The class path with every entry made absolute: pod processes run in their own folders, where a
   * relative entry such as {@code local/target/sparkbench.jar} (from {@code java -jar}) would point
   * nowhere.
   */
  public static String absoluteClassPath(String classPath) {
    return java.util.Arrays.stream(classPath.split(java.io.File.pathSeparator))
        .filter(entry -> !entry.isEmpty())
        .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
  }

  /**
   * The kinds of pod JVM ({@code driver}, {@code executor}) that have no class-data-sharing archive
   * yet: the next pod of each writes one at exit, and runs slower for it. Empty when both have one
   * or this kubelet's JVMs cannot (see {@link PodLaunch}).
   */
  public List<String> archivesToWrite() {
    return PodLaunch.archivesToWrite(host.classpath(), host.archiveDir());
  }

  /**
   * What {@link #archivesToWrite()} would say for a kubelet of this JVM keeping its pods in {@code
   * root}, without starting one.
   */
  public static List<String> archivesToWrite(Path root) {
    String classPath = absoluteClassPath(System.getProperty("java.class.path"));
    return PodLaunch.archivesToWrite(
        classPath, PodLaunch.archiveDir(classPath, root.toAbsolutePath().normalize()));
  }

  /** Where the pods' class-data-sharing archives are kept ({@link PodLaunch#archiveDir}). */
  public Path archiveDir() {
    return host.archiveDir();
  }

  /** Starts watching Services (for the hosts file) and pods (to run them). */
  public ProcessKubelet start() {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    hostsFile.write();
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    if (node != null) {
      registration = new NodeRegistration(client, node).register();
    }
    informers.add(client.services().inAnyNamespace().inform(hostsFile));
    var pods =
        node == null
            ? client.pods().inAnyNamespace()
            : client.pods().inAnyNamespace().withField("spec.nodeName", node.name());
    informers.add(
        pods.inform(
            new ResourceEventHandler<>() {
              @Override
              public void onAdd(Pod pod) {
                observe(pod);
              }

              @Override
              public void onUpdate(Pod old, Pod pod) {
                observe(pod);
              }

              @Override
              public void onDelete(Pod pod, boolean unknown) {
                kill(pod.getMetadata().getUid());
              }
            }));
    return this;
  }

  /** The node this kubelet registered, or null when it runs every pod of the mock. */
  public LocalNode node() {
    return node;
  }

  /** The folder of the pod's files (log, termination message, volumes). */
  public Path podDirectory(String namespace, String name) {
    return root.resolve(namespace).resolve(name);
  }

  /** The combined stdout and stderr of the pod's container. */
  public Path log(String namespace, String name) {
    return podDirectory(namespace, name).resolve("container.log");
  }

  /** Every pod the kubelet has seen, in no particular order. */
  public List<PodRun> runs() {
    return pods.values().stream().map(TrackedPod::run).toList();
  }

  private void observe(Pod pod) {
    String uid = pod.getMetadata().getUid();
    if (closed || uid == null) {
      return;
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      if (!kill(uid) && node != null) {
        // Nothing of it runs here (it ended before this kubelet started): confirm the deletion.
        workers.execute(() -> api.remove(pod.getMetadata().getNamespace(), pod));
      }
      return;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if (phase != null && !phase.equals("Pending")) {
      return;
    }
    TrackedPod tracked = new TrackedPod(pod);
    if (pods.putIfAbsent(uid, tracked) == null) {
      workers.execute(() -> runner.run(pod, tracked));
    }
  }

  /**
   * Stops the pod's process: a polite signal, then a kill after the grace period. Returns whether
   * this kubelet knew the pod.
   */
  private boolean kill(String uid) {
    TrackedPod tracked = uid == null ? null : pods.get(uid);
    if (tracked == null) {
      return false;
    }
    Process process;
    Pod pod;
    synchronized (tracked) {
      if (tracked.deleted) {
        return true;
      }
      tracked.deleted = true;
      process = tracked.process;
      pod = tracked.pod;
    }
    if (process != null && process.isAlive()) {
      api.event(pod, "Normal", "Killing", "Stopping container " + KubeletApi.containerName(pod));
      // A JVM writing its archive at exit gets longer: killed mid-write, the archive is lost and
      // the next pod of its kind writes it again (under load, writing outlasted the grace period).
      Duration grace = tracked.writesArchive ? ARCHIVE_GRACE_PERIOD.plus(gracePeriod) : gracePeriod;
      workers.execute(() -> stop(process, grace));
    } else if (node != null) {
      workers.execute(() -> api.remove(tracked.namespace, pod));
    }
    return true;
  }

  private static void stop(Process process, Duration grace) {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static java.util.concurrent.ThreadFactory daemonThreads() {
    return r -> {
      Thread thread = new Thread(r, "process-kubelet");
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Stops watching and stops every process, forcibly after the grace period. */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // Already shutting down (the hook stops the processes), or never started.
    }
    informers.forEach(SharedIndexInformer::close);
    stopAll();
    workers.shutdownNow();
    if (registration != null) {
      registration.close();
    }
  }

  private void stopAll() {
    closed = true;
    List<Process> running = new ArrayList<>();
    for (TrackedPod tracked : pods.values()) {
      synchronized (tracked) {
        tracked.deleted = true;
        if (tracked.process != null && tracked.process.isAlive()) {
          running.add(tracked.process);
        }
      }
    }
    running.forEach(Process::destroy);
    Instant deadline = Instant.now().plus(gracePeriod);
    for (Process process : running) {
      try {
        long left = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
        if (!process.waitFor(left, TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }
}
