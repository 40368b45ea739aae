package io.sparkbench.apiserver;

import static io.sparkbench.apiserver.MockHttp.body;
import static io.sparkbench.apiserver.MockHttp.headers;
import static io.sparkbench.apiserver.MockHttp.json;
import static io.sparkbench.apiserver.MockHttp.notFound;
import static io.sparkbench.apiserver.MockHttp.status;
import static io.sparkbench.apiserver.MockHttp.withBody;
import static io.sparkbench.apiserver.MockHttp.withPath;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The fabric8 CRUD dispatcher with the few behaviours the operator and Spark need from a real API
 * server: a server-side-apply stand-in, {@code Pending} as a new pod's phase, set-based label
 * selectors on list, delete and watch, watches that resume from a resourceVersion ({@link
 * Watches}), owner-reference cascade on delete ({@link GarbageCollector}), and discovery documents.
 * Everything else is the mock's own behaviour.
 */
final class LocalApiDispatcher extends KubernetesCrudDispatcher {

  static final String APPLY_PATCH = "application/apply-patch+yaml";
  private static final String MERGE_PATCH = "application/merge-patch+json";
  private static final String JSON_PATCH = "application/json-patch+json";
  private static final String JSON = "application/json";
  private static final String CRD_PATH = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

  private static final ObjectMapper JSON_MAPPER = Serialization.jsonMapper();
  private static final ObjectMapper YAML_MAPPER = new ObjectMapper(new YAMLFactory());
  private static final String OPENAPI_V2_PROTOBUF_TYPE = "application/octet-stream";
  // openapi_v2.Document with only field 1 (swagger) = "2.0".
  private static final byte[] OPENAPI_V2_PROTOBUF = {0x0A, 0x03, '2', '.', '0'};
  private static final String OPENAPI_V2 =
      "{\"swagger\":\"2.0\",\"info\":{\"title\":\"sparkbench local cluster\","
          + "\"version\":\"v1\"},\"paths\":{},\"definitions\":{}}";

  /** Sees every request first; answers the ones a test wants answered otherwise. */
  private final RequestFilter filter;

  /** Held by every write, see {@link #resource}. */
  private final Object writes = new Object();

  /** Open watches and the recent changes they may resume from. */
  private final Watches watches = new Watches();

  /** The owner-reference cascade, run after each request. */
  private final GarbageCollector garbage =
      new GarbageCollector(this::storedObjects, path -> super.handleDelete(path));

  LocalApiDispatcher(RequestFilter filter) {
    this.filter = filter;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    MockResponse filtered = filter.answer(request);
    MockResponse response = filtered != null ? filtered : route(request);
    garbage.collect();
    if (response != null
        && response.getWebSocketListener() == null
        && response.getHeaders().header("Content-Type") == null) {
      response.setHeader("Content-Type", JSON);
    }
    return response;
  }

  private MockResponse route(RecordedRequest request) {
    String path = request.getPath();
    HttpMethod method = request.method();
    if (method == HttpMethod.GET && path.startsWith("/version")) {
      return json(
          200, "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0-sparkbench-local\"}");
    }
    if (method == HttpMethod.GET && ApiDiscovery.handles(path)) {
      String document = ApiDiscovery.document(path, crds());
      return document == null ? notFound() : json(200, document);
    }
    if (method == HttpMethod.GET && path.startsWith("/openapi/v2")) {
      // A document with no schemas: kubectl then has nothing to validate on the client. kubectl
      // asks for (and only parses) the protobuf form.
      String accept = request.getHeader("Accept");
      if (accept != null && accept.contains("protobuf")) {
        return new MockResponse()
            .setResponseCode(200)
            .setHeader("Content-Type", OPENAPI_V2_PROTOBUF_TYPE)
            .setBody(OPENAPI_V2_PROTOBUF);
      }
      return json(200, OPENAPI_V2);
    }
    if (!path.startsWith("/api")) {
      return notFound();
    }
    ApiPath api = ApiPath.parse(path);
    if (api == null) {
      return super.dispatch(request);
    }
    MockResponse response = resource(request, api);
    if (method == HttpMethod.GET
        && !api.isWatch()
        && TableView.wanted(request.getHeader("Accept"))
        && response.code() == HttpURLConnection.HTTP_OK) {
      JsonNode body = Serialization.unmarshal(response.getBody().readUtf8(), JsonNode.class);
      CustomResourceDefinition crd =
          crds().stream()
              .filter(c -> c.getSpec().getGroup().equals(api.group()))
              .filter(c -> c.getSpec().getNames().getPlural().equals(api.plural()))
              .findFirst()
              .orElse(null);
      return json(
          200,
          TableView.of(body, api.plural(), api.version(), crd, java.time.Instant.now()).toString());
    }
    return response;
  }

  private MockResponse resource(RecordedRequest request, ApiPath api) {
    HttpMethod method = request.method();
    if (method == HttpMethod.GET) {
      return stored(request, api);
    }
    // One write at a time, so that an update's version check and its write see the same object.
    synchronized (writes) {
      return stored(request, api);
    }
  }

  private MockResponse stored(RecordedRequest request, ApiPath api) {
    HttpMethod method = request.method();
    String path = request.getPath();
    if ((method == HttpMethod.PATCH || method == HttpMethod.PUT) && path.contains("?")) {
      // The mock recognises a status write by the path's ending, so queries such as
      // ?fieldManager=x would turn a status write into a write of everything but the status.
      request = withPath(request, path.substring(0, path.indexOf('?')));
    }
    if (method == HttpMethod.PUT && api.name() != null) {
      MockResponse conflict = staleUpdate(request, api);
      if (conflict != null) {
        return conflict;
      }
    }
    String contentType = request.getHeader("Content-Type");
    if (method == HttpMethod.PATCH && contentType != null && contentType.startsWith(APPLY_PATCH)) {
      return apply(request, api);
    }
    if (method == HttpMethod.POST && api.name() == null && api.subresource() == null) {
      return create(api, request);
    }
    LabelSelector selector = setBasedSelector(api);
    if (selector != null && api.name() == null && !api.isWatch()) {
      if (method == HttpMethod.GET) {
        return json(200, Serialization.asJson(select(api, selector)));
      }
      if (method == HttpMethod.DELETE) {
        return deleteSelected(api, selector);
      }
    }
    return super.dispatch(request);
  }

  /**
   * Watches as the API server serves them ({@link Watches}): from the request's resourceVersion,
   * with set-based label selectors applied here (the mock's attributes cannot express them).
   */
  @Override
  public MockResponse handleWatch(String path) {
    ApiPath api = ApiPath.parse(path);
    LabelSelector selector = api == null ? null : setBasedSelector(api);
    AttributeSet query = getKey(selector == null ? path : api.withoutQuery("labelSelector"));
    String name = api == null ? null : watchedName(api);
    if (name != null) {
      query = query.add(new Attribute(KubernetesAttributesExtractor.NAME, name));
    }
    String resourceVersion = api == null ? null : api.query().get("resourceVersion");
    return new MockResponse()
        .withWebSocketUpgrade(watches.watch(query, selector, resourceVersion).over(getMap()));
  }

  /** The object a watch is limited to by {@code fieldSelector=metadata.name=...}, or null. */
  private static String watchedName(ApiPath api) {
    String fieldSelector = api.query().get("fieldSelector");
    if (fieldSelector == null) {
      return null;
    }
    for (String requirement : fieldSelector.split(",")) {
      if (requirement.startsWith("metadata.name=")) {
        return requirement.substring("metadata.name=".length());
      }
    }
    return null;
  }

  /**
   * An update (of an object or of its status) that names a resourceVersion other than the stored
   * one is refused with 409 Conflict, as Kubernetes refuses it; without a version it replaces what
   * is stored. Null when the update may go ahead (or the object is absent: the mock says so).
   */
  private MockResponse staleUpdate(RecordedRequest request, ApiPath api) {
    JsonNode body;
    try {
      body = JSON_MAPPER.readTree(body(request));
    } catch (IOException e) {
      return null;
    }
    String version = body == null ? "" : body.path("metadata").path("resourceVersion").asText("");
    if (version.isEmpty()) {
      return null;
    }
    MockResponse current = super.handleGet(api.object(api.namespace(), api.name()));
    if (current.code() != HttpURLConnection.HTTP_OK) {
      return null;
    }
    String stored =
        Serialization.unmarshal(current.getBody().readUtf8(), JsonNode.class)
            .path("metadata")
            .path("resourceVersion")
            .asText("");
    if (version.equals(stored)) {
      return null;
    }
    String resource = api.group().isEmpty() ? api.plural() : api.plural() + "." + api.group();
    return json(
        409,
        status(
            409,
            "Conflict",
            "Operation cannot be fulfilled on "
                + resource
                + " \""
                + api.name()
                + "\": the object has been modified; please apply your changes to the latest"
                + " version and try again"));
  }

  /** Server-side apply stand-in: create when absent, otherwise a JSON merge patch. */
  private MockResponse apply(RecordedRequest request, ApiPath api) {
    JsonNode object;
    try {
      object = YAML_MAPPER.readTree(body(request));
    } catch (IOException e) {
      return json(400, status(400, "BadRequest", "invalid apply patch: " + e.getMessage()));
    }
    if (object == null || !object.isObject()) {
      return json(400, status(400, "BadRequest", "apply patch is not an object"));
    }
    String objectPath = api.object(api.namespace(), api.name());
    boolean exists = super.handleGet(objectPath).code() == HttpURLConnection.HTTP_OK;
    String content = object.toString();
    if (exists) {
      if ("status".equals(api.subresource()) && object.has("status")) {
        // One manager (the operator) owns a status: fields it leaves out are gone, as with SSA.
        ArrayNode replace = JSON_MAPPER.createArrayNode();
        replace
            .addObject()
            .put("op", "add")
            .put("path", "/status")
            .set("value", object.get("status"));
        return super.dispatch(withBody(request, JSON_PATCH, replace.toString()));
      }
      return super.dispatch(withBody(request, MERGE_PATCH, content));
    }
    if (api.subresource() != null) {
      return notFound();
    }
    return create(
        api,
        new RecordedRequest(
            request.getHttpVersion(),
            HttpMethod.POST,
            api.collection(),
            headers(JSON),
            new Buffer(content.getBytes(StandardCharsets.UTF_8))));
  }

  /** The stored objects of the collection that the full selector (set-based included) selects. */
  private ObjectNode select(ApiPath api, LabelSelector selector) {
    MockResponse all = super.handleGet(api.withoutQuery("labelSelector"));
    ObjectNode list =
        (ObjectNode) Serialization.unmarshal(all.getBody().readUtf8(), JsonNode.class);
    ArrayNode kept = list.arrayNode();
    for (JsonNode item : list.path("items")) {
      Map<String, String> labels =
          JSON_MAPPER.convertValue(
              item.path("metadata").path("labels"),
              JSON_MAPPER.getTypeFactory().constructMapType(Map.class, String.class, String.class));
      if (selector.matches(labels)) {
        kept.add(item);
      }
    }
    list.set("items", kept);
    return list;
  }

  private MockResponse deleteSelected(ApiPath api, LabelSelector selector) {
    ObjectNode selected = select(api, selector);
    for (JsonNode item : selected.path("items")) {
      JsonNode metadata = item.path("metadata");
      super.handleDelete(
          api.object(metadata.path("namespace").asText(null), metadata.path("name").asText()));
    }
    return json(200, Serialization.asJson(selected));
  }

  private static LabelSelector setBasedSelector(ApiPath api) {
    String raw = api.query().get("labelSelector");
    if (raw == null || raw.isBlank()) {
      return null;
    }
    LabelSelector selector = LabelSelector.parse(raw);
    return selector.hasSetBasedRequirement() ? selector : null;
  }

  /**
   * Stores a change (called with the store's write lock held), passes it to the watches and records
   * removals so that their dependents can be collected after the request. A removal gets a new
   * resourceVersion, as in Kubernetes.
   */
  @Override
  public void processEvent(
      String path,
      AttributeSet pathAttributes,
      AttributeSet oldAttributes,
      GenericKubernetesResource resource,
      String newState) {
    String existing = oldAttributes == null ? null : getMap().get(oldAttributes);
    if (existing == null && newState != null) {
      newState = withRandomUid(newState);
    }
    synchronized (watches) {
      super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
      if (!Objects.equals(existing, newState)) {
        AttributeSet newKey = newState == null ? null : storedKey(newState);
        long removalVersion = newState == null ? requestResourceVersion() : 0;
        watches.changed(oldAttributes, existing, newKey, newState, removalVersion);
      }
    }
    if (newState == null && existing != null) {
      garbage.removed(existing);
    }
  }

  /** The key under which the store keeps an object's new state. */
  private AttributeSet storedKey(String newState) {
    synchronized (getMap()) {
      for (Map.Entry<AttributeSet, String> entry : getMap().entrySet()) {
        if (entry.getValue() == newState) {
          return entry.getKey();
        }
      }
    }
    return getAttributeExtractor().fromResource(newState);
  }

  /** A copy of the store, taken under its lock. */
  private Map<AttributeSet, String> storedObjects() {
    synchronized (getMap()) {
      return Map.copyOf(getMap());
    }
  }

  /** The stored CustomResourceDefinitions. */
  List<CustomResourceDefinition> crds() {
    MockResponse response = super.handleGet(CRD_PATH);
    List<CustomResourceDefinition> crds = new ArrayList<>();
    JsonNode list = Serialization.unmarshal(response.getBody().readUtf8(), JsonNode.class);
    for (JsonNode item : list.path("items")) {
      crds.add(JSON_MAPPER.convertValue(item, CustomResourceDefinition.class));
    }
    return crds;
  }

  private static boolean isPodCollection(ApiPath api) {
    return api.group().isEmpty()
        && "pods".equals(api.plural())
        && api.name() == null
        && api.namespace() != null;
  }

  /**
   * A create, from a POST or a server-side apply of an absent object: a pod in phase {@code
   * Pending}, and the answer the object as stored.
   */
  private MockResponse create(ApiPath api, RecordedRequest post) {
    RecordedRequest create =
        isPodCollection(api) ? withBody(post, JSON, pendingIfNoPhase(body(post))) : post;
    return asStored(api, super.dispatch(create));
  }

  /**
   * A create's response with the object as stored, which {@link #processEvent} gave a UID of its
   * own (the mock answers with the UID it made before storing).
   */
  private MockResponse asStored(ApiPath api, MockResponse created) {
    if (created.code() != HttpURLConnection.HTTP_CREATED) {
      return created;
    }
    JsonNode metadata =
        Serialization.unmarshal(created.getBody().readUtf8(), JsonNode.class).path("metadata");
    MockResponse stored =
        super.handleGet(
            api.object(
                metadata.path("namespace").asText(api.namespace()),
                metadata.path("name").asText()));
    return json(HttpURLConnection.HTTP_CREATED, stored.getBody().readUtf8());
  }

  /**
   * A new object's state with a random UID, as a real API server gives it. The mock counts UIDs
   * from 1 in every JVM, so an object re-created by a later process would get an earlier one's UID
   * and, with it, say, the same Spark application id.
   */
  private static String withRandomUid(String newState) {
    JsonNode node = Serialization.unmarshal(newState, JsonNode.class);
    if (!(node instanceof ObjectNode object) || !object.path("metadata").isObject()) {
      return newState;
    }
    ((ObjectNode) object.get("metadata")).put("uid", UUID.randomUUID().toString());
    return object.toString();
  }

  /** A pod stored with no status makes Spark's pod watcher fail; a real API server says Pending. */
  static String pendingIfNoPhase(String pod) {
    JsonNode node = Serialization.unmarshal(pod, JsonNode.class);
    if (!(node instanceof ObjectNode object)) {
      return pod;
    }
    JsonNode status = object.path("status");
    if (!status.isObject()) {
      status = object.putObject("status");
    }
    if (!status.hasNonNull("phase")) {
      ((ObjectNode) status).put("phase", "Pending");
    }
    return object.toString();
  }
}
