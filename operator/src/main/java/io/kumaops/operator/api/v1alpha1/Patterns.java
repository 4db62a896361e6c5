package io.kumaops.operator.api.v1alpha1;

/** Regular expressions shared by the CRD schema and the offline validator. */
public final class Patterns {
    public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";
    public static final String DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$";
    /** Go durations as Kuma accepts them: 500ms, 5s, 1h30m. */
    public static final String DURATION = "^([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+$";
    /**
     * Kuma's own duration format for Mesh CA and certificate lifetimes: one integer and one unit, or 0 (Kuma
     * {@code pkg/core/resources/apis/mesh/mesh_helpers.go}, {@code ParseDuration}). 30d and 10y are valid, 1h30m is not.
     */
    public static final String KUMA_DURATION = "^(0|[0-9]+(y|w|d|h|m|s|ms))$";

    private Patterns() {
    }
}
