package io.sparkbench.apiserver;

import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

/**
 * A test's hand on the API server stand-in: it sees every request first and may answer it itself
 * (refuse a chosen write, say), or return null to let the stand-in answer as usual. Its answers
 * bypass the stand-in entirely: nothing is stored and no watch hears of them.
 */
@FunctionalInterface
public interface RequestFilter {

  /** Answers nothing itself. */
  RequestFilter NONE = request -> null;

  /** The response to send instead of the stand-in's, or null to let the stand-in answer. */
  MockResponse answer(RecordedRequest request);

  /**
   * A failed request as the API server answers it: a {@code Status} object of {@code code} with its
   * {@code reason} and {@code message}.
   */
  static MockResponse failure(int code, String reason, String message) {
    return MockHttp.json(code, MockHttp.status(code, reason, message));
  }

  /** The request's body as text, empty when it has none. */
  static String body(RecordedRequest request) {
    return MockHttp.body(request);
  }
}
