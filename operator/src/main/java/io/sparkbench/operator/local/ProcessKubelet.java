package io.sparkbench.operator.local;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIPBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
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
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
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
 * watches pods, starts a process for each new one, reports Running and then Succeeded or Failed
 * with the container's exit code and termination message, and kills the process when the pod is
 * deleted. It does not schedule, enforce resources or restart anything.
 */
public final class ProcessKubelet implements AutoCloseable {

  /** Kubernetes truncates termination messages to this size. */
  static final int MAX_TERMINATION_MESSAGE = 4096;

  private static final Logger LOG = LoggerFactory.getLogger(ProcessKubelet.class);
  private static final Duration VOLUME_WAIT = Duration.ofSeconds(30);

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
  private final Path root;
  private final PodLaunch.Host host;
  private final Duration gracePeriod;
  private final ExecutorService workers = Executors.newCachedThreadPool(daemonThreads());
  private final Map<String, Tracked> pods = new ConcurrentHashMap<>();
  private final Map<String, Service> services = new ConcurrentHashMap<>();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private volatile boolean closed;

  /** Stops the pods' JVMs when this JVM is stopped (Ctrl-C) without closing the kubelet. */
  private final Thread shutdownHook = new Thread(this::stopAll, "process-kubelet-shutdown");

  private static final class Tracked {
    final String namespace;
    final String name;
    final Instant observed = Instant.now();
    volatile Instant started;
    volatile Instant finished;
    volatile Integer exitCode;
    volatile Process process;
    volatile boolean deleted;

    Tracked(Pod pod) {
      this.namespace = pod.getMetadata().getNamespace();
      this.name = pod.getMetadata().getName();
    }
  }

  /**
   * A kubelet for the API server the client talks to; call {@link #start()}.
   *
   * @param client a client of the local API server
   * @param root the folder holding each pod's files
   * @param gracePeriod how long a deleted pod's process may take to stop before it is killed
   */
  public ProcessKubelet(KubernetesClient client, Path root, Duration gracePeriod) {
    this.client = client;
    this.root = root.toAbsolutePath().normalize();
    this.gracePeriod = gracePeriod;
    String masterUrl = client.getConfiguration().getMasterUrl().replaceAll("/+$", "");
    this.host =
        new PodLaunch.Host(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            absoluteClassPath(System.getProperty("java.class.path")),
            SparkJvmOptions.OPTIONS,
            masterUrl,
            this.root.resolve("hosts"));
  }

  /**
   * The class path with every entry made absolute: pod processes run in their own folders, where a
   * relative entry such as {@code operator/target/operator.jar} (from {@code java -jar}) would
   * point nowhere.
   */
  static String absoluteClassPath(String classPath) {
    return java.util.Arrays.stream(classPath.split(java.io.File.pathSeparator))
        .filter(entry -> !entry.isEmpty())
        .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
        .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
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
    informers.add(
        client
            .pods()
            .inAnyNamespace()
            .inform(
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
      kill(uid);
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
    PodFiles files;
    Process process;
    try {
      files = new PodFiles(root, pod);
      prepareVolumes(pod, files);
      Map<String, String> env =
          PodEnvironment.resolve(pod, (kind, key) -> lookupKey(ns, kind, key));
      PodLaunch launch = PodLaunch.of(pod, files, env, host);
      Files.createDirectories(launch.workingDirectory());
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
        tracked.process = process;
        tracked.started = Instant.now();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Pod {}/{} could not start: {}", ns, name, e.getMessage());
      tracked.finished = Instant.now();
      tracked.exitCode = 128;
      patchStatus(ns, name, terminated(pod, 128, "StartError", e.getMessage(), tracked));
      return;
    }
    LOG.info(
        "Pod {}/{} runs as process {} ({} ms after it was seen); log {}",
        ns,
        name,
        process.pid(),
        Duration.between(tracked.observed, tracked.started).toMillis(),
        files.log());
    patchStatus(ns, name, running(pod, tracked.started));
    process.onExit().thenAcceptAsync(p -> exited(pod, files, tracked, p.exitValue()), workers);
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
    if (tracked.deleted || closed) {
      return;
    }
    String message = terminationMessage(files.terminationMessage());
    patchStatus(
        tracked.namespace,
        tracked.name,
        terminated(pod, exitCode, exitCode == 0 ? "Completed" : "Error", message, tracked));
  }

  /** Stops the pod's process: a polite signal, then a kill after the grace period. */
  private void kill(String uid) {
    Tracked tracked = uid == null ? null : pods.get(uid);
    if (tracked == null) {
      return;
    }
    Process process;
    synchronized (tracked) {
      if (tracked.deleted) {
        return;
      }
      tracked.deleted = true;
      process = tracked.process;
    }
    if (process != null && process.isAlive()) {
      workers.execute(() -> stop(process));
    }
  }

  private void stop(Process process) {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(gracePeriod.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Creates emptyDir and claim folders and writes ConfigMap and Secret volumes as files. */
  private void prepareVolumes(Pod pod, PodFiles files) throws IOException {
    String ns = pod.getMetadata().getNamespace();
    Files.createDirectories(files.podDir());
    Files.deleteIfExists(files.terminationMessage());
    Files.createFile(files.terminationMessage());
    if (pod.getSpec().getVolumes() == null) {
      return;
    }
    for (Volume volume : pod.getSpec().getVolumes()) {
      Path dir = files.volumeDir(volume, volume.getName(), ns);
      Files.createDirectories(dir);
      if (volume.getConfigMap() != null) {
        String name = volume.getConfigMap().getName();
        boolean optional = Boolean.TRUE.equals(volume.getConfigMap().getOptional());
        ConfigMap map =
            await(() -> client.configMaps().inNamespace(ns).withName(name).get(), optional);
        if (map == null && !optional) {
          throw new IllegalStateException("configmap \"" + name + "\" not found");
        }
        if (map != null) {
          writeFiles(dir, map.getData(), volume.getConfigMap().getItems(), false);
          writeFiles(dir, map.getBinaryData(), volume.getConfigMap().getItems(), true);
        }
      } else if (volume.getSecret() != null) {
        String name = volume.getSecret().getSecretName();
        boolean optional = Boolean.TRUE.equals(volume.getSecret().getOptional());
        Secret secret =
            await(() -> client.secrets().inNamespace(ns).withName(name).get(), optional);
        if (secret == null && !optional) {
          throw new IllegalStateException("secret \"" + name + "\" not found");
        }
        if (secret != null) {
          writeFiles(dir, secret.getData(), volume.getSecret().getItems(), true);
        }
      }
    }
  }

  private <T> T await(java.util.function.Supplier<T> get, boolean optional) {
    Instant deadline = Instant.now().plus(optional ? Duration.ZERO : VOLUME_WAIT);
    while (true) {
      T value = get.get();
      if (value != null || !Instant.now().isBefore(deadline) || closed) {
        return value;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
  }

  private static void writeFiles(
      Path dir, Map<String, String> data, List<KeyToPath> items, boolean base64)
      throws IOException {
    if (data == null) {
      return;
    }
    for (Map.Entry<String, String> entry : data.entrySet()) {
      String path = entry.getKey();
      if (items != null && !items.isEmpty()) {
        path =
            items.stream()
                .filter(i -> i.getKey().equals(entry.getKey()))
                .map(KeyToPath::getPath)
                .findFirst()
                .orElse(null);
        if (path == null) {
          continue;
        }
      }
      Path file = dir.resolve(path).normalize();
      if (!file.startsWith(dir)) {
        throw new IllegalArgumentException("volume item path escapes the volume: " + path);
      }
      Files.createDirectories(file.getParent());
      byte[] bytes =
          base64
              ? Base64.getDecoder().decode(entry.getValue())
              : entry.getValue().getBytes(StandardCharsets.UTF_8);
      Files.write(file, bytes);
    }
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

  private static PodStatus running(Pod pod, Instant started) {
    String at = timestamp(started);
    return new PodStatusBuilder()
        .withPhase("Running")
        .withHostIP(PodEnvironment.POD_IP)
        .withPodIP(PodEnvironment.POD_IP)
        .withPodIPs(new PodIPBuilder().withIp(PodEnvironment.POD_IP).build())
        .withStartTime(at)
        .withConditions(
            new PodConditionBuilder()
                .withType("Ready")
                .withStatus("True")
                .withLastTransitionTime(at)
                .build())
        .withContainerStatuses(
            new ContainerStatusBuilder()
                .withName(pod.getSpec().getContainers().get(0).getName())
                .withImage(pod.getSpec().getContainers().get(0).getImage())
                .withReady(true)
                .withStarted(true)
                .withRestartCount(0)
                .withState(new ContainerStateBuilder().withNewRunning(at).build())
                .build())
        .build();
  }

  private static PodStatus terminated(
      Pod pod, int exitCode, String reason, String message, Tracked tracked) {
    String finished = timestamp(tracked.finished);
    String started = tracked.started == null ? finished : timestamp(tracked.started);
    return new PodStatusBuilder()
        .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
        .withHostIP(PodEnvironment.POD_IP)
        .withPodIP(PodEnvironment.POD_IP)
        .withStartTime(started)
        .withConditions(
            new PodConditionBuilder()
                .withType("Ready")
                .withStatus("False")
                .withReason("PodCompleted")
                .withLastTransitionTime(finished)
                .build())
        .withContainerStatuses(
            new ContainerStatusBuilder()
                .withName(pod.getSpec().getContainers().get(0).getName())
                .withImage(pod.getSpec().getContainers().get(0).getImage())
                .withReady(false)
                .withStarted(false)
                .withRestartCount(0)
                .withState(
                    new ContainerStateBuilder()
                        .withNewTerminated()
                        .withExitCode(exitCode)
                        .withReason(reason)
                        .withMessage(message == null || message.isEmpty() ? null : message)
                        .withStartedAt(started)
                        .withFinishedAt(finished)
                        .endTerminated()
                        .build())
                .build())
        .build();
  }

  private void patchStatus(String ns, String name, PodStatus status) {
    try {
      client
          .pods()
          .inNamespace(ns)
          .withName(name)
          .editStatus(
              p -> {
                p.setStatus(status);
                return p;
              });
    } catch (KubernetesClientException e) {
      LOG.debug("Status of pod {}/{} not written: {}", ns, name, e.getMessage());
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

  private static String timestamp(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
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
