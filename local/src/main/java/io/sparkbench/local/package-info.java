/**
 * The local cluster: runs real benchmarks on this machine, on an embedded mock API server (the
 * default, no Kubernetes needed) or on a real control plane.
 *
 * <p>{@link io.sparkbench.local.LocalCluster} starts a {@link io.sparkbench.local.LocalApiServer}
 * (the fabric8 mock API server in CRUD mode on 127.0.0.1, with the project's CRDs, namespace {@code
 * default} and the Spark service account) and a {@link io.sparkbench.local.ProcessKubelet} that
 * runs every pod's container as a local JVM on this JVM's class path. The operator, the Spark
 * drivers it creates and kubectl (through {@link io.sparkbench.local.LocalCluster#kubeconfig()})
 * all talk to the same API server:
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start(Path.of("target/local-cluster"));
 *     OperatorMain.Running operator = OperatorMain.start(cluster.client(), config)) {
 *   // kubectl --kubeconfig target/local-cluster/kubeconfig apply -f examples/quickstart.yaml
 * }
 * }</pre>
 *
 * <p>What the local API server adds to the mock, each because the operator, Spark or kubectl needs
 * it: a server-side-apply stand-in, {@code Pending} as a new pod's phase, set-based label
 * selectors, watches that resume from a resourceVersion, owner-reference cascade, discovery
 * documents, server-side tables and an empty OpenAPI document. What the kubelet does not do:
 * schedule, enforce resources, restart containers, run init or sidecar containers, or run anything
 * but the Spark image's {@code driver} and {@code executor} commands. Each pod's files
 * (container.log, termination message, volumes, and a {@code rootfs} folder standing for the
 * image's own paths) live under {@code <workDir>/pods/<namespace>/<pod>/}; persistent volume claims
 * are folders shared by every pod that mounts them.
 *
 * <p>{@link io.sparkbench.local.LocalCluster#startOnControlPlane} runs the same kubelet against a
 * real control plane instead ({@code io.sparkbench.controlplane.ControlPlane}): there it registers
 * as a node ({@link io.sparkbench.local.LocalNode}), runs only the pods the scheduler binds to it,
 * and leaves schema, admission, RBAC, scheduling and garbage collection to Kubernetes; none of the
 * mock's additions above are involved.
 */
package io.sparkbench.local;
