package io.sparkbench.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkbench.api.v1.ScalingBenchmarkSpec;
import io.sparkbench.controlplane.ControlPlane;
import io.sparkbench.controlplane.Kubectl;
import io.sparkbench.controlplane.Namespaces;
import io.sparkbench.controlplane.RealControlPlaneTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed CRD on a real kube-apiserver: it is Established, its structural schema and CEL
 * rules refuse every manifest of {@code invalid-manifests/} at the field each one names, the
 * examples pass strict field validation, defaults are applied by the server, and kubectl's explain
 * and get show what the README promises.
 */
@RealControlPlaneTest
class CrdOnControlPlaneIT {

  private static final Path INVALID = Path.of("src", "test", "resources", "invalid-manifests");
  private static final Path EXAMPLES = Path.of("..", "examples");
  private static final String NAMESPACE = "crd";

  private static KubernetesClient client;
  private static Kubectl kubectl;

  @BeforeAll
  static void installCrd(ControlPlane controlPlane) {
    client = controlPlane.adminClient();
    kubectl = controlPlane.kubectl();
    ControlPlaneCluster.installCrd(client);
    Namespaces.ensure(client, NAMESPACE);
  }

  @AfterAll
  static void disconnect() {
    client.close();
  }

  @Test
  void theCrdIsEstablishedWithItsNamesAccepted() {
    CustomResourceDefinition crd =
        client
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("scalingbenchmarks.sparkbench.io")
            .get();
    assertThat(crd.getStatus().getConditions())
        .filteredOn(c -> c.getType().equals("NamesAccepted"))
        .singleElement()
        .satisfies(c -> assertThat(c.getStatus()).isEqualTo("True"));
    assertThat(crd.getStatus().getAcceptedNames().getShortNames()).containsExactly("sb");
  }

  static Stream<Path> invalidManifests() throws IOException {
    try (Stream<Path> files = Files.list(INVALID)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @Test
  void theCorpusCoversEveryKindOfConstraint() throws IOException {
    assertThat(invalidManifests()).hasSizeGreaterThanOrEqualTo(20);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidManifests")
  void eachInvalidManifestIsRefusedAtTheFieldItNames(Path file) throws IOException {
    String yaml = Files.readString(file);
    String field = header(yaml, "field");
    boolean strictOnly = "true".equals(header(yaml, "strict"));
    GenericKubernetesResource manifest = Serialization.unmarshal(yaml);

    KubernetesClientException refused =
        catchThrowableOfType(
            KubernetesClientException.class,
            () ->
                client
                    .resource(manifest)
                    .inNamespace(NAMESPACE)
                    .fieldValidation(Validation.STRICT)
                    .create());

    assertThat(refused).as("%s was accepted", file.getFileName()).isNotNull();
    if (strictOnly) {
      assertThat(refused.getCode()).isEqualTo(400);
      assertThat(refused.getMessage()).contains("unknown field \"" + field + "\"");
      // without strict validation the server drops the field and accepts the object
      HasMetadata accepted = client.resource(manifest).inNamespace(NAMESPACE).create();
      client.resource(accepted).delete();
    } else {
      assertThat(refused.getCode()).as(refused.getMessage()).isEqualTo(422);
      assertThat(refused.getStatus().getDetails().getCauses())
          .as(refused.getMessage())
          .extracting(StatusCause::getField)
          .contains(field);
    }
  }

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyExampleIsAcceptedWithStrictFieldValidation(Path file) throws IOException {
    List<HasMetadata> objects;
    try (InputStream in = Files.newInputStream(file)) {
      objects = client.load(in).items();
    }
    assertThat(objects).isNotEmpty();
    for (HasMetadata object : objects) {
      HasMetadata created =
          client
              .resource(object)
              .inNamespace(NAMESPACE)
              .fieldValidation(Validation.STRICT)
              .create();
      client.resource(created).delete();
    }
  }

  @Test
  void theServerAppliesTheSchemaDefaults() {
    GenericKubernetesResource minimal =
        Serialization.unmarshal(
            """
            apiVersion: sparkbench.io/v1alpha1
            kind: ScalingBenchmark
            metadata:
              name: minimal
            spec:
              image: sparkbench/spark-app:dev
              records: [10000]
              dataset: {}
              driver: {}
              executor: {}
              timeouts: {}
              retry: {}
            """);
    GenericKubernetesResource created =
        client.resource(minimal).inNamespace(NAMESPACE).fieldValidation(Validation.STRICT).create();
    try {
      ScalingBenchmarkSpec spec =
          Serialization.unmarshal(
              Serialization.asJson(created.getAdditionalProperties().get("spec")),
              ScalingBenchmarkSpec.class);
      ScalingBenchmarkSpec defaults = new ScalingBenchmarkSpec();
      assertThat(spec.repetitions).isEqualTo(defaults.repetitions);
      assertThat(spec.seed).isEqualTo(defaults.seed);
      assertThat(spec.cleanup).isEqualTo(defaults.cleanup);
      assertThat(spec.serviceAccount).isEqualTo(defaults.serviceAccount);
      assertThat(spec.mainApplicationFile).isEqualTo(defaults.mainApplicationFile);
      assertThat(spec.dataset).usingRecursiveComparison().isEqualTo(defaults.dataset).as("dataset");
      assertThat(spec.driver).usingRecursiveComparison().isEqualTo(defaults.driver);
      assertThat(spec.executor).usingRecursiveComparison().isEqualTo(defaults.executor);
      assertThat(spec.timeouts).usingRecursiveComparison().isEqualTo(defaults.timeouts);
      assertThat(spec.retry).usingRecursiveComparison().isEqualTo(defaults.retry);
    } finally {
      client.resource(created).delete();
    }
  }

  @Test
  void kubectlExplainShowsTheFieldDescriptions() {
    assertThat(kubectl.run("explain", "scalingbenchmark.spec.records"))
        .contains("Record counts to run, ascending, each 1 to 10,000,000,000");
    assertThat(kubectl.run("explain", "sb.status.model"))
        .contains("fixedSeconds")
        .contains("microsPerRecord");
  }

  @Test
  void kubectlGetShowsThePrinterColumnsInTheReadmesOrder() {
    GenericKubernetesResource benchmark =
        Serialization.unmarshal(
            """
            apiVersion: sparkbench.io/v1alpha1
            kind: ScalingBenchmark
            metadata:
              name: columns
            spec:
              image: sparkbench/spark-app:dev
              records: [10000, 100000]
            """);
    GenericKubernetesResource created = client.resource(benchmark).inNamespace(NAMESPACE).create();
    try {
      created.setAdditionalProperty(
          "status",
          Map.of(
              "phase",
              "Succeeded",
              "progress",
              "2/2",
              "lastDurationSeconds",
              9.0,
              "model",
              Map.of("fixedSeconds", 6.77, "microsPerRecord", 17.3)));
      client.resource(created).updateStatus();

      List<String> lines = kubectl.run("get", "sb", "-n", NAMESPACE).lines().toList();
      assertThat(lines.get(0).split("\\s{2,}"))
          .containsExactly(
              "NAME", "PHASE", "PROGRESS", "LAST DURATION", "FIXED S", "MICROS/RECORD", "AGE");
      assertThat(lines.get(1).split("\\s+"))
          .startsWith("columns", "Succeeded", "2/2", "9", "6.77", "17.3");
    } finally {
      client.resource(created).delete();
    }
  }

  private static String header(String yaml, String key) {
    return yaml.lines()
        .filter(l -> l.startsWith("# " + key + ":"))
        .map(l -> l.substring(l.indexOf(':') + 1).strip())
        .findFirst()
        .orElse(null);
  }
}
