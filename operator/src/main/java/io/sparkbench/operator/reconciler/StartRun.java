package io.sparkbench.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.operator.driver.DriverResources;
import io.sparkbench.operator.driver.Durations;
import io.sparkbench.operator.driver.RunId;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Creates a run's driver resources and records the run as current. Creating is idempotent: objects
 * that already exist (a repeated reconciliation) are kept, except a driver pod of an earlier spec,
 * which is deleted with its objects and the run started again a second later. Objects are created
 * in {@link DriverResources#inCreationOrder()}, the pod right after the ConfigMap it mounts, so its
 * container can start while the Service is still being created (as with spark-submit).
 */
final class StartRun {

  private StartRun() {}

  /**
   * @param built the run's objects when the caller already built them (the spec check's dry run),
   *     else null
   */
  static Outcome start(BenchmarkContext ctx, RunId run, DriverResources built) {
    DriverResources resources =
        built != null
            ? built
            : DriverResources.fromSpec(
                ctx.benchmark, run, ctx.config.sparkDefaults(), ctx.client());
    for (HasMetadata object : resources.inCreationOrder()) {
      if (!created(ctx, object) && object instanceof Pod wanted && !isCurrent(ctx, wanted)) {
        RunObjects.delete(ctx.client(), ctx.namespace(), ctx.name(), run);
        return new Outcome.OldDriverDeleted();
      }
    }
    ScalingBenchmarkStatus.CurrentRun current = new ScalingBenchmarkStatus.CurrentRun();
    current.records = run.records();
    current.repetition = run.repetition();
    current.attempt = run.attempt();
    current.driverPod = podName(resources);
    current.startedAt = ctx.now.truncatedTo(ChronoUnit.MILLIS).toString();
    ctx.status.currentRun = current;
    ctx.status.error = null;
    Duration driverStart = Durations.parse("driverStart", ctx.spec().timeouts.driverStart);
    Duration runTimeout = Durations.parse("run", ctx.spec().timeouts.run);
    return new Outcome.RunStarted(
        Next.after(driverStart.compareTo(runTimeout) < 0 ? driverStart : runTimeout));
  }

  /** Creates the object; false when it already existed. */
  private static boolean created(BenchmarkContext ctx, HasMetadata object) {
    try {
      ctx.client().resource(object).create();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      return false;
    }
  }

  /** Whether the existing pod of that name is this run's (not one of an earlier spec). */
  private static boolean isCurrent(BenchmarkContext ctx, Pod wanted) {
    Pod existing =
        ctx.client()
            .pods()
            .inNamespace(ctx.namespace())
            .withName(wanted.getMetadata().getName())
            .get();
    return existing == null || sameApp(existing, wanted);
  }

  private static String podName(DriverResources resources) {
    return resources.pod().getMetadata().getName();
  }

  private static boolean sameApp(Pod existing, Pod wanted) {
    String label = "spark-app-selector";
    return existing.getMetadata().getLabels() != null
        && wanted
            .getMetadata()
            .getLabels()
            .get(label)
            .equals(existing.getMetadata().getLabels().get(label));
  }
}
