package io.kumaops.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DataplaneInsights as Kuma writes them (api/mesh/v1alpha1/dataplane_insight.proto), reduced as they are read. */
class DataplaneInsightDigestTest {

    private static final Instant ISSUED = Instant.parse("2026-03-01T00:00:00Z");
    private static final Duration DAY = Duration.ofHours(24);
    private static final Duration GRACE = Duration.ofMinutes(5);

    @Test
    void aCertificateIsOverdueOnlyPastKumasRotationPointAndTheGrace() {
        Instant expires = ISSUED.plus(DAY);
        Instant rotation = ISSUED.plus(Duration.ofMinutes(19 * 60 + 12)); // 4/5 of 24h
        assertThat(DataplaneInsightDigest.renewalOverdue(ISSUED, expires, rotation, GRACE)).as("Kuma renews now").isFalse();
        assertThat(DataplaneInsightDigest.renewalOverdue(ISSUED, expires, rotation.plus(GRACE), GRACE)).isFalse();
        assertThat(DataplaneInsightDigest.renewalOverdue(ISSUED, expires, rotation.plus(GRACE).plusSeconds(1), GRACE)).isTrue();
        assertThat(DataplaneInsightDigest.renewalOverdue(ISSUED, expires, ISSUED.plus(Duration.ofHours(12)), GRACE)).isFalse();
        assertThat(DataplaneInsightDigest.renewalOverdue(ISSUED, expires, expires, GRACE)).as("expired").isTrue();
    }

    @Test
    void aShortLivedCertificateGetsATenthOfItsLifetimeAndOneWithoutRegenerationTimeOnlyCountsExpired() {
        Instant expires = ISSUED.plus(Duration.ofMinutes(10));
        Instant rotation = ISSUED.plus(Duration.ofMinutes(8));
        assertThat(DataplaneInsightDigest.renewalOverdue(ISSUED, expires, rotation.plusSeconds(60), GRACE)).isFalse();
        assertThat(DataplaneInsightDigest.renewalOverdue(ISSUED, expires, rotation.plusSeconds(61), GRACE)).isTrue();
        assertThat(DataplaneInsightDigest.renewalOverdue(null, expires, expires.minusSeconds(1), GRACE)).isFalse();
        assertThat(DataplaneInsightDigest.renewalOverdue(null, expires, expires, GRACE)).isTrue();
        assertThat(DataplaneInsightDigest.renewalOverdue(ISSUED, null, expires, GRACE)).as("no certificate").isFalse();
    }

    @Test
    void connectedOverdueCertificatesDisconnectedProxiesAndUnsupportedVersionsAreCountedAndNamed() {
        Instant readAt = ISSUED.plus(Duration.ofHours(23));
        var reading = DataplaneInsightDigest.reading(readAt, "2.14.3", GRACE);
        reading.add("shop", "fresh", insight(true, "2.14.3", ISSUED.plus(Duration.ofHours(20))));
        reading.add("shop", "stale", insight(true, "2.14.3", ISSUED));
        reading.add("shop", "gone", insight(false, "2.14.3", ISSUED));
        reading.add("legacy", "old", insight(true, "2.9.0", ISSUED.plus(Duration.ofHours(22))));
        reading.add("shop", "empty", Map.of());
        DataplaneInsightDigest digest = reading.build();

        assertThat(digest.read()).isEqualTo(5);
        assertThat(digest.unrenewedCertificates().names()).as("the disconnected one renews on reconnect").containsExactly("shop/stale");
        assertThat(digest.soonestExpiry()).isEqualTo(ISSUED.plus(DAY));
        assertThat(digest.disconnected().names()).containsExactly("shop/gone", "shop/empty");
        assertThat(digest.unsupportedKumaDp().names()).containsExactly("legacy/old (2.9.0)");
        assertThat(digest.readAt()).isEqualTo(readAt);
    }

    @Test
    void countsGoOnPastTheNamesKept() {
        var reading = DataplaneInsightDigest.reading(ISSUED, null, GRACE);
        for (int i = 0; i < 25; i++) {
            reading.add("ns", "dp-" + i, insight(false, "2.9.0", ISSUED));
        }
        DataplaneInsightDigest digest = reading.build();
        assertThat(digest.disconnected().count()).isEqualTo(25);
        assertThat(digest.disconnected().names()).hasSize(DataplaneInsightDigest.MAX_NAMES).startsWith("ns/dp-0").endsWith("ns/dp-9");
        assertThat(digest.unsupportedKumaDp().count()).as("no control-plane version, nothing judged").isZero();
    }

    @Test
    void perBackendTheHoldersTheLaggardsAndThoseNotTrustingItAreNamedAtMostTenEach() {
        var reading = DataplaneInsightDigest.reading(ISSUED, null, GRACE).watching(List.of("ca-1", "ca-2"));
        for (int i = 0; i < 14; i++) {
            reading.add("apps", "old-" + i, withMtls(insight(true, "2.14.3", ISSUED), "ca-1", "ca-1"));
        }
        reading.add("apps", "new", withMtls(insight(true, "2.14.3", ISSUED), "ca-2", "ca-1", "ca-2"));
        reading.add("apps", "gone", withMtls(insight(false, "2.14.3", ISSUED), "ca-1", "ca-1"));
        Map<String, Object> plain = new LinkedHashMap<>(insight(true, "2.14.3", ISSUED));
        plain.remove("mTLS");
        reading.add("apps", "plain", plain);
        DataplaneInsightDigest.BackendProxies ca1 = reading.build().backend("ca-1");
        DataplaneInsightDigest.BackendProxies ca2 = reading.build().backend("ca-2");

        assertThat(ca1.holding().count()).as("a disconnected holder counts too").isEqualTo(15);
        assertThat(ca1.holding().names()).hasSize(DataplaneInsightDigest.MAX_NAMES).startsWith("apps/old-0").endsWith("apps/old-9");
        assertThat(ca1.holding().listed()).endsWith("apps/old-9 and 5 more");
        assertThat(ca2.notHolding().count()).as("connected only; a proxy without mTLS holds none").isEqualTo(15);
        assertThat(ca2.notHolding().names()).contains("apps/old-0").doesNotContain("apps/gone", "apps/new");
        assertThat(ca2.notSupporting().count()).isEqualTo(15);
        assertThat(ca1.notSupporting().names()).containsExactly("apps/plain");
        assertThat(reading.build().backend("ca-3").holding().count()).as("not asked about").isZero();
    }

    @Test
    void aReadingKeepsNamesForAFewBackendsOnly() {
        List<String> many = java.util.stream.IntStream.range(0, 20).mapToObj(i -> "ca-" + i).toList();
        DataplaneInsightDigest digest = DataplaneInsightDigest.reading(ISSUED, null, GRACE).watching(many)
                .add("apps", "dp", withMtls(insight(true, "2.14.3", ISSUED), "ca-19", "ca-19")).build();
        assertThat(digest.backends()).hasSize(DataplaneInsightDigest.MAX_BACKENDS);
    }

    private static Map<String, Object> withMtls(Map<String, Object> insight, String issued, String... supported) {
        Map<String, Object> status = new LinkedHashMap<>(insight);
        status.put("mTLS", Map.of("issuedBackend", issued, "supportedBackends", List.of(supported)));
        return status;
    }

    /** One insight's status: the newest subscription open or closed, and a certificate issued at {@code issued} for a day. */
    private static Map<String, Object> insight(boolean online, String kumaDp, Instant issued) {
        Map<String, Object> subscription = new LinkedHashMap<>();
        subscription.put("id", "1");
        subscription.put("connectTime", "2026-03-01T00:00:00Z");
        if (!online) {
            subscription.put("disconnectTime", "2026-03-01T00:00:01Z");
        }
        subscription.put("version", Map.of("kumaDp", Map.of("version", kumaDp, "kumaCpCompatible", true)));
        return Map.of("subscriptions", List.of(subscription),
                "mTLS", Map.of("certificateExpirationTime", issued.plus(DAY).toString(), "lastCertificateRegeneration", issued.toString(),
                        "issuedBackend", "ca-1"));
    }
}
