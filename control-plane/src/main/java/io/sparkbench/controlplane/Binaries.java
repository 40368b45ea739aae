package io.sparkbench.controlplane;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * Where {@code control-plane/build.sh} puts the control-plane binaries, at the versions pinned in
 * the parent pom: {@code ${KUBE_API_TEST_DIR:-~/.kubeapitest}/k8s/<version>-linux-<arch>/}, the
 * layout of fabric8's kube-api-test, whose {@code CertManager} keeps the certificates in {@code
 * testDir}.
 *
 * @param testDir kube-api-test's folder (the certificates live there too)
 * @param kubernetesVersion e.g. {@code 1.36.3}
 * @param etcdVersion e.g. {@code 3.6.16}
 */
public record Binaries(Path testDir, String kubernetesVersion, String etcdVersion) {

  /** Every binary the control plane needs. */
  public static final List<String> NAMES =
      List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl");

  /** The binaries a {@link RealNode} needs beside the control plane's. */
  public static final List<String> NODE_NAMES = List.of("kubelet", "kube-proxy", "coredns");

  /** The pinned versions, in kube-api-test's folder on this machine. */
  public static Binaries pinned() {
    Properties versions = new Properties();
    try (InputStream in =
        Binaries.class.getResourceAsStream("/sparkbench-control-plane.properties")) {
      versions.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String dir = System.getenv("KUBE_API_TEST_DIR");
    Path testDir =
        dir == null || dir.isBlank()
            ? Path.of(System.getProperty("user.home"), ".kubeapitest")
            : Path.of(dir);
    return new Binaries(
        testDir.toAbsolutePath(),
        versions.getProperty("kubernetes.version"),
        versions.getProperty("etcd.version"));
  }

  /** The folder of this version's binaries. */
  public Path dir() {
    return testDir.resolve("k8s").resolve(kubernetesVersion + "-linux-" + arch());
  }

  public Path path(String name) {
    return dir().resolve(name);
  }

  /** The binaries that are not there (or not executable); empty when all are. */
  public List<String> missing() {
    return NAMES.stream().filter(name -> !Files.isExecutable(path(name))).toList();
  }

  /** The node's binaries that are not there (or not executable); empty when all are. */
  public List<String> missingNodeBinaries() {
    return NODE_NAMES.stream().filter(name -> !Files.isExecutable(path(name))).toList();
  }

  /** Why the control plane cannot start here, in one line, or null when it can. */
  public String unavailableReason() {
    List<String> missing = missing();
    if (missing.isEmpty()) {
      return null;
    }
    return "control-plane binaries "
        + missing
        + " (Kubernetes "
        + kubernetesVersion
        + ") not found in "
        + dir()
        + ": run control-plane/build.sh (needs Go)";
  }

  /**
   * This machine's architecture as Kubernetes names it ({@code amd64}, {@code arm64}): the name of
   * the binaries' folder, and what a node running here reports as its {@code kubernetes.io/arch}.
   */
  public static String arch() {
    String arch = System.getProperty("os.arch");
    return arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "amd64";
  }
}
