package io.sparkbench.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkbench.operator.driver.DriverResources;
import io.sparkbench.operator.driver.Durations;
import io.sparkbench.operator.driver.RunId;
import io.sparkbench.operator.model.Phase;
import io.sparkbench.operator.model.ScalingBenchmarkStatus;
import io.sparkbench.operator.status.Conditions;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.temporal.ChronoUnit;

/**
 * Creates a run's driver resources and marks the run current. Creating is idempotent: objects that
 * already exist (a repeated reconciliation) are kept, except a driver pod of an earlier spec, which
 * is deleted first.
 */
final class StartRun {

  private StartRun() {}

  static Next start(BenchmarkContext ctx, RunId run) {
    DriverResources resources =
        DriverResources.fromSpec(ctx.benchmark, run, ctx.config.sparkDefaults(), ctx.client());
    Pod stale = ctx.client().pods().inNamespace(ctx.namespace()).withName(podName(resources)).get();
    if (stale != null && !sameApp(stale, resources.pod())) {
      RunObjects.delete(ctx.client(), ctx.namespace(), ctx.name(), run);
      return Next.after(Duration.ofSeconds(1));
    }
    for (HasMetadata object : resources.inCreationOrder()) {
      try {
        ctx.client().resource(object).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
          throw e;
        }
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
    ctx.phase(Phase.Running);
    ctx.status.progress = ctx.progress();
    String message =
        "run "
            + (ctx.completedRuns() + 1)
            + "/"
            + ctx.totalRuns()
            + ": "
            + run
            + ", driver pod "
            + current.driverPod;
    ctx.condition(Conditions.READY, "True", "Running", message);
    ctx.condition(Conditions.SUCCEEDED, "Unknown", "Running", message);
    ctx.events.normal(ctx.benchmark, "RunStarted", message);
    Duration driverStart = Durations.parse("driverStart", ctx.spec().timeouts.driverStart);
    Duration runTimeout = Durations.parse("run", ctx.spec().timeouts.run);
    return Next.after(driverStart.compareTo(runTimeout) < 0 ? driverStart : runTimeout);
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
