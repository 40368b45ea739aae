package io.sparkbench.operator.reconciler;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkbench.api.run.RunId;
import io.sparkbench.api.run.RunPlan;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.api.v1.ScalingBenchmarkStatus;
import io.sparkbench.common.time.Durations;
import io.sparkbench.operator.driver.DriverResources;
import io.sparkbench.operator.driver.RunEnvironment;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * Creates a run's driver resources and records the run as current, with the UID of the driver pod
 * it created: the result is read from that pod only. An object of the run's name that already
 * exists is never used. If this benchmark owns it (a reconciliation whose status write failed, a
 * pod of an earlier spec, or an object someone made to look like one), the run's objects are
 * deleted and the run starts again a second later; if a deleted benchmark of the same name owns it,
 * the run waits a second for the garbage collector; otherwise the benchmark fails ({@link
 * Owners.NotOwned}). Objects are created in {@link DriverResources#inCreationOrder()}, the pod
 * right after the ConfigMap it mounts, so its container can start while the Service is still being
 * created (as with spark-submit).
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
                ctx.benchmark,
                run,
                Rounds.current(ctx.status),
                ctx.config.sparkDefaults(),
                ctx.client());
    String driverPodUid = null;
    for (HasMetadata template : resources.inCreationOrder()) {
      HasMetadata object =
          RunEnvironment.addTo(template, ctx.benchmark, run, Rounds.current(ctx.status));
      Created created = create(ctx, object);
      if (created.existing() != null) {
        HasMetadata existing = created.existing();
        if (!Owners.ownedBy(existing, ctx.benchmark.getMetadata().getUid())) {
          if (predecessorOwns(ctx, existing)) {
            // a deleted benchmark of the same name: the garbage collector is removing its objects
            return new Outcome.OldDriverDeleted();
          }
          throw new Owners.NotOwned(existing);
        }
        if (sameContent(existing, object)) {
          // an earlier attempt of this reconciliation made it (or someone made it exactly so)
          continue;
        }
        // Owner references can be written by anyone, and the status has no record of creating
        // it: start the run again with objects of its own.
        RunObjects.delete(ctx.client(), ctx.benchmark, run);
        return new Outcome.OldDriverDeleted();
      }
      if (object instanceof Pod) {
        driverPodUid = created.made().getMetadata().getUid();
      }
    }
    ScalingBenchmarkStatus.CurrentRun current = RunPlan.currentRun(run);
    current.driverPod = podName(resources);
    current.driverPodUid = driverPodUid;
    current.startedAt = ctx.now.truncatedTo(ChronoUnit.MILLIS).toString();
    ctx.status.currentRun = current;
    ctx.status.error = null;
    Duration driverStart = Durations.parse("driverStart", ctx.spec().timeouts.driverStart);
    Duration runTimeout = Durations.parse("run", ctx.spec().timeouts.run);
    return new Outcome.RunStarted(
        Next.after(driverStart.compareTo(runTimeout) < 0 ? driverStart : runTimeout));
  }

  /** What creating an object gave: the object made, or the one of that name already there. */
  private record Created(HasMetadata made, HasMetadata existing) {}

  private static Created create(BenchmarkContext ctx, HasMetadata object) {
    try {
      return new Created(ctx.client().resource(object).create(), null);
    } catch (KubernetesClientException e) {
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
        throw e;
      }
      HasMetadata existing = ctx.client().resource(object).get();
      if (existing == null) {
        // gone since: a transient conflict, which the framework's retry settles
        throw e;
      }
      return new Created(null, existing);
    }
  }

  /**
   * Whether an existing ConfigMap or Service holds exactly what the run wants, so using it changes
   * nothing. A pod never does: the result is read only from a driver pod whose UID the operator
   * recorded when it created it.
   */
  private static boolean sameContent(HasMetadata existing, HasMetadata wanted) {
    if (existing instanceof ConfigMap have && wanted instanceof ConfigMap want) {
      return Objects.equals(have.getData(), want.getData())
          && Objects.equals(have.getBinaryData(), want.getBinaryData());
    }
    if (existing instanceof Service have && wanted instanceof Service want) {
      return Objects.equals(have.getSpec().getSelector(), want.getSpec().getSelector())
          && Objects.equals(have.getSpec().getPorts(), want.getSpec().getPorts());
    }
    return false;
  }

  /** Whether a ScalingBenchmark of this name, but not this one, owns the object. */
  private static boolean predecessorOwns(BenchmarkContext ctx, HasMetadata existing) {
    List<OwnerReference> owners = existing.getMetadata().getOwnerReferences();
    return owners != null
        && owners.stream()
            .anyMatch(
                o ->
                    ScalingBenchmark.class.getSimpleName().equals(o.getKind())
                        && ctx.name().equals(o.getName())
                        && !ctx.benchmark.getMetadata().getUid().equals(o.getUid()));
  }

  private static String podName(DriverResources resources) {
    return resources.pod().getMetadata().getName();
  }
}
