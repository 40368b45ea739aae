package io.sparkbench.local.kubelet;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;

/**
 * What the process kubelet knows of one pod it runs: the pod as first seen, its process and when it
 * started and ended. Starting and deleting synchronize on the object itself (a pod deleted before
 * its process starts never starts); status writes hold {@link #statusLock}, so that no Running
 * state is written after the final one.
 */
final class TrackedPod {

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

  TrackedPod(Pod pod) {
    this.pod = pod;
    this.namespace = pod.getMetadata().getNamespace();
    this.name = pod.getMetadata().getName();
  }

  /** What the kubelet reports of it. */
  PodRun run() {
    Process p = process;
    return new PodRun(
        namespace, name, observed, started, finished, exitCode, p == null ? null : p.pid());
  }
}
