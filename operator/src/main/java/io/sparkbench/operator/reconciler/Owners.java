package io.sparkbench.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who owns an object. Names and labels of a run's objects are predictable and anyone in the
 * namespace may create objects: the operator uses, reads a result from, or deletes only objects
 * whose owner reference names its benchmark (or, for executors, that benchmark's driver pod).
 */
final class Owners {

  private Owners() {}

  static boolean ownedBy(HasMetadata object, String ownerUid) {
    return ownerUid != null && ownedByAny(object, Set.of(ownerUid));
  }

  static boolean ownedByAny(HasMetadata object, Set<String> ownerUids) {
    List<OwnerReference> references = object.getMetadata().getOwnerReferences();
    return references != null
        && references.stream().map(OwnerReference::getUid).anyMatch(ownerUids::contains);
  }

  /**
   * Thrown when an object of a run's name exists and belongs to someone else; the benchmark fails
   * with reason {@value #REASON} instead of using it.
   */
  static final class NotOwned extends RuntimeException {
    static final String REASON = "NameTaken";

    NotOwned(HasMetadata object) {
      super(
          Objects.requireNonNullElse(object.getKind(), "object").toLowerCase(java.util.Locale.ROOT)
              + " "
              + object.getMetadata().getName()
              + " already exists and is not owned by this benchmark: delete it or rename the"
              + " benchmark");
    }
  }
}
