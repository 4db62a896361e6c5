package io.kumaops.operator.standin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What Kuma's insights need from one Dataplane object, and nothing more, so that 10,000 of them stay small: the
 * mesh, the gateway type, how many inbounds and listeners are ready, and the {@code kuma.io/service} tags of the
 * inbounds that are not ignored.
 *
 * @param gateway      {@link #NO_GATEWAY}, {@link #BUILTIN} or {@link #DELEGATED}
 * @param services     interned service tags of inbounds not in state {@code Ignored}
 * @param gatewayService the gateway's {@code kuma.io/service} tag, or null
 */
record DataplaneFacts(String mesh, byte gateway, String gatewayService, int inboundTotal, int inboundReady,
                      int listenerTotal, int listenerReady, String[] services) {

    static final byte NO_GATEWAY = 0;
    static final byte BUILTIN = 1;
    static final byte DELEGATED = 2;

    /**
     * Reads a Dataplane's top-level {@code mesh} and {@code spec} (Kuma's proto JSON). Readiness follows Kuma
     * pkg/core/resources/apis/mesh/dataplane_overview_helpers.go {@code Status}: an inbound is not ready when its
     * {@code health.ready} is false or its {@code state} is {@code NotReady}; a listener is ready only in state
     * {@code Ready}. Kuma's gateway type enum has DELEGATED as its zero value, so a gateway without a type is
     * delegated (api/mesh/v1alpha1/dataplane.proto).
     */
    @SuppressWarnings("unchecked")
    static DataplaneFacts of(Object mesh, Object spec, UnaryOperator<String> intern) {
        Map<String, Object> networking = spec instanceof Map<?, ?> s && s.get("networking") instanceof Map<?, ?> n
                ? (Map<String, Object>) n : Map.of();
        byte gateway = NO_GATEWAY;
        String gatewayService = null;
        if (networking.get("gateway") instanceof Map<?, ?> gw) {
            gateway = "BUILTIN".equals(gw.get("type")) ? BUILTIN : DELEGATED;
            if (gw.get("tags") instanceof Map<?, ?> tags && tags.get(KumaLabels.SERVICE_TAG) instanceof String service) {
                gatewayService = intern.apply(service);
            }
        }
        int inboundTotal = 0;
        int inboundReady = 0;
        List<String> services = new ArrayList<>(1);
        if (networking.get("inbound") instanceof List<?> inbounds) {
            for (Object item : inbounds) {
                if (!(item instanceof Map<?, ?> inbound)) {
                    continue;
                }
                inboundTotal++;
                boolean healthNotReady = inbound.get("health") instanceof Map<?, ?> health && !Boolean.TRUE.equals(health.get("ready"));
                if (!healthNotReady && !"NotReady".equals(inbound.get("state"))) {
                    inboundReady++;
                }
                if (!"Ignored".equals(inbound.get("state")) && inbound.get("tags") instanceof Map<?, ?> tags
                        && tags.get(KumaLabels.SERVICE_TAG) instanceof String service && !service.isEmpty()) {
                    services.add(intern.apply(service));
                }
            }
        }
        int listenerTotal = 0;
        int listenerReady = 0;
        if (networking.get("listeners") instanceof List<?> listeners) {
            for (Object item : listeners) {
                if (item instanceof Map<?, ?> listener) {
                    listenerTotal++;
                    // State Ready is the enum's zero value, so jsonpb leaves it out.
                    Object state = listener.get("state");
                    if (state == null || "Ready".equals(state)) {
                        listenerReady++;
                    }
                }
            }
        }
        String meshName = mesh instanceof String m && !m.isEmpty() ? intern.apply(m) : null;
        return new DataplaneFacts(meshName, gateway, gatewayService, inboundTotal, inboundReady, listenerTotal, listenerReady,
                services.toArray(String[]::new));
    }

    /** Kuma's DataplaneOverview status for this Dataplane with or without a live xDS subscription. */
    InsightStatus status(boolean proxyOnline) {
        if (gateway != NO_GATEWAY) {
            return proxyOnline ? InsightStatus.ONLINE : InsightStatus.OFFLINE;
        }
        int total = inboundTotal + listenerTotal;
        int ready = inboundReady + listenerReady;
        if (!proxyOnline || ready == 0) {
            return InsightStatus.OFFLINE;
        }
        return ready < total ? InsightStatus.PARTIALLY_DEGRADED : InsightStatus.ONLINE;
    }
}
