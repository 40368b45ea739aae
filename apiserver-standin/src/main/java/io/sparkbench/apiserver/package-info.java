/**
 * The project's one Kubernetes API server stand-in: {@link io.sparkbench.apiserver.LocalApiServer},
 * fabric8's mock server in CRUD mode on 127.0.0.1 (plain HTTP, a free port), with what the
 * operator, Spark and kubectl need of a real API server added by {@link
 * io.sparkbench.apiserver.LocalApiDispatcher}. The local cluster runs on it, and so do the
 * operator's tests against an API server; a test may see every request first and answer chosen ones
 * itself ({@link io.sparkbench.apiserver.RequestFilter}).
 *
 * <p>What it does, beyond storing any object (built-in or custom) under a resourceVersion:
 *
 * <ul>
 *   <li>owner-reference cascade on delete, as Kubernetes' garbage collector does it, dependents of
 *       dependents included ({@link io.sparkbench.apiserver.GarbageCollector});
 *   <li>watches that resume from a resourceVersion, with {@code 410 Expired} once it is no longer
 *       kept, and {@code metadata.name} field selectors ({@link io.sparkbench.apiserver.Watches});
 *   <li>set-based label selectors on list, delete-collection and watch ({@link
 *       io.sparkbench.apiserver.LabelSelector});
 *   <li>optimistic locking: an update naming a stale resourceVersion is a {@code 409 Conflict};
 *   <li>a server-side-apply stand-in: create when absent, otherwise a merge patch; an applied
 *       status replaces the stored one;
 *   <li>{@code Pending} as a new pod's phase;
 *   <li>discovery documents for built-in kinds and stored CRDs ({@link
 *       io.sparkbench.apiserver.ApiDiscovery}), server-side tables for kubectl with a CRD's printer
 *       columns ({@link io.sparkbench.apiserver.TableView}), {@code /version} and an empty OpenAPI
 *       document.
 * </ul>
 *
 * <p>What it does not do: schedule (pods get no node), run or report pods (that is a kubelet's
 * work: the local module's process kubelet, or a test writing statuses), run controllers (no
 * Deployments, Jobs, Endpoints, service-account tokens or namespace lifecycle), admit (no schema,
 * defaults or CEL rules of a CRD, no Pod Security, ServiceAccount admission or quotas),
 * authenticate or authorize (no RBAC), require namespaces to exist, honour finalizers or grace
 * periods (a deleted object is gone at once), track field managers or apply conflicts, or validate
 * fields strictly. Maps come back in the order they were written, not sorted by key.
 */
package io.sparkbench.apiserver;
