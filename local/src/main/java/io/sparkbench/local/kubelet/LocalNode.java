package io.sparkbench.local.kubelet;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * The node a {@link ProcessKubelet} registers when it joins a real control plane: its name, what it
 * offers the scheduler, and the images it can run (each stands for this JVM's class path, as if the
 * image were already on the node).
 *
 * @param name the Node's name
 * @param cpus CPU capacity and allocatable, in cores
 * @param memoryBytes memory capacity and allocatable
 * @param images the images the node runs; a pod with any other image gets {@code ErrImagePull}
 */
public record LocalNode(String name, int cpus, long memoryBytes, List<String> images) {

  /** The image of the spark-app module, as the examples name it. */
  public static final String SPARK_APP_IMAGE = "sparkbench/spark-app:dev";

  /** Most pods a node takes, the kubelet's default. */
  static final int MAX_PODS = 110;

  public LocalNode {
    if (name == null || !name.matches("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?")) {
      throw new IllegalArgumentException("node name must be a DNS subdomain, got " + name);
    }
    if (cpus < 1 || memoryBytes < 1) {
      throw new IllegalArgumentException("a node needs at least one CPU and some memory");
    }
    images = List.copyOf(images);
  }

  /** A node named for this machine, with its CPUs and memory, running the given images. */
  public static LocalNode ofThisMachine(List<String> images) {
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return new LocalNode(
        hostname(), Runtime.getRuntime().availableProcessors(), os.getTotalMemorySize(), images);
  }

  /** Whether the node can run a container of this image. */
  public boolean runs(String image) {
    return image != null && images.contains(image);
  }

  /** This machine's host name made a valid node name (lower case, DNS characters only). */
  static String hostname() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "localhost";
    }
    String name =
        host.toLowerCase(Locale.ROOT)
            .replaceAll("[^-a-z0-9.]", "-")
            .replaceAll("^[-.]+|[-.]+$", "");
    return name.isEmpty() ? "localhost" : name;
  }
}
