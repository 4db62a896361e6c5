package io.kumaops.operator.rules;

/**
 * The numbers the rules compare against, in one place so a change of guidance is one edit. Sources are the Kuma
 * documentation and chart as summarised in the project's kuma-facts reference (W = kumahq/kuma-website,
 * K = kumahq/kuma, chart = Kuma's Helm values v2.14.3).
 */
public final class ProductionThresholds {

    private static final long MIB = 1024L * 1024L;

    /**
     * Control-plane memory before any data plane connects: 256Mi, the memory request of Kuma's Helm chart
     * ({@code controlPlane.resources.requests.memory}, chart v2.14.3). The chart's default is what Kuma ships as
     * enough for an empty control plane, so sizing starts from it.
     */
    public static final long CONTROL_PLANE_BASE_MEMORY_BYTES = 256 * MIB;

    /** About 1 MiB of control-plane memory per data plane (W introduction/kuma-requirements.md). */
    public static final long CONTROL_PLANE_MEMORY_PER_DATAPLANE_BYTES = MIB;

    /** "4 vCPU / 2 GB handles 1000+ data planes" (W introduction/kuma-requirements.md). */
    public static final int LARGE_MESH_DATAPLANES = 1000;

    /** CPU for a large mesh, in millicores: 4 vCPU (W introduction/kuma-requirements.md). */
    public static final long LARGE_MESH_CONTROL_PLANE_CPU_MILLIS = 4000;

    /** Memory for a large mesh: 2 GiB (W introduction/kuma-requirements.md). */
    public static final long LARGE_MESH_CONTROL_PLANE_MEMORY_BYTES = 2048 * MIB;

    /** Control-plane CPU request of Kuma's Helm chart, assumed when the profile and the cluster show none (chart v2.14.3). */
    public static final long HELM_DEFAULT_CONTROL_PLANE_CPU_MILLIS = 500;

    /**
     * Reachable services become necessary at 1000 or more data planes: the production guide's figure (the exact
     * threshold is UNCONFIRMED in Kuma's source; kuma-facts "Reachable services").
     */
    public static final int REACHABLE_SERVICES_DATAPLANES = LARGE_MESH_DATAPLANES;

    /** Minimum production sidecar CPU request, 100m (W production/dp-config/dpp-on-kubernetes.md; Kuma's default is 50m). */
    public static final long SIDECAR_MIN_CPU_REQUEST_MILLIS = 100;

    /** Minimum production sidecar memory request, 128Mi (same source; Kuma's default is 64Mi). */
    public static final long SIDECAR_MIN_MEMORY_REQUEST_BYTES = 128 * MIB;

    /** Sidecar CPU limit below which proxies are throttled under load: 1 CPU (same source; Kuma's default is 1000m). */
    public static final long SIDECAR_MIN_CPU_LIMIT_MILLIS = 1000;

    /** Sidecar memory limit: 1Gi (same source; Kuma's default is 512Mi). */
    public static final long SIDECAR_MIN_MEMORY_LIMIT_BYTES = 1024 * MIB;

    /** Kuma's default sidecar requests and limits (2.9–2.13), quoted in messages when the profile sets none. */
    public static final String KUMA_DEFAULT_SIDECAR_REQUESTS = "50m CPU / 64Mi";
    public static final String KUMA_DEFAULT_SIDECAR_LIMITS = "1000m CPU / 512Mi";

    /** Kuma minor that adds MeshIdentity / MeshTrust, the replacement of Mesh.mtls (removed in 3.0). */
    public static final int MESH_IDENTITY_MINOR = 12;

    /**
     * Kuma minor from which its webhooks (injector, validator, defaulter, owner reference) only see namespaces labelled
     * kuma.io/sidecar-injection (chart 2.11.0 templates/cp-webhooks-and-secrets.yaml; UPGRADE.md "Upgrade to 2.11.x").
     */
    public static final int NAMESPACE_LABEL_REQUIRED_MINOR = 11;

    /**
     * Kuma minor that generates Workloads and refuses to for a workload in several meshes, and adds
     * KUMA_RUNTIME_KUBERNETES_DISALLOW_MULTIPLE_MESHES_PER_NAMESPACE (v2.13.0 pkg/config/plugins/runtime/k8s/config.go).
     */
    public static final int SINGLE_MESH_NAMESPACE_MINOR = 13;

    /** Kuma minor whose chart supports certManager.enabled for control-plane TLS. */
    public static final int CERT_MANAGER_TLS_MINOR = 13;

    /**
     * Offline data planes a mesh may have before it is a finding: more than 10% of the mesh's data planes (and at least
     * one). A rolling restart briefly takes a few proxies offline; a tenth of the mesh is more than any restart of one
     * workload should, and the sign of a control plane that proxies cannot reach or pods that stay unready.
     */
    public static final int OFFLINE_DATAPLANES_MAX_PERCENT = 10;

    /**
     * How long past Kuma's own rotation point (4/5 of a certificate's lifetime, Kuma pkg/xds/secrets/secrets.go
     * {@code ExpiringSoon}) a connected data plane may still hold its old certificate: 5 minutes, or a tenth of the
     * lifetime when that is less. Kuma renews within a configuration refresh (1s) and reports it at the next status
     * flush (10s), so minutes are a wide margin for a slow CA.
     */
    public static final java.time.Duration CERTIFICATE_RENEWAL_GRACE = java.time.Duration.ofMinutes(5);

    private ProductionThresholds() {
    }

    /** Memory the control plane needs for this many data planes: base + 1 MiB each, and at least 2Gi on a large mesh. */
    public static long requiredControlPlaneMemoryBytes(int dataplanes) {
        long linear = CONTROL_PLANE_BASE_MEMORY_BYTES + (long) Math.max(0, dataplanes) * CONTROL_PLANE_MEMORY_PER_DATAPLANE_BYTES;
        return dataplanes >= LARGE_MESH_DATAPLANES ? Math.max(linear, LARGE_MESH_CONTROL_PLANE_MEMORY_BYTES) : linear;
    }
}
