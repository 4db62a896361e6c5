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
import java.io.UncheckedIOException;
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
    private final HealthServer health;
    private final HealthServer metricsServer;
    private final PrometheusMeterRegistry registry;

    private OperatorRunner(Operator operator, HealthServer health, HealthServer metricsServer, PrometheusMeterRegistry registry) {
        this.operator = operator;
        this.health = health;
        this.metricsServer = metricsServer;
        this.registry = registry;
    }

    public static OperatorRunner start(KubernetesClient client, Options options) {
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
        HealthServer health = options.healthPort() < 0 ? null
                : listen(options.healthHost(), options.healthPort(), () -> true, () -> operator.getRuntimeInfo().isStarted(), registry::scrape);
        HealthServer metricsServer = options.metricsPort() < 0 || options.metricsPort() == options.healthPort() ? null
                : listen(options.healthHost(), options.metricsPort(), () -> true, () -> true, registry::scrape);
        operator.start();
        LOG.info("operator started{}", options.leaseNamespace() == null ? "" : " (leader election in namespace " + options.leaseNamespace() + ")");
        return new OperatorRunner(operator, health, metricsServer, registry);
    }

    private static HealthServer listen(String host, int port, java.util.function.BooleanSupplier alive,
                                       java.util.function.BooleanSupplier ready, java.util.function.Supplier<String> metrics) {
        try {
            return new HealthServer(host, port, alive, ready, metrics);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
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

    public int healthPort() {
        return health == null ? -1 : health.port();
    }

    public int metricsPort() {
        return metricsServer != null ? metricsServer.port() : healthPort();
    }

    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        operator.stop();
        if (health != null) {
            health.close();
        }
        if (metricsServer != null) {
            metricsServer.close();
        }
    }
}
