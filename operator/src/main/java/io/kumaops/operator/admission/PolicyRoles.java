package io.kumaops.operator.admission;

import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.model.KumaVersion;
import java.util.List;
import java.util.Map;

/**
 * The {@code kuma.io/policy-role} a policy is judged with. On Kubernetes Kuma's defaulting webhook computes the label
 * before the validating webhook reads it (Kuma {@code pkg/plugins/runtime/k8s/webhooks/defaulter.go}, then
 * {@code pkg/core/resources/labels/compute.go} {@code Compute} in 2.14, {@code pkg/core/resources/model/resource.go}
 * {@code ComputeLabels} before); the validators then read it with {@code PolicyRole}, where no label means
 * {@code system}.
 */
final class PolicyRoles {

    static final String LABEL = "kuma.io/policy-role";
    static final String SYSTEM = "system";
    static final String PRODUCER = "producer";
    static final String CONSUMER = "consumer";
    static final String WORKLOAD_OWNER = "workload-owner";

    private static final String ORIGIN_LABEL = "kuma.io/origin";

    private PolicyRoles() {
    }

    /** The role, or the reason Kuma's defaulting webhook refuses the policy ({@code error}). */
    record Role(String name, String error) {

        boolean system() {
            return SYSTEM.equals(name);
        }
    }

    /**
     * @param to   the policy's {@code to} items as its Go type holds them (empty for kinds without {@code to})
     * @param from the policy's {@code from} items (empty for kinds without {@code from})
     */
    static Role of(AdmissionRequest request, List<Object> to, List<Object> from) {
        Map<String, String> labels = request.labels();
        String namespace = request.namespace();
        if (!namespace.isEmpty() && locallyOriginated(request.target().role(), labels)) {
            return compute(to, from, namespace, request.inSystemNamespace(), request.target().version());
        }
        // a policy synced from elsewhere keeps the label it came with (Kuma model/resource.go PolicyRole)
        String label = labels.get(LABEL);
        return new Role(label == null || label.isEmpty() ? SYSTEM : label, null);
    }

    /**
     * Kuma {@code IsLocallyOriginated} (model/resource.go): a zone computes roles for its own policies (a zone's
     * defaulter first labels an unlabelled one {@code kuma.io/origin: zone}), a global for its own, standalone always.
     */
    private static boolean locallyOriginated(ControlPlaneRole mode, Map<String, String> labels) {
        String origin = labels.get(ORIGIN_LABEL);
        boolean unlabelled = origin == null || origin.isEmpty();
        return switch (mode) {
            case Global -> unlabelled || origin.equals("global");
            case Zone -> unlabelled || origin.equals("zone");
            default -> true;
        };
    }

    /** Kuma {@code ComputePolicyRole} (labels/compute.go; model/resource.go before 2.14). */
    private static Role compute(List<Object> to, List<Object> from, String namespace, boolean systemNamespace, KumaVersion version) {
        if (systemNamespace) {
            return new Role(SYSTEM, null);
        }
        boolean hasTo = !to.isEmpty();
        boolean hasFrom = !from.isEmpty();
        if (hasTo && hasFrom) {
            return new Role(null, "it's not allowed to mix 'to' and 'from' arrays in the same policy");
        }
        if (!hasTo) {
            // 'from' alone, or a single-item policy with neither
            return new Role(WORKLOAD_OWNER, null);
        }
        int producerItems = 0;
        for (Object item : to) {
            if (producerItem(Tree.map(Tree.map(item).get("targetRef")), namespace, version)) {
                producerItems++;
            }
        }
        if (producerItems == to.size()) {
            return new Role(PRODUCER, null);
        }
        if (producerItems == 0) {
            return new Role(CONSUMER, null);
        }
        return new Role(null, "it's not allowed to mix producer and consumer items in the same policy");
    }

    /** A named MeshService (2.11: or MeshHTTPRoute) in the policy's own namespace or with none given. */
    private static boolean producerItem(Map<String, Object> ref, String namespace, KumaVersion version) {
        String kind = TargetRefRules.text(ref, "kind");
        boolean producerKind = kind.equals(TargetRefRules.MESH_SERVICE)
                || version.atLeast(2, 11) && kind.equals(TargetRefRules.MESH_HTTP_ROUTE);
        String refNamespace = TargetRefRules.text(ref, "namespace");
        return producerKind && !TargetRefRules.text(ref, "name").isEmpty()
                && (refNamespace.isEmpty() || refNamespace.equals(namespace));
    }
}
