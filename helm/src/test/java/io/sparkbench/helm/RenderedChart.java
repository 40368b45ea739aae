package io.sparkbench.helm;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/** The chart rendered by Helm (bundled in helm-java, no helm binary) and parsed into objects. */
final class RenderedChart {

  static final Path CHART_DIR =
      Path.of(System.getProperty("sparkbench.chart.dir", "sparkbench-operator"))
          .toAbsolutePath()
          .normalize();
  static final Path ROOT_DIR =
      Path.of(System.getProperty("sparkbench.root.dir", "..")).toAbsolutePath().normalize();
  static final String RELEASE = "bench";
  static final String NAMESPACE = "sparkbench-system";
  static final String FULLNAME = "bench-sparkbench-operator";
  static final String KUBE_VERSION = "1.31.0";

  private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("(?m)^---\\s*$");

  private final List<HasMetadata> objects;

  private RenderedChart(List<HasMetadata> objects) {
    this.objects = objects;
  }

  /** Renders with the chart's default values. */
  static RenderedChart withDefaults() {
    return render(template -> template);
  }

  /** Renders with {@code valuesYaml} layered over the chart's defaults (as {@code -f}). */
  static RenderedChart withValues(String valuesYaml) {
    Path file = writeTemp(valuesYaml);
    try {
      return render(template -> template.withValuesFile(file));
    } finally {
      deleteQuietly(file);
    }
  }

  /**
   * Renders release {@code release} in {@code namespace} with {@code valuesYaml} layered over the
   * chart's defaults, for Kubernetes {@code kubeVersion}; hooks (the {@code helm test} pod) left
   * out, as an install creates them only when they run.
   */
  static RenderedChart release(
      String release, String namespace, String valuesYaml, String kubeVersion) {
    Path file = writeTemp(valuesYaml);
    try {
      RenderedChart rendered =
          parse(
              new Helm(CHART_DIR)
                  .template()
                  .withName(release)
                  .withNamespace(namespace)
                  .withKubeVersion(kubeVersion)
                  .withValuesFile(file)
                  .call());
      return new RenderedChart(
          rendered.objects.stream()
              .filter(
                  o ->
                      o.getMetadata().getAnnotations() == null
                          || !o.getMetadata().getAnnotations().containsKey("helm.sh/hook"))
              .toList());
    } finally {
      deleteQuietly(file);
    }
  }

  /** Runs {@code helm template}, failing with Helm's message when rendering fails. */
  static String template(Function<TemplateCommand, TemplateCommand> options) {
    return template(CHART_DIR, options);
  }

  private static String template(
      Path chartDir, Function<TemplateCommand, TemplateCommand> options) {
    TemplateCommand command =
        new Helm(chartDir)
            .template()
            .withName(RELEASE)
            .withNamespace(NAMESPACE)
            .withKubeVersion(KUBE_VERSION);
    return options.apply(command).call();
  }

  static String templateWithValues(String valuesYaml) {
    Path file = writeTemp(valuesYaml);
    try {
      return template(t -> t.withValuesFile(file));
    } finally {
      deleteQuietly(file);
    }
  }

  /** Renders another copy of the chart (e.g. one whose hooks were made plain templates). */
  static RenderedChart withDefaults(Path chartDir) {
    return parse(template(chartDir, template -> template));
  }

  private static RenderedChart render(Function<TemplateCommand, TemplateCommand> options) {
    return parse(template(options));
  }

  private static RenderedChart parse(String manifests) {
    List<HasMetadata> parsed = new ArrayList<>();
    for (String document : DOCUMENT_SEPARATOR.split(manifests)) {
      boolean onlyComments =
          document.lines().map(String::strip).allMatch(l -> l.isEmpty() || l.startsWith("#"));
      if (!onlyComments) {
        parsed.add(Serialization.unmarshal(document));
      }
    }
    return new RenderedChart(List.copyOf(parsed));
  }

  List<HasMetadata> all() {
    return objects;
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  List<HasMetadata> ofKind(String kind) {
    return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
  }

  <T extends HasMetadata> T one(Class<T> type, String name) {
    List<T> matches =
        all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).toList();
    if (matches.size() != 1) {
      throw new AssertionError(
          "expected one " + type.getSimpleName() + " named " + name + " but found " + matches);
    }
    return matches.get(0);
  }

  static Path writeTemp(String content) {
    try {
      Path file = Files.createTempFile("sparkbench-values", ".yaml");
      Files.writeString(file, content);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a temporary file; the OS cleans it up
    }
  }
}
