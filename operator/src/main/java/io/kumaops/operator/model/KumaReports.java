package io.kumaops.operator.model;

import java.util.Map;

/**
 * What Kuma's control plane reports about one mesh, read from its MeshInsight (Kuma api/mesh/v1alpha1/mesh_insight.proto,
 * computed by pkg/insights/resyncer.go): the evidence the rollout gates wait for, never the API server's own view.
 *
 * @param dataplanesTotal   data planes Kuma knows of in the mesh
 * @param dataplanesOnline  of those, connected to a control plane
 * @param issuedOnline      per CA backend, online data planes holding a certificate from it ({@code mTLS.issuedBackends})
 * @param resources         per kind, the mesh's resources Kuma counts ({@code resources}, e.g. MeshTrafficPermission)
 */
public record KumaReports(long dataplanesTotal, long dataplanesOnline, Map<String, Long> issuedOnline, Map<String, Long> resources) {

    public KumaReports {
        issuedOnline = Map.copyOf(issuedOnline);
        resources = Map.copyOf(resources);
    }

    public long counted(String kind) {
        return resources.getOrDefault(kind, 0L);
    }

    public long issuedFrom(String backend) {
        return issuedOnline.getOrDefault(backend, 0L);
    }

    /** Reads a MeshInsight's spec as Kuma's proto JSON writes it (64-bit counters as strings, zeros left out). */
    @SuppressWarnings("unchecked")
    public static KumaReports fromMeshInsight(Map<String, Object> spec) {
        Map<String, Object> dataplanes = spec.get("dataplanes") instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        Map<String, Long> issued = new java.util.TreeMap<>();
        if (spec.get("mTLS") instanceof Map<?, ?> mtls && mtls.get("issuedBackends") instanceof Map<?, ?> backends) {
            backends.forEach((name, stat) -> issued.put(String.valueOf(name), number(stat instanceof Map<?, ?> s ? s.get("online") : null)));
        }
        Map<String, Long> counts = new java.util.TreeMap<>();
        if (spec.get("resources") instanceof Map<?, ?> resources) {
            resources.forEach((kind, stat) -> counts.put(String.valueOf(kind), number(stat instanceof Map<?, ?> s ? s.get("total") : null)));
        }
        return new KumaReports(number(dataplanes.get("total")), number(dataplanes.get("online")), issued, counts);
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
