package io.kumaops.operator.standin;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kumaops.operator.standin.ReportKinds.CountedKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the part of Kuma's control plane for data planes it simulates: creates Dataplanes shaped as Kuma's pod
 * controller makes them, writes a DataplaneInsight for each (xDS subscriptions, the mTLS certificate), a MeshInsight
 * per mesh as Kuma's insights resyncer computes it, and, as a global control plane, Zones and ZoneInsights for
 * zones that connect. Certificates follow the Mesh's {@code mtls} after a delay; tests can make a proxy lag, get
 * stuck, go offline, or stop the whole control plane (its reports then freeze).
 *
 * <p>It keeps a few facts per Dataplane, never the objects: lists are paged and watches hold nothing. One lock
 * guards all state; API calls happen outside it, on a few writer threads that coalesce repeated changes of one
 * object into one write.
 */
public final class InsightReporter implements AutoCloseable {

    /** The field manager Kuma's control plane writes with. */
    public static final String FIELD_MANAGER = "kuma-cp";

    private static final Logger LOG = LoggerFactory.getLogger(InsightReporter.class);
    private static final long RETRY_MILLIS = 2000;
    private static final String POD_HASH_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    /** Which backends a proxy's certificate lists as {@code supportedBackends}. */
    public enum SupportedBackends {
        /** Open-source Kuma: the enabled backend only (Kuma pkg/xds/secrets/ca_provider.go {@code meshCaProvider.Get}). */
        ENABLED_BACKEND,
        /**
         * Every backend the Mesh lists: Kong Mesh, as its CA rotation documentation describes it (a data plane supports
         * the CA of each defined backend, its one certificate comes from enabledBackend); its source is not public.
         */
        ALL_MESH_BACKENDS
    }

    /**
     * How the stand-in behaves.
     *
     * @param delay                 from a change (Mesh mTLS, a policy, a connection) to the proxy having it: certificate
     *                              issued, configuration pushed; Kuma regenerates every 1s and flushes insights every 10s
     * @param resyncInterval        MeshInsights are recomputed at most this often (Kuma: metrics.mesh.minResyncInterval 1s)
     * @param fullResyncInterval    every mesh is recomputed this often, whatever changed (Kuma: fullResyncInterval 20s)
     * @param idleTimeout           after a control-plane restart, a subscription of a proxy or zone that is gone is closed
     *                              after this (Kuma: metrics.dataplane.idleTimeout 5m, pkg/gc/finalizer.go)
     * @param meshes                the meshes to report on; empty for every mesh
     * @param zoneName              this zone control plane's name (Kuma: multizone.zone.name, default "default")
     * @param kumaCpVersion         the control-plane version: zones report it, and proxies are judged compatible against it
     * @param writers               writer threads (and creators when data planes are made in bulk)
     * @param dataplaneSubscriptionLimit subscriptions kept per DataplaneInsight (Kuma: 2)
     * @param zoneSubscriptionLimit subscriptions kept per ZoneInsight (Kuma: 10)
     * @param countedKinds          kinds counted under MeshInsight {@code resources}; empty for all known ones
     * @param pushOnPolicyChange    a policy change pushes configuration to the mesh's proxies (counts in their subscriptions)
     */
    public record Settings(Duration delay, Duration resyncInterval, Duration fullResyncInterval, Duration idleTimeout,
                           Set<String> meshes, String zoneName, String kumaCpVersion, int writers,
                           int dataplaneSubscriptionLimit, int zoneSubscriptionLimit, SupportedBackends supportedBackends,
                           Set<String> countedKinds, boolean pushOnPolicyChange) {

        /** Small delays for tests: 200 ms to follow a change, MeshInsights every 200 ms, all of them every 2 s. */
        public static Settings defaults() {
            return new Settings(Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(2),
                    Set.of(), "default", "2.14.3", 4, 2, 10, SupportedBackends.ENABLED_BACKEND, Set.of(), true);
        }

        /** Kuma's own intervals (pkg/config/app/kuma-cp/kuma-cp.defaults.yaml), for a local run that should feel real. */
        public static Settings kumaTimings() {
            return defaults().withDelay(Duration.ofSeconds(1)).withResync(Duration.ofSeconds(1), Duration.ofSeconds(20))
                    .withIdleTimeout(Duration.ofMinutes(5));
        }

        public Settings withDelay(Duration value) {
            return new Settings(value, resyncInterval, fullResyncInterval, idleTimeout, meshes, zoneName, kumaCpVersion, writers,
                    dataplaneSubscriptionLimit, zoneSubscriptionLimit, supportedBackends, countedKinds, pushOnPolicyChange);
        }

        public Settings withResync(Duration interval, Duration full) {
            return new Settings(delay, interval, full, idleTimeout, meshes, zoneName, kumaCpVersion, writers,
                    dataplaneSubscriptionLimit, zoneSubscriptionLimit, supportedBackends, countedKinds, pushOnPolicyChange);
        }

        public Settings withIdleTimeout(Duration value) {
            return new Settings(delay, resyncInterval, fullResyncInterval, value, meshes, zoneName, kumaCpVersion, writers,
                    dataplaneSubscriptionLimit, zoneSubscriptionLimit, supportedBackends, countedKinds, pushOnPolicyChange);
        }

        public Settings withMeshes(String... names) {
            return new Settings(delay, resyncInterval, fullResyncInterval, idleTimeout, Set.of(names), zoneName, kumaCpVersion, writers,
                    dataplaneSubscriptionLimit, zoneSubscriptionLimit, supportedBackends, countedKinds, pushOnPolicyChange);
        }

        public Settings withZoneName(String value) {
            return new Settings(delay, resyncInterval, fullResyncInterval, idleTimeout, meshes, value, kumaCpVersion, writers,
                    dataplaneSubscriptionLimit, zoneSubscriptionLimit, supportedBackends, countedKinds, pushOnPolicyChange);
        }

        public Settings withWriters(int value) {
            return new Settings(delay, resyncInterval, fullResyncInterval, idleTimeout, meshes, zoneName, kumaCpVersion, value,
                    dataplaneSubscriptionLimit, zoneSubscriptionLimit, supportedBackends, countedKinds, pushOnPolicyChange);
        }

        public Settings withSupportedBackends(SupportedBackends value) {
            return new Settings(delay, resyncInterval, fullResyncInterval, idleTimeout, meshes, zoneName, kumaCpVersion, writers,
                    dataplaneSubscriptionLimit, zoneSubscriptionLimit, value, countedKinds, pushOnPolicyChange);
        }

        public Settings withCountedKinds(String... kinds) {
            return new Settings(delay, resyncInterval, fullResyncInterval, idleTimeout, meshes, zoneName, kumaCpVersion, writers,
                    dataplaneSubscriptionLimit, zoneSubscriptionLimit, supportedBackends, Set.of(kinds), pushOnPolicyChange);
        }

        public Settings withPushOnPolicyChange(boolean value) {
            return new Settings(delay, resyncInterval, fullResyncInterval, idleTimeout, meshes, zoneName, kumaCpVersion, writers,
                    dataplaneSubscriptionLimit, zoneSubscriptionLimit, supportedBackends, countedKinds, value);
        }

        boolean reportsOn(String mesh) {
            return mesh != null && (meshes.isEmpty() || meshes.contains(mesh));
        }
    }

    /** A Dataplane the reporter simulates. */
    public record DataplaneRef(String namespace, String name) {
    }

    /**
     * A MeshInsight the API server has stored: the moment the evidence a rollout gate waits for exists. Measurements
     * compare it with the operator's writes in the same JVM ({@link System#nanoTime()}, never wall clocks).
     *
     * @param mesh            the mesh it reports on
     * @param resourceVersion the resourceVersion the API server gave it (etcd's revision: orders it among other writes)
     * @param spec            what it says
     * @param storedAtNanos   {@link System#nanoTime()} when the API server answered the write
     */
    public record MeshInsightPublished(String mesh, long resourceVersion, Map<String, Object> spec, long storedAtNanos) {
    }

    /** A Mesh the reporter reports on. */
    private static final class MeshState {
        final String name;
        String uid;
        MeshMtls mtls = MeshMtls.OFF;
        boolean exclusiveMeshServices;
        Map<String, Object> pendingSpec;
        Map<String, Object> writtenSpec;

        MeshState(String name) {
            this.name = name;
        }
    }

    /** One counted object: its mesh and generation (a new generation is a spec change, pushed to the proxies). */
    private record Counted(String mesh, long generation) {
    }

    private final KubernetesClient client;
    private final Settings settings;
    /** What a proxy's next certificate lists as supported; starts as the settings say, a test may play another distribution. */
    private volatile SupportedBackends supportedBackends;
    private final List<CountedKind> countedKinds;
    private final Set<String> policyKinds = new LinkedHashSet<>();
    private final String hostname;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    /** Signalled when the last write in flight has been answered. */
    private final Condition settled = lock.newCondition();
    /** Writes taken from the queue and not answered yet (under the lock). */
    private int writesInFlight;
    private final ProxyIndex proxies = new ProxyIndex();
    private final Map<String, MeshState> meshes = new HashMap<>();
    private final Map<String, Map<String, Counted>> counted = new HashMap<>();
    private final Map<String, ZoneState> zones = new LinkedHashMap<>();
    private final Set<String> dirtyMeshes = new LinkedHashSet<>();
    private final LinkedHashSet<Object> dirty = new LinkedHashSet<>();
    /**
     * Objects being written now. A changed object waits for its write in flight to be answered before it is written
     * again: two writes of one object on two writers could land in the wrong order and leave the older state stored.
     */
    private final Set<Object> writing = new java.util.HashSet<>();
    private final Map<String, String> interned = new HashMap<>();
    private final Map<String, List<String>> singleBackends = new HashMap<>();
    private final AtomicInteger podCounter = new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 20));
    private final AtomicInteger addressCounter = new AtomicInteger(ThreadLocalRandom.current().nextInt(1 << 16));

    private boolean started;
    private boolean stopping;
    private boolean controlPlaneRunning;
    private String instanceId;
    private long nextResync;
    private long nextFullResync;
    private ScheduledExecutorService scheduler;
    private ExecutorService collector;
    private final List<Thread> writerThreads = new ArrayList<>();
    private final List<ListWatch> watches = new ArrayList<>();
    private final List<java.util.function.Consumer<MeshInsightPublished>> publishedListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    private InsightReporter(KubernetesClient client, Settings settings) {
        this.client = client;
        this.settings = settings;
        this.supportedBackends = settings.supportedBackends();
        this.countedKinds = ReportKinds.DEFAULT_COUNTED.stream()
                .filter(kind -> settings.countedKinds().isEmpty() || settings.countedKinds().contains(kind.kind())).toList();
        countedKinds.stream().filter(CountedKind::policy).forEach(kind -> policyKinds.add(kind.kind()));
        this.hostname = "kuma-control-plane-" + podSuffix(ThreadLocalRandom.current().nextInt(), 10) + "-"
                + podSuffix(ThreadLocalRandom.current().nextInt(), 5);
    }

    public static InsightReporter create(KubernetesClient client, Settings settings) {
        return new InsightReporter(client, settings);
    }

    public Settings settings() {
        return settings;
    }

    /** From now on, which backends a newly issued certificate lists as supported (each proxy's next certificate). */
    public void reportSupportedBackends(SupportedBackends value) {
        supportedBackends = java.util.Objects.requireNonNull(value, "value");
    }

    public SupportedBackends reportedSupportedBackends() {
        return supportedBackends;
    }

    /**
     * Calls {@code listener} on a writer thread after each MeshInsight write the API server answered; closing the
     * returned handle stops it. For benchmarks that time the operator against the reports it waits for.
     */
    public AutoCloseable onMeshInsightPublished(java.util.function.Consumer<MeshInsightPublished> listener) {
        publishedListeners.add(listener);
        return () -> publishedListeners.remove(listener);
    }

    // ------------------------------------------------------------------ life

    /**
     * Lists Meshes, Dataplanes and the counted kinds, watches them, and starts the control plane.
     *
     * @throws IllegalStateException when Kuma's CRDs are not installed
     */
    public void start() {
        lock.lock();
        try {
            if (started) {
                return;
            }
            started = true;
            stopping = false;
            controlPlaneRunning = true;
            instanceId = newInstanceId();
            long now = System.currentTimeMillis();
            nextResync = now;
            nextFullResync = now + settings.fullResyncInterval().toMillis();
        } finally {
            lock.unlock();
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(daemon("kuma-standin-cp"));
        collector = Executors.newSingleThreadExecutor(daemon("kuma-standin-gc"));
        for (int i = 0; i < Math.max(1, settings.writers()); i++) {
            Thread writer = daemon("kuma-standin-writer-" + i).newThread(this::writeLoop);
            writerThreads.add(writer);
            writer.start();
        }
        try {
            startWatch(ReportKinds.MESH, new MeshHandler(), true);
            startWatch(ReportKinds.DATAPLANE, new DataplaneHandler(), true);
            for (CountedKind kind : countedKinds) {
                startWatch(kind.context(), new CountedHandler(kind), false);
            }
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
        long tick = Math.max(10, Math.min(250, settings.delay().toMillis() / 5));
        scheduler.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
        LOG.info("Kuma control-plane stand-in started as {} (delay {} ms)", instanceId, settings.delay().toMillis());
    }

    private void startWatch(ResourceDefinitionContext context, ListWatch.Handler handler, boolean required) {
        ListWatch watch = new ListWatch(client, context, handler, scheduler);
        boolean served;
        try {
            served = watch.start();
        } catch (KubernetesClientException e) {
            if (required) {
                throw e;
            }
            // A counted kind that cannot be read (e.g. 403) is left out of the counts rather than stopping the reporter.
            LOG.info("not counting {}: {}", context.getPlural(), e.getMessage());
            return;
        }
        if (served) {
            watches.add(watch);
        } else if (required) {
            throw new IllegalStateException("Kuma's CRDs are not installed: " + context.getPlural() + "." + context.getGroup() + " is not served");
        }
    }

    /** Stops watching and writing; every object written stays. Pending garbage collection is finished first. */
    public void stop() {
        lock.lock();
        try {
            if (!started) {
                return;
            }
            started = false;
            stopping = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        watches.forEach(ListWatch::stop);
        watches.clear();
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        for (Thread writer : writerThreads) {
            writer.interrupt();
        }
        for (Thread writer : writerThreads) {
            try {
                writer.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        writerThreads.clear();
        if (collector != null) {
            collector.shutdown();
            try {
                collector.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    public boolean isStarted() {
        lock.lock();
        try {
            return started;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ control plane

    /**
     * The control plane goes away without a goodbye: nothing is written or recomputed until {@link
     * #startControlPlane}, so every report keeps what it last said (proxies still look connected). Returns once the
     * writes already sent have been answered (at most {@link #WRITE_SETTLE_LIMIT}), so none lands after it.
     */
    public void stopControlPlane() {
        lock.lock();
        try {
            controlPlaneRunning = false;
            long left = WRITE_SETTLE_LIMIT.toNanos();
            while (writesInFlight > 0 && left > 0) {
                left = settled.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    /** How long {@link #stopControlPlane} waits for writes already sent; a client request times out well before. */
    static final Duration WRITE_SETTLE_LIMIT = Duration.ofSeconds(30);

    /**
     * A new control-plane instance: every running proxy and zone reconnects to it (a new subscription; the old
     * one gets its disconnect time) and gets a fresh certificate after the delay. A proxy or zone that went away
     * meanwhile still looks connected until the idle timeout closes its subscription (Kuma pkg/gc/finalizer.go).
     */
    public void startControlPlane() {
        lock.lock();
        try {
            if (controlPlaneRunning) {
                return;
            }
            controlPlaneRunning = true;
            instanceId = newInstanceId();
            long now = System.currentTimeMillis();
            proxies.forEachSimulated(proxy -> {
                if (proxy.up) {
                    proxy.certFrom = null; // the new instance has no certificate cache
                    connectProxy(proxy, now);
                } else if (proxy.online()) {
                    proxy.finalizeAt = now + settings.idleTimeout().toMillis();
                }
            });
            for (ZoneState zone : zones.values()) {
                if (zone.up) {
                    connectZone(zone, now);
                } else if (zone.online()) {
                    zone.finalizeAt = now + settings.idleTimeout().toMillis();
                }
            }
            dirtyMeshes.addAll(meshes.keySet());
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean controlPlaneRunning() {
        lock.lock();
        try {
            return controlPlaneRunning;
        } finally {
            lock.unlock();
        }
    }

    /** The current instance's id, as subscriptions name it ({@code <hostname>-<4 hex>}, Kuma pkg/core/runtime/builder.go). */
    public String controlPlaneInstanceId() {
        lock.lock();
        try {
            return instanceId;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ data planes

    /** Meshes another reporter owns: this one leaves them alone (two reporters must not share a mesh). */
    private final Set<String> handedOver = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * Leaves {@code mesh} to another reporter from now on, e.g. a test's own with other delays. Call it before that
     * mesh's objects exist, or this reporter may already have written its MeshInsight.
     */
    public void handOver(String mesh) {
        handedOver.add(mesh);
    }

    private boolean reportsOn(String mesh) {
        return settings.reportsOn(mesh) && !handedOver.contains(mesh);
    }

    /** Simulated data planes of one service; {@link DataplaneBuilder#create()} makes them. */
    public DataplaneBuilder dataplanes(String service) {
        return new DataplaneBuilder(service);
    }

    /** Builds the Dataplanes of one Kubernetes Service's pods. */
    public final class DataplaneBuilder {
        private final String service;
        private String namespace = "default";
        private String mesh = KumaLabels.DEFAULT_MESH;
        private final List<ReportObjects.Port> ports = new ArrayList<>();
        private String protocol = "tcp";
        private int count = 1;
        private String kumaDpVersion = "2.14.3";
        private String envoyVersion = "1.38.2";
        private String serviceAccount = "default";
        private Duration lag = Duration.ZERO;
        private boolean connected = true;
        private final Map<String, String> labels = new LinkedHashMap<>();

        private DataplaneBuilder(String service) {
            this.service = service;
        }

        public DataplaneBuilder namespace(String value) {
            namespace = value;
            return this;
        }

        public DataplaneBuilder mesh(String value) {
            mesh = value;
            return this;
        }

        /** A Service port that targets the same container port. */
        public DataplaneBuilder port(int servicePort) {
            return port(servicePort, servicePort);
        }

        /** A Service port and the container port it targets; call again for more inbounds. */
        public DataplaneBuilder port(int servicePort, int targetPort) {
            ports.add(new ReportObjects.Port(servicePort, targetPort));
            return this;
        }

        /** The {@code kuma.io/protocol} tag: what {@code appProtocol} or {@code <port>.service.kuma.io/protocol} says (Kuma's default tcp). */
        public DataplaneBuilder protocol(String value) {
            protocol = value.toLowerCase(java.util.Locale.ROOT);
            return this;
        }

        public DataplaneBuilder count(int value) {
            count = value;
            return this;
        }

        /**
         * The kuma-dp version the proxies report; one Kuma does not support beside {@link Settings#kumaCpVersion} (e.g.
         * 2.9.0 beside 2.14.3) gets {@code kumaCpCompatible} false, as Kuma records it.
         */
        public DataplaneBuilder kumaDpVersion(String value) {
            kumaDpVersion = value;
            return this;
        }

        public DataplaneBuilder envoyVersion(String value) {
            envoyVersion = value;
            return this;
        }

        public DataplaneBuilder serviceAccount(String value) {
            serviceAccount = value;
            return this;
        }

        /** Each proxy takes certificates and configuration this much later than the others. */
        public DataplaneBuilder lag(Duration value) {
            lag = value;
            return this;
        }

        /** A pod label besides {@code app}; Kuma's injector makes every pod label a tag of each inbound. */
        public DataplaneBuilder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        /** Created with kuma-dp not running: no subscription until {@link InsightReporter#connect}. */
        public DataplaneBuilder offline() {
            connected = false;
            return this;
        }

        /** Creates the Dataplanes (a few at a time) and connects their proxies; returns them in creation order. */
        public List<DataplaneRef> create() {
            if (ports.isEmpty()) {
                ports.add(new ReportObjects.Port(8080, 8080));
            }
            String template = podSuffix(Objects.hash(namespace, service), 10);
            List<ReportObjects.Pod> pods = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String name = service + "-" + template + "-" + podSuffix(podCounter.getAndIncrement(), 5);
                pods.add(new ReportObjects.Pod(name, namespace, mesh, service, List.copyOf(ports), protocol, nextAddress(), serviceAccount,
                        settings.zoneName(), Map.copyOf(labels)));
            }
            ExecutorService creators = Executors.newFixedThreadPool(Math.max(1, Math.min(settings.writers(), count)), daemon("kuma-standin-create"));
            try {
                List<Future<DataplaneRef>> created = new ArrayList<>(count);
                for (ReportObjects.Pod pod : pods) {
                    created.add(creators.submit(() -> createOne(pod, kumaDpVersion, envoyVersion, lag, connected)));
                }
                List<DataplaneRef> refs = new ArrayList<>(count);
                for (Future<DataplaneRef> future : created) {
                    refs.add(future.get());
                }
                return refs;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while creating Dataplanes", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
            } finally {
                creators.shutdownNow();
            }
        }
    }

    private DataplaneRef createOne(ReportObjects.Pod pod, String kumaDp, String envoy, Duration lag, boolean connected) {
        ProxyState proxy = new ProxyState(pod.namespace(), pod.name(), true);
        lock.lock();
        try {
            proxy.kumaDpVersion = intern(kumaDp);
            proxy.envoyVersion = intern(envoy);
            proxy.lagMillis = lag.toMillis();
            proxy.up = connected;
            ProxyState previous = proxies.put(proxy);
            if (previous != null) {
                dirty.remove(previous);
                markMeshDirty(previous.mesh());
            }
        } finally {
            lock.unlock();
        }
        GenericKubernetesResource applied;
        try {
            applied = apply(ReportKinds.DATAPLANE, ReportObjects.dataplane(pod));
        } catch (RuntimeException e) {
            lock.lock();
            try {
                forget(proxy);
            } finally {
                lock.unlock();
            }
            throw e;
        }
        lock.lock();
        try {
            proxy.uid(applied.getMetadata().getUid());
            if (proxy.facts == null) {
                setFacts(proxy, facts(applied));
            }
            if (controlPlaneRunning && proxy.up && proxies.holds(proxy)) {
                connectProxy(proxy, System.currentTimeMillis());
            }
        } finally {
            lock.unlock();
        }
        return new DataplaneRef(pod.namespace(), pod.name());
    }

    /** The proxy takes certificates and configuration {@code lag} later than the others, from now on. */
    public void lag(DataplaneRef ref, Duration lag) {
        withProxy(ref, proxy -> proxy.lagMillis = lag.toMillis());
    }

    /** How a proxy's Envoy answers a configuration push. */
    public enum ConfigAnswer {
        /** Kuma counts the response acknowledged (the default). */
        ACKNOWLEDGE,
        /** Envoy refuses the configuration (a NACK): Kuma counts the response rejected. */
        REJECT,
        /** No answer yet: sent, neither acknowledged nor rejected. */
        NONE
    }

    /**
     * From now on the proxy answers configuration pushes so, as Kuma counts the answers per subscription
     * (pkg/xds/server/callbacks/dataplane_status_tracker.go: a request carrying a response nonce is an ACK, or a NACK
     * when it carries error detail).
     */
    public void answerConfiguration(DataplaneRef ref, ConfigAnswer answer) {
        withProxy(ref, proxy -> proxy.configAnswer = answer);
    }

    /** A stuck proxy never takes a new certificate (configuration pushes still reach it). */
    public void stuck(DataplaneRef ref, boolean stuck) {
        withProxy(ref, proxy -> {
            proxy.stuck = stuck;
            if (!stuck && proxy.online() && proxy.pendingSince == 0) {
                proxy.pendingSince = System.currentTimeMillis();
            }
        });
    }

    /**
     * The proxy's current certificate was issued {@code age} earlier than recorded, as if it had held it that long: its
     * regeneration and expiry move back by {@code age}. A proxy that is not {@link #stuck} then gets a new one at once
     * when that puts it past 4/5 of its lifetime, as Kuma renews; a stuck one keeps it, which is how a certificate
     * Kuma fails to renew looks in the insight.
     *
     * @throws IllegalStateException when the proxy holds no certificate yet (mTLS off, or not issued)
     */
    public void ageCertificate(DataplaneRef ref, Duration age) {
        withProxy(ref, proxy -> {
            if (!proxy.hasMtls()) {
                throw new IllegalStateException(ref + " holds no certificate yet: switch mTLS on and wait for its insight's mTLS section");
            }
            proxy.lastCertificateRegeneration -= age.toMillis();
            proxy.certificateExpiration -= age.toMillis();
            markDirty(proxy);
        });
    }

    /** kuma-dp stops: its subscription gets a disconnect time (once a control plane is up to see it). */
    public void disconnect(DataplaneRef ref) {
        withProxy(ref, proxy -> {
            proxy.up = false;
            if (controlPlaneRunning && proxy.online()) {
                long now = System.currentTimeMillis();
                for (Subscription subscription : proxy.subscriptions) {
                    if (subscription.online()) {
                        subscription.disconnectTime = now;
                    }
                }
                proxy.pendingSince = 0;
                markDirty(proxy);
            }
        });
    }

    /** kuma-dp starts again: a new subscription (with a running control plane), certificate after the delay. */
    public void connect(DataplaneRef ref) {
        withProxy(ref, proxy -> {
            proxy.up = true;
            if (controlPlaneRunning && !proxy.online()) {
                connectProxy(proxy, System.currentTimeMillis());
            }
        });
    }

    /**
     * Marks the inbound of one Service port ready or not, as Kuma's pod controller does when a container's
     * readiness changes (state {@code NotReady}, {@code health.ready} false). MeshInsights see it at their next full
     * resync: Kuma ignores Dataplane updates between them (pkg/insights/resyncer.go).
     */
    @SuppressWarnings("unchecked")
    public void setInboundReady(DataplaneRef ref, int servicePort, boolean ready) {
        withProxy(ref, proxy -> {
            // only checks that the reporter simulates it
        });
        GenericKubernetesResource dataplane = client.genericKubernetesResources(ReportKinds.DATAPLANE).inNamespace(ref.namespace())
                .withName(ref.name()).get();
        if (dataplane == null) {
            throw new IllegalArgumentException("no Dataplane " + ref);
        }
        Map<String, Object> body = Serialization.jsonMapper().convertValue(dataplane, Map.class);
        Map<String, Object> metadata = (Map<String, Object>) body.get("metadata");
        metadata.keySet().retainAll(Set.of("name", "namespace", "labels", "annotations"));
        Map<String, Object> networking = (Map<String, Object>) ((Map<String, Object>) body.get("spec")).get("networking");
        for (Object item : (List<Object>) networking.get("inbound")) {
            Map<String, Object> inbound = (Map<String, Object>) item;
            Map<String, Object> tags = (Map<String, Object>) inbound.get("tags");
            if (tags != null && Integer.toString(servicePort).equals(tags.get(KumaLabels.KUBE_PORT_TAG))) {
                if (ready) {
                    inbound.remove("state");
                    inbound.put("health", Map.of("ready", true));
                } else {
                    inbound.put("state", "NotReady");
                    inbound.put("health", Map.of());
                }
            }
        }
        apply(ReportKinds.DATAPLANE, body);
    }

    /** Deletes the Dataplane (as when its pod goes); its insight goes with it, as Kubernetes' garbage collector would do. */
    public void delete(DataplaneRef ref) {
        client.genericKubernetesResources(ReportKinds.DATAPLANE).inNamespace(ref.namespace()).withName(ref.name()).delete();
    }

    private void withProxy(DataplaneRef ref, java.util.function.Consumer<ProxyState> change) {
        lock.lock();
        try {
            ProxyState proxy = proxies.get(ref.namespace(), ref.name());
            if (proxy == null || !proxy.simulated) {
                throw new IllegalArgumentException("not a data plane this reporter simulates: " + ref);
            }
            change.accept(proxy);
            markMeshDirty(proxy.mesh());
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: a new subscription to the current instance; the first configuration lands after the delay. */
    private void connectProxy(ProxyState proxy, long now) {
        Subscription subscription = new Subscription(UUID.randomUUID(), instanceId, null, now);
        subscription.kumaCpCompatible = io.kumaops.operator.model.KumaDpCompatibility.compatible(settings.kumaCpVersion(), proxy.kumaDpVersion);
        proxy.connect(subscription, settings.dataplaneSubscriptionLimit());
        proxy.pendingSince = now;
        proxy.finalizeAt = 0;
        markDirty(proxy);
        markMeshDirty(proxy.mesh());
    }

    // ------------------------------------------------------------------ zones

    /** The zone's control plane connects to this (global) control plane: Zone created if absent, ZoneInsight updated. */
    public void connectZone(String zone) {
        lock.lock();
        try {
            ZoneState state = zones.computeIfAbsent(zone, name -> new ZoneState(name, settings.kumaCpVersion()));
            state.up = true;
            if (controlPlaneRunning && !state.online()) {
                connectZone(state, System.currentTimeMillis());
            }
        } finally {
            lock.unlock();
        }
    }

    /** The zone's control plane goes away: its subscription gets a disconnect time. */
    public void disconnectZone(String zone) {
        lock.lock();
        try {
            ZoneState state = zones.get(zone);
            if (state == null) {
                throw new IllegalArgumentException("zone " + zone + " never connected");
            }
            state.up = false;
            if (controlPlaneRunning) {
                long now = System.currentTimeMillis();
                for (Subscription subscription : state.subscriptions) {
                    if (subscription.online()) {
                        subscription.disconnectTime = now;
                    }
                }
                markDirty(state);
            }
        } finally {
            lock.unlock();
        }
    }

    private void connectZone(ZoneState zone, long now) {
        String zoneInstance = "kuma-control-plane-" + podSuffix(zone.name.hashCode(), 10) + "-" + podSuffix(zone.name.hashCode() >>> 7, 5)
                + "-" + UUID.randomUUID().toString().substring(0, 4);
        zone.connect(new Subscription(UUID.randomUUID(), instanceId, zoneInstance, now), settings.zoneSubscriptionLimit());
        zone.finalizeAt = 0;
        markDirty(zone);
    }

    // ------------------------------------------------------------------ watches

    private final class MeshHandler implements ListWatch.Handler {
        @Override
        public void upsert(GenericKubernetesResource object, boolean added) {
            String name = object.getMetadata().getName();
            if (!reportsOn(name)) {
                return;
            }
            Object spec = object.getAdditionalProperties().get("spec");
            MeshMtls mtls = MeshMtls.of(spec);
            boolean exclusive = spec instanceof Map<?, ?> s && s.get("meshServices") instanceof Map<?, ?> ms && "Exclusive".equals(ms.get("mode"));
            lock.lock();
            try {
                MeshState mesh = meshes.computeIfAbsent(name, MeshState::new);
                mesh.uid = object.getMetadata().getUid();
                mesh.exclusiveMeshServices = exclusive;
                if (!mesh.mtls.equals(mtls)) {
                    mesh.mtls = mtls;
                    requestPushes(name);
                }
                if (added) {
                    dirtyMeshes.add(name);
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void delete(GenericKubernetesResource object) {
            String name = object.getMetadata().getName();
            lock.lock();
            try {
                if (meshes.remove(name) != null) {
                    dirtyMeshes.remove(name);
                    dirty.removeIf(item -> item instanceof MeshState state && state.name.equals(name));
                    collect(ReportKinds.MESH_INSIGHT, null, name);
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void relisted(Set<String> keys) {
            lock.lock();
            try {
                for (String name : List.copyOf(meshes.keySet())) {
                    if (!keys.contains("/" + name)) {
                        meshes.remove(name);
                        collect(ReportKinds.MESH_INSIGHT, null, name);
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private final class DataplaneHandler implements ListWatch.Handler {
        @Override
        public void upsert(GenericKubernetesResource object, boolean added) {
            DataplaneFacts facts = facts(object);
            String namespace = object.getMetadata().getNamespace();
            String name = object.getMetadata().getName();
            lock.lock();
            try {
                ProxyState proxy = proxies.get(namespace, name);
                if (!reportsOn(facts.mesh())) {
                    if (proxy != null && !proxy.simulated) {
                        forget(proxy);
                    }
                    return;
                }
                if (proxy == null) {
                    proxy = new ProxyState(intern(namespace), name, false);
                    proxies.put(proxy);
                }
                proxy.uid(object.getMetadata().getUid());
                boolean meshChanged = !Objects.equals(proxy.mesh(), facts.mesh());
                setFacts(proxy, facts);
                // Kuma's resyncer (pkg/insights/resyncer.go) leaves Dataplane updates to the full resync; only
                // creations, deletions and a changed mesh count at once.
                if (added || meshChanged) {
                    markMeshDirty(facts.mesh());
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void delete(GenericKubernetesResource object) {
            lock.lock();
            try {
                ProxyState proxy = proxies.get(object.getMetadata().getNamespace(), object.getMetadata().getName());
                if (proxy != null && (proxy.uid() == null || proxy.uid().equals(object.getMetadata().getUid()))) {
                    forget(proxy);
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void relisted(Set<String> keys) {
            lock.lock();
            try {
                for (ProxyState proxy : proxies.all()) {
                    if (proxy.facts != null && !keys.contains(proxy.namespace + "/" + proxy.name)) {
                        forget(proxy);
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }

    private final class CountedHandler implements ListWatch.Handler {
        private final CountedKind kind;

        CountedHandler(CountedKind kind) {
            this.kind = kind;
        }

        private String meshOf(GenericKubernetesResource object) {
            if (kind.meshFromField()) {
                return object.getAdditionalProperties().get("mesh") instanceof String mesh ? mesh : null;
            }
            Map<String, String> labels = object.getMetadata().getLabels();
            String mesh = labels == null ? null : labels.get(KumaLabels.MESH);
            return mesh == null ? KumaLabels.DEFAULT_MESH : mesh;
        }

        @Override
        public void upsert(GenericKubernetesResource object, boolean added) {
            String mesh = meshOf(object);
            long generation = object.getMetadata().getGeneration() == null ? 0 : object.getMetadata().getGeneration();
            lock.lock();
            try {
                Map<String, Counted> objects = counted.computeIfAbsent(kind.kind(), k -> new HashMap<>());
                Counted before = objects.put(ListWatch.key(object), new Counted(intern(mesh), generation));
                if (before != null && !Objects.equals(before.mesh(), mesh)) {
                    markMeshDirty(before.mesh());
                }
                if (before == null || !Objects.equals(before.mesh(), mesh)) {
                    markMeshDirty(mesh);
                }
                if (settings.pushOnPolicyChange() && (before == null || before.generation() != generation)) {
                    requestPushes(mesh);
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void delete(GenericKubernetesResource object) {
            lock.lock();
            try {
                Map<String, Counted> objects = counted.get(kind.kind());
                Counted before = objects == null ? null : objects.remove(ListWatch.key(object));
                if (before != null) {
                    markMeshDirty(before.mesh());
                    if (settings.pushOnPolicyChange()) {
                        requestPushes(before.mesh());
                    }
                }
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void relisted(Set<String> keys) {
            lock.lock();
            try {
                Map<String, Counted> objects = counted.get(kind.kind());
                if (objects != null) {
                    objects.entrySet().removeIf(entry -> {
                        boolean gone = !keys.contains(entry.getKey());
                        if (gone) {
                            markMeshDirty(entry.getValue().mesh());
                        }
                        return gone;
                    });
                }
            } finally {
                lock.unlock();
            }
        }
    }

    // ------------------------------------------------------------------ state helpers (under the lock)

    private DataplaneFacts facts(GenericKubernetesResource object) {
        Map<String, Object> extra = object.getAdditionalProperties();
        lock.lock();
        try {
            return DataplaneFacts.of(extra.get("mesh"), extra.get("spec"), this::intern);
        } finally {
            lock.unlock();
        }
    }

    private void setFacts(ProxyState proxy, DataplaneFacts facts) {
        markMeshDirty(proxies.setFacts(proxy, facts));
    }

    /** The Dataplane is gone: forget it, and collect its insight as Kubernetes' garbage collector would. */
    private void forget(ProxyState proxy) {
        proxies.remove(proxy);
        dirty.remove(proxy);
        markMeshDirty(proxy.mesh());
        if (proxy.insightWritten) {
            collect(ReportKinds.DATAPLANE_INSIGHT, proxy.namespace, proxy.name);
        }
    }

    /** Every connected proxy of the mesh gets a configuration push after the delay (and its lag). */
    private void requestPushes(String mesh) {
        long now = System.currentTimeMillis();
        for (ProxyState proxy : proxies.ofMesh(mesh)) {
            if (proxy.simulated && proxy.online() && proxy.pendingSince == 0) {
                proxy.pendingSince = now;
            }
        }
    }

    private void markDirty(Object item) {
        if (dirty.add(item)) {
            work.signal();
        }
    }

    private void markMeshDirty(String mesh) {
        if (mesh != null) {
            dirtyMeshes.add(mesh);
        }
    }

    private String intern(String value) {
        if (value == null) {
            return null;
        }
        String known = interned.putIfAbsent(value, value);
        return known == null ? value : known;
    }

    // ------------------------------------------------------------------ the control plane's loop

    private void tick() {
        try {
            lock.lock();
            try {
                if (!controlPlaneRunning || !started) {
                    return;
                }
                long now = System.currentTimeMillis();
                proxies.forEachSimulated(proxy -> step(proxy, now));
                for (ZoneState zone : zones.values()) {
                    if (zone.finalizeAt != 0 && now >= zone.finalizeAt) {
                        for (Subscription subscription : zone.subscriptions) {
                            if (subscription.online()) {
                                subscription.disconnectTime = now;
                            }
                        }
                        zone.finalizeAt = 0;
                        markDirty(zone);
                    }
                }
                if (now >= nextResync) {
                    nextResync = now + settings.resyncInterval().toMillis();
                    if (now >= nextFullResync) {
                        nextFullResync = now + settings.fullResyncInterval().toMillis();
                        dirtyMeshes.addAll(meshes.keySet());
                    }
                    for (Iterator<String> it = dirtyMeshes.iterator(); it.hasNext(); ) {
                        MeshState mesh = meshes.get(it.next());
                        it.remove();
                        if (mesh != null) {
                            resync(mesh);
                        }
                    }
                }
            } finally {
                lock.unlock();
            }
        } catch (RuntimeException e) {
            LOG.warn("Kuma stand-in tick failed", e);
        }
    }

    /** One proxy in the control plane's loop: its finalizer, a push that is due, a certificate about to expire. */
    private void step(ProxyState proxy, long now) {
        if (proxy.finalizeAt != 0 && now >= proxy.finalizeAt) {
            for (Subscription subscription : proxy.subscriptions) {
                if (subscription.online()) {
                    subscription.disconnectTime = now;
                }
            }
            proxy.finalizeAt = 0;
            markDirty(proxy);
            markMeshDirty(proxy.mesh());
        }
        if (!proxy.online()) {
            return;
        }
        if (proxy.pendingSince != 0 && now >= proxy.pendingSince + settings.delay().toMillis() + proxy.lagMillis) {
            deliver(proxy, now);
        } else if (!proxy.stuck && proxy.hasMtls() && expiringSoon(proxy, now)) {
            issue(proxy, meshMtls(proxy), now);
            markDirty(proxy);
            markMeshDirty(proxy.mesh());
        }
    }

    /** A configuration push reaches the proxy; with it, a certificate from the Mesh as it is now (unless stuck). */
    private void deliver(ProxyState proxy, long now) {
        Subscription subscription = proxy.lastSubscription();
        subscription.pushes++;
        switch (proxy.configAnswer) {
            case REJECT -> subscription.rejected++;
            case NONE -> subscription.unanswered++;
            default -> { }
        }
        subscription.lastUpdateTime = now;
        proxy.pendingSince = 0;
        MeshMtls mtls = meshMtls(proxy);
        if (!proxy.stuck && !mtls.equals(proxy.certFrom)) {
            if (mtls.enabledBackend().isEmpty()) {
                // mTLS off: Kuma drops the mTLS section (pkg/xds/server/callbacks/dataplane_status_sink.go).
                proxy.issuedBackend = null;
                proxy.supportedBackends = List.of();
                proxy.certificateRegenerations = 0;
                proxy.certFrom = mtls;
            } else if (mtls.issuing()) {
                issue(proxy, mtls, now);
            }
        }
        markDirty(proxy);
        markMeshDirty(proxy.mesh());
    }

    /** Kuma api/mesh/v1alpha1/dataplane_insight_helpers.go {@code UpdateCert}. */
    private void issue(ProxyState proxy, MeshMtls mtls, long now) {
        if (!mtls.issuing()) {
            return;
        }
        proxy.issuedBackend = intern(mtls.enabledBackend());
        proxy.supportedBackends = supportedBackends == SupportedBackends.ALL_MESH_BACKENDS ? mtls.backends()
                : singleBackends.computeIfAbsent(proxy.issuedBackend, List::of);
        proxy.lastCertificateRegeneration = now;
        proxy.certificateExpiration = now + mtls.certValidity().toMillis();
        proxy.certificateRegenerations++;
        proxy.certFrom = mtls;
    }

    /** Kuma pkg/xds/secrets/secrets.go {@code ExpiringSoon}: past 4/5 of the certificate's lifetime. */
    private static boolean expiringSoon(ProxyState proxy, long now) {
        long lifetime = proxy.certificateExpiration - proxy.lastCertificateRegeneration;
        return now > proxy.lastCertificateRegeneration + lifetime / 5 * 4;
    }

    private MeshMtls meshMtls(ProxyState proxy) {
        MeshState mesh = meshes.get(proxy.mesh());
        return mesh == null ? MeshMtls.OFF : mesh.mtls;
    }

    /**
     * Recomputes one MeshInsight; queues a write when it differs from the last one written (Kuma skips equal ones:
     * pkg/insights/resyncer.go {@code createOrUpdateMeshInsight}).
     */
    private void resync(MeshState mesh) {
        if (mesh.uid == null) {
            return;
        }
        MeshInsightCalculator calculator = new MeshInsightCalculator();
        int dataplanes = 0;
        for (ProxyState proxy : proxies.ofMesh(mesh.name)) {
            if (proxy.facts == null) {
                continue;
            }
            dataplanes++;
            // From the insight as stored, not the proxy's newest state: Kuma reads the insights back from the store.
            ProxyState.Written insight = proxy.written;
            if (insight == null) {
                calculator.add(proxy.facts, false, null, null, null, List.of());
            } else {
                calculator.add(proxy.facts, insight.online(), proxy.kumaDpVersion, proxy.envoyVersion, insight.issuedBackend(),
                        insight.supportedBackends());
            }
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        counts.put(ReportKinds.DATAPLANE_KIND, dataplanes);
        for (CountedKind kind : countedKinds) {
            int count = 0;
            for (Counted object : counted.getOrDefault(kind.kind(), Map.of()).values()) {
                if (mesh.name.equals(object.mesh())) {
                    count++;
                }
            }
            counts.put(kind.kind(), count);
        }
        int external = counts.getOrDefault(ReportKinds.EXTERNAL_SERVICE, 0);
        Map<String, Object> spec = calculator.spec(counts, policyKinds, mesh.exclusiveMeshServices, external);
        if (!spec.equals(mesh.writtenSpec)) {
            mesh.pendingSpec = spec;
            markDirty(mesh);
        }
    }

    // ------------------------------------------------------------------ writing

    /** One write, prepared under the lock and sent outside it; for an insight, what it says. */
    private record Write(Object item, ResourceDefinitionContext context, Map<String, Object> body, String zoneToEnsure,
                         ProxyState.Written insight) {
    }

    private void writeLoop() {
        while (true) {
            Write write;
            lock.lock();
            try {
                Object item;
                while (!stopping && (!controlPlaneRunning || (item = nextWritable()) == null)) {
                    work.await();
                }
                if (stopping) {
                    return;
                }
                item = nextWritable();
                dirty.remove(item);
                write = prepare(item);
                if (write != null) {
                    writesInFlight++;
                    writing.add(item);
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            if (write != null) {
                try {
                    send(write);
                } finally {
                    lock.lock();
                    try {
                        writing.remove(write.item());
                        if (dirty.contains(write.item())) {
                            work.signal(); // it changed while being written
                        }
                        if (--writesInFlight == 0) {
                            settled.signalAll();
                        }
                    } finally {
                        lock.unlock();
                    }
                }
            }
        }
    }

    /** Under the lock: the oldest changed object that is not being written now, or null. */
    private Object nextWritable() {
        for (Object item : dirty) {
            if (!writing.contains(item)) {
                return item;
            }
        }
        return null;
    }

    private Write prepare(Object item) {
        if (item instanceof ProxyState proxy) {
            if (!proxies.holds(proxy) || proxy.uid() == null || proxy.facts == null || proxy.subscriptions.isEmpty()) {
                return null;
            }
            proxy.insightWritten = true;
            return new Write(proxy, ReportKinds.DATAPLANE_INSIGHT, ReportObjects.dataplaneInsight(proxy, settings.zoneName()), null,
                    proxy.snapshot());
        }
        if (item instanceof MeshState mesh) {
            if (meshes.get(mesh.name) != mesh || mesh.pendingSpec == null) {
                return null;
            }
            return new Write(mesh, ReportKinds.MESH_INSIGHT, ReportObjects.meshInsight(mesh.name, mesh.uid, mesh.pendingSpec), null, null);
        }
        ZoneState zone = (ZoneState) item;
        if (zone.zoneUid == null) {
            return new Write(zone, ReportKinds.ZONE_INSIGHT, null, zone.name, null);
        }
        return new Write(zone, ReportKinds.ZONE_INSIGHT, ReportObjects.zoneInsight(zone.name, zone.zoneUid, zone.insightSpec()), null, null);
    }

    @SuppressWarnings("unchecked")
    private void send(Write write) {
        try {
            if (write.zoneToEnsure() != null) {
                String uid = ensureZone(write.zoneToEnsure());
                lock.lock();
                try {
                    ZoneState zone = (ZoneState) write.item();
                    zone.zoneUid = uid;
                    markDirty(zone);
                } finally {
                    lock.unlock();
                }
                return;
            }
            GenericKubernetesResource stored = apply(write.context(), write.body());
            long storedAt = System.nanoTime();
            if (write.item() instanceof MeshState mesh && !publishedListeners.isEmpty()) {
                published(mesh.name, stored, (Map<String, Object>) write.body().get("spec"), storedAt);
            }
            lock.lock();
            try {
                if (write.item() instanceof MeshState mesh) {
                    mesh.writtenSpec = (Map<String, Object>) write.body().get("spec");
                } else if (write.item() instanceof ProxyState proxy) {
                    if (!proxies.holds(proxy)) {
                        // The Dataplane went while this was being written: collect the insight again.
                        collect(ReportKinds.DATAPLANE_INSIGHT, proxy.namespace, proxy.name);
                    } else if (!write.insight().equals(proxy.written)) {
                        proxy.written = write.insight();
                        markMeshDirty(proxy.mesh());
                    }
                }
            } finally {
                lock.unlock();
            }
        } catch (RuntimeException e) {
            if (stoppingNow()) {
                return;
            }
            LOG.debug("writing {} failed ({}); retrying in {} ms", write.context().getKind(), e.getMessage(), RETRY_MILLIS);
            scheduleRetry(write.item());
        }
    }

    private void published(String mesh, GenericKubernetesResource stored, Map<String, Object> spec, long storedAt) {
        MeshInsightPublished event = new MeshInsightPublished(mesh, Long.parseLong(stored.getMetadata().getResourceVersion()), spec,
                storedAt);
        for (var listener : publishedListeners) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("a MeshInsight listener failed", e);
            }
        }
    }

    private boolean stoppingNow() {
        lock.lock();
        try {
            return stopping;
        } finally {
            lock.unlock();
        }
    }

    private void scheduleRetry(Object item) {
        try {
            scheduler.schedule(() -> {
                lock.lock();
                try {
                    markDirty(item);
                } finally {
                    lock.unlock();
                }
            }, RETRY_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RuntimeException ignored) {
            // shutting down
        }
    }

    /** The Zone as the global control plane creates it on first connection; an existing one is left as it is. */
    private String ensureZone(String name) {
        var zones = client.genericKubernetesResources(ReportKinds.ZONE);
        GenericKubernetesResource existing = zones.withName(name).get();
        if (existing != null) {
            return existing.getMetadata().getUid();
        }
        try {
            return zones.resource(toResource(ReportObjects.zone(name))).create().getMetadata().getUid();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return zones.withName(name).get().getMetadata().getUid();
            }
            throw e;
        }
    }

    private GenericKubernetesResource apply(ResourceDefinitionContext context, Map<String, Object> body) {
        GenericKubernetesResource resource = toResource(body);
        var operation = client.genericKubernetesResources(context);
        var target = context.isNamespaceScoped() ? operation.inNamespace(resource.getMetadata().getNamespace()).resource(resource)
                : operation.resource(resource);
        return target.fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
    }

    /** Deletes an object the way the garbage collector removes a dependent of a deleted owner; independent of the CP. */
    private void collect(ResourceDefinitionContext context, String namespace, String name) {
        if (collector == null || collector.isShutdown()) {
            return;
        }
        collector.submit(() -> {
            try {
                var operation = client.genericKubernetesResources(context);
                (namespace == null ? operation.withName(name) : operation.inNamespace(namespace).withName(name)).delete();
            } catch (RuntimeException e) {
                LOG.debug("deleting {} {} failed: {}", context.getKind(), name, e.getMessage());
            }
        });
    }

    private static GenericKubernetesResource toResource(Map<String, Object> body) {
        return Serialization.jsonMapper().convertValue(body, GenericKubernetesResource.class);
    }

    // ------------------------------------------------------------------ names

    private String newInstanceId() {
        return hostname + "-" + UUID.randomUUID().toString().substring(0, 4);
    }

    private String nextAddress() {
        int n = addressCounter.getAndIncrement() & 0xFFFF;
        return "10.244." + (n >> 8) + "." + Math.max(1, n & 0xFF);
    }

    /**
     * A pod-name-like suffix in the alphabet Kubernetes uses for generated names. A multiplication by a number
     * prime to 27 is a bijection modulo 27^length, so distinct seeds below that give distinct suffixes.
     */
    static String podSuffix(int seed, int length) {
        long modulus = 1;
        for (int i = 0; i < length; i++) {
            modulus *= POD_HASH_ALPHABET.length();
        }
        long value = Math.floorMod((seed & 0xFFFFFFFFL) * 1_000_003L, modulus);
        StringBuilder suffix = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            suffix.append(POD_HASH_ALPHABET.charAt((int) (value % POD_HASH_ALPHABET.length())));
            value /= POD_HASH_ALPHABET.length();
        }
        return suffix.toString();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, n.getAndIncrement() == 0 ? name : name + "-" + n.get());
            thread.setDaemon(true);
            return thread;
        };
    }
}
