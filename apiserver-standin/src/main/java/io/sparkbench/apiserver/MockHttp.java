package io.sparkbench.apiserver;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The mock web server's requests and responses as {@link LocalApiDispatcher} rewrites and answers
 * them: a request's body, the same request with another body or path (to hand on to the mock's own
 * handling), and JSON responses, failures as the API server's {@code Status} objects.
 */
final class MockHttp {

  private MockHttp() {}

  static String body(RecordedRequest request) {
    Buffer body = request.getBody();
    return body == null ? "" : new String(body.getBytes(), StandardCharsets.UTF_8);
  }

  static RecordedRequest withBody(RecordedRequest request, String contentType, String body) {
    return new RecordedRequest(
        request.getHttpVersion(),
        request.method(),
        request.getPath(),
        headers(contentType),
        new Buffer(body.getBytes(StandardCharsets.UTF_8)));
  }

  static RecordedRequest withPath(RecordedRequest request, String path) {
    return new RecordedRequest(
        request.getHttpVersion(), request.method(), path, request.getHeaders(), request.getBody());
  }

  static Headers headers(String contentType) {
    return Headers.builder().add("Content-Type", contentType).build();
  }

  static MockResponse json(int code, String body) {
    return new MockResponse().setResponseCode(code).setBody(body);
  }

  static MockResponse notFound() {
    return json(404, status(404, "NotFound", "the server could not find the requested resource"));
  }

  static String status(int code, String reason, String message) {
    return Serialization.asJson(
        Map.of(
            "apiVersion",
            "v1",
            "kind",
            "Status",
            "status",
            "Failure",
            "code",
            code,
            "reason",
            reason,
            "message",
            message));
  }
}
