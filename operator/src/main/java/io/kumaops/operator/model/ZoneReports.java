package io.kumaops.operator.model;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Whether zones are connected, as Kuma's control plane records it in its ZoneInsights (Kuma
 * api/system/v1alpha1/zone_insight.proto), one per zone, named after it. Both sides of a KDS connection keep one:
 * the global control plane for every zone that connects, and a federated zone for itself, recording its connection to
 * the global control plane (the zone's KDS server runs the same status tracker: pkg/kds/zone/components.go,
 * pkg/kds/v2/server/components.go, pkg/kds/status/status_tracker.go and status_sink.go; Kuma's own end-to-end test
 * reads both, test/e2e_env/multizone/sync/sync.go).
 *
 * @param online per zone whose ZoneInsight exists, whether Kuma counts it online: some subscription has a connect
 *               time and no disconnect time (zone_insight_helpers.go {@code IsOnline})
 */
public record ZoneReports(Map<String, Boolean> online) {

    public ZoneReports {
        online = Map.copyOf(online);
    }

    /** True when the zone's ZoneInsight exists and shows an open subscription. */
    public boolean isOnline(String zone) {
        return Boolean.TRUE.equals(online.get(zone));
    }

    /** Why Kuma does not count the zone online: its ZoneInsight has no open subscription, or there is none yet. */
    public String whyNotOnline(String zone) {
        return online.containsKey(zone) ? "disconnected" : "no ZoneInsight";
    }

    /** Of {@code zones}, those Kuma does not count online, each with {@link #whyNotOnline}. */
    public List<String> notOnline(List<String> zones) {
        return zones.stream().filter(zone -> !isOnline(zone)).map(zone -> zone + " (" + whyNotOnline(zone) + ")").toList();
    }

    /** Reads ZoneInsights as Kuma's Kubernetes store keeps them: the proto under {@code spec}. */
    public static ZoneReports fromZoneInsights(Map<String, Map<?, ?>> specsByZone) {
        Map<String, Boolean> online = new TreeMap<>();
        specsByZone.forEach((zone, spec) -> online.put(zone, subscriptionOpen(spec)));
        return new ZoneReports(online);
    }

    private static boolean subscriptionOpen(Map<?, ?> spec) {
        List<?> subscriptions = spec != null && spec.get("subscriptions") instanceof List<?> list ? list : List.of();
        return subscriptions.stream().anyMatch(s -> s instanceof Map<?, ?> m && m.get("connectTime") != null && m.get("disconnectTime") == null);
    }
}
