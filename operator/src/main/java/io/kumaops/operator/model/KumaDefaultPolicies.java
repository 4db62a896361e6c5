package io.kumaops.operator.model;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The default policies Kuma creates once for every Mesh, the same from v2.9 to v2.14.3: names from Kuma
 * {@code pkg/defaults/mesh/mesh.go} ({@code <prefix>-<mesh>}, in the system namespace on Kubernetes), specs from
 * {@code meshtimeout.go}, {@code meshretry.go} and {@code meshcircuitbreaker.go}, constants from
 * {@code pkg/plugins/policies/core/defaults/consts.go}. The stand-in creates them as Kuma does; the planner starts its
 * own mesh-wide policies from the same values, so that its policy replaces Kuma's without losing a setting.
 * Durations are written as Go prints a {@code time.Duration}, which is how Kuma's {@code metav1.Duration} serialises.
 */
public final class KumaDefaultPolicies {

    public static final String SIDECAR = "Sidecar";
    public static final String GATEWAY = "Gateway";

    /** Kuma's inbound timeouts are its outbound ones times this, or off ({@code factor} in meshtimeout.go). */
    public static final int INBOUND_FACTOR = 2;

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration IDLE_TIMEOUT = Duration.ofHours(1);
    static final Duration STREAM_IDLE_TIMEOUT = Duration.ofMinutes(30);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    /**
     * One of Kuma's defaults.
     *
     * @param proxyTypes the proxies its top-level targetRef selects; empty: every proxy
     */
    public record Policy(String kind, String prefix, List<String> proxyTypes) {

        public String name(String mesh) {
            return prefix + "-" + mesh;
        }

        /** The spec Kuma writes for it. */
        public Map<String, Object> spec() {
            return switch (prefix) {
                case "mesh-timeout-all" -> sidecarTimeoutSpec();
                case "mesh-gateways-timeout-all" -> gatewayTimeoutSpec();
                case "mesh-retry-all" -> meshWide("to", retryConf());
                default -> meshWide("to", circuitBreakerConf());
            };
        }
    }

    public static final Policy SIDECAR_TIMEOUT = new Policy("MeshTimeout", "mesh-timeout-all", List.of(SIDECAR));
    public static final Policy GATEWAY_TIMEOUT = new Policy("MeshTimeout", "mesh-gateways-timeout-all", List.of(GATEWAY));
    public static final Policy RETRY = new Policy("MeshRetry", "mesh-retry-all", List.of());
    public static final Policy CIRCUIT_BREAKER = new Policy("MeshCircuitBreaker", "mesh-circuit-breaker-all", List.of());

    private static final List<Policy> ALL = List.of(SIDECAR_TIMEOUT, GATEWAY_TIMEOUT, RETRY, CIRCUIT_BREAKER);

    private KumaDefaultPolicies() {
    }

    public static List<Policy> all() {
        return ALL;
    }

    /** Kuma's default of this kind and name for the mesh, if it is one. */
    public static Optional<Policy> of(String kind, String name, String mesh) {
        return ALL.stream().filter(p -> p.kind().equals(kind) && p.name(mesh).equals(name)).findFirst();
    }

    /** Kuma's default of this kind and name for any mesh, if it is one: the name is the prefix, a dash and a mesh. */
    public static Optional<Policy> ofAnyMesh(String kind, String name) {
        return ALL.stream().filter(p -> p.kind().equals(kind) && name.startsWith(p.prefix() + "-")
                && name.length() > p.prefix().length() + 1).findFirst();
    }

    /** Kuma's defaults of a kind, each of which the operator's policies of that kind replace. */
    public static List<Policy> ofKind(String kind) {
        return ALL.stream().filter(p -> p.kind().equals(kind)).toList();
    }

    /** Outbound timeouts of sidecars. */
    public static Map<String, Object> outboundTimeoutConf() {
        return timeoutConf(CONNECT_TIMEOUT, IDLE_TIMEOUT, REQUEST_TIMEOUT, STREAM_IDLE_TIMEOUT);
    }

    /**
     * Inbound timeouts of sidecars: larger than the outbound ones or off, so that the caller's timeout decides;
     * request and stream durations are off.
     */
    public static Map<String, Object> inboundTimeoutConf(Duration outboundConnect, Duration outboundIdle, Duration outboundStreamIdle) {
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("requestTimeout", GoDuration.format(Duration.ZERO));
        http.put("streamIdleTimeout", GoDuration.format(larger(outboundStreamIdle)));
        http.put("maxStreamDuration", GoDuration.format(Duration.ZERO));
        Map<String, Object> conf = new LinkedHashMap<>();
        conf.put("connectionTimeout", GoDuration.format(larger(outboundConnect)));
        conf.put("idleTimeout", GoDuration.format(larger(outboundIdle)));
        conf.put("http", http);
        return conf;
    }

    /** Twice the outbound timeout, or Go's longest duration when twice is past it (Kuma would refuse the policy). */
    private static Duration larger(Duration outbound) {
        return outbound.toNanos() > Long.MAX_VALUE / INBOUND_FACTOR ? Duration.ofNanos(Long.MAX_VALUE)
                : outbound.multipliedBy(INBOUND_FACTOR);
    }

    public static Duration outboundConnectTimeout() {
        return CONNECT_TIMEOUT;
    }

    public static Duration outboundIdleTimeout() {
        return IDLE_TIMEOUT;
    }

    public static Duration outboundStreamIdleTimeout() {
        return STREAM_IDLE_TIMEOUT;
    }

    /** Gateways' inbound ({@code from}) timeouts: a short idle and header read, against slow clients. */
    private static Map<String, Object> gatewayInboundTimeoutConf() {
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("streamIdleTimeout", GoDuration.format(Duration.ofSeconds(5)));
        http.put("requestHeadersTimeout", GoDuration.format(Duration.ofMillis(500)));
        Map<String, Object> conf = new LinkedHashMap<>();
        conf.put("idleTimeout", GoDuration.format(Duration.ofMinutes(5)));
        conf.put("http", http);
        return conf;
    }

    /** Gateways' outbound ({@code to}) timeouts. */
    private static Map<String, Object> gatewayOutboundTimeoutConf() {
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("streamIdleTimeout", GoDuration.format(Duration.ofSeconds(5)));
        Map<String, Object> conf = new LinkedHashMap<>();
        conf.put("idleTimeout", GoDuration.format(IDLE_TIMEOUT));
        conf.put("http", http);
        return conf;
    }

    /** TCP connect attempts and HTTP and gRPC retries with their back-off. */
    public static Map<String, Object> retryConf() {
        Map<String, Object> conf = new LinkedHashMap<>();
        conf.put("tcp", map("maxConnectAttempt", 5));
        conf.put("http", retries());
        conf.put("grpc", retries());
        return conf;
    }

    public static Map<String, Object> circuitBreakerConf() {
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("maxConnections", 1024);
        limits.put("maxPendingRequests", 1024);
        limits.put("maxRequests", 1024);
        limits.put("maxRetries", 3);
        return map("connectionLimits", limits);
    }

    /** A top-level targetRef of kind Mesh, for the given proxy types (none: every proxy). */
    public static Map<String, Object> meshTarget(List<String> proxyTypes) {
        Map<String, Object> ref = map("kind", "Mesh");
        if (!proxyTypes.isEmpty()) {
            ref.put("proxyTypes", List.copyOf(proxyTypes));
        }
        return ref;
    }

    private static Map<String, Object> retries() {
        Map<String, Object> backOff = new LinkedHashMap<>();
        backOff.put("baseInterval", GoDuration.format(Duration.ofMillis(25)));
        backOff.put("maxInterval", GoDuration.format(Duration.ofMillis(250)));
        Map<String, Object> retries = new LinkedHashMap<>();
        retries.put("numRetries", 5);
        retries.put("perTryTimeout", GoDuration.format(Duration.ofSeconds(16)));
        retries.put("backOff", backOff);
        return retries;
    }

    private static Map<String, Object> timeoutConf(Duration connect, Duration idle, Duration request, Duration streamIdle) {
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("requestTimeout", GoDuration.format(request));
        http.put("streamIdleTimeout", GoDuration.format(streamIdle));
        Map<String, Object> conf = new LinkedHashMap<>();
        conf.put("connectionTimeout", GoDuration.format(connect));
        conf.put("idleTimeout", GoDuration.format(idle));
        conf.put("http", http);
        return conf;
    }

    private static Map<String, Object> sidecarTimeoutSpec() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("targetRef", meshTarget(List.of(SIDECAR)));
        spec.put("from", List.of(entry(inboundTimeoutConf(CONNECT_TIMEOUT, IDLE_TIMEOUT, STREAM_IDLE_TIMEOUT))));
        spec.put("to", List.of(entry(outboundTimeoutConf())));
        return spec;
    }

    private static Map<String, Object> gatewayTimeoutSpec() {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("targetRef", meshTarget(List.of(GATEWAY)));
        spec.put("from", List.of(entry(gatewayInboundTimeoutConf())));
        spec.put("to", List.of(entry(gatewayOutboundTimeoutConf())));
        return spec;
    }

    private static Map<String, Object> meshWide(String direction, Map<String, Object> conf) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("targetRef", meshTarget(List.of()));
        spec.put(direction, List.of(entry(conf)));
        return spec;
    }

    /** A {@code from}/{@code to} entry for the whole mesh. */
    private static Map<String, Object> entry(Map<String, Object> conf) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("targetRef", map("kind", "Mesh"));
        entry.put("default", conf);
        return entry;
    }

    private static Map<String, Object> map(String key, Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, value);
        return map;
    }
}
