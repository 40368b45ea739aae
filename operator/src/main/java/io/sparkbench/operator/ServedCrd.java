package io.sparkbench.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkbench.api.v1.ScalingBenchmark;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks at start that the cluster serves the ScalingBenchmark schema this operator writes. Helm
 * installs a chart's CRDs but never upgrades them, so after {@code helm upgrade} the cluster may
 * still serve an older schema, which silently drops the status fields it does not know. Every field
 * of the schema bundled with the operator must be in the served one.
 */
public final class ServedCrd {

  /** The CRD as the api module generated it, bundled in its jar. */
  public static final String BUNDLED = "/META-INF/fabric8/scalingbenchmarks.sparkbench.io-v1.yml";

  /** The command that updates the served CRD, for the one-line error. */
  static final String UPDATE_COMMAND =
      "kubectl apply --server-side --force-conflicts -f"
          + " helm/sparkbench-operator/crds/scalingbenchmarks.sparkbench.io-v1.yml";

  private static final Logger LOG = LoggerFactory.getLogger(ServedCrd.class);

  private ServedCrd() {}

  /**
   * @throws IllegalStateException with one line naming the missing fields and the command that
   *     updates the CRD, when the served schema lacks any field of the bundled one, or the CRD is
   *     not there at all
   */
  static void check(KubernetesClient client) {
    CustomResourceDefinition bundled = bundled(client);
    String name = bundled.getMetadata().getName();
    CustomResourceDefinition served;
    try {
      served = client.apiextensions().v1().customResourceDefinitions().withName(name).get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == HttpURLConnection.HTTP_FORBIDDEN) {
        LOG.warn(
            "cannot read the CRD {} to check its schema (no get permission); carrying on", name);
        return;
      }
      throw e;
    }
    if (served == null) {
      throw new IllegalStateException(
          "the ScalingBenchmark CRD " + name + " is not installed: " + UPDATE_COMMAND);
    }
    String version = HasMetadata.getVersion(ScalingBenchmark.class);
    Set<String> missing = new TreeSet<>(fields(bundled, version));
    missing.removeAll(fields(served, version));
    if (!missing.isEmpty()) {
      List<String> shown = new ArrayList<>(missing);
      String list =
          String.join(", ", shown.subList(0, Math.min(5, shown.size())))
              + (shown.size() > 5 ? " and " + (shown.size() - 5) + " more" : "");
      throw new IllegalStateException(
          "the served ScalingBenchmark CRD is older than this operator (it lacks "
              + list
              + "); Helm does not upgrade CRDs: "
              + UPDATE_COMMAND);
    }
  }

  /** The CRD this build generated, from the api module's jar on the class path. */
  public static CustomResourceDefinition bundled(KubernetesClient client) {
    try (InputStream in = ServedCrd.class.getResourceAsStream(BUNDLED)) {
      if (in == null) {
        throw new IllegalStateException(
            "CRD "
                + BUNDLED
                + " is not on the class path; build the api module first (mvn -pl api package)");
      }
      return client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every property path of the version's schema, e.g. {@code .status.currentRun.driverPodUid}. */
  static Set<String> fields(CustomResourceDefinition crd, String version) {
    Set<String> fields = new TreeSet<>();
    for (CustomResourceDefinitionVersion v : crd.getSpec().getVersions()) {
      if (v.getName().equals(version) && v.getSchema() != null) {
        collect(v.getSchema().getOpenAPIV3Schema(), "", fields);
      }
    }
    return fields;
  }

  private static void collect(JSONSchemaProps schema, String path, Set<String> fields) {
    if (schema == null) {
      return;
    }
    Map<String, JSONSchemaProps> properties = schema.getProperties();
    if (properties != null) {
      properties.forEach(
          (key, child) -> {
            fields.add(path + "." + key);
            collect(child, path + "." + key, fields);
          });
    }
    if (schema.getItems() != null) {
      collect(schema.getItems().getSchema(), path + "[]", fields);
    }
    if (schema.getAdditionalProperties() != null) {
      collect(schema.getAdditionalProperties().getSchema(), path + ".*", fields);
    }
  }
}
