package io.kumaops.operator.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one reading of a mesh's DataplaneInsights said, reduced as it is read to a few counts and at most
 * {@link #MAX_NAMES} names each: memory stays the same however large the mesh is. Kuma writes one DataplaneInsight per
 * data plane (api/mesh/v1alpha1/dataplane_insight.proto): its xDS subscriptions with the kuma-dp version, and the
 * current certificate ({@code mTLS.certificateExpirationTime}, {@code lastCertificateRegeneration}).
 *
 * @param readAt                when the insights were read: every judgement is as of then, not of a later pass
 * @param read                  insights read
 * @param unrenewedCertificates connected data planes whose certificate Kuma should have renewed and has not
 *                              ({@link #renewalOverdue})
 * @param soonestExpiry         the earliest expiry among those, null when there are none
 * @param disconnected          data planes with no open subscription (Kuma {@code IsOnline} false)
 * @param unsupportedKumaDp     data planes whose kuma-dp version the control plane does not support
 *                              ({@link KumaDpCompatibility}), each name with its version
 * @param backends              per CA backend the reading was asked about ({@link Builder#watching}), the data planes
 *                              behind the CA rotation's and the restrict step's waits
 */
public record DataplaneInsightDigest(Instant readAt, long read, Sample unrenewedCertificates, Instant soonestExpiry,
                                     Sample disconnected, Sample unsupportedKumaDp, Map<String, BackendProxies> backends) {

    /** Names kept per count: enough to start looking, few enough for a status message. */
    public static final int MAX_NAMES = 10;
    /** Backends a reading keeps names for: a Mesh lists a few; more would only cost memory. */
    public static final int MAX_BACKENDS = 8;

    public DataplaneInsightDigest {
        backends = Map.copyOf(backends);
    }

    /** A reading that was asked about no backend. */
    public DataplaneInsightDigest(Instant readAt, long read, Sample unrenewedCertificates, Instant soonestExpiry,
                                  Sample disconnected, Sample unsupportedKumaDp) {
        this(readAt, read, unrenewedCertificates, soonestExpiry, disconnected, unsupportedKumaDp, Map.of());
    }

    /**
     * The data planes of one CA backend, by the insight's {@code mTLS.issuedBackend} and {@code mTLS.supportedBackends}.
     *
     * @param holding       data planes, connected or not, whose current certificate the backend issued
     * @param notHolding    connected data planes whose certificate another backend issued, or that hold none
     * @param notSupporting connected data planes that do not list the backend as supported (they would not trust it)
     */
    public record BackendProxies(Sample holding, Sample notHolding, Sample notSupporting) {
    }

    /** What the reading says of {@code backend}; empty samples when it was not asked about it. */
    public BackendProxies backend(String backend) {
        BackendProxies proxies = backend == null ? null : backends.get(backend);
        return proxies != null ? proxies : new BackendProxies(Sample.none(), Sample.none(), Sample.none());
    }

    /** How many, and the first {@link #MAX_NAMES} of them in the order listed ({@code namespace/name}). */
    public record Sample(long count, List<String> names) {
        public Sample {
            names = List.copyOf(names);
        }

        public static Sample none() {
            return new Sample(0, List.of());
        }

        /** "a, b, c" and, past the names kept, "and 5 more". */
        public String listed() {
            String listed = String.join(", ", names);
            long more = count - names.size();
            return more > 0 ? listed + " and " + more + " more" : listed;
        }
    }

    /**
     * Kuma renews a connected proxy's certificate once 4/5 of its lifetime has passed (Kuma pkg/xds/secrets/secrets.go
     * {@code Info.ExpiringSoon}, checked on every configuration refresh, 1s by default, and written to the insight at the
     * next status flush, 10s: pkg/config/app/kuma-cp/kuma-cp.defaults.yaml). A certificate still held {@code grace}
     * after that point (or a tenth of its lifetime for a short-lived one, whichever is less), or already expired, was
     * not renewed. The lifetime is the certificate's own, from its regeneration to its expiry; without a regeneration
     * time only an expired certificate counts.
     */
    public static boolean renewalOverdue(Instant regenerated, Instant expires, Instant at, Duration grace) {
        if (expires == null) {
            return false;
        }
        if (!at.isBefore(expires)) {
            return true;
        }
        if (regenerated == null || !expires.isAfter(regenerated)) {
            return false;
        }
        Duration lifetime = Duration.between(regenerated, expires);
        Instant rotation = regenerated.plus(lifetime.dividedBy(5).multipliedBy(4));
        Duration allowed = grace.compareTo(lifetime.dividedBy(10)) < 0 ? grace : lifetime.dividedBy(10);
        return at.isAfter(rotation.plus(allowed));
    }

    /** Starts a reading at {@code readAt}; {@code controlPlaneVersion} null when the running control plane's is unknown. */
    public static Builder reading(Instant readAt, String controlPlaneVersion, Duration renewalGrace) {
        return new Builder(readAt, controlPlaneVersion, renewalGrace);
    }

    /** Takes the insights one by one and keeps only what the digest says. */
    public static final class Builder {
        private final Instant readAt;
        private final String controlPlaneVersion;
        private final Duration renewalGrace;
        private long read;
        private final Counter unrenewed = new Counter();
        private Instant soonestExpiry;
        private final Counter disconnected = new Counter();
        private final Counter unsupported = new Counter();
        private final Map<String, BackendCounters> backends = new java.util.LinkedHashMap<>();

        private Builder(Instant readAt, String controlPlaneVersion, Duration renewalGrace) {
            this.readAt = readAt;
            this.controlPlaneVersion = controlPlaneVersion;
            this.renewalGrace = renewalGrace;
        }

        /** Also keep, for each of these CA backends (the first {@link #MAX_BACKENDS}), who holds, lacks and does not support it. */
        public Builder watching(java.util.Collection<String> backendNames) {
            for (String backend : backendNames) {
                if (backend != null && backends.size() < MAX_BACKENDS) {
                    backends.computeIfAbsent(backend, b -> new BackendCounters());
                }
            }
            return this;
        }

        /** One DataplaneInsight: its object name and its {@code status} (where Kuma's Kubernetes store keeps the proto). */
        public Builder add(String namespace, String name, Map<?, ?> status) {
            read++;
            String id = namespace == null ? name : namespace + "/" + name;
            Map<?, ?> insight = status == null ? Map.of() : status;
            List<?> subscriptions = insight.get("subscriptions") instanceof List<?> list ? list : List.of();
            boolean online = subscriptions.stream().anyMatch(s -> s instanceof Map<?, ?> m && m.get("connectTime") != null
                    && m.get("disconnectTime") == null);
            if (!online) {
                disconnected.add(id);
            }
            if (online && insight.get("mTLS") instanceof Map<?, ?> mtls) {
                Instant expires = Timestamps.parse(mtls.get("certificateExpirationTime"));
                if (renewalOverdue(Timestamps.parse(mtls.get("lastCertificateRegeneration")), expires, readAt, renewalGrace)) {
                    unrenewed.add(id);
                    soonestExpiry = soonestExpiry == null || expires.isBefore(soonestExpiry) ? expires : soonestExpiry;
                }
            }
            if (!backends.isEmpty()) {
                Map<?, ?> mtls = insight.get("mTLS") instanceof Map<?, ?> m ? m : Map.of();
                Object issued = mtls.get("issuedBackend");
                List<?> supported = mtls.get("supportedBackends") instanceof List<?> list ? list : List.of();
                backends.forEach((backend, counters) -> {
                    if (backend.equals(issued)) {
                        counters.holding.add(id);
                    } else if (online) {
                        counters.notHolding.add(id);
                    }
                    if (online && !supported.contains(backend)) {
                        counters.notSupporting.add(id);
                    }
                });
            }
            // Kuma's MeshInsight counts each data plane under the version of its last subscription (resyncer.go).
            String version = subscriptions.isEmpty() ? null : kumaDpVersion(subscriptions.get(subscriptions.size() - 1));
            if (controlPlaneVersion != null && version != null && !KumaDpCompatibility.compatible(controlPlaneVersion, version)) {
                unsupported.add(id + " (" + version + ")");
            }
            return this;
        }

        public DataplaneInsightDigest build() {
            Map<String, BackendProxies> perBackend = new java.util.LinkedHashMap<>();
            backends.forEach((backend, counters) -> perBackend.put(backend,
                    counters.proxies()));
            return new DataplaneInsightDigest(readAt, read, unrenewed.sample(), soonestExpiry, disconnected.sample(), unsupported.sample(),
                    perBackend);
        }

        private static String kumaDpVersion(Object subscription) {
            return subscription instanceof Map<?, ?> s && s.get("version") instanceof Map<?, ?> v && v.get("kumaDp") instanceof Map<?, ?> dp
                    && dp.get("version") instanceof String text && !text.isBlank() ? text : null;
        }
    }

    private static final class BackendCounters {
        private final Counter holding = new Counter();
        private final Counter notHolding = new Counter();
        private final Counter notSupporting = new Counter();

        BackendProxies proxies() {
            return new BackendProxies(holding.sample(), notHolding.sample(), notSupporting.sample());
        }
    }

    private static final class Counter {
        private long count;
        private final List<String> names = new ArrayList<>();

        void add(String name) {
            count++;
            if (names.size() < MAX_NAMES) {
                names.add(name);
            }
        }

        Sample sample() {
            return new Sample(count, names);
        }
    }

}
