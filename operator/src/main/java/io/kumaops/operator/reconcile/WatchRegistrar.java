package io.kumaops.operator.reconcile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.kube.KubeAccess;
import io.kumaops.operator.model.KumaKinds;
import io.kumaops.operator.model.Labels;
import io.kumaops.operator.observe.DataplaneChurnEventSource;
import io.kumaops.operator.observe.DataplaneReadings;
import io.kumaops.operator.observe.ObservedDeploymentsEventSource;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches on the Kuma objects the operator owns, registered once Kuma's CRDs exist (registering them earlier fails
 * API discovery), so that an owned object changed or deleted by someone else wakes its profile. Also the observation
 * watches: the Deployments profiles read, and Dataplane churn (see docs/observation.md).
 */
final class WatchRegistrar {

    private static final Logger LOG = LoggerFactory.getLogger(WatchRegistrar.class);

    private final KubeAccess kube;
    private final OwnedObjectExpectations expectations;
    private final Set<String> watchNamespaces;
    private final AtomicBoolean registered = new AtomicBoolean();
    private final AtomicBoolean kumaReportsWatched = new AtomicBoolean();
    private final AtomicBoolean zoneReportsWatched = new AtomicBoolean();
    private final AtomicBoolean meshesWatched = new AtomicBoolean();
    private final DataplaneReadings dataplaneReadings;
    private volatile io.kumaops.operator.observe.CanaryInsightsEventSource canaryInsights;

    /** @param watchNamespaces namespaces whose owned Kuma objects are watched for drift; empty means all */
    WatchRegistrar(KubeAccess kube, OwnedObjectExpectations expectations, Set<String> watchNamespaces,
                   DataplaneReadings dataplaneReadings) {
        this.dataplaneReadings = dataplaneReadings;
        this.kube = kube;
        this.expectations = expectations;
        this.watchNamespaces = Set.copyOf(watchNamespaces);
    }

    void ensureRegistered(Context<KumaProductionProfile> context) {
        if (!registered.compareAndSet(false, true)) {
            refreshObservedDeploymentWatches(context);
            return;
        }
        registerObservationWatches(context);
        registerKumaReports(context);
        registerZoneReports(context);
        registerSyncedMeshes(context);
        for (String kind : KumaKinds.MANAGED_KUMA_KINDS) {
            try {
                InformerEventSourceConfiguration<GenericKubernetesResource> configuration = InformerEventSourceConfiguration
                        .from(new GroupVersionKind(KumaKinds.KUMA_GROUP, KumaKinds.KUMA_VERSION, kind), KumaProductionProfile.class)
                        .withName("owned-" + kind.toLowerCase())
                        .withLabelSelector(Labels.MANAGED_BY + "=" + Labels.MANAGED_BY_VALUE)
                        // An object as its profile's plan wants it is no drift: its echo must not repeat the pass.
                        .withOnAddFilter(owned -> !expectations.inPlace(owned))
                        .withOnUpdateFilter((owned, before) -> !expectations.inPlace(owned))
                        .withNamespaces(watchNamespaces.isEmpty() || kind.equals("Mesh") || kind.equals("Zone")
                                ? Set.of(Constants.WATCH_ALL_NAMESPACES) : watchNamespaces)
                        .withSecondaryToPrimaryMapper(owned -> {
                            Map<String, String> labels = owned.getMetadata().getLabels();
                            String profile = labels == null ? null : labels.get(Labels.PROFILE);
                            return profile == null ? Set.of() : Set.of(new ResourceID(profile));
                        })
                        .build();
                context.eventSourceRetriever().dynamicallyRegisterEventSource(
                        new InformerEventSource<>(configuration, context.eventSourceRetriever().eventSourceContextForDynamicRegistration()));
            } catch (RuntimeException e) {
                LOG.warn("cannot watch {}: {}; drift is then found by the periodic resync", kind, e.getMessage());
            }
        }
    }

    /**
     * Kuma's reports wake the profiles of their mesh: a gate waiting for Kuma (a MeshInsight appearing, counts and
     * certificates moving) passes on the report's arrival, not on a poll. One MeshInsight per mesh, so the cache is small.
     * Only a changed report is news: Kuma's resyncer rewrites insights on its own schedule.
     */
    private void registerKumaReports(Context<KumaProductionProfile> context) {
        registerGateWatch(context, "MeshInsight", "kuma-mesh-insights", WatchRegistrar::specChanged,
                (profile, insight) -> insight.equals(profile.meshName()), kumaReportsWatched,
                "gates waiting for Kuma are re-checked on every requeue");
    }

    /**
     * A zone connecting to (or dropping from) the global control plane wakes the profiles whose multi-zone gates read
     * its ZoneInsight: on a global control plane every Global profile, on a zone the profiles of that zone. Only a
     * change of whether Kuma counts the zone online is news (zone_insight_helpers.go IsOnline); Kuma rewrites the
     * subscription's statistics far more often. One ZoneInsight per zone, so the cache is small.
     */
    private void registerZoneReports(Context<KumaProductionProfile> context) {
        registerGateWatch(context, "ZoneInsight", "kuma-zone-insights", (now, before) -> zoneOnline(now) != zoneOnline(before),
                WatchRegistrar::readsZoneInsight, zoneReportsWatched, "multi-zone gates are re-checked on every requeue");
    }

    /**
     * On a federated zone the Mesh comes from the global control plane and carries none of the operator's labels, so the
     * owned-object watch does not see it arrive: this one wakes the zone's profiles of that mesh when it does. Meshes
     * are few; only their arrival, departure and spec are news.
     */
    private void registerSyncedMeshes(Context<KumaProductionProfile> context) {
        registerGateWatch(context, "Mesh", "kuma-meshes-on-zones", WatchRegistrar::specChanged,
                (profile, mesh) -> role(profile) == io.kumaops.operator.api.v1alpha1.ControlPlaneRole.Zone && mesh.equals(profile.meshName()),
                meshesWatched, "a zone waiting for its synced Mesh re-checks on every requeue");
    }

    /**
     * One informer on a cluster-scoped Kuma kind whose objects wake the profiles {@code wakes} names (by the object's
     * name); {@code watched} records that it started, so the gates it serves need not poll.
     */
    private static void registerGateWatch(Context<KumaProductionProfile> context, String kind, String name,
                                          java.util.function.BiPredicate<GenericKubernetesResource, GenericKubernetesResource> news,
                                          java.util.function.BiPredicate<KumaProductionProfile, String> wakes, AtomicBoolean watched,
                                          String withoutIt) {
        try {
            var registration = context.eventSourceRetriever().eventSourceContextForDynamicRegistration();
            var profiles = registration.getPrimaryCache();
            InformerEventSourceConfiguration<GenericKubernetesResource> configuration = InformerEventSourceConfiguration
                    .from(new GroupVersionKind(KumaKinds.KUMA_GROUP, KumaKinds.KUMA_VERSION, kind), KumaProductionProfile.class)
                    .withName(name)
                    .withOnUpdateFilter(news::test)
                    .withSecondaryToPrimaryMapper(object -> profiles.list()
                            .filter(profile -> wakes.test(profile, object.getMetadata().getName()))
                            .map(ResourceID::fromResource)
                            .collect(java.util.stream.Collectors.toSet()))
                    .build();
            context.eventSourceRetriever().dynamicallyRegisterEventSource(new InformerEventSource<>(configuration, registration));
            watched.set(true);
        } catch (RuntimeException e) {
            LOG.warn("cannot watch Kuma's {}s: {}; {}", kind, e.getMessage(), withoutIt);
        }
    }

    private static boolean specChanged(GenericKubernetesResource now, GenericKubernetesResource before) {
        return !java.util.Objects.equals(now.getAdditionalProperties().get("spec"), before.getAdditionalProperties().get("spec"));
    }

    private static io.kumaops.operator.api.v1alpha1.ControlPlaneRole role(KumaProductionProfile profile) {
        return profile.getSpec() == null || profile.getSpec().controlPlane == null ? null : profile.getSpec().controlPlane.role;
    }

    private static boolean zoneOnline(GenericKubernetesResource insight) {
        String zone = insight.getMetadata().getName();
        Object spec = insight.getAdditionalProperties().get("spec");
        return io.kumaops.operator.model.ZoneReports.fromZoneInsights(Map.of(zone, spec instanceof Map<?, ?> map ? map : Map.of()))
                .isOnline(zone);
    }

    private static boolean readsZoneInsight(KumaProductionProfile profile, String zone) {
        var role = role(profile);
        return role == io.kumaops.operator.api.v1alpha1.ControlPlaneRole.Global
                || role == io.kumaops.operator.api.v1alpha1.ControlPlaneRole.Zone && zone.equals(profile.getSpec().controlPlane.zoneName);
    }

    /**
     * Whether the report a gate waits for wakes its profile when it changes, so the gate need not poll: MeshInsights
     * (mesh reported, counts, certificates, the CA rotation's waits), ZoneInsights (multi-zone), Meshes (a zone's
     * synced Mesh), and the policy canary's acknowledgements (the canary data planes' DataplaneInsights, watched one by
     * one only while that wait is open: {@link io.kumaops.operator.observe.CanaryInsightsEventSource}).
     */
    boolean watches(io.kumaops.operator.model.ConditionReason reason) {
        return switch (reason) {
            case WaitingForKuma, WaitingForCaSupport, WaitingForCaDrain -> kumaReportsWatched.get();
            case WaitingForGlobalConnection, WaitingForZones -> zoneReportsWatched.get();
            case WaitingForSyncedMesh -> meshesWatched.get();
            case WaitingForCanaryAcknowledgement -> canaryInsights != null && canaryInsights.watching();
            default -> false;
        };
    }

    /**
     * Re-evaluation on cluster changes the rules read. Deployments: one field-selected informer per Deployment a
     * profile names (control plane, delegated gateways), so no other Deployment is cached. Dataplanes: a watch that
     * caches nothing and wakes a mesh's profiles, coalesced, when Dataplanes come or go; the count itself is paged.
     */
    private void registerObservationWatches(Context<KumaProductionProfile> context) {
        var retriever = context.eventSourceRetriever();
        var profiles = retriever.eventSourceContextForDynamicRegistration().getPrimaryCache();
        try {
            retriever.dynamicallyRegisterEventSource(new ObservedDeploymentsEventSource(kube.client(), profiles));
        } catch (RuntimeException e) {
            LOG.warn("cannot watch control-plane Deployments: {}; they are re-read on the periodic resync", e.getMessage());
        }
        try {
            retriever.dynamicallyRegisterEventSource(new DataplaneChurnEventSource(kube.client(), profiles,
                    DataplaneChurnEventSource.DEFAULT_GATHER, DataplaneChurnEventSource.DEFAULT_MIN_INTERVAL, dataplaneReadings));
        } catch (RuntimeException e) {
            LOG.warn("cannot watch Dataplanes: {}; data-plane counts refresh on the periodic resync", e.getMessage());
        }
        try {
            var insights = new io.kumaops.operator.observe.CanaryInsightsEventSource(kube.client());
            retriever.dynamicallyRegisterEventSource(insights);
            canaryInsights = insights;
        } catch (RuntimeException e) {
            LOG.warn("cannot watch canary DataplaneInsights: {}; a canary's wait for acknowledgements re-checks on a timer", e.getMessage());
        }
        refreshObservedDeploymentWatches(context);
    }

    /**
     * After a pass: a profile whose canary waits for acknowledgements has its canary data planes' insights watched
     * (as the pass read them); any other outcome closes what it had.
     */
    void canaryWaits(String profile, io.kumaops.operator.model.ConditionReason reason, java.time.Instant since,
                     io.kumaops.operator.model.CanaryDataplanes dataplanes) {
        var insights = canaryInsights;
        if (insights == null) {
            return;
        }
        if (reason == io.kumaops.operator.model.ConditionReason.WaitingForCanaryAcknowledgement && dataplanes != null && since != null) {
            insights.waitFor(profile, since, dataplanes.proxies());
        } else {
            insights.forget(profile);
        }
    }

    /** Profiles come, go and change which Deployments they name: keep one informer per named Deployment. */
    private void refreshObservedDeploymentWatches(Context<KumaProductionProfile> context) {
        try {
            var source = context.eventSourceRetriever().getEventSourceFor(Deployment.class, ObservedDeploymentsEventSource.NAME);
            if (source instanceof ObservedDeploymentsEventSource deployments) {
                deployments.refresh();
            }
        } catch (RuntimeException e) {
            LOG.debug("Deployment watches not refreshed: {}", e.getMessage());
        }
    }
}
