/**
 * The local cluster: runs real benchmarks on this machine, on the API server stand-in (the default,
 * no Kubernetes needed) or on a real control plane.
 *
 * <p>{@link io.sparkbench.local.LocalCluster} assembles the parts: the API server ({@code
 * io.sparkbench.apiserver.LocalApiServer}, whose package says what it does and does not do, or a
 * real {@code io.sparkbench.controlplane.ControlPlane}), the project's CRD ({@link
 * io.sparkbench.local.ClusterCrd}), namespace {@code default}, the Spark service account, and a
 * process kubelet ({@code io.sparkbench.local.kubelet}) that runs every pod's container as a local
 * JVM. The operator, the Spark drivers it creates and kubectl (through {@link
 * io.sparkbench.local.LocalCluster#kubeconfig()}) all talk to the same API server:
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start(Path.of("target/local-cluster"));
 *     OperatorMain.Running operator = OperatorMain.start(cluster.client(), config)) {
 *   // kubectl --kubeconfig target/local-cluster/kubeconfig apply -f examples/quickstart.yaml
 * }
 * }</pre>
 *
 * <p>{@link io.sparkbench.local.LocalCluster#startOnControlPlane} runs the same kubelet against a
 * real control plane instead: there it registers as a node, runs only the pods the scheduler binds
 * to it, and leaves schema, admission, RBAC, scheduling and garbage collection to Kubernetes; a
 * claim gets a hostPath volume as a storage provisioner would ({@link
 * io.sparkbench.local.ClaimVolume}). Beside the cluster: the class-data-sharing archives' training
 * run ({@link io.sparkbench.local.ArchiveTraining}) and a Spark History Server over the runs' event
 * logs ({@link io.sparkbench.local.LocalHistoryServer}). The {@code sparkbench} command that starts
 * them is {@code io.sparkbench.local.cli}; nothing here depends on it.
 */
package io.sparkbench.local;
