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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
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
 * <p>The Events of one pass are sent concurrently and the pass waits for all of them at its end
 * ({@link #awaitSent}): a pass that starts a rollout raises several, and sending them one after the other delayed the
 * pass's status and the next pass by their sum. None is queued past its pass, so none is lost to a backlog.
 */
public final class EventRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
    /** Events about cluster-scoped objects live in the default namespace, as kubectl describe expects. */
    static final String EVENT_NAMESPACE = "default";
    static final String COMPONENT = "kuma-production-operator";

    /** At most this long a pass waits at its end for its Events; one still unsent then is logged, never fatal. */
    static final java.time.Duration SEND_WAIT = java.time.Duration.ofSeconds(10);

    private final KubernetesClient client;
    private final java.util.Map<String, Integer> counts = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "profile-events");
        thread.setDaemon(true);
        return thread;
    });
    /** The Events the current pass (its reconcile thread) raised and has not waited for yet. */
    private final ThreadLocal<List<java.util.concurrent.CompletableFuture<Void>>> pending = ThreadLocal.withInitial(ArrayList::new);

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
        pending.get().add(java.util.concurrent.CompletableFuture.runAsync(() -> send(profileName, uid, type, reason, message, now), senders));
    }

    /** Waits (at most {@link #SEND_WAIT}) until every Event this thread raised since the last call is sent. */
    public void awaitSent() {
        List<java.util.concurrent.CompletableFuture<Void>> sent = pending.get();
        if (sent.isEmpty()) {
            return;
        }
        try {
            java.util.concurrent.CompletableFuture.allOf(sent.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .get(SEND_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("{} events still being sent after {}", sent.stream().filter(f -> !f.isDone()).count(), SEND_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.debug("an event failed: {}", e.getCause().toString());
        } finally {
            sent.clear();
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
