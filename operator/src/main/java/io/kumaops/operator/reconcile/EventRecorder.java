package io.kumaops.operator.reconcile;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events about a profile. The name is derived from profile, reason and message, so the same event
 * raised again bumps the count of the existing one instead of piling up. Callers raise events on transitions
 * only; failures to record are logged, never fatal.
 */
public final class EventRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    /** Events about cluster-scoped objects live in the default namespace, as kubectl describe expects. */
    static final String EVENT_NAMESPACE = "default";
    static final String COMPONENT = "kuma-production-operator";

    private final KubernetesClient client;
    private final java.util.Map<String, Integer> counts = new java.util.concurrent.ConcurrentHashMap<>();

    public EventRecorder(KubernetesClient client) {
        this.client = client;
    }

    public void normal(KumaProductionProfile profile, String reason, String message) {
        record(profile, "Normal", reason, message);
    }

    public void warning(KumaProductionProfile profile, String reason, String message) {
        record(profile, "Warning", reason, message);
    }

    private void record(KumaProductionProfile profile, String type, String reason, String message) {
        String name = profile.getMetadata().getName() + "." + digest(type + reason + message);
        String now = DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try {
            try {
                client.v1().events().inNamespace(EVENT_NAMESPACE).resource(new EventBuilder()
                        .withNewMetadata().withName(name).withNamespace(EVENT_NAMESPACE).endMetadata()
                        .withInvolvedObject(new ObjectReferenceBuilder()
                                .withApiVersion(KumaProductionProfile.API_VERSION).withKind(KumaProductionProfile.KIND)
                                .withName(profile.getMetadata().getName()).withUid(profile.getMetadata().getUid()).build())
                        .withType(type).withReason(reason).withMessage(truncate(message))
                        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                        .withNewSource().withComponent(COMPONENT).endSource()
                        .withReportingComponent(COMPONENT)
                        .build()).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                // The same event again: count it on the existing one instead of adding another. The count is
                // remembered here so no read is needed (the operator may create and patch events, not read them).
                int count = counts.merge(name, 2, (old, ignored) -> old + 1);
                client.v1().events().inNamespace(EVENT_NAMESPACE).withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
                        "{\"count\":" + count + ",\"lastTimestamp\":\"" + now + "\"}");
            }
        } catch (KubernetesClientException e) {
            LOG.warn("could not record event {} for profile {}: {}", reason, profile.getMetadata().getName(), e.getMessage());
        }
    }

    private static String truncate(String message) {
        return message.length() <= 1000 ? message : message.substring(0, 997) + "...";
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
