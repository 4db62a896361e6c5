package io.kumaops.operator.standin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A zone control plane as the stand-in global control plane records it. Guarded by the reporter's lock. */
final class ZoneState {

    final String name;
    final String kumaCpVersion;
    /** The zone's control plane runs and wants to be connected. */
    boolean up;
    String zoneUid;
    final List<Subscription> subscriptions = new ArrayList<>();
    String streamsInstanceId;
    long streamsConnectTime;
    long healthCheckTime;
    long finalizeAt;

    ZoneState(String name, String kumaCpVersion) {
        this.name = name;
        this.kumaCpVersion = kumaCpVersion;
    }

    boolean online() {
        for (Subscription subscription : subscriptions) {
            if (subscription.online()) {
                return true;
            }
        }
        return false;
    }

    /** A new KDS connection, earlier ones finalized, the newest {@code limit} kept (Kuma zone_insight_helpers.go, zone_insight_manager.go). */
    void connect(Subscription subscription, int limit) {
        for (Subscription earlier : subscriptions) {
            if (earlier.online()) {
                earlier.disconnectTime = subscription.connectTime;
            }
        }
        subscriptions.add(subscription);
        while (limit > 0 && subscriptions.size() > limit) {
            subscriptions.remove(0);
        }
        // Both KDS streams open with the connection (pkg/kds/mux/zone_sync.go storeStreamConnection).
        streamsInstanceId = subscription.controlPlaneInstanceId;
        streamsConnectTime = subscription.connectTime;
        healthCheckTime = subscription.connectTime;
    }

    /**
     * The zone's configuration as its control plane reports it in {@code config} (a JSON dump of the zone CP's
     * settings; here only the fields that say what the zone is).
     */
    String config() {
        return "{\"environment\":\"kubernetes\",\"mode\":\"zone\",\"multizone\":{\"zone\":{\"name\":\"" + name
                + "\"}},\"store\":{\"type\":\"kubernetes\"}}";
    }

    /** The ZoneInsight spec: Kuma api/system/v1alpha1/zone_insight.proto. */
    Map<String, Object> insightSpec() {
        Map<String, Object> spec = new LinkedHashMap<>();
        List<Object> subs = new ArrayList<>();
        for (Subscription subscription : subscriptions) {
            subs.add(subscription.kdsJson(kumaCpVersion, config()));
        }
        ProtoJson.nonEmpty(spec, "subscriptions", subs);
        if (healthCheckTime != 0) {
            spec.put("healthCheck", Map.of("time", ProtoJson.timestamp(healthCheckTime)));
        }
        if (streamsInstanceId != null) {
            Map<String, Object> stream = new LinkedHashMap<>();
            stream.put("globalInstanceId", streamsInstanceId);
            stream.put("connectTime", ProtoJson.timestamp(streamsConnectTime));
            Map<String, Object> streams = new LinkedHashMap<>();
            streams.put("globalToZone", stream);
            streams.put("zoneToGlobal", stream);
            spec.put("kdsStreams", streams);
        }
        return spec;
    }
}
