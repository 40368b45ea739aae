package io.sparkbench.operator;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.sparkbench.apiserver.LocalApiServer;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh API server stand-in ({@link LocalApiServer}, the one the local cluster runs, with its
 * garbage collection, watches and optimistic locking) for each test of the annotated class, its
 * client set into the test's {@link KubernetesClient} field and both closed after the test. The
 * operator's tests that need an API server and no running operator use this; those that run the
 * operator use {@link MockCluster} on the same stand-in.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(StandInApiServer.PerTest.class)
public @interface StandInApiServer {

  /** Starts the stand-in before each test and sets the test instance's client field. */
  final class PerTest implements BeforeEachCallback {

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
      Started started =
          context
              .getStore(ExtensionContext.Namespace.create(PerTest.class))
              .getOrComputeIfAbsent("server", key -> new Started(), Started.class);
      Object test = context.getRequiredTestInstance();
      for (Class<?> type = test.getClass(); type != Object.class; type = type.getSuperclass()) {
        for (Field field : type.getDeclaredFields()) {
          if (field.getType() == KubernetesClient.class
              && !Modifier.isStatic(field.getModifiers())) {
            field.setAccessible(true);
            field.set(test, started.client);
          }
        }
      }
    }
  }

  /** A started stand-in and its client, closed by JUnit when the test's store closes. */
  final class Started implements ExtensionContext.Store.CloseableResource {

    private final LocalApiServer server = LocalApiServer.start();
    private final KubernetesClient client = server.createClient();

    @Override
    public void close() {
      client.close();
      server.close();
    }
  }
}
