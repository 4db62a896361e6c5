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
 *
 * <p>Events are sent in order on a thread of their own, as client-go's event broadcaster does: a pass that starts a
 * rollout raises several, and waiting for each POST would delay the pass's next step and the next pass. At most
 * {@link #QUEUE_LIMIT} wait; beyond that an Event is dropped with a warning, never the pass.
 */
public final class EventRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    /** Events about cluster-scoped objects live in the default namespace, as kubectl describe expects. */
    static final String EVENT_NAMESPACE = "default";
    static final String COMPONENT = "kuma-production-operator";

    static final int QUEUE_LIMIT = 1000;

    private final KubernetesClient client;
    private final java.util.Map<String, Integer> counts = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ThreadPoolExecutor sender = new java.util.concurrent.ThreadPoolExecutor(1, 1, 0,
            java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(QUEUE_LIMIT), runnable -> {
                Thread thread = new Thread(runnable, "profile-events");
                thread.setDaemon(true);
                return thread;
            });

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
        String profileName = profile.getMetadata().getName();
        String uid = profile.getMetadata().getUid();
        String now = DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        try {
            sender.execute(() -> send(profileName, uid, type, reason, message, now));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.warn("event {} for profile {} dropped: {} events are waiting to be sent", reason, profileName, QUEUE_LIMIT);
        }
    }

    private void send(String profileName, String uid, String type, String reason, String message, String now) {
        String name = profileName + "." + digest(type + reason + message);
        try {
            try {
                client.v1().events().inNamespace(EVENT_NAMESPACE).resource(new EventBuilder()
                        .withNewMetadata().withName(name).withNamespace(EVENT_NAMESPACE).endMetadata()
                        .withInvolvedObject(new ObjectReferenceBuilder()
                                .withApiVersion(KumaProductionProfile.API_VERSION).withKind(KumaProductionProfile.KIND)
                                .withName(profileName).withUid(uid).build())
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
            LOG.warn("could not record event {} for profile {}: {}", reason, profileName, e.getMessage());
        } catch (RuntimeException e) {
            // The client closed under a stopping operator, say: an Event is never worth more than a log line.
            LOG.warn("could not record event {} for profile {}: {}", reason, profileName, e.toString());
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
