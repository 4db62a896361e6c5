package io.kumaops.operator.standin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One Dataplane as the stand-in control plane knows it: the few facts of its object and, for a data plane this
 * reporter simulates, its xDS subscriptions and certificate. Guarded by the reporter's lock. Dataplanes created by
 * others are tracked too (they count in the MeshInsight, as offline without an insight) but get no insight.
 */
final class ProxyState {

    final String namespace;
    final String name;
    final boolean simulated;
    /** The Dataplane's uid, kept as the two halves of the UUID Kubernetes assigns (a string only if it is not one). */
    private long uidHigh;
    private long uidLow;
    private String uidText;
    private boolean hasUid;
    DataplaneFacts facts;

    // ---- simulated proxies only ----
    String kumaDpVersion;
    String envoyVersion;
    /** The kuma-dp process runs and wants a connection (it connects whenever a control plane is up). */
    boolean up;
    long lagMillis;
    boolean stuck;
    InsightReporter.ConfigAnswer configAnswer = InsightReporter.ConfigAnswer.ACKNOWLEDGE;
    /** Oldest first; at most the subscription limit. */
    final List<Subscription> subscriptions = new ArrayList<>(2);
    /** The Mesh mtls section the current certificate state was made from; null before the first. */
    MeshMtls certFrom;
    /** Present mTLS section of the insight: null when the insight has none (mTLS off or never issued). */
    String issuedBackend;
    List<String> supportedBackends = List.of();
    long certificateExpiration;
    long lastCertificateRegeneration;
    int certificateRegenerations;
    /** When a configuration push was requested (0: none pending); it lands after the delay plus the proxy's lag. */
    long pendingSince;
    /** When Kuma's subscription finalizer closes a subscription the control plane lost track of (0: none). */
    long finalizeAt;
    /** The insight was written at least once (a later disappearance of the Dataplane deletes it). */
    boolean insightWritten;
    /** What the last insight written says: MeshInsights are computed from the stored insights, as Kuma's are. */
    Written written;

    /** The parts of a written DataplaneInsight a MeshInsight counts. */
    record Written(boolean online, String issuedBackend, List<String> supportedBackends) {
    }

    Written snapshot() {
        return new Written(online(), issuedBackend, supportedBackends);
    }

    ProxyState(String namespace, String name, boolean simulated) {
        this.namespace = namespace;
        this.name = name;
        this.simulated = simulated;
    }

    void uid(String uid) {
        hasUid = uid != null;
        uidText = null;
        if (uid != null) {
            try {
                UUID parsed = UUID.fromString(uid);
                uidHigh = parsed.getMostSignificantBits();
                uidLow = parsed.getLeastSignificantBits();
            } catch (IllegalArgumentException notAUuid) {
                uidText = uid;
            }
        }
    }

    String uid() {
        if (!hasUid) {
            return null;
        }
        return uidText != null ? uidText : new UUID(uidHigh, uidLow).toString();
    }

    String mesh() {
        return facts == null ? null : facts.mesh();
    }

    Subscription lastSubscription() {
        return subscriptions.isEmpty() ? null : subscriptions.get(subscriptions.size() - 1);
    }

    /** Kuma api/mesh/v1alpha1/dataplane_insight_helpers.go {@code IsOnline}: any subscription without a disconnect time. */
    boolean online() {
        for (Subscription subscription : subscriptions) {
            if (subscription.online()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Appends a subscription the way Kuma's {@code UpdateSubscription} does: every earlier one still open gets a
     * disconnect time first, then only the newest {@code limit} are kept
     * (pkg/core/managers/apis/dataplaneinsight/dataplane_insight_manager.go {@code limitSubscription}).
     */
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
    }

    boolean hasMtls() {
        return issuedBackend != null;
    }

    /** The DataplaneInsight {@code status}: Kuma api/mesh/v1alpha1/dataplane_insight.proto. */
    Map<String, Object> insightStatus() {
        Map<String, Object> status = new LinkedHashMap<>();
        List<Object> subs = new ArrayList<>(subscriptions.size());
        for (Subscription subscription : subscriptions) {
            subs.add(subscription.discoveryJson(kumaDpVersion, envoyVersion));
        }
        ProtoJson.nonEmpty(status, "subscriptions", subs);
        if (hasMtls()) {
            Map<String, Object> mtls = new LinkedHashMap<>();
            mtls.put("certificateExpirationTime", ProtoJson.timestamp(certificateExpiration));
            mtls.put("lastCertificateRegeneration", ProtoJson.timestamp(lastCertificateRegeneration));
            ProtoJson.uint32(mtls, "certificateRegenerations", certificateRegenerations);
            ProtoJson.string(mtls, "issuedBackend", issuedBackend);
            ProtoJson.nonEmpty(mtls, "supportedBackends", supportedBackends);
            status.put("mTLS", mtls);
        }
        return status;
    }
}
