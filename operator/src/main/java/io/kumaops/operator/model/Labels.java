package io.kumaops.operator.model;

/** Labels and annotations the operator writes, and Kuma's own that it sets or reads. */
public final class Labels {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "kuma-production-operator";
    /** The field manager of every server-side apply the operator sends (the same name as its managed-by value). */
    public static final String FIELD_MANAGER = MANAGED_BY_VALUE;
    public static final String PROFILE = "kumaops.io/profile";
    public static final String STEP = "kumaops.io/step";
    public static final String SUPPRESS = "kumaops.io/suppress";
    /** On a canary copy of a default policy: the name of the mesh-wide policy it copies. */
    public static final String CANARY_OF = "kumaops.io/canary-of";
    /** On a profile, set by a person: {@code <step>: <reason>} lets that step pass its gate once, on purpose. */
    public static final String PASS_GATE = "kumaops.io/pass-gate";
    /** On a ContainerPatch left in place when its profile was deleted: why it could not go. */
    public static final String KEPT_BECAUSE = "kumaops.io/kept-because";

    public static final String KUMA_MESH = "kuma.io/mesh";
    public static final String KUMA_ORIGIN = "kuma.io/origin";
    /**
     * On a namespace or pod: whether Kuma injects the sidecar. From 2.11 Kuma's webhooks only see namespaces that carry
     * it, whatever its value (Kuma deployments/charts/kuma/templates/cp-webhooks-and-secrets.yaml).
     */
    public static final String KUMA_SIDECAR_INJECTION = "kuma.io/sidecar-injection";

    private Labels() {
    }

    /** The {@link #PROFILE} label of an object given as a map (apiVersion, kind, metadata, …), or null. */
    public static String profileOf(java.util.Map<String, Object> object) {
        return object != null && object.get("metadata") instanceof java.util.Map<?, ?> metadata
                && metadata.get("labels") instanceof java.util.Map<?, ?> labels && labels.get(PROFILE) instanceof String profile ? profile : null;
    }
}
