package io.kumaops.operator.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * What Kuma's control plane reports about one mesh, read from its MeshInsight (Kuma api/mesh/v1alpha1/mesh_insight.proto,
 * computed by pkg/insights/resyncer.go): the evidence the rollout gates wait for and the health rules read, never the
 * API server's own view. The MeshInsight counts; the names of the data planes behind a count come from the mesh's
 * DataplaneInsights, read less often ({@link #insights}).
 *
 * @param dataplanesTotal   data planes Kuma knows of in the mesh
 * @param dataplanesOnline  of those, connected to a control plane with every inbound ready
 * @param dataplanesOffline of those, disconnected or with no inbound ready, as Kuma counts them
 *                          (pkg/core/resources/apis/mesh/dataplane_overview_helpers.go {@code Status})
 * @param kumaDpVersions    per kuma-dp version (Kuma's {@code unknown} without one), the data planes running it:
 *                          {@code dpVersions.kumaDp}, online, offline and partially degraded together
 * @param issuedOnline      per CA backend, online data planes holding a certificate from it ({@code mTLS.issuedBackends})
 * @param issuedAll         per CA backend, data planes holding a certificate from it whether online or not (the stat's
 *                          {@code total}: Kuma counts every insight's issued backend, pkg/insights/resyncer.go {@code updateMTLS})
 * @param supportedOnline   per CA backend, online data planes that trust it ({@code mTLS.supportedBackends}: the backends
 *                          the data plane's CA bundle holds, as its DataplaneInsight lists them)
 * @param resources         per kind, the mesh's resources Kuma counts ({@code resources}, e.g. MeshTrafficPermission)
 * @param insights          what the mesh's DataplaneInsights said when last read, or null when they were not read
 */
public record KumaReports(long dataplanesTotal, long dataplanesOnline, long dataplanesOffline, Map<String, Long> kumaDpVersions,
                          Map<String, Long> issuedOnline, Map<String, Long> issuedAll, Map<String, Long> supportedOnline,
                          Map<String, Long> resources, DataplaneInsightDigest insights, java.time.Instant readAt) {

    public KumaReports {
        kumaDpVersions = Map.copyOf(kumaDpVersions);
        issuedOnline = Map.copyOf(issuedOnline);
        issuedAll = Map.copyOf(issuedAll);
        supportedOnline = Map.copyOf(supportedOnline);
        resources = Map.copyOf(resources);
    }

    /** A report without the time it was read. */
    public KumaReports(long dataplanesTotal, long dataplanesOnline, long dataplanesOffline, Map<String, Long> kumaDpVersions,
                       Map<String, Long> issuedOnline, Map<String, Long> issuedAll, Map<String, Long> supportedOnline,
                       Map<String, Long> resources, DataplaneInsightDigest insights) {
        this(dataplanesTotal, dataplanesOnline, dataplanesOffline, kumaDpVersions, issuedOnline, issuedAll, supportedOnline, resources,
                insights, null);
    }

    /** Without the per-backend totals and support: every data plane holding a certificate is taken as online. */
    public KumaReports(long dataplanesTotal, long dataplanesOnline, long dataplanesOffline, Map<String, Long> kumaDpVersions,
                       Map<String, Long> issuedOnline, Map<String, Long> resources, DataplaneInsightDigest insights) {
        this(dataplanesTotal, dataplanesOnline, dataplanesOffline, kumaDpVersions, issuedOnline, issuedOnline, Map.of(), resources, insights);
    }

    /** Counts alone: no offline proxies, no versions, no DataplaneInsights. */
    public KumaReports(long dataplanesTotal, long dataplanesOnline, Map<String, Long> issuedOnline, Map<String, Long> resources) {
        this(dataplanesTotal, dataplanesOnline, 0, Map.of(), issuedOnline, resources, null);
    }

    public KumaReports withInsights(DataplaneInsightDigest digest) {
        return new KumaReports(dataplanesTotal, dataplanesOnline, dataplanesOffline, kumaDpVersions, issuedOnline, issuedAll,
                supportedOnline, resources, digest, readAt);
    }

    /**
     * The same report with the moment its MeshInsight was read: what it counts, Kuma had counted by then, so a wait that
     * runs from Kuma's count (the configuration refresh) starts there rather than later in the pass. Null when unknown.
     */
    public KumaReports withReadAt(java.time.Instant when) {
        return new KumaReports(dataplanesTotal, dataplanesOnline, dataplanesOffline, kumaDpVersions, issuedOnline, issuedAll,
                supportedOnline, resources, insights, when);
    }

    public long counted(String kind) {
        return resources.getOrDefault(kind, 0L);
    }

    public long issuedFrom(String backend) {
        return issuedOnline.getOrDefault(backend, 0L);
    }

    /** Data planes, online or not, whose current certificate {@code backend} issued. */
    public long holdingCertificatesFrom(String backend) {
        return issuedAll.getOrDefault(backend, 0L);
    }

    /** Online data planes that trust {@code backend}: a switch to it cuts none of them off. */
    public long supportingOnline(String backend) {
        return supportedOnline.getOrDefault(backend, 0L);
    }

    /** Some online data plane holds a certificate: only then can one be overdue for renewal. */
    public boolean certificatesIssued() {
        return issuedOnline.values().stream().anyMatch(count -> count > 0);
    }

    /**
     * Whether the mesh's DataplaneInsights could name someone this report counts: certificates out (one may be overdue,
     * or from a backend a rotation drains), online data planes without a certificate from the enabled backend (the
     * restrict step and a rotation wait for them), offline data planes, or kuma-dp versions the running control plane
     * does not support. Otherwise reading them costs a list for nothing.
     *
     * @param enabledBackend      the live Mesh's enabled CA backend, null when mTLS is off
     * @param controlPlaneVersion the running control plane's version, null when unknown
     */
    public boolean dataplaneNamesWanted(String enabledBackend, String controlPlaneVersion) {
        return certificatesIssued() || dataplanesOffline > 0
                || (enabledBackend != null && issuedFrom(enabledBackend) < dataplanesOnline)
                || (controlPlaneVersion != null && kumaDpVersions.entrySet().stream().anyMatch(version -> version.getValue() > 0
                        && !KumaDpCompatibility.compatible(controlPlaneVersion, version.getKey())));
    }

    /** Reads a MeshInsight's spec as Kuma's proto JSON writes it (64-bit counters as strings, zeros left out). */
    @SuppressWarnings("unchecked")
    public static KumaReports fromMeshInsight(Map<String, Object> spec) {
        Map<String, Object> dataplanes = spec.get("dataplanes") instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        Map<String, Long> issued = new TreeMap<>();
        Map<String, Long> issuedAll = new TreeMap<>();
        Map<String, Long> supported = new TreeMap<>();
        if (spec.get("mTLS") instanceof Map<?, ?> mtls) {
            if (mtls.get("issuedBackends") instanceof Map<?, ?> backends) {
                backends.forEach((name, stat) -> {
                    issued.put(String.valueOf(name), number(stat instanceof Map<?, ?> s ? s.get("online") : null));
                    issuedAll.put(String.valueOf(name), number(stat instanceof Map<?, ?> s ? s.get("total") : null));
                });
            }
            if (mtls.get("supportedBackends") instanceof Map<?, ?> backends) {
                backends.forEach((name, stat) -> supported.put(String.valueOf(name), number(stat instanceof Map<?, ?> s ? s.get("online") : null)));
            }
        }
        Map<String, Long> versions = new TreeMap<>();
        if (spec.get("dpVersions") instanceof Map<?, ?> dpVersions && dpVersions.get("kumaDp") instanceof Map<?, ?> kumaDp) {
            // A version's own total leaves partially degraded proxies out (resyncer.go updateTotal): add the three.
            kumaDp.forEach((version, stat) -> versions.put(String.valueOf(version), stat instanceof Map<?, ?> s
                    ? number(s.get("online")) + number(s.get("offline")) + number(s.get("partiallyDegraded")) : 0L));
        }
        Map<String, Long> counts = new TreeMap<>();
        if (spec.get("resources") instanceof Map<?, ?> resources) {
            resources.forEach((kind, stat) -> counts.put(String.valueOf(kind), number(stat instanceof Map<?, ?> s ? s.get("total") : null)));
        }
        return new KumaReports(number(dataplanes.get("total")), number(dataplanes.get("online")), number(dataplanes.get("offline")),
                versions, issued, issuedAll, supported, counts, null);
    }

    private static long number(Object value) {
        if (value instanceof Number number) {
            return number.longValue();
        }
        try {
            return value == null ? 0 : Long.parseLong(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
