/**
 * The process kubelet and the node it registers: {@link io.sparkbench.local.kubelet.ProcessKubelet}
 * runs each pod's container as a JVM of this machine on this JVM's class path (the Spark image's
 * {@code driver} and {@code executor} commands only), reports its status as a kubelet does and
 * stops its process when the pod is deleted.
 *
 * <p>On the API server stand-in, which has no scheduler, it runs every pod. On a real control plane
 * it joins as a node ({@link io.sparkbench.local.kubelet.LocalNode}, registered and kept alive by
 * {@link io.sparkbench.local.kubelet.NodeRegistration}) and runs only the pods bound to it. It
 * never enforces resources, restarts containers, or runs init or sidecar containers. Each pod's
 * files (container.log, termination message, volumes, and a {@code rootfs} folder standing for the
 * image's own paths) live under {@code <root>/<namespace>/<pod>/} ({@link
 * io.sparkbench.local.kubelet.PodFiles}); persistent volume claims are folders shared by every pod
 * that mounts them. What a pod may hand these JVMs (options, environment) is {@link
 * io.sparkbench.local.kubelet.LocalPodPolicy}'s allow-list.
 *
 * <p>Nothing here knows the cluster that starts it ({@code io.sparkbench.local}) or the command
 * ({@code io.sparkbench.local.cli}).
 */
package io.sparkbench.local.kubelet;
