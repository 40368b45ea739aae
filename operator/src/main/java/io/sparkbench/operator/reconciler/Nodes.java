package io.sparkbench.operator.reconciler;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The nodes drivers ran on, read for a run's fingerprint (instance type, architecture, zone) and
 * kept a few minutes, so a benchmark's runs on one node read it once. A node the operator may not
 * read (no {@code get} on nodes: 403), one that is gone (404) or an API error is unknown: the run
 * is recorded without its labels, never failed for them.
 */
final class Nodes {

  private static final Logger LOG = LoggerFactory.getLogger(Nodes.class);

  /** How long a node read (or its absence) is kept. */
  static final Duration KEEP = Duration.ofMinutes(5);

  /** Beyond this many nodes the kept ones are dropped, so the map stays small. */
  static final int MAX_KEPT = 1000;

  private record Read(Node node, Instant at) {}

  private final Map<String, Read> kept = new ConcurrentHashMap<>();

  /** The node named {@code name}, or null when it has none, is unknown or may not be read. */
  Node get(KubernetesClient client, String name, Instant now) {
    if (name == null || name.isBlank()) {
      return null;
    }
    Read read = kept.get(name);
    if (read != null && read.at().plus(KEEP).isAfter(now)) {
      return read.node();
    }
    Node node;
    try {
      node = client.nodes().withName(name).get();
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_FORBIDDEN
          && e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        LOG.warn("node={} not read for the run's fingerprint: {}", name, e.getMessage());
        return null;
      }
      LOG.debug("node={} may not be read ({}): its labels stay unknown", name, e.getCode());
      node = null;
    }
    if (kept.size() >= MAX_KEPT) {
      kept.clear();
    }
    kept.put(name, new Read(node, now));
    return node;
  }
}
