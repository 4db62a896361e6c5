package io.kumaops.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A policy canary's data planes as their DataplaneInsights report them, and what a promotion needs of them. */
class CanaryDataplanesTest {

    private static final Instant STARTED = Instant.parse("2026-12-01T12:00:00Z");

    /** A DataplaneInsight status as Kuma writes it: counters as strings, zeros left out. */
    private static Map<String, Object> insight(boolean open, String lastUpdate, String sent, String acknowledged, String rejected) {
        Map<String, Object> total = new java.util.LinkedHashMap<>();
        if (sent != null) {
            total.put("responsesSent", sent);
        }
        if (acknowledged != null) {
            total.put("responsesAcknowledged", acknowledged);
        }
        if (rejected != null) {
            total.put("responsesRejected", rejected);
        }
        Map<String, Object> newest = new java.util.LinkedHashMap<>();
        newest.put("connectTime", "2026-12-01T11:00:00Z");
        if (!open) {
            newest.put("disconnectTime", "2026-12-01T12:30:00Z");
        }
        newest.put("status", Map.of("lastUpdateTime", lastUpdate, "total", total));
        Map<String, Object> older = Map.of("connectTime", "2026-12-01T10:00:00Z", "disconnectTime", "2026-12-01T11:00:00Z",
                "status", Map.of("total", Map.of("responsesSent", "4", "responsesRejected", "4")));
        return Map.of("subscriptions", List.of(older, newest));
    }

    @Test
    void theNewestSubscriptionDecides() {
        CanaryDataplanes.Proxy proxy = CanaryDataplanes.fromInsight("shop/web-1", insight(true, "2026-12-01T12:05:00Z", "8", "8", null));
        assertThat(proxy).isEqualTo(new CanaryDataplanes.Proxy("shop/web-1", true, Instant.parse("2026-12-01T12:05:00Z"), 8, 8, 0));
        assertThat(CanaryDataplanes.fromInsight("shop/web-2", Map.of()).online()).as("no subscription").isFalse();
    }

    @Test
    void everyCanaryDataplaneMustBeOnlineAndHaveAcknowledgedSinceTheCanaryStarted() {
        List<CanaryDataplanes.Proxy> proxies = List.of(
                CanaryDataplanes.fromInsight("shop/ok", insight(true, "2026-12-01T12:05:00Z", "8", "8", null)),
                CanaryDataplanes.fromInsight("shop/nack", insight(true, "2026-12-01T12:05:00Z", "8", "4", "4")),
                CanaryDataplanes.fromInsight("shop/stale", insight(true, "2026-12-01T11:30:00Z", "4", "4", null)),
                CanaryDataplanes.fromInsight("shop/pending", insight(true, "2026-12-01T12:05:00Z", "8", "4", null)),
                CanaryDataplanes.fromInsight("shop/gone", insight(false, "2026-12-01T12:05:00Z", "8", "8", null)));
        String missing = new CanaryDataplanes(proxies, 5).acknowledgementMissing(STARTED);
        assertThat(missing).startsWith("4 of 5 canary data planes have not acknowledged the change")
                .contains("shop/nack (rejected 4 responses (NACK))", "shop/stale (no configuration exchanged since 2026-12-01T12:00:00Z)",
                        "shop/pending (4 of 8 responses not acknowledged)", "shop/gone (offline)")
                .doesNotContain("shop/ok");
        assertThat(new CanaryDataplanes(proxies.subList(0, 1), 1).acknowledgementMissing(STARTED)).isNull();
        assertThat(new CanaryDataplanes(List.of(), 0).acknowledgementMissing(STARTED)).contains("no data plane of the mesh carries the canary tags");
    }

    @Test
    void aDataplaneIsACanaryWhenAnInboundCarriesEveryCanaryTag() {
        Map<String, Object> spec = Map.of("networking", Map.of("inbound", List.of(
                Map.of("tags", Map.of("app", "web", "version", "canary", "kuma.io/service", "web_shop_svc_80")))));
        assertThat(CanaryDataplanes.carriesTags(spec, Map.of("version", "canary"))).isTrue();
        assertThat(CanaryDataplanes.carriesTags(spec, Map.of("version", "canary", "app", "api"))).isFalse();
        assertThat(CanaryDataplanes.carriesTags(Map.of(), Map.of("version", "canary"))).isFalse();
    }
}
