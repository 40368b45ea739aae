package io.sparkbench.apiserver;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The discovery documents kubectl reads before it does anything ({@code /api}, {@code /api/v1},
 * {@code /apis}, {@code /apis/<group>}, {@code /apis/<group>/<version>}), built from a fixed list
 * of built-in kinds plus the stored CustomResourceDefinitions. Query strings are ignored.
 */
final class ApiDiscovery {

  private static final Pattern PATH =
      Pattern.compile(
          "/(?:api|api/(?<core>[^/]+)|apis|apis/(?<group>[^/]+)(?:/(?<version>[^/]+))?)/?");

  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

  /** The built-in kinds the local cluster serves: group, version, plural, kind, namespaced. */
  private static final List<Kind> BUILT_IN =
      List.of(
          new Kind("", "v1", "pods", "Pod", true, "po"),
          new Kind("", "v1", "services", "Service", true, "svc"),
          new Kind("", "v1", "configmaps", "ConfigMap", true, "cm"),
          new Kind("", "v1", "secrets", "Secret", true, null),
          new Kind("", "v1", "serviceaccounts", "ServiceAccount", true, "sa"),
          new Kind("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, "pvc"),
          new Kind("", "v1", "events", "Event", true, "ev"),
          new Kind("", "v1", "endpoints", "Endpoints", true, "ep"),
          new Kind("", "v1", "namespaces", "Namespace", false, "ns"),
          new Kind("", "v1", "nodes", "Node", false, "no"),
          new Kind(
              "apiextensions.k8s.io",
              "v1",
              "customresourcedefinitions",
              "CustomResourceDefinition",
              false,
              "crd"),
          new Kind("coordination.k8s.io", "v1", "leases", "Lease", true, null),
          new Kind("events.k8s.io", "v1", "events", "Event", true, "ev"),
          new Kind("rbac.authorization.k8s.io", "v1", "roles", "Role", true, null),
          new Kind("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, null),
          new Kind("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, null),
          new Kind(
              "rbac.authorization.k8s.io",
              "v1",
              "clusterrolebindings",
              "ClusterRoleBinding",
              false,
              null));

  private record Kind(
      String group,
      String version,
      String plural,
      String kind,
      boolean namespaced,
      String shortName) {
    APIResource toResource() {
      APIResourceBuilder builder =
          new APIResourceBuilder()
              .withName(plural)
              .withSingularName(kind.toLowerCase(java.util.Locale.ROOT))
              .withKind(kind)
              .withNamespaced(namespaced)
              .withVerbs(VERBS);
      if (shortName != null) {
        builder.withShortNames(shortName);
      }
      return builder.build();
    }
  }

  private ApiDiscovery() {}

  /** True for the discovery paths this class answers. */
  static boolean handles(String requestPath) {
    return PATH.matcher(stripQuery(requestPath)).matches();
  }

  /** The discovery document for the path, or null when the group or version is unknown. */
  static String document(String requestPath, List<CustomResourceDefinition> crds) {
    Matcher m = PATH.matcher(stripQuery(requestPath));
    if (!m.matches()) {
      return null;
    }
    String path = stripQuery(requestPath).replaceAll("/$", "");
    Map<String, Map<String, List<APIResource>>> groups = groups(crds);
    if (path.equals("/api")) {
      return Serialization.asJson(new APIVersionsBuilder().withVersions("v1").build());
    }
    if (m.group("core") != null) {
      return resourceList("v1", groups.get("").get(m.group("core")));
    }
    if (path.equals("/apis")) {
      List<APIGroup> list = new ArrayList<>();
      groups.forEach(
          (group, versions) -> {
            if (!group.isEmpty()) {
              list.add(group(group, versions));
            }
          });
      return Serialization.asJson(new APIGroupListBuilder().withGroups(list).build());
    }
    Map<String, List<APIResource>> versions = groups.get(m.group("group"));
    if (versions == null) {
      return null;
    }
    if (m.group("version") == null) {
      return Serialization.asJson(group(m.group("group"), versions));
    }
    List<APIResource> resources = versions.get(m.group("version"));
    return resources == null
        ? null
        : resourceList(m.group("group") + "/" + m.group("version"), resources);
  }

  private static String resourceList(String groupVersion, List<APIResource> resources) {
    if (resources == null) {
      return null;
    }
    return Serialization.asJson(
        new APIResourceListBuilder()
            .withGroupVersion(groupVersion)
            .withResources(resources)
            .build());
  }

  private static APIGroup group(String name, Map<String, List<APIResource>> versions) {
    List<GroupVersionForDiscovery> list = new ArrayList<>();
    versions.keySet().forEach(v -> list.add(new GroupVersionForDiscovery(name + "/" + v, v)));
    return new APIGroupBuilder()
        .withName(name)
        .withVersions(list)
        .withPreferredVersion(list.get(0))
        .build();
  }

  /** group → version → resources, built-in kinds first. */
  private static Map<String, Map<String, List<APIResource>>> groups(
      List<CustomResourceDefinition> crds) {
    Map<String, Map<String, List<APIResource>>> groups = new LinkedHashMap<>();
    for (Kind kind : BUILT_IN) {
      add(groups, kind.group(), kind.version(), kind.toResource());
    }
    for (CustomResourceDefinition crd : crds) {
      var spec = crd.getSpec();
      var names = spec.getNames();
      for (CustomResourceDefinitionVersion version : spec.getVersions()) {
        if (Boolean.FALSE.equals(version.getServed())) {
          continue;
        }
        APIResource resource =
            new APIResourceBuilder()
                .withName(names.getPlural())
                .withSingularName(names.getSingular())
                .withKind(names.getKind())
                .withNamespaced("Namespaced".equals(spec.getScope()))
                .withShortNames(names.getShortNames())
                .withCategories(names.getCategories())
                .withVerbs(VERBS)
                .build();
        add(groups, spec.getGroup(), version.getName(), resource);
        if (version.getSubresources() != null && version.getSubresources().getStatus() != null) {
          add(
              groups,
              spec.getGroup(),
              version.getName(),
              new APIResourceBuilder()
                  .withName(names.getPlural() + "/status")
                  .withKind(names.getKind())
                  .withNamespaced("Namespaced".equals(spec.getScope()))
                  .withVerbs("get", "patch", "update")
                  .build());
        }
      }
    }
    return groups;
  }

  private static void add(
      Map<String, Map<String, List<APIResource>>> groups,
      String group,
      String version,
      APIResource resource) {
    groups
        .computeIfAbsent(group, g -> new LinkedHashMap<>())
        .computeIfAbsent(version, v -> new ArrayList<>())
        .add(resource);
  }

  private static String stripQuery(String path) {
    int q = path.indexOf('?');
    return q < 0 ? path : path.substring(0, q);
  }
}
