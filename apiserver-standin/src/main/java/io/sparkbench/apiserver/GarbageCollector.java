package io.sparkbench.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The owner-reference cascade the mock lacks, as Kubernetes' garbage collector does it: the
 * dispatcher records each removal while the store's write lock is held and collects after the
 * request, deleting the objects one of whose owners was just removed and none of whose owners still
 * exists, repeatedly, so grandchildren go too.
 */
final class GarbageCollector {

  /** uids of objects removed from the store whose dependents have not been collected yet. */
  private final ConcurrentLinkedQueue<String> removedUids = new ConcurrentLinkedQueue<>();

  private final Supplier<Map<AttributeSet, String>> store;
  private final Consumer<String> delete;

  /**
   * @param store a consistent copy of the stored objects (key to JSON)
   * @param delete deletes the object at an API path, cascading through this collector again
   */
  GarbageCollector(Supplier<Map<AttributeSet, String>> store, Consumer<String> delete) {
    this.store = store;
    this.delete = delete;
  }

  /** Records that {@code object} (its stored JSON) was removed from the store. */
  void removed(String object) {
    String uid =
        Serialization.unmarshal(object, JsonNode.class).path("metadata").path("uid").asText("");
    if (!uid.isEmpty()) {
      removedUids.add(uid);
    }
  }

  /** Deletes the dependents of every removal recorded so far, and theirs. */
  void collect() {
    while (!removedUids.isEmpty()) {
      Set<String> removed = new HashSet<>();
      for (String uid = removedUids.poll(); uid != null; uid = removedUids.poll()) {
        removed.add(uid);
      }
      Map<AttributeSet, String> snapshot = store.get();
      Set<String> existing = new HashSet<>();
      List<Map.Entry<AttributeSet, GenericKubernetesResource>> objects = new ArrayList<>();
      snapshot.forEach(
          (key, json) -> {
            GenericKubernetesResource object =
                Serialization.unmarshal(json, GenericKubernetesResource.class);
            existing.add(object.getMetadata().getUid());
            objects.add(Map.entry(key, object));
          });
      for (Map.Entry<AttributeSet, GenericKubernetesResource> entry : objects) {
        List<OwnerReference> owners = entry.getValue().getMetadata().getOwnerReferences();
        if (owners == null || owners.isEmpty()) {
          continue;
        }
        boolean orphaned = owners.stream().anyMatch(o -> removed.contains(o.getUid()));
        boolean ownerLeft = owners.stream().anyMatch(o -> existing.contains(o.getUid()));
        if (orphaned && !ownerLeft) {
          GenericKubernetesResource object = entry.getValue();
          Attribute plural = entry.getKey().getAttribute(KubernetesAttributesExtractor.PLURAL);
          if (plural != null) {
            delete.accept(
                ApiPath.of(
                    object.getApiVersion(),
                    plural.getValues().get(0).toString(),
                    object.getMetadata().getNamespace(),
                    object.getMetadata().getName()));
          }
        }
      }
    }
  }
}
