package io.kumaops.operator.standin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What Kuma's defaulting webhook does to a Mesh before its validating webhook sees it: the defaults of each Prometheus
 * metrics backend (Kuma {@code pkg/core/resources/apis/mesh/mesh_defaulter.go}, called by
 * {@code pkg/plugins/runtime/k8s/webhooks/defaulter.go} on CREATE and UPDATE of meshes). The one default that changes
 * a verdict: a backend with {@code skipMTLS} and {@code tls.mode: providedTLS} loses {@code skipMTLS}, so the
 * validator's "skipMTLS and tls configuration cannot be defined together" never meets it. Works on a copy.
 */
final class MeshDefaulting {

    private MeshDefaulting() {
    }

    /** The Mesh as the validating webhook receives it; anything that is not a Mesh is returned unchanged. */
    static Map<String, Object> apply(Map<String, Object> mesh) {
        if (!"Mesh".equals(mesh.get("kind")) || !(mesh.get("spec") instanceof Map<?, ?> spec)
                || !(spec.get("metrics") instanceof Map<?, ?> metrics) || !(metrics.get("backends") instanceof List<?> backends)) {
            return mesh;
        }
        List<Object> defaulted = backends.stream().map(MeshDefaulting::backend).toList();
        Map<String, Object> newMetrics = new LinkedHashMap<>(cast(metrics));
        newMetrics.put("backends", defaulted);
        Map<String, Object> newSpec = new LinkedHashMap<>(cast(spec));
        newSpec.put("metrics", newMetrics);
        Map<String, Object> copy = new LinkedHashMap<>(mesh);
        copy.put("spec", newSpec);
        return copy;
    }

    private static Object backend(Object item) {
        if (!(item instanceof Map<?, ?> backend) || !"prometheus".equals(backend.get("type"))) {
            return item;
        }
        // A conf that is not an object fails Kuma's conversion (an error of the defaulter, not modelled): left as it is.
        Object confValue = backend.get("conf");
        if (confValue != null && !(confValue instanceof Map<?, ?>)) {
            return item;
        }
        Map<String, Object> conf = confValue == null ? new LinkedHashMap<>() : new LinkedHashMap<>(cast(confValue));
        Object skipMtls = conf.get("skipMTLS"); // a BoolValue: null is absent
        boolean hasTls = conf.get("tls") != null;
        if (skipMtls == null && !hasTls) {
            conf.put("tls", Map.of("mode", "activeMTLSBackend"));
        } else if (!hasTls) {
            conf.put("tls", Map.of("mode", Boolean.TRUE.equals(skipMtls) ? "disabled" : "activeMTLSBackend"));
        } else if (skipMtls != null && conf.get("tls") instanceof Map<?, ?> tls && "providedTLS".equals(tls.get("mode"))) {
            conf.put("tls", Map.of("mode", "providedTLS"));
            conf.remove("skipMTLS");
        }
        if (conf.get("port") == null || "0".equals(String.valueOf(conf.get("port")))) {
            conf.put("port", 5670);
        }
        if (conf.get("path") == null || "".equals(conf.get("path"))) {
            conf.put("path", "/metrics");
        }
        if (!(conf.get("tags") instanceof Map<?, ?> tags) || tags.isEmpty()) {
            conf.put("tags", Map.of("kuma.io/service", "dataplane-metrics"));
        }
        Map<String, Object> copy = new LinkedHashMap<>(cast(backend));
        copy.put("conf", conf);
        return copy;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Object map) {
        return (Map<String, Object>) map;
    }
}
