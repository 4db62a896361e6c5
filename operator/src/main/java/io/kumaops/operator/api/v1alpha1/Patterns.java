package io.kumaops.operator.api.v1alpha1;

/** Regular expressions shared by the CRD schema and the offline validator. */
public final class Patterns {
    public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";
    public static final String DNS_SUBDOMAIN = "^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$";
    /**
     * A host name or an IP address, nothing else: no user, password, port or path ({@code user:pass@host} is refused,
     * so credentials cannot ride along in a free string).
     */
    public static final String HOST =
            "^([A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*)$";
    /** A Postgres database name: an identifier of at most 63 characters. */
    public static final String POSTGRES_DATABASE = "^[A-Za-z_][A-Za-z0-9_$-]{0,62}$";
    /** A key of a Secret's data, as Kubernetes allows it. */
    public static final String SECRET_KEY = "^[-._a-zA-Z0-9]+$";
    /** grpc:// or grpcs:// with a host (or a bracketed IPv6 address) and an optional port: no user, no path. */
    public static final String KDS_ADDRESS = "^grpcs?://([A-Za-z0-9]([-A-Za-z0-9.]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?$";
    /** A Kuma service name as a targetRef names it (kuma.io/service values such as backend_kuma-demo_svc_8080). */
    public static final String KUMA_SERVICE = "^[A-Za-z0-9]([-A-Za-z0-9_.:/]{0,251}[A-Za-z0-9])?$";
    /**
     * Free text on one line: no C0 or C1 control characters and no Unicode line or paragraph separator, so no line
     * break of any YAML or CEL reader (a multi-line PEM block cannot pass).
     */
    public static final String ONE_LINE_TEXT = "^[^\\x00-\\x1f\\x7f-\\x9f\\x{2028}\\x{2029}]*$";
    /** Go durations as Kuma accepts them: 500ms, 5s, 1h30m. */
    public static final String DURATION = "^([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+$";
    /**
     * Kuma's own duration format for Mesh CA and certificate lifetimes: one integer and one unit, or 0 (Kuma
     * {@code pkg/core/resources/apis/mesh/mesh_helpers.go}, {@code ParseDuration}). 30d and 10y are valid, 1h30m is not.
     */
    public static final String KUMA_DURATION = "^(0|[0-9]+(y|w|d|h|m|s|ms))$";
    /**
     * What the CRD admits for those lifetimes: Kuma's format, or a Go duration as releases before Kuma's format took.
     * A profile stored then must stay valid under the schema, or the API server refuses every later write of it (its
     * status, its finalizer's removal) until ratcheting (Kubernetes 1.30); the operator itself refuses the Go form
     * (InvalidSpec, {@link #KUMA_DURATION}).
     */
    public static final String STORED_KUMA_DURATION = "^(0|[0-9]+(y|w|d|h|m|s|ms))$|" + DURATION;

    private Patterns() {
    }
}
