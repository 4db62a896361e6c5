package io.kumaops.operator.standin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One xDS stream of a data plane (DiscoverySubscription) or KDS stream of a zone (KDSSubscription) as the control
 * plane records it: times in epoch milliseconds, the id kept as two longs rather than a UUID string.
 */
final class Subscription {

    /** The xDS types whose stats Kuma keeps per subscription (api/mesh/v1alpha1/dataplane_insight.proto). */
    private static final List<String> XDS_TYPES = List.of("cds", "eds", "lds", "rds");

    final long idHigh;
    final long idLow;
    /** controlPlaneInstanceId (xDS) or globalInstanceId (KDS). */
    final String controlPlaneInstanceId;
    /** zoneInstanceId (KDS only). */
    final String zoneInstanceId;
    final long connectTime;
    long disconnectTime;
    long lastUpdateTime;
    /** Configuration pushes: one response per xDS type each. */
    int pushes;
    /** Of those, pushes Envoy rejected (NACK) and pushes not answered yet; the rest are acknowledged. */
    int rejected;
    int unanswered;
    /**
     * Whether the control plane supports the connecting kuma-dp, decided once when the stream opens, as Kuma decides it
     * from the proxy's metadata (pkg/core/xds/metadata.go; pkg/version/compatibility.go).
     */
    boolean kumaCpCompatible = true;

    Subscription(UUID id, String controlPlaneInstanceId, String zoneInstanceId, long connectTime) {
        this.idHigh = id.getMostSignificantBits();
        this.idLow = id.getLeastSignificantBits();
        this.controlPlaneInstanceId = controlPlaneInstanceId;
        this.zoneInstanceId = zoneInstanceId;
        this.connectTime = connectTime;
        this.lastUpdateTime = connectTime;
    }

    boolean online() {
        return disconnectTime == 0;
    }

    String id() {
        return new UUID(idHigh, idLow).toString();
    }

    /** Kuma api/mesh/v1alpha1/dataplane_insight.proto DiscoverySubscription, as written in a DataplaneInsight. */
    Map<String, Object> discoveryJson(String kumaDpVersion, String envoyVersion) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id());
        json.put("controlPlaneInstanceId", controlPlaneInstanceId);
        json.put("connectTime", ProtoJson.timestamp(connectTime));
        if (disconnectTime != 0) {
            json.put("disconnectTime", ProtoJson.timestamp(disconnectTime));
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("lastUpdateTime", ProtoJson.timestamp(lastUpdateTime));
        // NewSubscriptionStatus creates total and every per-type stat, so each is present even when zero.
        int types = XDS_TYPES.size();
        status.put("total", stats((long) pushes * types, (long) (pushes - rejected - unanswered) * types, (long) rejected * types));
        for (String type : XDS_TYPES) {
            status.put(type, stats(pushes, pushes - rejected - unanswered, rejected));
        }
        json.put("status", status);
        Map<String, Object> kumaDp = new LinkedHashMap<>();
        ProtoJson.string(kumaDp, "version", kumaDpVersion);
        ProtoJson.string(kumaDp, "gitTag", kumaDpVersion);
        ProtoJson.bool(kumaDp, "kumaCpCompatible", kumaCpCompatible);
        Map<String, Object> envoy = new LinkedHashMap<>();
        ProtoJson.string(envoy, "version", envoyVersion);
        ProtoJson.bool(envoy, "kumaDpCompatible", true);
        json.put("version", Map.of("kumaDp", kumaDp, "envoy", envoy));
        return json;
    }

    /** Kuma api/system/v1alpha1/zone_insight.proto KDSSubscription, as written in a ZoneInsight. */
    Map<String, Object> kdsJson(String kumaCpVersion, String config) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id());
        json.put("globalInstanceId", controlPlaneInstanceId);
        json.put("connectTime", ProtoJson.timestamp(connectTime));
        if (disconnectTime != 0) {
            json.put("disconnectTime", ProtoJson.timestamp(disconnectTime));
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("lastUpdateTime", ProtoJson.timestamp(lastUpdateTime));
        status.put("total", stats(pushes, pushes, 0));
        json.put("status", status);
        Map<String, Object> kumaCp = new LinkedHashMap<>();
        ProtoJson.string(kumaCp, "version", kumaCpVersion);
        ProtoJson.string(kumaCp, "gitTag", kumaCpVersion);
        ProtoJson.bool(kumaCp, "kumaCpGlobalCompatible", true);
        json.put("version", Map.of("kumaCp", kumaCp));
        ProtoJson.string(json, "config", config);
        ProtoJson.string(json, "zoneInstanceId", zoneInstanceId);
        return json;
    }

    private static Map<String, Object> stats(long sent, long acknowledged, long rejected) {
        Map<String, Object> json = new LinkedHashMap<>();
        ProtoJson.uint64(json, "responsesSent", sent);
        ProtoJson.uint64(json, "responsesAcknowledged", acknowledged);
        ProtoJson.uint64(json, "responsesRejected", rejected);
        return json;
    }
}
