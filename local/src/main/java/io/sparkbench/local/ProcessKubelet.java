package io.sparkbench.local;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkbench.api.settings.SparkJvmOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 */
public final class ProcessKubelet implements AutoCloseable {

  /** Kubernetes truncates termination messages to this size. */
  static final int MAX_TERMINATION_MESSAGE = 4096;

  private static final Logger LOG = LoggerFactory.getLogger(ProcessKubelet.class);
  private static final Duration IMAGE_BACKOFF = Duration.ofSeconds(2);
  private static final Duration MAX_RETRY_PAUSE = Duration.ofSeconds(5);

  /**
   * One pod's process, for diagnostics and tests.
   *
   * @param namespace pod namespace
   * @param name pod name
   * @param observed when the kubelet saw the pod
   * @param started when its process started, or null
   * @param finished when its process ended, or null
   * @param exitCode the exit code, or null while running
   * @param pid the process id, or null before it started
   */
  public record PodRun(
      String namespace,
      String name,
      Instant observed,
      Instant started,
      Instant finished,
      Integer exitCode,
      Long pid) {}

  private final KubernetesClient client;
  private final LocalNode node;
  private final PodVolumes volumes;
  private NodeRegistration registration;
  private final Path root;
  private final PodLaunch.Host host;
  private final Duration gracePeriod;

  /**
   * What a deleted pod's JVM that writes its class-data-sharing archive gets on top of the grace.
   */
  static final Duration ARCHIVE_GRACE_PERIOD = Duration.ofSeconds(60);

  private final ExecutorService workers = Executors.newCachedThreadPool(daemonThreads());
  private final Map<String, Tracked> pods = new ConcurrentHashMap<>();
  private final Map<String, Service> services = new ConcurrentHashMap<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private volatile boolean closed;

  /** Stops the pods' JVMs when this JVM is stopped (Ctrl-C) without closing the kubelet. */
  private final Thread shutdownHook = new Thread(this::stopAll, "process-kubelet-shutdown");

  private static final class Tracked {
    final Pod pod;
    final Object statusLock = new Object();
    final String namespace;
    final String name;
    final Instant observed = Instant.now();
    volatile Instant started;
    volatile Instant finished;
    volatile Integer exitCode;
    volatile Process process;
    volatile boolean deleted;

    /** Its JVM writes a class-data-sharing archive at exit, which takes seconds. */
    volatile boolean writesArchive;

    Tracked(Pod pod) {
      this.pod = pod;
      this.namespace = pod.getMetadata().getNamespace();
      this.name = pod.getMetadata().getName();
    }
  }

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
    this.volumes = new PodVolumes(client, () -> closed);
    this.root = root.toAbsolutePath().normalize();
    this.gracePeriod = gracePeriod;
    String masterUrl = client.getConfiguration().getMasterUrl().replaceAll("/+$", "");
    this.host =
        new PodLaunch.Host(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            absoluteClassPath(System.getProperty("java.class.path")),
            SparkJvmOptions.OPTIONS,
            masterUrl,
            this.root.resolve("hosts"),
            // Namespaces cannot start with a dot: this folder never holds a namespace's pods.
            this.root.resolve(".cds"));
  }

  /**
   * The class path with every entry made absolute: pod processes run in their own folders, where a
   * relative entry such as {@code local/target/sparkbench.jar} (from {@code java -jar}) would point
   * nowhere.
   */
  static String absoluteClassPath(String classPath) {
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
    return PodLaunch.archivesToWrite(host);
  }

  /** Starts watching Services (for the hosts file) and pods (to run them). */
  public ProcessKubelet start() {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    writeHostsFile();
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    if (node != null) {
      registration = new NodeRegistration(client, node).register();
    }
    informers.add(
        client
            .services()
            .inAnyNamespace()
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(Service service) {
                    services.put(key(service.getMetadata().getNamespace(), service), service);
                    writeHostsFile();
                  }

                  @Override
                  public void onUpdate(Service old, Service service) {
                    onAdd(service);
                  }

                  @Override
                  public void onDelete(Service service, boolean unknown) {
                    services.remove(key(service.getMetadata().getNamespace(), service));
                    writeHostsFile();
                  }
                }));
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
    return pods.values().stream()
        .map(
            t -> {
              Process process = t.process;
              return new PodRun(
                  t.namespace,
                  t.name,
                  t.observed,
                  t.started,
                  t.finished,
                  t.exitCode,
                  process == null ? null : process.pid());
            })
        .toList();
  }

  private void observe(Pod pod) {
    String uid = pod.getMetadata().getUid();
    if (closed || uid == null) {
      return;
    }
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      if (!kill(uid) && node != null) {
        // Nothing of it runs here (it ended before this kubelet started): confirm the deletion.
        workers.execute(() -> remove(pod.getMetadata().getNamespace(), pod));
      }
      return;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if (phase != null && !phase.equals("Pending")) {
      return;
    }
    Tracked tracked = new Tracked(pod);
    if (pods.putIfAbsent(uid, tracked) == null) {
      workers.execute(() -> run(pod, tracked));
    }
  }

  private void run(Pod pod, Tracked tracked) {
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
          PodEnvironment.resolve(pod, (kind, key) -> lookupKey(ns, kind, key));
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
        if (tracked.deleted || closed) {
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
      event(pod, "Warning", "Failed", "Error: " + e.getMessage());
      report(
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
    report(tracked, PodStatuses.running(pod, tracked.observed, tracked.started), false);
    event(pod, "Normal", "Started", "Started container " + containerName(pod) + " as a local JVM");
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
  private void refuseImage(Pod pod, Tracked tracked, String image) {
    String ns = tracked.namespace;
    String pull =
        "Failed to pull image \""
            + image
            + "\": the process kubelet of node "
            + node.name()
            + " runs only the images it maps to its class path "
            + node.images();
    LOG.warn("Pod {}/{}: {}", ns, tracked.name, pull);
    event(pod, "Warning", "Failed", pull);
    patchStatus(ns, tracked.name, PodStatuses.waiting(pod, "ErrImagePull", pull, tracked.observed));
    sleep(IMAGE_BACKOFF);
    if (tracked.deleted || closed) {
      return;
    }
    String backOff = "Back-off pulling image \"" + image + "\"";
    event(pod, "Normal", "BackOff", backOff);
    patchStatus(
        ns, tracked.name, PodStatuses.waiting(pod, "ImagePullBackOff", backOff, tracked.observed));
  }

  private void exited(Pod pod, PodFiles files, Tracked tracked, int exitCode) {
    tracked.finished = Instant.now();
    tracked.exitCode = exitCode;
    LOG.info(
        "Pod {}/{} process exited with {} after {} ms",
        tracked.namespace,
        tracked.name,
        exitCode,
        Duration.between(tracked.started, tracked.finished).toMillis());
    if (closed) {
      return;
    }
    if (tracked.deleted) {
      if (node != null) {
        remove(tracked.namespace, pod);
      }
      return;
    }
    String message = terminationMessage(files.terminationMessage());
    String reason = exitCode == 0 ? "Completed" : "Error";
    report(
        tracked,
        PodStatuses.terminated(
            pod, tracked.observed, tracked.started, tracked.finished, exitCode, reason, message),
        true);
  }

  /**
   * Stops the pod's process: a polite signal, then a kill after the grace period. Returns whether
   * this kubelet knew the pod.
   */
  private boolean kill(String uid) {
    Tracked tracked = uid == null ? null : pods.get(uid);
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
      event(pod, "Normal", "Killing", "Stopping container " + containerName(pod));
      // A JVM writing its archive at exit gets longer: killed mid-write, the archive is lost and
      // the next pod of its kind writes it again (under load, writing outlasted the grace period).
      Duration grace = tracked.writesArchive ? ARCHIVE_GRACE_PERIOD.plus(gracePeriod) : gracePeriod;
      workers.execute(() -> stop(process, grace));
    } else if (node != null) {
      workers.execute(() -> remove(tracked.namespace, pod));
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

  /**
   * Confirms a deletion once nothing of the pod runs any more, as a kubelet does: on a real API
   * server a deleted pod stays Terminating (and its resources stay taken) until then.
   */
  private void remove(String ns, Pod pod) {
    retry(
        "removing pod " + ns + "/" + pod.getMetadata().getName(),
        () ->
            client
                .pods()
                .inNamespace(ns)
                .withName(pod.getMetadata().getName())
                .withGracePeriod(0)
                .delete());
  }

  private String lookupKey(String namespace, String kind, String nameAndKey) {
    String name = nameAndKey.substring(0, nameAndKey.indexOf('/'));
    String key = nameAndKey.substring(nameAndKey.indexOf('/') + 1);
    if (kind.equals("secret")) {
      Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
      String value = secret == null || secret.getData() == null ? null : secret.getData().get(key);
      return value == null
          ? null
          : new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
    }
    ConfigMap map = client.configMaps().inNamespace(namespace).withName(name).get();
    return map == null || map.getData() == null ? null : map.getData().get(key);
  }

  static String terminationMessage(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_TERMINATION_MESSAGE);
      return new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private void patchStatus(String ns, String name, PodStatus status) {
    try {
      writeStatus(ns, name, status);
    } catch (KubernetesClientException e) {
      LOG.debug("Status of pod {}/{} not written: {}", ns, name, e.getMessage());
    }
  }

  /**
   * Writes the container's state, retrying while the API server does not answer: a driver's
   * termination message is a benchmark result, which must reach the server. A Running state is
   * never written after the final one.
   */
  private void report(Tracked tracked, PodStatus status, boolean last) {
    retry(
        "status of pod " + tracked.namespace + "/" + tracked.name,
        () -> {
          synchronized (tracked.statusLock) {
            if (tracked.deleted || (!last && tracked.finished != null)) {
              return;
            }
            writeStatus(tracked.namespace, tracked.name, status);
          }
        });
  }

  private void writeStatus(String ns, String name, PodStatus status) {
    if (node == null) {
      client
          .pods()
          .inNamespace(ns)
          .withName(name)
          .editStatus(
              p -> {
                p.setStatus(status);
                return p;
              });
    } else {
      // A merge patch: the scheduler's fields (nominated node, its own conditions) are not raced.
      client
          .pods()
          .inNamespace(ns)
          .withName(name)
          .subresource("status")
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              Serialization.asJson(Map.of("status", status)));
    }
  }

  /** Runs {@code write} until it succeeds, the object is gone (404) or the kubelet closes. */
  private void retry(String what, Runnable write) {
    Duration pause = Duration.ofMillis(200);
    for (int attempt = 1; !closed; attempt++) {
      try {
        write.run();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() == 404) {
          return;
        }
        if (attempt == 1 || attempt % 10 == 0) {
          LOG.warn("{} not written yet (attempt {}): {}", what, attempt, e.getMessage());
        }
      }
      sleep(pause);
      pause =
          pause.multipliedBy(2).compareTo(MAX_RETRY_PAUSE) > 0
              ? MAX_RETRY_PAUSE
              : pause.multipliedBy(2);
    }
  }

  /** Records an Event about the pod from this node's kubelet (only on a real control plane). */
  private void event(Pod pod, String type, String reason, String message) {
    if (node == null) {
      return;
    }
    String at = PodStatuses.timestamp(Instant.now());
    try {
      client
          .v1()
          .events()
          .inNamespace(pod.getMetadata().getNamespace())
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(pod.getMetadata().getName() + "." + Long.toHexString(System.nanoTime()))
                  .withNamespace(pod.getMetadata().getNamespace())
                  .endMetadata()
                  .withNewInvolvedObject()
                  .withApiVersion("v1")
                  .withKind("Pod")
                  .withName(pod.getMetadata().getName())
                  .withNamespace(pod.getMetadata().getNamespace())
                  .withUid(pod.getMetadata().getUid())
                  .withFieldPath("spec.containers{" + containerName(pod) + "}")
                  .endInvolvedObject()
                  .withType(type)
                  .withReason(reason)
                  .withMessage(message)
                  .withNewSource()
                  .withComponent("kubelet")
                  .withHost(node.name())
                  .endSource()
                  .withReportingComponent("kubelet")
                  .withReportingInstance(node.name())
                  .withFirstTimestamp(at)
                  .withLastTimestamp(at)
                  .withCount(1)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      LOG.debug(
          "event {} of pod {} not recorded: {}",
          reason,
          pod.getMetadata().getName(),
          e.getMessage());
    }
  }

  private static String containerName(Pod pod) {
    return pod.getSpec().getContainers().get(0).getName();
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void writeHostsFile() {
    String hostname;
    try {
      hostname = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      hostname = "localhost";
    }
    Path file = root.resolve("hosts");
    try {
      Path temp = Files.createTempFile(root, "hosts", ".tmp");
      Files.writeString(temp, HostsFile.content(services.values(), hostname));
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String key(String namespace, Service service) {
    return namespace + "/" + service.getMetadata().getName();
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
    for (Tracked tracked : pods.values()) {
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
