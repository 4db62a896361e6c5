package io.kumaops.operator.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What Kuma reports of the data planes a policy canary runs on (the mesh's Dataplanes whose inbound tags carry every
 * canary tag, as a MeshSubset selects them), read from their DataplaneInsights (Kuma
 * api/mesh/v1alpha1/dataplane_insight.proto). Kuma counts, per xDS subscription, the responses it sent and how Envoy
 * answered them: acknowledged, or rejected (a NACK); a request with a response nonce and no error detail is an ACK
 * (pkg/xds/server/callbacks/dataplane_status_tracker.go), and {@code status.lastUpdateTime} moves with every response
 * and every answer. The counts are per connection and carry no times of their own.
 *
 * @param proxies the canary data planes, at most {@link #MAX_READ}
 * @param matched how many Dataplanes of the mesh carry the canary tags (more than {@code proxies} when capped)
 */
public record CanaryDataplanes(List<Proxy> proxies, long matched) {

    /** Canary data planes whose insights are read: a canary is a small subset; more say nothing more. */
    public static final int MAX_READ = 50;

    /**
     * One canary data plane's newest subscription, or {@code online} false when it has none open.
     *
     * @param id           {@code namespace/name}
     * @param lastUpdate   the subscription's {@code status.lastUpdateTime}, null when absent
     * @param sent         {@code status.total.responsesSent}
     * @param acknowledged {@code status.total.responsesAcknowledged}
     * @param rejected     {@code status.total.responsesRejected}
     */
    public record Proxy(String id, boolean online, Instant lastUpdate, long sent, long acknowledged, long rejected) {
    }

    public CanaryDataplanes {
        proxies = List.copyOf(proxies);
    }

    /**
     * Null when every canary data plane is online and has, since {@code since} (when the canary's policies were
     * written), exchanged configuration with the control plane, acknowledged every response sent and rejected none on
     * its current connection; else what is missing. A NACK earlier on the same connection counts too: Kuma keeps no
     * time per answer, and a proxy that refused configuration is no evidence for the change. Without a canary data
     * plane there is no evidence at all.
     */
    public String acknowledgementMissing(Instant since) {
        if (matched == 0) {
            return "no data plane of the mesh carries the canary tags, so none has run the change";
        }
        List<String> missing = new ArrayList<>();
        for (Proxy proxy : proxies) {
            String why = !proxy.online() ? "offline"
                    : proxy.rejected() > 0 ? "rejected " + proxy.rejected() + " responses (NACK)"
                    : proxy.lastUpdate() == null || proxy.lastUpdate().isBefore(since) ? "no configuration exchanged since " + since
                    : proxy.acknowledged() < proxy.sent() ? (proxy.sent() - proxy.acknowledged()) + " of " + proxy.sent() + " responses not acknowledged"
                    : null;
            if (why != null) {
                missing.add(proxy.id() + " (" + why + ")");
            }
        }
        if (missing.isEmpty()) {
            return null;
        }
        List<String> shown = missing.subList(0, Math.min(missing.size(), DataplaneInsightDigest.MAX_NAMES));
        return missing.size() + " of " + proxies.size() + " canary data planes have not acknowledged the change: " + String.join(", ", shown)
                + (missing.size() > shown.size() ? ", …" : "");
    }

    /** One DataplaneInsight's {@code status}, as Kuma's Kubernetes store keeps it: the newest subscription decides. */
    public static Proxy fromInsight(String id, Map<?, ?> status) {
        List<?> subscriptions = status != null && status.get("subscriptions") instanceof List<?> list ? list : List.of();
        Map<?, ?> last = subscriptions.isEmpty() || !(subscriptions.get(subscriptions.size() - 1) instanceof Map<?, ?> m) ? Map.of() : m;
        boolean online = last.get("connectTime") != null && last.get("disconnectTime") == null;
        Map<?, ?> subscriptionStatus = last.get("status") instanceof Map<?, ?> s ? s : Map.of();
        Map<?, ?> total = subscriptionStatus.get("total") instanceof Map<?, ?> t ? t : Map.of();
        return new Proxy(id, online, Timestamps.parse(subscriptionStatus.get("lastUpdateTime")),
                counter(total.get("responsesSent")), counter(total.get("responsesAcknowledged")), counter(total.get("responsesRejected")));
    }

    /** Whether a Dataplane's inbounds carry every canary tag: what a MeshSubset targetRef selects. */
    public static boolean carriesTags(Map<?, ?> dataplaneSpec, Map<String, String> tags) {
        Map<?, ?> networking = dataplaneSpec != null && dataplaneSpec.get("networking") instanceof Map<?, ?> n ? n : Map.of();
        List<?> inbounds = networking.get("inbound") instanceof List<?> list ? list : List.of();
        return inbounds.stream().anyMatch(inbound -> inbound instanceof Map<?, ?> i && i.get("tags") instanceof Map<?, ?> inboundTags
                && tags.entrySet().stream().allMatch(tag -> tag.getValue().equals(inboundTags.get(tag.getKey()))));
    }

    private static long counter(Object value) {
        try {
            return value == null ? 0 : Long.parseLong(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
