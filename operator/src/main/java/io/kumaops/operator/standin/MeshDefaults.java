package io.kumaops.operator.standin;

import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The four policies Kuma creates for a new Mesh (Kuma {@code pkg/defaults/mesh/mesh.go}, specs from
 * {@code meshtimeout.go}, {@code meshretry.go}, {@code meshcircuitbreaker.go}; constants from
 * {@code pkg/plugins/policies/core/defaults/consts.go}), as the Kubernetes store writes them: named
 * {@code <prefix>-<mesh>} in the system namespace, with the labels Kuma computes
 * ({@code pkg/core/resources/labels/compute.go}) and the Mesh as owner ({@code pkg/core/resources/manager/manager.go}).
 * Durations are written as Go prints a {@code time.Duration}, which is how Kuma's {@code metav1.Duration} serialises.
 */
final class MeshDefaults {

    /** One default policy: its kind (what {@code skipCreatingInitialPolicies} names), its plural and its name prefix. */
    record Policy(String kind, String plural, String prefix, Map<String, Object> spec) {

        String name(String mesh) {
            return prefix + "-" + mesh;
        }
    }

    static final String DEFAULTS_GENERATED = "k8s.kuma.io/mesh-defaults-generated";

    private MeshDefaults() {
    }

    static List<Policy> policies() {
        return List.of(
                new Policy("MeshTimeout", "meshtimeouts", "mesh-timeout-all", meshTimeout()),
                new Policy("MeshTimeout", "meshtimeouts", "mesh-gateways-timeout-all", meshGatewaysTimeout()),
                new Policy("MeshRetry", "meshretries", "mesh-retry-all", meshRetry()),
                new Policy("MeshCircuitBreaker", "meshcircuitbreakers", "mesh-circuit-breaker-all", meshCircuitBreaker()));
    }

    /** The policies a Mesh gets, given its {@code spec.skipCreatingInitialPolicies}: none for {@code "*"}. */
    static List<Policy> forMesh(List<String> skipped) {
        if (skipped.contains("*")) {
            return List.of();
        }
        return policies().stream().filter(p -> !skipped.contains(p.kind())).toList();
    }

    /**
     * Kuma's computed labels for a default policy: the mesh; on a control plane in zone mode (standalone or zone) the
     * origin, zone and environment; the namespace and the policy role, since it is written in the system namespace.
     */
    static Map<String, String> labels(String mesh, ControlPlaneRole role, String zoneName, String systemNamespace) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("kuma.io/mesh", mesh);
        if (role != ControlPlaneRole.Global) {
            labels.put("kuma.io/origin", "zone");
            labels.put("kuma.io/zone", zoneName);
            labels.put("kuma.io/env", "kubernetes");
        }
        labels.put("k8s.kuma.io/namespace", systemNamespace);
        labels.put("kuma.io/policy-role", "system");
        return labels;
    }

    private static Map<String, Object> meshTimeout() {
        // Inbound ("from") timeouts are twice the outbound ones or disabled; factor 2 in meshtimeout.go.
        return Map.of(
                "targetRef", Map.of("kind", "Mesh", "proxyTypes", List.of("Sidecar")),
                "from", List.of(Map.of("targetRef", mesh(), "default", Map.of(
                        "connectionTimeout", "10s",
                        "idleTimeout", "2h0m0s",
                        "http", Map.of("requestTimeout", "0s", "streamIdleTimeout", "1h0m0s", "maxStreamDuration", "0s")))),
                "to", List.of(Map.of("targetRef", mesh(), "default", Map.of(
                        "connectionTimeout", "5s",
                        "idleTimeout", "1h0m0s",
                        "http", Map.of("requestTimeout", "15s", "streamIdleTimeout", "30m0s")))));
    }

    private static Map<String, Object> meshGatewaysTimeout() {
        return Map.of(
                "targetRef", Map.of("kind", "Mesh", "proxyTypes", List.of("Gateway")),
                "from", List.of(Map.of("targetRef", mesh(), "default", Map.of(
                        "idleTimeout", "5m0s",
                        "http", Map.of("streamIdleTimeout", "5s", "requestHeadersTimeout", "500ms")))),
                "to", List.of(Map.of("targetRef", mesh(), "default", Map.of(
                        "idleTimeout", "1h0m0s",
                        "http", Map.of("streamIdleTimeout", "5s")))));
    }

    private static Map<String, Object> meshRetry() {
        Map<String, Object> backOff = Map.of("baseInterval", "25ms", "maxInterval", "250ms");
        return Map.of(
                "targetRef", mesh(),
                "to", List.of(Map.of("targetRef", mesh(), "default", Map.of(
                        "tcp", Map.of("maxConnectAttempt", 5),
                        "http", Map.of("numRetries", 5, "perTryTimeout", "16s", "backOff", backOff),
                        "grpc", Map.of("numRetries", 5, "perTryTimeout", "16s", "backOff", backOff)))));
    }

    private static Map<String, Object> meshCircuitBreaker() {
        return Map.of(
                "targetRef", mesh(),
                "to", List.of(Map.of("targetRef", mesh(), "default", Map.of(
                        "connectionLimits", Map.of("maxConnections", 1024, "maxPendingRequests", 1024, "maxRequests", 1024,
                                "maxRetries", 3)))));
    }

    private static Map<String, Object> mesh() {
        return Map.of("kind", "Mesh");
    }
}
