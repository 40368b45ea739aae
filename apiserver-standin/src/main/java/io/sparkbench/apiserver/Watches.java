package io.sparkbench.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * The local API server's watches, served as the Kubernetes API server serves them. The mock's own
 * watch ignores {@code resourceVersion}: it starts with an ADDED event for every current object and
 * then sends only what changes while it is open. A client that opens its watch again from the last
 * version it saw (fabric8's informers do so every 5 to 10 minutes, and after a dropped connection)
 * then misses what changed in between, and a deletion in that gap is never seen: the informer keeps
 * the deleted object for good and its controller is never told.
 *
 * <p>Here every change is kept with its resourceVersion (a deletion gets a new one, as in
 * Kubernetes, so that a list taken after it is later than it). A watch from a resourceVersion gets
 * the changes after it, then the live ones; a watch without one (or from "0") starts with the
 * current objects; a version older than the kept history is answered with 410 Expired, upon which
 * informers list again.
 */
final class Watches {

  /** How many changes are kept; a client that falls further behind lists again. */
  static final int HISTORY = 1000;

  /** One change of one object: its keys and labels before and after (null when absent). */
  record Change(
      long version,
      AttributeSet oldKey,
      Map<String, String> oldLabels,
      AttributeSet newKey,
      Map<String, String> newLabels,
      String object) {}

  private final int capacity;
  private final Deque<Change> history = new ArrayDeque<>();
  private final List<Watch> open = new ArrayList<>();

  /** The version of the newest change no longer kept (0: none dropped yet). */
  private long expiredUpTo;

  Watches() {
    this(HISTORY);
  }

  Watches(int capacity) {
    this.capacity = capacity;
  }

  /**
   * Records a change and sends it to the open watches that select the object before or after it.
   *
   * @param existing the stored object before the change, or null when it is created
   * @param newState the stored object after it, or null when it is removed
   * @param removalVersion the resourceVersion the removal got (used when newState is null)
   */
  synchronized void changed(
      AttributeSet oldKey,
      String existing,
      AttributeSet newKey,
      String newState,
      long removalVersion) {
    String object;
    long version;
    if (newState == null) {
      ObjectNode removed = (ObjectNode) Serialization.unmarshal(existing, JsonNode.class);
      ((ObjectNode) removed.path("metadata")).put("resourceVersion", Long.toString(removalVersion));
      object = removed.toString();
      version = removalVersion;
    } else {
      object = newState;
      version = versionOf(newState, removalVersion);
    }
    Change change =
        new Change(
            version,
            existing == null ? null : oldKey,
            existing == null ? Map.of() : labels(existing),
            newState == null ? null : newKey,
            newState == null ? Map.of() : labels(newState),
            object);
    history.addLast(change);
    while (history.size() > capacity) {
      expiredUpTo = history.removeFirst().version();
    }
    for (Watch watch : open) {
      watch.offer(change);
    }
  }

  /** A watch of the objects that {@code query} and {@code selector} (may be null) select. */
  Watch watch(AttributeSet query, LabelSelector selector, String resourceVersion) {
    return new Watch(query, selector, resourceVersion);
  }

  /** Starts a watch that just opened: its first events, then the live ones. */
  private synchronized void start(Watch watch, Map<AttributeSet, String> store) {
    Long since = watch.since();
    if (since == null) {
      List<Map.Entry<AttributeSet, String>> objects;
      synchronized (store) {
        objects = new ArrayList<>(store.entrySet());
      }
      for (Map.Entry<AttributeSet, String> entry : objects) {
        if (watch.selects(entry.getKey(), entry.getValue())) {
          watch.send("ADDED", entry.getValue());
        }
      }
    } else if (since < expiredUpTo) {
      watch.expired(since, expiredUpTo);
      return;
    } else {
      for (Change change : history) {
        if (change.version() > since) {
          watch.offer(change);
        }
      }
    }
    open.add(watch);
  }

  private synchronized void stop(Watch watch) {
    open.remove(watch);
  }

  /** The number of watches open now. */
  synchronized int openWatches() {
    return open.size();
  }

  private static long versionOf(String object, long fallback) {
    String version =
        Serialization.unmarshal(object, JsonNode.class)
            .path("metadata")
            .path("resourceVersion")
            .asText("");
    try {
      return Long.parseLong(version);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static Map<String, String> labels(String object) {
    JsonNode labels =
        Serialization.unmarshal(object, JsonNode.class).path("metadata").path("labels");
    Map<String, String> map = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> label = it.next();
      map.put(label.getKey(), label.getValue().asText());
    }
    return map;
  }

  /**
   * One watch connection. Its events are sent in order by one thread of its own, as the mock's
   * watch does, so that no event waits for a slow client while the store is locked.
   */
  final class Watch extends WebSocketListener {

    private final AttributeSet query;
    private final LabelSelector selector;
    private final String resourceVersion;
    private final ExecutorService sender =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "local-api-watch");
              thread.setDaemon(true);
              return thread;
            });
    private volatile WebSocket socket;
    private volatile Map<AttributeSet, String> store;

    private Watch(AttributeSet query, LabelSelector selector, String resourceVersion) {
      this.query = query;
      this.selector = selector;
      this.resourceVersion = resourceVersion;
    }

    /** The store whose current objects a watch without a resourceVersion starts with. */
    Watch over(Map<AttributeSet, String> objects) {
      this.store = objects;
      return this;
    }

    /** The version to send the changes after, or null to start with the current objects. */
    Long since() {
      if (resourceVersion == null || resourceVersion.isEmpty() || "0".equals(resourceVersion)) {
        return null;
      }
      try {
        return Long.parseLong(resourceVersion);
      } catch (NumberFormatException e) {
        return null;
      }
    }

    @Override
    public void onOpen(WebSocket webSocket, Response response) {
      socket = webSocket;
      start(this, store);
    }

    @Override
    public void onClosing(WebSocket webSocket, int code, String reason) {
      webSocket.close(code, reason);
    }

    @Override
    public void onClosed(WebSocket webSocket, int code, String reason) {
      closed();
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable error, Response response) {
      webSocket.close(1000, String.valueOf(error.getMessage()));
      closed();
    }

    private void closed() {
      stop(this);
      sender.shutdown();
    }

    boolean selects(AttributeSet key, String object) {
      return key != null
          && key.matches(query)
          && (selector == null || selector.matches(labels(object)));
    }

    private boolean selects(AttributeSet key, Map<String, String> labels) {
      return key != null && key.matches(query) && (selector == null || selector.matches(labels));
    }

    /** Sends a change as this watch sees it: an object leaving its selection is DELETED. */
    void offer(Change change) {
      boolean before = selects(change.oldKey(), change.oldLabels());
      boolean after = selects(change.newKey(), change.newLabels());
      if (before && after) {
        send("MODIFIED", change.object());
      } else if (before) {
        send("DELETED", change.object());
      } else if (after) {
        send("ADDED", change.object());
      }
    }

    void send(String type, String object) {
      String event = "{\"type\":\"" + type + "\",\"object\":" + object + "}";
      execute(() -> socket.send(event));
    }

    /** As the API server answers a watch from a version it no longer has: 410, then closed. */
    void expired(long since, long oldest) {
      String status =
          Serialization.asJson(
              Map.of(
                  "apiVersion", "v1",
                  "kind", "Status",
                  "metadata", Map.of(),
                  "status", "Failure",
                  "message", "too old resource version: " + since + " (" + oldest + ")",
                  "reason", "Expired",
                  "code", 410));
      String event = "{\"type\":\"ERROR\",\"object\":" + status + "}";
      execute(
          () -> {
            socket.send(event);
            socket.close(1000, "");
          });
    }

    private void execute(Runnable task) {
      try {
        sender.execute(task);
      } catch (RejectedExecutionException e) {
        // closed meanwhile: nobody is listening any more
      }
    }
  }
}
