package io.kumaops.operator.standin;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code spec} of one MeshInsight, computed the way Kuma's insights resyncer does
 * (Kuma pkg/insights/resyncer.go {@code createOrUpdateMeshInsight}, {@code updateMTLS}, {@code updateTotal}), from
 * one {@link #add} per Dataplane of the mesh and the resource counts. Proto: api/mesh/v1alpha1/mesh_insight.proto.
 */
final class MeshInsightCalculator {

    /** One DataplaneStat (total, online, offline, partiallyDegraded). */
    private static final class Stat {
        long total;
        long online;
        long offline;
        long partiallyDegraded;

        void count(InsightStatus status) {
            switch (status) {
                case ONLINE -> online++;
                case OFFLINE -> offline++;
                case PARTIALLY_DEGRADED -> partiallyDegraded++;
            }
        }

        Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            ProtoJson.uint32(json, "total", total);
            ProtoJson.uint32(json, "online", online);
            ProtoJson.uint32(json, "offline", offline);
            ProtoJson.uint32(json, "partiallyDegraded", partiallyDegraded);
            return json;
        }
    }

    private final Stat dataplanes = new Stat();
    private final Stat standard = new Stat();
    private final Stat gatewayBuiltin = new Stat();
    private final Stat gatewayDelegated = new Stat();
    private final Map<String, Stat> kumaDp = new TreeMap<>();
    private final Map<String, Stat> envoy = new TreeMap<>();
    private final Map<String, Stat> issuedBackends = new TreeMap<>();
    private final Map<String, Stat> supportedBackends = new TreeMap<>();
    private final Set<String> internalServices = new HashSet<>();

    /**
     * One Dataplane with its insight as the control plane last recorded it.
     *
     * @param kumaDpVersion  kuma-dp version of the last subscription, null without one (counted as "unknown")
     * @param issuedBackend  the insight's {@code mTLS.issuedBackend}, or null when the insight has no mTLS section
     */
    void add(DataplaneFacts facts, boolean online, String kumaDpVersion, String envoyVersion, String issuedBackend,
             List<String> supported) {
        InsightStatus status = facts.status(online);
        dataplanes.total++;
        dataplanes.count(status);
        Stat byType = switch (facts.gateway()) {
            case DataplaneFacts.BUILTIN -> gatewayBuiltin;
            case DataplaneFacts.DELEGATED -> gatewayDelegated;
            default -> standard;
        };
        byType.total++;
        byType.count(status);
        version(kumaDp, kumaDpVersion, status);
        version(envoy, envoyVersion, status);
        if (issuedBackend != null) {
            // Kuma counts the issued backend under its name even when empty, and every supported one.
            Stat issued = issuedBackends.computeIfAbsent(issuedBackend, name -> new Stat());
            issued.count(status);
            issued.total++;
            for (String backend : supported) {
                Stat stat = supportedBackends.computeIfAbsent(backend, name -> new Stat());
                stat.count(status);
                stat.total++;
            }
        }
        if (facts.gatewayService() != null) {
            internalServices.add(facts.gatewayService());
        }
        for (String service : facts.services()) {
            internalServices.add(service);
        }
    }

    private static void version(Map<String, Stat> versions, String version, InsightStatus status) {
        Stat stat = versions.computeIfAbsent(version == null || version.isEmpty() ? "unknown" : version, v -> new Stat());
        stat.count(status);
        // Kuma's updateTotal: online + offline, partially degraded proxies are not in a version's total.
        stat.total = stat.online + stat.offline;
    }

    /**
     * The MeshInsight spec.
     *
     * @param resourceCounts   objects per Kuma type name in the mesh, Dataplanes included; zero counts are left out
     * @param policyKinds      the type names that are policies: also reported under the legacy {@code policies}
     * @param exclusiveMeshServices the Mesh's {@code meshServices.mode} is Exclusive: no {@code services} stat
     * @param externalServices how many ExternalService objects the mesh has
     */
    Map<String, Object> spec(Map<String, Integer> resourceCounts, Set<String> policyKinds, boolean exclusiveMeshServices,
                             int externalServices) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("dataplanes", dataplanes.json());
        Map<String, Object> policies = new TreeMap<>();
        Map<String, Object> resources = new TreeMap<>();
        resourceCounts.forEach((kind, count) -> {
            if (count != null && count > 0) {
                resources.put(kind, Map.of("total", (long) count));
                if (policyKinds.contains(kind)) {
                    policies.put(kind, Map.of("total", (long) count));
                }
            }
        });
        ProtoJson.nonEmpty(spec, "policies", policies);
        Map<String, Object> versions = new LinkedHashMap<>();
        ProtoJson.nonEmpty(versions, "kumaDp", json(kumaDp));
        ProtoJson.nonEmpty(versions, "envoy", json(envoy));
        spec.put("dpVersions", versions);
        Map<String, Object> mtls = new LinkedHashMap<>();
        ProtoJson.nonEmpty(mtls, "issuedBackends", json(issuedBackends));
        ProtoJson.nonEmpty(mtls, "supportedBackends", json(supportedBackends));
        spec.put("mTLS", mtls);
        if (!exclusiveMeshServices) {
            Map<String, Object> services = new LinkedHashMap<>();
            ProtoJson.uint32(services, "total", internalServices.size() + (long) externalServices);
            ProtoJson.uint32(services, "internal", internalServices.size());
            ProtoJson.uint32(services, "external", externalServices);
            spec.put("services", services);
        }
        Stat gateway = new Stat();
        for (Stat part : List.of(gatewayBuiltin, gatewayDelegated)) {
            gateway.total += part.total;
            gateway.online += part.online;
            gateway.offline += part.offline;
            gateway.partiallyDegraded += part.partiallyDegraded;
        }
        Map<String, Object> byType = new LinkedHashMap<>();
        byType.put("standard", standard.json());
        byType.put("gateway", gateway.json());
        byType.put("gatewayBuiltin", gatewayBuiltin.json());
        byType.put("gatewayDelegated", gatewayDelegated.json());
        spec.put("dataplanesByType", byType);
        ProtoJson.nonEmpty(spec, "resources", resources);
        return spec;
    }

    private static Map<String, Object> json(Map<String, Stat> stats) {
        Map<String, Object> json = new TreeMap<>();
        stats.forEach((key, stat) -> json.put(key, stat.json()));
        return json;
    }
}
