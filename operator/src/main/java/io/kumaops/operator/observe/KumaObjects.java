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
    private final Map<String, List<GenericKubernetesResource>> byKind = new ConcurrentHashMap<>();

    public KumaObjects(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    public String namespace() {
        return namespace;
    }

    /** Every object of the kind in the namespace (cluster-wide for cluster-scoped kinds). */
    public List<GenericKubernetesResource> all(String kind) {
        List<GenericKubernetesResource> known = byKind.get(kind);
        if (known != null) {
            return known;
        }
        var operation = client.genericKubernetesResources(KubeKinds.kuma(kind));
        List<GenericKubernetesResource> listed = List.copyOf(CLUSTER_SCOPED.contains(kind)
                ? operation.list().getItems() : operation.inNamespace(namespace).list().getItems());
        byKind.put(kind, listed);
        return listed;
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
