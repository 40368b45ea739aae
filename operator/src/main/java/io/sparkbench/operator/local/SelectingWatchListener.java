package io.sparkbench.operator.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.Response;
import io.fabric8.mockwebserver.http.WebSocket;
import io.fabric8.mockwebserver.http.WebSocketListener;
import java.util.Map;

/**
 * A watch with a set-based label selector: the mock watches the collection without the selector and
 * this listener passes on only the events of selected objects. An object modified so that it no
 * longer matches is reported as deleted, as the API server does.
 */
final class SelectingWatchListener extends WebSocketListener {

  private final WebSocketListener delegate;
  private final LabelSelector selector;
  private volatile WebSocket selecting;

  SelectingWatchListener(WebSocketListener delegate, LabelSelector selector) {
    this.delegate = delegate;
    this.selector = selector;
  }

  private WebSocket wrap(WebSocket socket) {
    WebSocket current = selecting;
    if (current == null) {
      current = new Selecting(socket);
      selecting = current;
    }
    return current;
  }

  @Override
  public void onBeforeAccept(WebSocket webSocket, Response response) {
    delegate.onBeforeAccept(wrap(webSocket), response);
  }

  @Override
  public void onOpen(WebSocket webSocket, Response response) {
    delegate.onOpen(wrap(webSocket), response);
  }

  @Override
  public void onMessage(WebSocket webSocket, String text) {
    delegate.onMessage(wrap(webSocket), text);
  }

  @Override
  public void onMessage(WebSocket webSocket, byte[] bytes) {
    delegate.onMessage(wrap(webSocket), bytes);
  }

  @Override
  public void onClosing(WebSocket webSocket, int code, String reason) {
    delegate.onClosing(wrap(webSocket), code, reason);
  }

  @Override
  public void onClosed(WebSocket webSocket, int code, String reason) {
    delegate.onClosed(wrap(webSocket), code, reason);
  }

  @Override
  public void onFailure(WebSocket webSocket, Throwable error, Response response) {
    delegate.onFailure(wrap(webSocket), error, response);
  }

  /** The event to send for a watch event of the unfiltered watch, or null for none. */
  String select(String event) {
    JsonNode node = Serialization.unmarshal(event, JsonNode.class);
    JsonNode labels = node.path("object").path("metadata").path("labels");
    @SuppressWarnings("unchecked")
    Map<String, String> map =
        labels.isObject() ? Serialization.jsonMapper().convertValue(labels, Map.class) : Map.of();
    if (selector.matches(map)) {
      return event;
    }
    if ("MODIFIED".equals(node.path("type").asText()) && node instanceof ObjectNode object) {
      object.put("type", "DELETED");
      return object.toString();
    }
    return null;
  }

  private final class Selecting implements WebSocket {
    private final WebSocket socket;

    Selecting(WebSocket socket) {
      this.socket = socket;
    }

    @Override
    public RecordedRequest request() {
      return socket.request();
    }

    @Override
    public boolean send(String text) {
      String selected = select(text);
      return selected == null || socket.send(selected);
    }

    @Override
    public boolean send(byte[] bytes) {
      return send(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
    }

    @Override
    public boolean close(int code, String reason) {
      return socket.close(code, reason);
    }
  }
}
