package io.sparkbench.local.kubelet;

import java.time.Instant;

/**
 * One pod's process as the {@link ProcessKubelet} ran it, for diagnostics and tests.
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
