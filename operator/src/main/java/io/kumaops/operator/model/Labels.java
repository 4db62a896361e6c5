package io.kumaops.operator.model;

/** Labels and annotations the operator writes, and Kuma's own that it sets. */
public final class Labels {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_VALUE = "kuma-production-operator";
    public static final String PROFILE = "kumaops.io/profile";
    public static final String STEP = "kumaops.io/step";
    public static final String SUPPRESS = "kumaops.io/suppress";
    /** On a canary copy of a default policy: the name of the mesh-wide policy it copies. */
    public static final String CANARY_OF = "kumaops.io/canary-of";

    public static final String KUMA_MESH = "kuma.io/mesh";
    public static final String KUMA_ORIGIN = "kuma.io/origin";

    private Labels() {
    }

    /** The {@link #PROFILE} label of an object given as a map (apiVersion, kind, metadata, …), or null. */
    public static String profileOf(java.util.Map<String, Object> object) {
        return object != null && object.get("metadata") instanceof java.util.Map<?, ?> metadata
                && metadata.get("labels") instanceof java.util.Map<?, ?> labels && labels.get(PROFILE) instanceof String profile ? profile : null;
    }
}
