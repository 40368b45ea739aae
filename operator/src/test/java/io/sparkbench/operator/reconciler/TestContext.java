package io.sparkbench.operator.reconciler;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.dependent.managed.ManagedWorkflowAndDependentResourceContext;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.operator.driver.Labels;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A JOSDK {@link Context} without a running operator: its caches are what the API server holds now
 * (the informers' view once they caught up): the primary cache every ScalingBenchmark, the
 * secondary resources the benchmark's driver pods, unless the test gives the driver pods the
 * informer holds ({@link #withDrivers}), which are then read without the API server. What only a
 * running controller has (its event sources, workflows) is not there.
 */
final class TestContext implements Context<ScalingBenchmark> {

  private final KubernetesClient client;
  private final ScalingBenchmark primary;
  private final boolean deleted;
  private final List<Pod> drivers;

  TestContext(KubernetesClient client, ScalingBenchmark primary, boolean deleted) {
    this(client, primary, deleted, null);
  }

  private TestContext(
      KubernetesClient client, ScalingBenchmark primary, boolean deleted, List<Pod> drivers) {
    this.client = client;
    this.primary = primary;
    this.deleted = deleted;
    this.drivers = drivers;
  }

  /** A context whose informer holds exactly these driver pods of {@code primary}. */
  static TestContext withDrivers(
      KubernetesClient client, ScalingBenchmark primary, List<Pod> drivers) {
    return new TestContext(client, primary, false, List.copyOf(drivers));
  }

  @Override
  public Optional<RetryInfo> getRetryInfo() {
    return Optional.empty();
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R> Set<R> getSecondaryResources(Class<R> type) {
    if (!Pod.class.equals(type)) {
      return Set.of();
    }
    if (drivers != null) {
      return (Set<R>) Set.copyOf(drivers);
    }
    return (Set<R>)
        client
            .pods()
            .inNamespace(primary.getMetadata().getNamespace())
            .withLabel(Labels.BENCHMARK, primary.getMetadata().getName())
            .withLabel(Labels.SPARK_ROLE, "driver")
            .list()
            .getItems()
            .stream()
            .collect(Collectors.toSet());
  }

  @Override
  public <R> Optional<R> getSecondaryResource(Class<R> type, String eventSourceName) {
    return getSecondaryResources(type).stream().findFirst();
  }

  @Override
  public ControllerConfiguration<ScalingBenchmark> getControllerConfiguration() {
    throw new UnsupportedOperationException("no controller runs");
  }

  @Override
  public ManagedWorkflowAndDependentResourceContext managedWorkflowAndDependentResourceContext() {
    throw new UnsupportedOperationException("no workflow");
  }

  @Override
  public EventSourceRetriever<ScalingBenchmark> eventSourceRetriever() {
    throw new UnsupportedOperationException("no event sources: no controller runs");
  }

  @Override
  public KubernetesClient getClient() {
    return client;
  }

  @Override
  public ExecutorService getWorkflowExecutorService() {
    throw new UnsupportedOperationException("no workflow");
  }

  @Override
  public ScalingBenchmark getPrimaryResource() {
    return primary;
  }

  @Override
  public IndexedResourceCache<ScalingBenchmark> getPrimaryCache() {
    return new ApiServerCache(client);
  }

  @Override
  public boolean isNextReconciliationImminent() {
    return false;
  }

  @Override
  public boolean isPrimaryResourceDeleted() {
    return deleted;
  }

  @Override
  public boolean isPrimaryResourceFinalStateUnknown() {
    return false;
  }

  /** Every ScalingBenchmark the API server holds. */
  private record ApiServerCache(KubernetesClient client)
      implements IndexedResourceCache<ScalingBenchmark> {

    private List<ScalingBenchmark> all() {
      return client.resources(ScalingBenchmark.class).inAnyNamespace().list().getItems();
    }

    @Override
    public Optional<ScalingBenchmark> get(ResourceID id) {
      return all().stream().filter(b -> ResourceID.fromResource(b).equals(id)).findFirst();
    }

    @Override
    public Stream<ResourceID> keys() {
      return all().stream().map(ResourceID::fromResource);
    }

    @Override
    public Stream<ScalingBenchmark> list(Predicate<ScalingBenchmark> predicate) {
      return all().stream().filter(predicate);
    }

    @Override
    public Stream<ScalingBenchmark> list(String namespace, Predicate<ScalingBenchmark> predicate) {
      return all().stream()
          .filter(b -> namespace.equals(b.getMetadata().getNamespace()))
          .filter(predicate);
    }

    @Override
    public List<ScalingBenchmark> byIndex(String indexName, String indexKey) {
      throw new UnsupportedOperationException("no indexes");
    }
  }
}
