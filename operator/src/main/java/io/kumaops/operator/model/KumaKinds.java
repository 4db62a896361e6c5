package io.kumaops.operator.model;

import java.util.List;

/** Kuma's API group and the kind lists the planner, the fence and the watches share. */
public final class KumaKinds {

    public static final String KUMA_GROUP = "kuma.io";
    public static final String KUMA_VERSION = "v1alpha1";
    public static final String KUMA_API = KUMA_GROUP + "/" + KUMA_VERSION;

    /**
     * Kuma's policy kinds (descriptor {@code IsPolicy}, {@code pkg/plugins/policies/*}/api/v1alpha1/zz_generated.resource.go);
     * the same sixteen in 2.9 … 2.14. Mesh, MeshService and other non-policy Mesh* kinds are not policies.
     */
    public static final List<String> POLICY_KINDS = List.of("MeshAccessLog", "MeshCircuitBreaker", "MeshFaultInjection",
            "MeshHealthCheck", "MeshHTTPRoute", "MeshLoadBalancingStrategy", "MeshMetric", "MeshPassthrough", "MeshProxyPatch",
            "MeshRateLimit", "MeshRetry", "MeshTCPRoute", "MeshTimeout", "MeshTLS", "MeshTrace", "MeshTrafficPermission");

    /** The resources (plural names) of {@link #POLICY_KINDS}: what the zone policy fence keeps for the global control plane. */
    public static final List<String> KUMA_POLICY_RESOURCES = POLICY_KINDS.stream().map(KumaKinds::plural).toList();

    /** The mesh-wide default policies the operator writes (spec.policies) and counts as fragments when others exist. */
    public static final List<String> DEFAULT_POLICY_KINDS = List.of("MeshTimeout", "MeshRetry", "MeshCircuitBreaker");

    /** Kuma kinds the operator may own, in the order their informers are registered. */
    public static final List<String> MANAGED_KUMA_KINDS = List.of(
            "Mesh", "MeshTrafficPermission", "MeshTimeout", "MeshRetry", "MeshCircuitBreaker", "ContainerPatch", "Zone");

    private KumaKinds() {
    }

    /** Kuma's CRD plural of a kind, as its generator writes it: lowercased, "y" to "ies", "s"/"ch" take "es", else "s". */
    public static String plural(String kind) {
        String lower = kind.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith("y")) {
            return lower.substring(0, lower.length() - 1) + "ies";
        }
        return lower.endsWith("s") || lower.endsWith("ch") ? lower + "es" : lower + "s";
    }
}
