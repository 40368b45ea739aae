package io.sparkbench.api.v1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A Spark scaling benchmark: runs the medallion job at each record count of the spec, records what
 * each run measured and fits a linear scaling model to the durations.
 *
 * <p>The CRD generator orders printer columns by their JSONPath (case-insensitively), not as
 * declared here. The status paths start with an escaped {@code .\status}, the same path to
 * Kubernetes' JSONPath (a backslash only escapes the character after it), which sorts before {@code
 * .metadata}; {@code .x} sorts before {@code ['x']}. So the CRD lists the columns in this order:
 * Phase, Progress, Last duration, Fixed s, Micros/record, Age. {@code CrdOnControlPlaneIT} checks
 * what {@code kubectl get} shows.
 */
@Group(ScalingBenchmark.GROUP)
@Version(ScalingBenchmark.VERSION)
@Kind("ScalingBenchmark")
@Plural("scalingbenchmarks")
@ShortNames("sb")
@AdditionalPrinterColumn(
    name = "Phase",
    jsonPath = ".\\status.phase",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Progress",
    jsonPath = ".\\status.progress",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Last duration",
    jsonPath = ".\\status['lastDurationSeconds']",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "Fixed s",
    jsonPath = ".\\status['model'].fixedSeconds",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "Micros/record",
    jsonPath = ".\\status['model'].microsPerRecord",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class ScalingBenchmark extends CustomResource<ScalingBenchmarkSpec, ScalingBenchmarkStatus>
    implements Namespaced {

  public static final String GROUP = "sparkbench.io";
  public static final String VERSION = "v1alpha1";

  @Override
  protected ScalingBenchmarkSpec initSpec() {
    return new ScalingBenchmarkSpec();
  }
}
