package io.sparkbench.local.kubelet;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hosts file every pod JVM resolves names with ({@code -Djdk.net.hosts.file}): each Service as
 * {@code <svc>}, {@code <svc>.<ns>}, {@code <svc>.<ns>.svc} and {@code
 * <svc>.<ns>.svc.cluster.local} on 127.0.0.1. The file replaces DNS for the JVM, so it also lists
 * localhost and the machine's own host name. As the handler of a Service informer it rewrites the
 * file on every change, atomically, so that a JVM never reads half of it.
 */
final class HostsFile implements ResourceEventHandler<Service> {

  private final Path file;
  private final Map<String, Service> services = new ConcurrentHashMap<>();

  /** The hosts file {@code file}, listing no Service until the informer reports them. */
  HostsFile(Path file) {
    this.file = file;
  }

  static String content(Collection<Service> services, String hostname) {
    List<String> lines = new ArrayList<>();
    lines.add("127.0.0.1 localhost " + hostname);
    lines.add("::1 localhost");
    for (Service service : services) {
      String name = service.getMetadata().getName();
      String namespace = service.getMetadata().getNamespace();
      lines.add(
          String.join(
              " ",
              PodEnvironment.POD_IP,
              name,
              name + "." + namespace,
              name + "." + namespace + ".svc",
              name + "." + namespace + ".svc.cluster.local"));
    }
    return String.join("\n", lines) + "\n";
  }

  @Override
  public void onAdd(Service service) {
    services.put(key(service), service);
    write();
  }

  @Override
  public void onUpdate(Service old, Service service) {
    onAdd(service);
  }

  @Override
  public void onDelete(Service service, boolean unknown) {
    services.remove(key(service));
    write();
  }

  /** Writes the file with the Services known now. */
  void write() {
    String hostname;
    try {
      hostname = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      hostname = "localhost";
    }
    try {
      Path temp = Files.createTempFile(file.getParent(), "hosts", ".tmp");
      Files.writeString(temp, content(services.values(), hostname));
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static String key(Service service) {
    return service.getMetadata().getNamespace() + "/" + service.getMetadata().getName();
  }
}
