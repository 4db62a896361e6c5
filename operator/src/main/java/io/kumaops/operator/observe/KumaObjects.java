package io.kumaops.operator.observe;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.model.Labels;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Kuma objects of one system namespace as one pass sees them: each kind is listed once, on first use, and the
 * observer, the planner's state, the canary bookkeeping and pruning all read that one list. Without it a pass
 * listed the same three policy kinds three times. A failed list is not remembered, so the next reader retries
 * and sees the failure itself.
 */
public final class KumaObjects {

    /** Kuma kinds that are cluster-scoped: listed cluster-wide rather than in the namespace. */
    private static final Set<String> CLUSTER_SCOPED = Set.of("Zone");

    private final KubernetesClient client;
    private final String namespace;
    /** Single objects this pass read by name (the Mesh), by object key; an absent one as an empty Optional. */
    private final Map<String, java.util.Optional<Map<String, Object>>> read = new ConcurrentHashMap<>();

    /** Per kind, the one list of this pass, or the list in flight that a concurrent reader waits for. */
    private final Map<String, java.util.concurrent.CompletableFuture<List<GenericKubernetesResource>>> byKind = new ConcurrentHashMap<>();

    public KumaObjects(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    public String namespace() {
        return namespace;
    }

    /**
     * Every object of the kind in the namespace (cluster-wide for cluster-scoped kinds). Readers on several threads
     * share one list request; a failed one is forgotten, and every reader that waited for it sees its failure.
     */
    public List<GenericKubernetesResource> all(String kind) {
        var mine = new java.util.concurrent.CompletableFuture<List<GenericKubernetesResource>>();
        var inFlight = byKind.putIfAbsent(kind, mine);
        if (inFlight != null) {
            try {
                return inFlight.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        try {
            var operation = client.genericKubernetesResources(KubeKinds.kuma(kind));
            List<GenericKubernetesResource> listed = List.copyOf(CLUSTER_SCOPED.contains(kind)
                    ? operation.list().getItems() : operation.inNamespace(namespace).list().getItems());
            mine.complete(listed);
            return listed;
        } catch (RuntimeException e) {
            byKind.remove(kind, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /**
     * What this pass's list of the object's kind says of it: present (as a map) or absent; empty when the kind has not
     * been listed in this pass (or its list failed), or the object lives elsewhere than the lists cover.
     */
    public java.util.Optional<java.util.Optional<Map<String, Object>>> listed(io.kumaops.operator.model.ResourceRef ref) {
        var single = read.get(io.kumaops.operator.model.ResourceRef.objectKey(ref.kind(), ref.namespace(), ref.name()));
        if (single != null) {
            return java.util.Optional.of(single);
        }
        var list = byKind.get(ref.kind());
        boolean covered = CLUSTER_SCOPED.contains(ref.kind()) ? ref.namespace() == null : namespace.equals(ref.namespace());
        if (list == null || !covered || !list.isDone() || list.isCompletedExceptionally()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(list.join().stream().filter(object -> ref.name().equals(object.getMetadata().getName())).findFirst()
                .map(object -> {
                    Map<String, Object> map = new java.util.LinkedHashMap<>(io.kumaops.operator.kube.KubeAccess.toMap(object));
                    // A list's items may come without their type: they are of the listed one.
                    map.putIfAbsent("apiVersion", ref.apiVersion());
                    map.putIfAbsent("kind", ref.kind());
                    return map;
                }));
    }

    /** One object this pass read by name, present or not, for {@link #listed} to answer from. */
    public void remember(io.kumaops.operator.model.ResourceRef ref, Map<String, Object> object) {
        read.put(io.kumaops.operator.model.ResourceRef.objectKey(ref.kind(), ref.namespace(), ref.name()), java.util.Optional.ofNullable(object));
    }

    /** The objects of the kind that carry the operator's labels for this profile. */
    public List<GenericKubernetesResource> ownedBy(String kind, String profile) {
        return all(kind).stream().filter(object -> ownedBy(object, profile)).toList();
    }

    static boolean ownedBy(GenericKubernetesResource object, String profile) {
        Map<String, String> labels = object.getMetadata().getLabels();
        return labels != null && Labels.MANAGED_BY_VALUE.equals(labels.get(Labels.MANAGED_BY))
                && io.kumaops.operator.model.GeneratedNames.profileLabel(profile).equals(labels.get(Labels.PROFILE));
    }
}
