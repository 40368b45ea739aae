package io.sparkbench.local.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.common.cli.HelpOption;
import io.sparkbench.controlplane.Binaries;
import io.sparkbench.controlplane.HostPathVolumes;
import io.sparkbench.controlplane.RealNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code node}: a real one-node Kubernetes cluster on this machine, from this checkout, with no
 * Docker engine or registry: builds the images (a Debian JRE base, then the operator and spark-app
 * images from their Dockerfiles), starts the real control plane and a real node (containerd, the
 * kubelet, kube-proxy, CoreDNS) with the images imported, and a volume for the examples' data
 * claim; prints the kubeconfig, then runs until interrupted, when it stops everything and restores
 * the machine. The README's "Install on a cluster" commands then work against it.
 */
@Command(
    name = "node",
    sortOptions = false,
    description = {
      "Starts a real one-node Kubernetes cluster on this machine (root, Linux with cgroup v1, the"
          + " Debian packages containerd runc containernetworking-plugins iptables buildah"
          + " debootstrap, and control-plane/build.sh's binaries), with this checkout's images"
          + " built from their Dockerfiles and imported. Run it from a packaged checkout (mvn"
          + " package). Ctrl-C stops it and restores the machine.",
      "Exits 2 where the machine cannot run it, 1 when a part does not start."
    })
public final class NodeCommand implements Callable<Integer> {

  /** The examples' data claim (examples/data-volume.yaml) in the chart's benchmark namespace. */
  static final String DATA_NAMESPACE = "sparkbench-benchmarks";

  static final String DATA_CLAIM = "sparkbench-data";

  private final PrintStream out;
  private final PrintStream err;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Where the images, the cluster and its logs go (default ${DEFAULT-VALUE}).")
  private Path workDir = Path.of("node-runs");

  @Option(
      names = "--base-images-only",
      description = "Import only the JRE base and pause images, not the project's two images.")
  private boolean baseImagesOnly;

  @Mixin private HelpOption help;

  NodeCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  CommandLine commandLine() {
    return new CommandLine(this);
  }

  @Override
  public Integer call() throws InterruptedException {
    String reason = RealNode.unavailableReason();
    if (reason != null) {
      err.println("error: " + reason);
      return 2;
    }
    Path dir = workDir.toAbsolutePath().normalize();
    out.println(
        "building the images (the JRE base once per machine"
            + (baseImagesOnly ? "" : ", then both Dockerfiles")
            + ") and starting the node; logs in "
            + dir);
    RealNode node;
    try {
      node = RealNode.buildAndStart(Binaries.pinned(), dir, !baseImagesOnly);
    } catch (IllegalStateException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  out.println("stopping the node and restoring this machine");
                  node.close();
                  stopped.countDown();
                },
                "node-shutdown"));
    try (KubernetesClient client = node.controlPlane().adminClient()) {
      dataVolume(client, dir);
    }
    Path kubeconfig = node.workDir().resolve("kubeconfig");
    out.println(
        "node "
            + RealNode.NAME
            + " Ready, Kubernetes "
            + node.controlPlane().kubernetesVersion()
            + ", API server "
            + node.controlPlane().apiServerUrl());
    out.println("  export KUBECONFIG=" + kubeconfig);
    out.println("  kubectl: " + node.controlPlane().binary("kubectl"));
    if (!baseImagesOnly) {
      out.println("  images: sparkbench-operator:dev, sparkbench/spark-app:dev");
    }
    out.println(
        "  a volume for "
            + DATA_NAMESPACE
            + "/"
            + DATA_CLAIM
            + " (examples/data-volume.yaml) in "
            + dir.resolve("volumes"));
    out.println("then the README's \"Install on a cluster\" commands; Ctrl-C stops the node");
    stopped.await();
    return 0;
  }

  /** A host-path volume the examples' data claim binds to; the node has no provisioner. */
  private static void dataVolume(KubernetesClient client, Path dir) {
    Path data = HostPathVolumes.writableFolder(dir.resolve("volumes").resolve(DATA_CLAIM));
    client
        .persistentVolumes()
        .resource(
            HostPathVolumes.preBound(DATA_CLAIM, data.toString(), DATA_NAMESPACE, DATA_CLAIM, ""))
        .serverSideApply();
  }
}
