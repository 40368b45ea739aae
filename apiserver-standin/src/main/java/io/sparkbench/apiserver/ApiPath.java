package io.sparkbench.apiserver;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request path of the Kubernetes REST API split into its parts, e.g. {@code
 * /apis/sparkbench.io/v1alpha1/namespaces/default/scalingbenchmarks/a/status?x=y}.
 *
 * @param group API group, empty for the core group
 * @param version API version
 * @param namespace namespace, or null for cluster-wide and cluster-scoped requests
 * @param plural resource (plural name)
 * @param name object name, or null for a collection
 * @param subresource e.g. {@code status}, or null
 * @param query decoded query parameters
 */
record ApiPath(
    String group,
    String version,
    String namespace,
    String plural,
    String name,
    String subresource,
    Map<String, String> query) {

  private static final Pattern RESOURCE =
      Pattern.compile(
          "/(?:api/(?<core>[^/]+)|apis/(?<group>[^/]+)/(?<version>[^/]+))"
              + "(?:/namespaces/(?<namespace>[^/]+))?/(?<plural>[^/]+)"
              + "(?:/(?<name>[^/]+))?(?:/(?<sub>[^/]+))?");

  /** The parsed path, or null when it does not name a resource or collection. */
  static ApiPath parse(String requestPath) {
    int q = requestPath.indexOf('?');
    String path = q < 0 ? requestPath : requestPath.substring(0, q);
    Matcher m = RESOURCE.matcher(path);
    if (!m.matches()) {
      return null;
    }
    boolean core = m.group("core") != null;
    return new ApiPath(
        core ? "" : m.group("group"),
        core ? m.group("core") : m.group("version"),
        m.group("namespace"),
        m.group("plural"),
        m.group("name"),
        m.group("sub"),
        query(q < 0 ? "" : requestPath.substring(q + 1)));
  }

  /** The path of one object. */
  static String of(String apiVersion, String plural, String namespace, String name) {
    String prefix = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
    String scope = namespace == null || namespace.isEmpty() ? "" : "/namespaces/" + namespace;
    return prefix + scope + "/" + plural + (name == null ? "" : "/" + name);
  }

  String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** This collection, or the collection the named object belongs to, without query. */
  String collection() {
    return of(apiVersion(), plural, namespace, null);
  }

  /** The named object (without subresource or query). */
  String object(String objectNamespace, String objectName) {
    return of(apiVersion(), plural, objectNamespace, objectName);
  }

  /** The same path with one query parameter removed. */
  String withoutQuery(String key) {
    Map<String, String> rest = new LinkedHashMap<>(query);
    rest.remove(key);
    StringBuilder path =
        new StringBuilder(of(apiVersion(), plural, namespace, name))
            .append(subresource == null ? "" : "/" + subresource);
    String separator = "?";
    for (Map.Entry<String, String> entry : rest.entrySet()) {
      path.append(separator)
          .append(entry.getKey())
          .append('=')
          .append(java.net.URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8));
      separator = "&";
    }
    return path.toString();
  }

  boolean isWatch() {
    return "true".equals(query.get("watch")) || "1".equals(query.get("watch"));
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      params.put(
          URLDecoder.decode(key, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return params;
  }
}
