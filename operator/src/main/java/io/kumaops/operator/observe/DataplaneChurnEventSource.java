package io.kumaops.operator.observe;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.javaoperatorsdk.operator.api.reconciler.ResourceCache;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.model.Labels;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the profiles of a mesh when Dataplanes of that mesh are added or deleted, without caching any Dataplane.
 * An informer would keep every Dataplane in memory (10,000 of them in a large mesh); this keeps one watch open and
 * remembers nothing but, per mesh, when it last woke the profiles. The count itself is taken by the reconcile, page
 * by page ({@link ClusterObserver#countDataplanes}), and kept in {@link DataplaneReadings} until this watch sees a
 * Dataplane change.
 *
 * <p>Scaling a mesh adds or deletes many Dataplanes at once, so events are coalesced: the first change of a quiet
 * mesh wakes its profiles after {@code gather}; after that, at most once per {@code minInterval}. MODIFIED events do
 * not change a count and wake nobody, but they drop the kept readings.
 */
public final class DataplaneChurnEventSource extends AbstractEventSource<Void, KumaProductionProfile> {

    public static final String NAME = "dataplane-churn";
    public static final Duration DEFAULT_GATHER = Duration.ofSeconds(2);
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(DataplaneChurnEventSource.class);
    private static final String DEFAULT_MESH = "default";
    private static final Duration RESTART_DELAY = Duration.ofSeconds(5);

    private final KubernetesClient client;
    private final ResourceCache<KumaProductionProfile> profiles;
    private final long gatherMillis;
    private final long minIntervalMillis;
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> lastWoken = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;
    private volatile Watch watch;
    private volatile boolean stopped;

    private final DataplaneReadings readings;

    /** @param readings what passes keep of the Dataplanes: dropped on every Dataplane event, kept only while watched */
    public DataplaneChurnEventSource(KubernetesClient client, ResourceCache<KumaProductionProfile> profiles, Duration gather,
                                     Duration minInterval, DataplaneReadings readings) {
        super(Void.class, NAME);
        this.readings = readings;
        this.client = client;
        this.profiles = profiles;
        this.gatherMillis = gather.toMillis();
        this.minIntervalMillis = minInterval.toMillis();
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        stopped = false;
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dataplane-churn");
            thread.setDaemon(true);
            return thread;
        });
        super.start();
        openWatch();
    }

    @Override
    public synchronized void stop() {
        stopped = true;
        readings.watched(false);
        Watch current = watch;
        if (current != null) {
            current.close();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        super.stop();
    }

    @Override
    public Set<Void> getSecondaryResources(KumaProductionProfile primary) {
        return Set.of();
    }

    /**
     * Watches from "now": the resourceVersion of a one-item list, so the server does not replay every existing
     * Dataplane as ADDED. Bookmarks keep that resourceVersion fresh across reconnects on a quiet cluster.
     */
    private void openWatch() {
        if (stopped) {
            return;
        }
        try {
            var dataplanes = client.genericKubernetesResources(KubeKinds.kuma("Dataplane")).inAnyNamespace();
            String now = dataplanes.list(new ListOptionsBuilder().withLimit(1L).build()).getMetadata().getResourceVersion();
            watch = dataplanes.watch(new ListOptionsBuilder().withResourceVersion(now).withAllowWatchBookmarks(true).build(), new Watcher<>() {
                @Override
                public void eventReceived(Action action, GenericKubernetesResource dataplane) {
                    if (action != Action.BOOKMARK) {
                        // A modified Dataplane may carry other service tags: no kept reading survives any change.
                        readings.changed();
                    }
                    if (action == Action.ADDED || action == Action.DELETED) {
                        changed(meshOf(dataplane));
                    }
                }

                @Override
                public void onClose(WatcherException cause) {
                    readings.watched(false);
                    if (cause != null && !stopped) {
                        // Usually 410 Gone after a long disconnect: changes may have been missed, so wake every
                        // profile once and watch again from a fresh resourceVersion.
                        LOG.debug("Dataplane watch closed ({}); reopening", cause.getMessage());
                        profiles.list().map(KumaProductionProfile::meshName).filter(Objects::nonNull).distinct()
                                .forEach(DataplaneChurnEventSource.this::changed);
                        reopenLater();
                    }
                }
            });
            readings.watched(true);
        } catch (RuntimeException e) {
            readings.watched(false);
            // Forbidden or Kuma gone: counts are still refreshed by every reconcile and the periodic resync.
            LOG.info("cannot watch Dataplanes ({}); data-plane counts refresh with the periodic resync", e.getMessage());
            reopenLater();
        }
    }

    private void reopenLater() {
        if (!stopped && scheduler != null && !scheduler.isShutdown()) {
            scheduler.schedule(this::openWatch, RESTART_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Schedules one wake-up of the mesh's profiles unless one is already pending. */
    void changed(String mesh) {
        if (stopped || !pending.add(mesh)) {
            return;
        }
        long now = System.currentTimeMillis();
        Long last = lastWoken.get(mesh);
        long delay = Math.max(gatherMillis, last == null ? 0 : last + minIntervalMillis - now);
        try {
            scheduler.schedule(() -> wake(mesh), delay, TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            pending.remove(mesh); // shutting down
        }
    }

    private void wake(String mesh) {
        pending.remove(mesh);
        lastWoken.put(mesh, System.currentTimeMillis());
        profiles.list(profile -> mesh.equals(profile.meshName()))
                .forEach(profile -> getEventHandler().handleEvent(new Event(ResourceID.fromResource(profile))));
    }

    private static String meshOf(GenericKubernetesResource dataplane) {
        Map<String, String> labels = dataplane.getMetadata() == null ? null : dataplane.getMetadata().getLabels();
        String mesh = labels == null ? null : labels.get(Labels.KUMA_MESH);
        return mesh == null || mesh.isBlank() ? DEFAULT_MESH : mesh;
    }
}
