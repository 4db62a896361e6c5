package io.kumaops.operator.runtime;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.kumaops.operator.kube.KubeAccess;
import io.kumaops.operator.reconcile.OperatorMetrics;
import io.kumaops.operator.reconcile.ProfileReconciler;
import io.kumaops.operator.reconcile.RolloutHooks;
import io.kumaops.operator.validate.WriteScope;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Assembles and starts the operator: JOSDK, the profile reconciler, leader election, metrics and probes. */
public final class OperatorRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorRunner.class);
    public static final String LEASE_NAME = "kuma-production-operator-leader";
    /** Exit code of a process that lost the Lease while running (not while shutting down). */
    public static final int LEADERSHIP_LOST_EXIT_CODE = 3;
    public static final Duration LEASE_DURATION = Duration.ofSeconds(15);
    public static final Duration RENEW_DEADLINE = Duration.ofSeconds(10);
    // A standby polls this often; after a released Lease it takes over within about one period (plus jitter).
    public static final Duration RETRY_PERIOD = Duration.ofSeconds(1);

    /**
     * @param leaseNamespace       namespace of the leader-election Lease, or null to run without leader election
     * @param exitOnLostLeadership losing the Lease outside a shutdown ends the process (code 3) so a restart re-joins
     *                             cleanly; otherwise the operator stops reconciling and {@link #lostLeadership()} says so
     * @param healthPort           port of /healthz, /readyz and /metrics; 0 picks a free one, -1 disables it
     * @param clock                the reconciler's time (CA backends drain and canaries bake by it); tests move it
     * @param writeScope           the Kuma system namespaces and control-plane Deployments profiles may point at (where
     *                             the operator's RBAC lets it write); {@link WriteScope#ANY} allows any
     */
    public record Options(String leaseNamespace, boolean exitOnLostLeadership, String healthHost, int healthPort, int metricsPort,
                          ProfileReconciler.Settings settings, RolloutHooks hooks, String identity, java.util.Set<String> watchNamespaces,
                          Clock clock, WriteScope writeScope) {

        public Options(String leaseNamespace, boolean exitOnLostLeadership, String healthHost, int healthPort, int metricsPort,
                       ProfileReconciler.Settings settings, RolloutHooks hooks, String identity, java.util.Set<String> watchNamespaces) {
            this(leaseNamespace, exitOnLostLeadership, healthHost, healthPort, metricsPort, settings, hooks, identity, watchNamespaces,
                    Clock.systemUTC(), WriteScope.ANY);
        }

        public static Options defaults() {
            return new Options(null, true, "0.0.0.0", 8081, 8080, ProfileReconciler.Settings.defaults(), RolloutHooks.NONE, null,
                    java.util.Set.of());
        }

        public Options withClock(Clock newClock) {
            return new Options(leaseNamespace, exitOnLostLeadership, healthHost, healthPort, metricsPort, settings, hooks, identity,
                    watchNamespaces, newClock, writeScope);
        }

        public Options withLease(String namespace, boolean exitOnLoss, String newIdentity) {
            return new Options(namespace, exitOnLoss, healthHost, healthPort, metricsPort, settings, hooks, newIdentity, watchNamespaces, clock,
                    writeScope);
        }

        /** Ports of the probes and of /metrics; the same port serves both; -1 disables one, 0 picks a free port. */
        public Options withPorts(String host, int newHealthPort, int newMetricsPort) {
            return new Options(leaseNamespace, exitOnLostLeadership, host, newHealthPort, newMetricsPort, settings, hooks, identity, watchNamespaces,
                    clock, writeScope);
        }

        public Options withSettings(ProfileReconciler.Settings newSettings) {
            return new Options(leaseNamespace, exitOnLostLeadership, healthHost, healthPort, metricsPort, newSettings, hooks, identity, watchNamespaces,
                    clock, writeScope);
        }

        public Options withHooks(RolloutHooks newHooks) {
            return new Options(leaseNamespace, exitOnLostLeadership, healthHost, healthPort, metricsPort, settings, newHooks, identity, watchNamespaces,
                    clock, writeScope);
        }

        public Options withWatchNamespaces(java.util.Set<String> namespaces) {
            return new Options(leaseNamespace, exitOnLostLeadership, healthHost, healthPort, metricsPort, settings, hooks, identity, namespaces, clock,
                    writeScope);
        }

        /** The Kuma system namespaces a profile may name; empty allows any. */
        public Options withSystemNamespaces(java.util.Set<String> namespaces) {
            return new Options(leaseNamespace, exitOnLostLeadership, healthHost, healthPort, metricsPort, settings, hooks, identity, watchNamespaces,
                    clock, writeScope.withSystemNamespaces(namespaces));
        }

        /** Where profiles may point, all at once. */
        public Options withWriteScope(WriteScope scope) {
            return new Options(leaseNamespace, exitOnLostLeadership, healthHost, healthPort, metricsPort, settings, hooks, identity, watchNamespaces,
                    clock, scope);
        }

        /** The control-plane Deployments a managed profile may name; null allows any, an empty set none. */
        public Options withControlPlaneDeployments(java.util.Set<String> names) {
            return new Options(leaseNamespace, exitOnLostLeadership, healthHost, healthPort, metricsPort, settings, hooks, identity, watchNamespaces,
                    clock, writeScope.withControlPlaneDeployments(names));
        }
    }

    private final KubernetesClient client;
    private final Options options;
    private final String identity;
    private final Endpoints endpoints;
    private final PrometheusMeterRegistry registry;
    private final OperatorMetrics metrics;
    private final RuntimeMetrics runtimeMetrics;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean lostLeadership = new AtomicBoolean();
    /** Reconciling: the leader, or the only replica without leader election. A standby's informers are not started. */
    private final AtomicBoolean reconciling = new AtomicBoolean();
    private volatile Operator operator;
    private boolean operatorStopped;

    private OperatorRunner(KubernetesClient client, Options options, String identity, Endpoints endpoints, PrometheusMeterRegistry registry) {
        this.client = client;
        this.options = options;
        this.identity = identity;
        this.endpoints = endpoints;
        this.registry = registry;
        // Before the elector exists: its callbacks report leadership through these metrics.
        this.metrics = new OperatorMetrics(registry);
        this.runtimeMetrics = RuntimeMetrics.bind(registry, BuildVersion.current());
    }

    /** Binds the probe and metrics ports, then starts the operator; a port in use throws {@link ListenException}. */
    public static OperatorRunner start(KubernetesClient client, Options options) {
        return start(client, options, Endpoints.listen(options.healthHost(), options.healthPort(), options.metricsPort()));
    }

    /** Starts the operator behind ports bound beforehand ({@link Endpoints#listen}); they are closed with the runner. */
    public static OperatorRunner start(KubernetesClient client, Options options, Endpoints endpoints) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        String identity = options.leaseNamespace() == null ? null : identity(options.identity());
        OperatorRunner runner = new OperatorRunner(client, options, identity, endpoints, registry);
        try {
            Operator operator = new Operator(overrider -> {
                overrider.withKubernetesClient(client)
                        .withCloseClientOnStop(false)
                        .withMetrics(MicrometerMetrics.withoutPerResourceMetrics(registry))
                        .withStopOnInformerErrorDuringStartup(false)
                        .withCacheSyncTimeout(Duration.ofMinutes(2))
                        // Stopping waits for a reconcile in flight, so nothing is cut off half-way through a step.
                        .withReconciliationTerminationTimeout(Duration.ofSeconds(30));
                if (options.leaseNamespace() != null) {
                    ensureNamespace(client, options.leaseNamespace());
                    // Never let JOSDK exit on stop-leading: it calls System.exit, which deadlocks when the stop comes
                    // from a shutdown hook, and it cannot tell a shutdown from a lost Lease. stoppedLeading() can.
                    overrider.withLeaderElectionConfiguration(new LeaderElectionConfiguration(LEASE_NAME, options.leaseNamespace(),
                            LEASE_DURATION, RENEW_DEADLINE, RETRY_PERIOD, identity,
                            new LeaderCallbacks(runner::startedLeading, runner::stoppedLeading, runner::newLeader), false));
                }
            });
            runner.operator = operator;
            operator.register(new ProfileReconciler(new KubeAccess(client), runner.metrics, options.hooks(), options.settings(), options.clock(),
                    options.watchNamespaces(), options.writeScope()));
            // Ready once started: a standby replica waiting for the Lease is ready too, or rolling updates would stall.
            endpoints.serve(runner::alive, () -> operator.getRuntimeInfo().isStarted(), registry::scrape);
            operator.start();
            if (options.leaseNamespace() == null) {
                runner.reconciling.set(true);
                runner.metrics.startedLeading(Instant.now());
            }
        } catch (RuntimeException e) {
            runner.runtimeMetrics.close();
            endpoints.close();
            throw e;
        }
        LOG.info("operator started{}", options.leaseNamespace() == null ? ""
                : " (leader election on Lease " + options.leaseNamespace() + "/" + LEASE_NAME + " as " + identity + ")");
        return runner;
    }

    /** POD_NAME in a pod; elsewhere the host name plus a random suffix, so two processes on one machine never share it. */
    static String identity(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "kuma-production-operator";
            }
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Liveness: while reconciling, every event source of the profile controller (informers on profiles, owned Kuma
     * objects, observed Deployments) must be healthy, i.e. running, synced and watching (JOSDK's RuntimeInfo). A
     * standby has no started informers and is alive while it waits. The probe's failure threshold absorbs a watch that
     * reconnects; an informer that stays down gets the pod restarted.
     */
    boolean alive() {
        if (operator == null || !operator.getRuntimeInfo().isStarted() || !reconciling.get()) {
            return true;
        }
        boolean healthy = operator.getRuntimeInfo().allEventSourcesAreHealthy();
        if (!healthy) {
            LOG.warn("liveness: unhealthy event sources {}", operator.getRuntimeInfo().unhealthyEventSources().values().stream()
                    .flatMap(sources -> sources.keySet().stream()).toList());
        }
        return healthy;
    }

    private void startedLeading() {
        reconciling.set(true);
        metrics.startedLeading(Instant.now());
        LOG.info("leading: holding the Lease {}/{} as {}", options.leaseNamespace(), LEASE_NAME, identity);
    }

    private void newLeader(String leader) {
        if (leader != null && !leader.isEmpty() && !leader.equals(identity)) {
            LOG.info("standing by: the Lease {}/{} is held by {}", options.leaseNamespace(), LEASE_NAME, leader);
        }
    }

    /** Called by the elector both when we stop it (shutdown) and when the Lease is lost; only the second is an error. */
    private void stoppedLeading() {
        reconciling.set(false);
        metrics.stoppedLeading();
        if (closing.get()) {
            LOG.info("stopped leading: shutting down");
            return;
        }
        if (!lostLeadership.compareAndSet(false, true)) {
            return;
        }
        boolean exit = options.exitOnLostLeadership();
        LOG.error("lost leadership: the Lease {}/{} is no longer held by {}; {}", options.leaseNamespace(), LEASE_NAME, identity,
                exit ? "exiting with code " + LEADERSHIP_LOST_EXIT_CODE + " so that only the new leader reconciles" : "stopping the operator");
        // Off the elector's thread: it holds the elector's lock, which stopping the operator needs too.
        Thread thread = new Thread(() -> {
            if (exit) {
                System.exit(LEADERSHIP_LOST_EXIT_CODE);
            } else {
                stopOperator();
            }
        }, "leadership-lost");
        thread.start();
    }

    /** True once the Lease was lost outside a shutdown (the operator stopped reconciling or the process is exiting). */
    public boolean lostLeadership() {
        return lostLeadership.get();
    }

    public String identity() {
        return identity;
    }

    private synchronized void stopOperator() {
        if (!operatorStopped) {
            operatorStopped = true;
            operator.stop();
        }
    }

    /**
     * Gives the Lease up if we still hold it, so a standby takes over at its next retry instead of after the lease
     * duration: JOSDK 5.2.3 cancels leader election without releasing it. Call only once reconciling has stopped.
     */
    boolean releaseLease() {
        String namespace = options.leaseNamespace();
        try {
            Lease lease = client.leases().inNamespace(namespace).withName(LEASE_NAME).get();
            if (lease == null || lease.getSpec() == null || !identity.equals(lease.getSpec().getHolderIdentity())) {
                LOG.debug("not releasing the Lease {}/{}: not held by {}", namespace, LEASE_NAME, identity);
                return false;
            }
            lease.getSpec().setHolderIdentity(null);
            // fabric8's elector reads leaseDurationSeconds without a null check: keep it set, and short.
            lease.getSpec().setLeaseDurationSeconds(1);
            lease.getSpec().setRenewTime(ZonedDateTime.now(ZoneOffset.UTC));
            // update() sends the resourceVersion just read: if another replica wrote the Lease since, this is a 409.
            client.leases().inNamespace(namespace).resource(lease).update();
            LOG.info("released the Lease {}/{}", namespace, LEASE_NAME);
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                LOG.info("did not release the Lease {}/{}: it changed since it was read", namespace, LEASE_NAME);
            } else {
                LOG.warn("could not release the Lease {}/{} ({}); a standby takes over once it expires", namespace, LEASE_NAME, e.getMessage());
            }
            return false;
        }
    }

    /** The Lease's namespace must exist; in a pod it always does, and the least-privilege role may not read Namespaces. */
    private static void ensureNamespace(KubernetesClient client, String namespace) {
        try {
            if (client.namespaces().withName(namespace).get() == null) {
                client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build()).create();
            }
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            if (e.getCode() != 403) {
                throw e;
            }
        }
    }

    public Operator operator() {
        return operator;
    }

    /** The operator's metrics, as /metrics serves them, plus the passes per profile that tests wait on. */
    public OperatorMetrics metrics() {
        return metrics;
    }

    public int healthPort() {
        return endpoints.healthPort();
    }

    public int metricsPort() {
        return endpoints.metricsPort();
    }

    public String scrape() {
        return registry.scrape();
    }

    /** Stops reconciling (a pass in flight finishes), then releases the Lease if still ours, then closes the ports. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        try {
            stopOperator();
            metrics.stoppedLeading();
            if (options.leaseNamespace() != null) {
                releaseLease();
            }
        } finally {
            endpoints.close();
            runtimeMetrics.close();
        }
        LOG.info("operator stopped in {} ms", (System.nanoTime() - started) / 1_000_000);
    }

    /** Which listener could not be bound; the CLI names the flag that moves it. */
    public enum Endpoint { HEALTH, METRICS }

    /** A probe or metrics port that cannot be bound (in use, or not permitted). */
    public static final class ListenException extends RuntimeException {
        private final Endpoint endpoint;
        private final String host;
        private final int port;

        ListenException(Endpoint endpoint, String host, int port, IOException cause) {
            super("cannot listen on " + host + ":" + port + ": " + cause.getMessage(), cause);
            this.endpoint = endpoint;
            this.host = host;
            this.port = port;
        }

        public Endpoint endpoint() {
            return endpoint;
        }

        public String host() {
            return host;
        }

        public int port() {
            return port;
        }

        /** The operating system's reason, e.g. "Address already in use". */
        public String reason() {
            return getCause().getMessage();
        }
    }

    /**
     * The probe and metrics listeners, bound before anything else starts so a busy port fails fast with nothing to
     * undo. Until the operator is attached they answer alive but not ready.
     */
    public static final class Endpoints implements AutoCloseable {
        private final HealthServer health;
        private final HealthServer metrics;

        private Endpoints(HealthServer health, HealthServer metrics) {
            this.health = health;
            this.metrics = metrics;
        }

        /** -1 disables a listener, 0 picks a free port; a metrics port equal to the health port shares its listener. */
        public static Endpoints listen(String host, int healthPort, int metricsPort) {
            HealthServer health = healthPort < 0 ? null : bind(Endpoint.HEALTH, host, healthPort);
            HealthServer metrics = null;
            if (metricsPort >= 0 && metricsPort != healthPort) {
                try {
                    metrics = bind(Endpoint.METRICS, host, metricsPort);
                } catch (ListenException e) {
                    if (health != null) {
                        health.close();
                    }
                    throw e;
                }
            }
            return new Endpoints(health, metrics);
        }

        private static HealthServer bind(Endpoint endpoint, String host, int port) {
            try {
                return new HealthServer(host, port);
            } catch (IOException e) {
                throw new ListenException(endpoint, host, port, e);
            }
        }

        void serve(java.util.function.BooleanSupplier alive, java.util.function.BooleanSupplier ready,
                   java.util.function.Supplier<String> scrape) {
            if (health != null) {
                health.serve(alive, ready, scrape);
            }
            if (metrics != null) {
                metrics.serve(() -> true, () -> true, scrape);
            }
        }

        public int healthPort() {
            return health == null ? -1 : health.port();
        }

        public int metricsPort() {
            return metrics != null ? metrics.port() : healthPort();
        }

        @Override
        public void close() {
            if (health != null) {
                health.close();
            }
            if (metrics != null) {
                metrics.close();
            }
        }
    }
}
