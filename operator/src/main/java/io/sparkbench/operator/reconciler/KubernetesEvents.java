package io.sparkbench.operator.reconciler;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.sparkbench.api.v1.ScalingBenchmark;
import io.sparkbench.operator.status.Messages;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Emits core/v1 Events on a ScalingBenchmark, as kubectl describe shows them. */
final class KubernetesEvents {

  static final String COMPONENT = "sparkbench-operator";
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesEvents.class);

  private final KubernetesClient client;

  KubernetesEvents(KubernetesClient client) {
    this.client = client;
  }

  void normal(ScalingBenchmark benchmark, String reason, String message) {
    emit(benchmark, "Normal", reason, message);
  }

  void warning(ScalingBenchmark benchmark, String reason, String message) {
    emit(benchmark, "Warning", reason, message);
  }

  private void emit(ScalingBenchmark benchmark, String type, String reason, String text) {
    String message = Messages.bounded(text);
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String name = benchmark.getMetadata().getName();
    String namespace = benchmark.getMetadata().getNamespace();
    LOG.info("event type={} reason={} message=\"{}\"", type, reason, message);
    try {
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(name + "." + Long.toHexString(System.nanoTime()))
                  .withNamespace(namespace)
                  .endMetadata()
                  .withInvolvedObject(
                      new ObjectReferenceBuilder()
                          .withApiVersion(benchmark.getApiVersion())
                          .withKind(benchmark.getKind())
                          .withName(name)
                          .withNamespace(namespace)
                          .withUid(benchmark.getMetadata().getUid())
                          .build())
                  .withType(type)
                  .withReason(Messages.reason(reason))
                  .withMessage(message)
                  .withCount(1)
                  .withFirstTimestamp(now)
                  .withLastTimestamp(now)
                  .withNewSource()
                  .withComponent(COMPONENT)
                  .endSource()
                  .withReportingComponent(COMPONENT)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      // An event is a courtesy: losing one must not fail the reconciliation.
      LOG.warn("event not recorded reason={}: {}", reason, e.getMessage());
    }
  }
}
