package io.sparkbench.local;

import io.fabric8.kubernetes.api.model.Service;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The hosts file every pod JVM resolves names with ({@code -Djdk.net.hosts.file}): each Service as
 * {@code <svc>}, {@code <svc>.<ns>}, {@code <svc>.<ns>.svc} and {@code
 * <svc>.<ns>.svc.cluster.local} on 127.0.0.1. The file replaces DNS for the JVM, so it also lists
 * localhost and the machine's own host name.
 */
final class HostsFile {

  private HostsFile() {}

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
}
