package io.kumaops.operator.observe;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.model.CanaryDataplanes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes a profile whose policy canary waits for acknowledgements ({@code WaitingForCanaryAcknowledgement}) when one of
 * its canary data planes' DataplaneInsights says something new about them, so that wait passes on Kuma's report, not on
 * a poll. Only while such a wait is open, only the canary's data planes (at most {@link CanaryDataplanes#MAX_READ} a
 * profile), one name-selected watch each; nothing of the insight is kept but the few counts the gate reads.
 *
 * <p>Kuma rewrites a DataplaneInsight for every xDS exchange and, on {@code xdsServer.dataplaneStatusFlushInterval},
 * for statistics (Kuma {@code pkg/xds/server/callbacks/dataplane_status_tracker.go},
 * {@code pkg/xds/server/v3/components.go}): only a change of what the gate judges is news — the newest subscription
 * online or not, its responses sent, acknowledged and rejected, and whether it exchanged configuration since the canary
 * started ({@link CanaryDataplanes#acknowledgementMissing}).
 */
public final class CanaryInsightsEventSource extends AbstractEventSource<Void, KumaProductionProfile> {

    public static final String NAME = "canary-insights";
    private static final Logger LOG = LoggerFactory.getLogger(CanaryInsightsEventSource.class);
    private static final Duration RESTART_DELAY = Duration.ofSeconds(5);

    /** What the gate judges of one data plane, given when the canary started. */
    record Judged(boolean online, long sent, long acknowledged, long rejected, boolean exchangedSince) {
        static Judged of(CanaryDataplanes.Proxy proxy, Instant since) {
            return new Judged(proxy.online(), proxy.sent(), proxy.acknowledged(), proxy.rejected(),
                    proxy.lastUpdate() != null && since != null && !proxy.lastUpdate().isBefore(since));
        }
    }

    /** One waiting profile: when its canary started and the data planes ({@code namespace/name}) it waits for. */
    private record Waiting(Instant since, Set<String> proxies) {
    }

    private final KubernetesClient client;
    /** Opens a watch for {@code namespace/name}; null for the real one (tests give their own). */
    private final Function<String, Watch> opener;
    private final Map<String, Waiting> waiting = new HashMap<>();
    private final Map<String, Watch> watches = new HashMap<>();
    private final Map<String, CanaryDataplanes.Proxy> lastSeen = new HashMap<>();
    private ScheduledExecutorService scheduler;
    private volatile boolean stopped = true;
    /** A watch could not be opened (forbidden, say): the wait is then re-checked on a timer. */
    private volatile boolean failed;

    public CanaryInsightsEventSource(KubernetesClient client) {
        this(client, null);
    }

    CanaryInsightsEventSource(KubernetesClient client, Function<String, Watch> opener) {
        super(Void.class, NAME);
        this.client = client;
        this.opener = opener;
    }

    @Override
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        stopped = false;
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, NAME);
            thread.setDaemon(true);
            return thread;
        });
        super.start();
    }

    @Override
    public synchronized void stop() {
        stopped = true;
        watches.values().forEach(Watch::close);
        watches.clear();
        waiting.clear();
        lastSeen.clear();
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        super.stop();
    }

    @Override
    public Set<Void> getSecondaryResources(KumaProductionProfile primary) {
        return Set.of();
    }

    /** Whether a canary's acknowledgement wait is woken by this source rather than by a poll. */
    public boolean watching() {
        return isRunning() && !stopped && !failed;
    }

    /**
     * The profile waits for these canary data planes as the pass read them: watch each (opening what is not open yet,
     * closing what no waiting profile needs any more); the pass's reading is the baseline an event is judged against.
     */
    public synchronized void waitFor(String profile, Instant since, List<CanaryDataplanes.Proxy> proxies) {
        if (stopped) {
            return;
        }
        Set<String> ids = new HashSet<>();
        for (CanaryDataplanes.Proxy proxy : proxies) {
            ids.add(proxy.id());
            lastSeen.put(proxy.id(), proxy);
        }
        waiting.put(profile, new Waiting(since, Set.copyOf(ids)));
        ids.stream().filter(id -> !watches.containsKey(id)).forEach(this::open);
        closeUnneeded();
    }

    /** The profile no longer waits for acknowledgements. */
    public synchronized void forget(String profile) {
        if (waiting.remove(profile) != null) {
            closeUnneeded();
        }
    }

    /** How many DataplaneInsight watches are open (for tests and the docs' figures). */
    public synchronized int openWatches() {
        return watches.size();
    }

    private void closeUnneeded() {
        Set<String> needed = new HashSet<>();
        waiting.values().forEach(w -> needed.addAll(w.proxies()));
        for (var it = watches.entrySet().iterator(); it.hasNext(); ) {
            var entry = it.next();
            if (!needed.contains(entry.getKey())) {
                entry.getValue().close();
                lastSeen.remove(entry.getKey());
                it.remove();
            }
        }
    }

    private void open(String id) {
        try {
            watches.put(id, opener != null ? opener.apply(id) : openWatch(id));
            failed = false;
        } catch (RuntimeException e) {
            // Forbidden or gone: the wait is then re-checked on the reconciler's short timer (WatchRegistrar.watches).
            LOG.info("cannot watch DataplaneInsight {} ({}); the canary's wait re-checks on a timer", id, e.getMessage());
            failed = true;
        }
    }

    private Watch openWatch(String id) {
        int slash = id.indexOf('/');
        String namespace = id.substring(0, slash);
        String name = id.substring(slash + 1);
        return client.genericKubernetesResources(KubeKinds.kuma("DataplaneInsight")).inNamespace(namespace).withName(name)
                    .watch(new Watcher<>() {
                        @Override
                        public void eventReceived(Action action, GenericKubernetesResource insight) {
                            if (action == Action.BOOKMARK) {
                                return;
                            }
                            Object status = action == Action.DELETED ? null : insight.getAdditionalProperties().get("status");
                            seen(id, CanaryDataplanes.fromInsight(id, status instanceof Map<?, ?> map ? map : Map.of()));
                        }

                        @Override
                        public void onClose(WatcherException cause) {
                            if (cause != null) {
                                reopenLater(id);
                            }
                        }
                    });
    }

    private void reopenLater(String id) {
        synchronized (this) {
            watches.remove(id);
        }
        if (!stopped && scheduler != null && !scheduler.isShutdown()) {
            scheduler.schedule(() -> {
                synchronized (this) {
                    if (!stopped && !watches.containsKey(id) && waiting.values().stream().anyMatch(w -> w.proxies().contains(id))) {
                        open(id);
                        // What happened while it was closed is unknown: look again.
                        wake(id, null);
                    }
                }
            }, RESTART_DELAY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A new reading of one data plane: the profiles for which it changes what the gate judges are woken. */
    synchronized void seen(String id, CanaryDataplanes.Proxy now) {
        CanaryDataplanes.Proxy before = lastSeen.put(id, now);
        wake(id, before == null ? null : p -> !Objects.equals(Judged.of(before, p.since()), Judged.of(now, p.since())));
    }

    private void wake(String id, java.util.function.Predicate<Waiting> news) {
        waiting.forEach((profile, wait) -> {
            if (wait.proxies().contains(id) && (news == null || news.test(wait))) {
                getEventHandler().handleEvent(new Event(new ResourceID(profile)));
            }
        });
    }
}
