package io.kumaops.operator.standin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The shapes the stand-in writes, against Kuma's protos and its Kubernetes store, without an API server. */
class ReportShapesTest {

    private static final UnaryOperator<String> SAME = UnaryOperator.identity();
    private static final long T0 = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();

    @Test
    void timestampsAreWrittenAsJsonpbWritesThem() {
        assertThat(ProtoJson.timestamp(T0)).isEqualTo("2026-03-01T10:00:00Z");
        assertThat(ProtoJson.timestamp(T0 + 120)).isEqualTo("2026-03-01T10:00:00.120Z");
    }

    @Test
    void dataplaneIsShapedAsKumasPodControllerMakesIt() {
        var pod = new ReportObjects.Pod("backend-abc-xyz12", "shop", "payments", "backend",
                List.of(new ReportObjects.Port(80, 8080)), "http", "10.244.0.7", "backend-sa", "default");
        Map<String, Object> body = ReportObjects.dataplane(pod);

        assertThat(body).containsEntry("apiVersion", "kuma.io/v1alpha1").containsEntry("kind", "Dataplane").containsEntry("mesh", "payments");
        Map<String, Object> metadata = map(body.get("metadata"));
        assertThat(map(metadata.get("labels"))).containsEntry("app", "backend").containsEntry("kuma.io/mesh", "payments")
                .containsEntry("kuma.io/origin", "zone").containsEntry("kuma.io/zone", "default").containsEntry("kuma.io/env", "kubernetes")
                .containsEntry("k8s.kuma.io/namespace", "shop").containsEntry("kuma.io/proxy-type", "sidecar")
                .doesNotContainKeys("k8s.kuma.io/service-account", "kuma.io/workload", "kuma.io/display-name");
        assertThat(map(metadata.get("annotations"))).containsEntry("kuma.io/display-name", "backend-abc-xyz12")
                .containsEntry("k8s.kuma.io/service-account", "backend-sa").containsEntry("kuma.io/workload", "backend-sa");

        Map<String, Object> networking = map(map(body.get("spec")).get("networking"));
        assertThat(networking).containsEntry("address", "10.244.0.7").containsEntry("admin", Map.of("port", 9901))
                .containsEntry("transparentProxying", Map.of("redirectPortInbound", 15006, "redirectPortOutbound", 15001, "ipFamilyMode", "DualStack"));
        Map<String, Object> inbound = map(((List<?>) networking.get("inbound")).get(0));
        assertThat(inbound).containsEntry("port", 8080).containsEntry("protocol", "http").containsEntry("health", Map.of("ready", true))
                .doesNotContainKey("state");
        assertThat(map(inbound.get("tags"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "app", "backend", "k8s.kuma.io/namespace", "shop", "k8s.kuma.io/service-name", "backend",
                "k8s.kuma.io/service-port", "80", "kuma.io/service", "backend_shop_svc_80", "kuma.io/zone", "default",
                "kuma.io/protocol", "http"));
    }

    @Test
    void dataplaneFactsFollowKumasReadiness() {
        Map<String, Object> spec = Map.of("networking", Map.of("inbound", List.of(
                Map.of("port", 1, "tags", Map.of("kuma.io/service", "a"), "health", Map.of("ready", true)),
                Map.of("port", 2, "tags", Map.of("kuma.io/service", "b"), "health", Map.of(), "state", "NotReady"),
                Map.of("port", 3, "tags", Map.of("kuma.io/service", "c"), "state", "Ignored", "health", Map.of()))));
        DataplaneFacts facts = DataplaneFacts.of("m", spec, SAME);
        assertThat(facts.inboundTotal()).isEqualTo(3);
        assertThat(facts.inboundReady()).isEqualTo(1);
        assertThat(facts.services()).containsExactly("a", "b");
        assertThat(facts.status(true)).isEqualTo(InsightStatus.PARTIALLY_DEGRADED);
        assertThat(facts.status(false)).isEqualTo(InsightStatus.OFFLINE);

        DataplaneFacts allReady = DataplaneFacts.of("m", Map.of("networking", Map.of("inbound", List.of(Map.of("port", 1)))), SAME);
        assertThat(allReady.status(true)).isEqualTo(InsightStatus.ONLINE);
        DataplaneFacts gateway = DataplaneFacts.of("m", Map.of("networking", Map.of("gateway", Map.of("tags", Map.of("kuma.io/service", "gw")))), SAME);
        assertThat(gateway.gateway()).isEqualTo(DataplaneFacts.DELEGATED);
        assertThat(gateway.status(true)).isEqualTo(InsightStatus.ONLINE);
    }

    @Test
    void dataplaneInsightStatusIsKumasProtoJson() {
        ProxyState proxy = new ProxyState("shop", "backend-1", true);
        proxy.kumaDpVersion = "2.14.3";
        proxy.envoyVersion = "1.38.2";
        Subscription first = new Subscription(new UUID(1, 2), "cp-a", null, T0);
        proxy.connect(first, 2);
        assertThat(proxy.insightStatus()).doesNotContainKey("mTLS");

        Subscription second = new Subscription(new UUID(3, 4), "cp-b", null, T0 + 5000);
        second.pushes = 2;
        proxy.connect(second, 2);
        proxy.issuedBackend = "ca-1";
        proxy.supportedBackends = List.of("ca-1");
        proxy.lastCertificateRegeneration = T0 + 5000;
        proxy.certificateExpiration = T0 + 5000 + Duration.ofHours(24).toMillis();
        proxy.certificateRegenerations = 1;

        Map<String, Object> status = proxy.insightStatus();
        List<?> subscriptions = (List<?>) status.get("subscriptions");
        assertThat(subscriptions).hasSize(2);
        Map<String, Object> old = map(subscriptions.get(0));
        assertThat(old).containsEntry("id", new UUID(1, 2).toString()).containsEntry("controlPlaneInstanceId", "cp-a")
                .containsEntry("connectTime", "2026-03-01T10:00:00Z").containsEntry("disconnectTime", "2026-03-01T10:00:05Z");
        assertThat(map(old.get("status"))).containsEntry("total", Map.of()).containsEntry("cds", Map.of());
        Map<String, Object> current = map(subscriptions.get(1));
        assertThat(current).doesNotContainKey("disconnectTime");
        Map<String, Object> currentStatus = map(current.get("status"));
        assertThat(currentStatus).containsEntry("lastUpdateTime", "2026-03-01T10:00:05Z")
                .containsEntry("total", Map.of("responsesSent", "8", "responsesAcknowledged", "8"))
                .containsEntry("lds", Map.of("responsesSent", "2", "responsesAcknowledged", "2"));
        assertThat(current.get("version")).isEqualTo(Map.of(
                "kumaDp", Map.of("version", "2.14.3", "gitTag", "2.14.3", "kumaCpCompatible", true),
                "envoy", Map.of("version", "1.38.2", "kumaDpCompatible", true)));
        assertThat(map(status.get("mTLS"))).containsExactlyInAnyOrderEntriesOf(Map.of(
                "certificateExpirationTime", "2026-03-02T10:00:05Z", "lastCertificateRegeneration", "2026-03-01T10:00:05Z",
                "certificateRegenerations", 1L, "issuedBackend", "ca-1", "supportedBackends", List.of("ca-1")));

        // Kuma keeps the newest two subscriptions.
        proxy.connect(new Subscription(new UUID(5, 6), "cp-c", null, T0 + 9000), 2);
        assertThat(proxy.subscriptions).extracting(s -> s.controlPlaneInstanceId).containsExactly("cp-b", "cp-c");
        assertThat(proxy.online()).isTrue();
    }

    @Test
    void aKumaDpTheControlPlaneDoesNotSupportIsRecordedAsKumaDoes() {
        ProxyState proxy = new ProxyState("legacy", "old-1", true);
        proxy.kumaDpVersion = "2.9.0";
        proxy.envoyVersion = "1.30.1";
        Subscription subscription = new Subscription(new UUID(7, 8), "cp-a", null, T0);
        subscription.kumaCpCompatible = io.kumaops.operator.model.KumaDpCompatibility.compatible("2.14.3", proxy.kumaDpVersion);
        proxy.connect(subscription, 2);
        Map<String, Object> current = map(((List<?>) proxy.insightStatus().get("subscriptions")).get(0));
        // proto3 JSON leaves a false bool out (pkg/util/proto/proto.go).
        assertThat(current.get("version")).isEqualTo(Map.of(
                "kumaDp", Map.of("version", "2.9.0", "gitTag", "2.9.0"),
                "envoy", Map.of("version", "1.30.1", "kumaDpCompatible", true)));
    }

    @Test
    void meshInsightAggregatesAsKumasResyncer() {
        DataplaneFacts ready = DataplaneFacts.of("m", Map.of("networking", Map.of("inbound", List.of(
                Map.of("port", 1, "tags", Map.of("kuma.io/service", "web_shop_svc_80"), "health", Map.of("ready", true))))), SAME);
        DataplaneFacts half = DataplaneFacts.of("m", Map.of("networking", Map.of("inbound", List.of(
                Map.of("port", 1, "tags", Map.of("kuma.io/service", "api_shop_svc_80"), "health", Map.of("ready", true)),
                Map.of("port", 2, "tags", Map.of("kuma.io/service", "api_shop_svc_81"), "health", Map.of())))), SAME);
        MeshInsightCalculator calculator = new MeshInsightCalculator();
        calculator.add(ready, true, "2.14.3", "1.38.2", "ca-1", List.of("ca-1"));
        calculator.add(ready, true, "2.14.3", "1.38.2", "ca-1", List.of("ca-1"));
        calculator.add(ready, false, "2.14.3", "1.38.2", "ca-1", List.of("ca-1"));
        calculator.add(half, true, "2.14.2", "1.38.2", null, List.of());
        calculator.add(ready, false, null, null, null, List.of());

        Map<String, Object> spec = calculator.spec(Map.of("Dataplane", 5, "MeshTrafficPermission", 2, "MeshService", 0),
                Set.of("MeshTrafficPermission"), false, 0);

        assertThat(spec.get("dataplanes")).isEqualTo(Map.of("total", 5L, "online", 2L, "offline", 2L, "partiallyDegraded", 1L));
        Map<String, Object> versions = map(spec.get("dpVersions"));
        // A version's total is online + offline only (Kuma's updateTotal).
        assertThat(map(versions.get("kumaDp"))).containsEntry("2.14.3", Map.of("total", 3L, "online", 2L, "offline", 1L))
                .containsEntry("2.14.2", Map.of("partiallyDegraded", 1L))
                .containsEntry("unknown", Map.of("total", 1L, "offline", 1L));
        assertThat(map(spec.get("mTLS"))).isEqualTo(Map.of(
                "issuedBackends", Map.of("ca-1", Map.of("total", 3L, "online", 2L, "offline", 1L)),
                "supportedBackends", Map.of("ca-1", Map.of("total", 3L, "online", 2L, "offline", 1L))));
        assertThat(spec.get("services")).isEqualTo(Map.of("total", 3L, "internal", 3L));
        Map<String, Object> byType = map(spec.get("dataplanesByType"));
        assertThat(byType.get("standard")).isEqualTo(spec.get("dataplanes"));
        assertThat(byType).containsEntry("gateway", Map.of()).containsEntry("gatewayBuiltin", Map.of()).containsEntry("gatewayDelegated", Map.of());
        assertThat(spec.get("resources")).isEqualTo(Map.of("Dataplane", Map.of("total", 5L), "MeshTrafficPermission", Map.of("total", 2L)));
        assertThat(spec.get("policies")).isEqualTo(Map.of("MeshTrafficPermission", Map.of("total", 2L)));
        assertThat(spec).doesNotContainKey("lastSync");
    }

    @Test
    void anEmptyMeshHasItsMessagesButNoMaps() {
        Map<String, Object> spec = new MeshInsightCalculator().spec(Map.of("Dataplane", 0), Set.of(), true, 0);
        assertThat(spec).containsEntry("dataplanes", Map.of()).containsEntry("dpVersions", Map.of()).containsEntry("mTLS", Map.of())
                .doesNotContainKeys("services", "resources", "policies");
    }

    @Test
    void meshMtlsReadsTheEnabledBackendAndKumasDurations() {
        MeshMtls mtls = MeshMtls.of(Map.of("mtls", Map.of("enabledBackend", "ca-2", "backends", List.of(
                Map.of("name", "ca-1", "type", "builtin"),
                Map.of("name", "ca-2", "type", "builtin", "dpCert", Map.of("rotation", Map.of("expiration", "2d")))))));
        assertThat(mtls.issuing()).isTrue();
        assertThat(mtls.backends()).containsExactly("ca-1", "ca-2");
        assertThat(mtls.certValidity()).isEqualTo(Duration.ofDays(2));
        assertThat(MeshMtls.of(Map.of())).isEqualTo(MeshMtls.OFF);
        assertThat(MeshMtls.of(Map.of("mtls", Map.of("enabledBackend", "nope", "backends", List.of()))).issuing()).isFalse();
        assertThat(MeshMtls.kumaDuration("90s", Duration.ZERO)).isEqualTo(Duration.ofSeconds(90));
        assertThat(MeshMtls.kumaDuration("1h30m", Duration.ofHours(24))).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void zoneInsightIsKumasProtoJson() {
        ZoneState zone = new ZoneState("east", "2.14.3");
        zone.connect(new Subscription(new UUID(7, 8), "global-1", "zone-cp-1", T0), 10);
        zone.subscriptions.get(0).disconnectTime = T0 + 1000;
        Map<String, Object> spec = zone.insightSpec();
        Map<String, Object> subscription = map(((List<?>) spec.get("subscriptions")).get(0));
        assertThat(subscription).containsEntry("globalInstanceId", "global-1").containsEntry("zoneInstanceId", "zone-cp-1")
                .containsEntry("connectTime", "2026-03-01T10:00:00Z").containsEntry("disconnectTime", "2026-03-01T10:00:01Z")
                .containsEntry("version", Map.of("kumaCp", Map.of("version", "2.14.3", "gitTag", "2.14.3", "kumaCpGlobalCompatible", true)));
        assertThat((String) subscription.get("config")).contains("\"name\":\"east\"");
        assertThat(map(subscription.get("status"))).containsEntry("total", Map.of());
        assertThat(spec).containsEntry("healthCheck", Map.of("time", "2026-03-01T10:00:00Z"));
        assertThat(map(map(spec.get("kdsStreams")).get("globalToZone"))).containsEntry("globalInstanceId", "global-1");
        assertThat(zone.online()).isFalse();
    }

    @Test
    void podSuffixesAreDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 20_000; i++) {
            assertThat(seen.add(InsightReporter.podSuffix(123_456 + i, 5))).isTrue();
        }
        assertThat(InsightReporter.podSuffix(42, 10)).hasSize(10).matches("[bcdfghjklmnpqrstvwxz2456789]+");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    /** Kuma counts each response sent and how Envoy answered it, per xDS type and in total (dataplane_status_tracker.go). */
    @Test
    void aSubscriptionCountsAcknowledgedRejectedAndUnansweredResponses() {
        Subscription subscription = new Subscription(UUID.randomUUID(), "cp-1", null, 1_000);
        subscription.pushes = 3;
        subscription.rejected = 1;
        subscription.unanswered = 1;
        Map<?, ?> status = (Map<?, ?>) subscription.discoveryJson("2.14.3", "1.38.2").get("status");
        assertThat(status.get("total")).isEqualTo(Map.of("responsesSent", "12", "responsesAcknowledged", "4", "responsesRejected", "4"));
        assertThat(status.get("cds")).isEqualTo(Map.of("responsesSent", "3", "responsesAcknowledged", "1", "responsesRejected", "1"));

        subscription.rejected = 0;
        subscription.unanswered = 0;
        status = (Map<?, ?>) subscription.discoveryJson("2.14.3", "1.38.2").get("status");
        assertThat(status.get("lds")).as("zero counters are left out, as jsonpb writes them")
                .isEqualTo(Map.of("responsesSent", "3", "responsesAcknowledged", "3"));
    }
}
