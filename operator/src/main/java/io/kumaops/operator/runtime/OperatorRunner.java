package io.kumaops.operator.runtime;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.kumaops.operator.kube.KubeAccess;
import io.kumaops.operator.reconcile.OperatorMetrics;
import io.kumaops.operator.reconcile.ProfileReconciler;
import io.kumaops.operator.reconcile.RolloutHooks;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Assembles and starts the operator: JOSDK, the profile reconciler, leader election, metrics and probes. */
public final class OperatorRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorRunner.class);
    public static final String LEASE_NAME = "kuma-production-operator-leader";

    /**
     * @param leaseNamespace       namespace of the leader-election Lease, or null to run without leader election
     * @param exitOnLostLeadership in a pod, losing the lease ends the process so a restart re-joins cleanly
     * @param healthPort           port of /healthz, /readyz and /metrics; 0 picks a free one, -1 disables it
     * @param clock                the reconciler's time (CA backends drain and canaries bake by it); tests move it
     */
    public record Options(String leaseNamespace, boolean exitOnLostLeadership, String healthHost, int healthPort, int metricsPort,
                          ProfileReconciler.Settings settings, RolloutHooks hooks, String identity, java.util.Set<String> watchNamespaces,
                          Clock clock) {

        public Options(String leaseNamespace, boolean exitOnLostLeadership, String healthHost, int healthPort, int metricsPort,
                       ProfileReconciler.Settings settings, RolloutHooks hooks, String identity, java.util.Set<String> watchNamespaces) {
            this(leaseNamespace, exitOnLostLeadership, healthHost, healthPort, metricsPort, settings, hooks, identity, watchNamespaces,
                    Clock.systemUTC());
        }

        public static Options defaults() {
            return new Options(null, true, "0.0.0.0", 8081, 8080, ProfileReconciler.Settings.defaults(), RolloutHooks.NONE, null,
                    java.util.Set.of());
        }

        public Options withClock(Clock newClock) {
            return new Options(leaseNamespace, exitOnLostLeadership, healthHost, healthPort, metricsPort, settings, hooks, identity,
                    watchNamespaces, newClock);
        }

        public Options withLease(String namespace, boolean exitOnLoss, String newIdentity) {
            return new Options(namespace, exitOnLoss, healthHost, healthPort, metricsPort, settings, hooks, newIdentity, watchNamespaces, clock);
        }

        /** Ports of the probes and of /metrics; the same port serves both; -1 disables one, 0 picks a free port. */
        public Options withPorts(String host, int newHealthPort, int newMetricsPort) {
            return new Options(leaseNamespace, exitOnLostLeadership, host, newHealthPort, newMetricsPort, settings, hooks, identity, watchNamespaces, clock);
        }

        public Options withSettings(ProfileReconciler.Settings newSettings) {
            return new Options(leaseNamespace, exitOnLostLeadership, healthHost, healthPort, metricsPort, newSettings, hooks, identity, watchNamespaces, clock);
        }

        public Options withHooks(RolloutHooks newHooks) {
            return new Options(leaseNamespace, exitOnLostLeadership, healthHost, healthPort, metricsPort, settings, newHooks, identity, watchNamespaces, clock);
        }

        public Options withWatchNamespaces(java.util.Set<String> namespaces) {
            return new Options(leaseNamespace, exitOnLostLeadership, healthHost, healthPort, metricsPort, settings, hooks, identity, namespaces, clock);
        }
    }

    private final Operator operator;
    private final Endpoints endpoints;
    private final PrometheusMeterRegistry registry;

    private OperatorRunner(Operator operator, Endpoints endpoints, PrometheusMeterRegistry registry) {
        this.operator = operator;
        this.endpoints = endpoints;
        this.registry = registry;
    }

    /** Binds the probe and metrics ports, then starts the operator; a port in use throws {@link ListenException}. */
    public static OperatorRunner start(KubernetesClient client, Options options) {
        return start(client, options, Endpoints.listen(options.healthHost(), options.healthPort(), options.metricsPort()));
    }

    /** Starts the operator behind ports bound beforehand ({@link Endpoints#listen}); they are closed with the runner. */
    public static OperatorRunner start(KubernetesClient client, Options options, Endpoints endpoints) {
        try {
            return startOperator(client, options, endpoints);
        } catch (RuntimeException e) {
            endpoints.close();
            throw e;
        }
    }

    private static OperatorRunner startOperator(KubernetesClient client, Options options, Endpoints endpoints) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
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
                overrider.withLeaderElectionConfiguration(new LeaderElectionConfiguration(LEASE_NAME, options.leaseNamespace(),
                        Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2), options.identity(), null,
                        options.exitOnLostLeadership()));
            }
        });
        OperatorMetrics metrics = new OperatorMetrics(registry);
        operator.register(new ProfileReconciler(new KubeAccess(client), metrics, options.hooks(), options.settings(), options.clock(),
                options.watchNamespaces()));
        // Ready once started: a standby replica waiting for the Lease is ready too, or rolling updates would stall.
        endpoints.serve(() -> true, () -> operator.getRuntimeInfo().isStarted(), registry::scrape);
        operator.start();
        LOG.info("operator started{}", options.leaseNamespace() == null ? "" : " (leader election in namespace " + options.leaseNamespace() + ")");
        return new OperatorRunner(operator, endpoints, registry);
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

    public int healthPort() {
        return endpoints.healthPort();
    }

    public int metricsPort() {
        return endpoints.metricsPort();
    }

    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        try {
            operator.stop();
        } finally {
            endpoints.close();
        }
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

