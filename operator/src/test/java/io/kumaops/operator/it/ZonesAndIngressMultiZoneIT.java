package io.kumaops.operator.it;

import io.kumaops.operator.runtime.OperatorRunner;
import io.kumaops.operator.support.MutableClock;
import static io.kumaops.operator.it.ItSupport.apply;
import static io.kumaops.operator.it.ItSupport.awaitPhase;
import static io.kumaops.operator.it.ItSupport.condition;
import static io.kumaops.operator.it.ItSupport.isolatedExample;
import static io.kumaops.operator.it.PhasedRolloutSupport.START;
import static io.kumaops.operator.support.TreePath.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.api.v1alpha1.ZoneSpec;
import io.kumaops.operator.it.PhasedRolloutSupport.Event;
import io.kumaops.operator.it.PhasedRolloutSupport.EventLog;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.reconcile.RolloutHooks;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Multi-zone on the real API server (Kubernetes 1.20): Zone objects and the global control plane's fence only
 * after mTLS is observed on; on a zone, the zone ingress's HPA and PDB in the newest versions 1.20 serves
 * (autoscaling/v2beta2, policy/v1beta1) only once the Mesh synced from the global control plane has mTLS.
 */
class ZonesAndIngressMultiZoneIT {

    private static TestCluster cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void cluster() {
        cluster = TestCluster.get();
        client = cluster.client();
    }

    /** The global example with its own mesh, namespace and zone names (Zones are cluster-scoped and shared). */
    private static KumaProductionProfile global(String name) {
        KumaProductionProfile profile = isolatedExample(client, "multizone-global.yaml", name);
        profile.getSpec().multiZone.zones = List.of(zone(name + "-us"), zone(name + "-eu"));
        return profile;
    }

    private static ZoneSpec zone(String zoneName) {
        ZoneSpec zone = new ZoneSpec();
        zone.name = zoneName;
        return zone;
    }

    private static EventLog log(String name) {
        Predicate<Event> concerns = e -> switch (e.kind()) {
            case "Mesh" -> e.name().equals(name);
            case "Zone" -> e.name().startsWith(name + "-");
            default -> e.namespace() == null || e.namespace().equals(name + "-system");
        };
        return EventLog.start(client, concerns, EventLog.kuma("Mesh"), EventLog.kuma("Zone"),
                EventLog.of("networking.k8s.io/v1", "NetworkPolicy"),
                EventLog.of("autoscaling/v2beta2", "HorizontalPodAutoscaler"), EventLog.of("policy/v1beta1", "PodDisruptionBudget"));
    }

    private static long mtlsOn(EventLog log, String name) {
        return log.first(e -> e.is("Mesh", name) && e.enabledBackend() != null);
    }

    private static List<String> zones(String name) {
        return client.genericKubernetesResources(KubeKinds.kuma("Zone")).list().getItems().stream()
                .map(z -> z.getMetadata().getName()).filter(n -> n.startsWith(name + "-")).sorted().toList();
    }

    @Test
    void aGlobalControlPlaneGetsZonesAndItsFenceOnlyAfterMtlsIsObservedAndIsReadyOnceItsZonesAreOnline() {
        String name = TestCluster.uniqueName("mz-global");
        try (EventLog log = log(name); TestCluster.RunningOperator operator = PhasedRolloutSupport.start(cluster, new MutableClock(START))) {
            KumaProductionProfile profile = global(name);
            apply(client, profile);
            KumaProductionProfile waiting = awaitReason(name, "WaitingForZones");
            assertThat(waiting.getStatus().currentStep).isEqualTo("5-multi-zone");
            assertThat(condition(waiting, "Ready").orElseThrow().getMessage())
                    .contains("2 of 2 zones", name + "-us (no ZoneInsight)", name + "-eu (no ZoneInsight)");
            assertThat(zones(name)).as("the Zones and the fence are written before the wait").containsExactly(name + "-eu", name + "-us");
            assertThat(fence(name + "-system")).isNotNull();

            cluster.standIn().reports().connectZone(name + "-us");
            PhasedRolloutSupport.awaitTrue(Duration.ofSeconds(30), () -> condition(ItSupport.get(client, name), "Ready")
                    .map(c -> c.getMessage().contains("1 of 2 zones") && !c.getMessage().contains(name + "-us")).orElse(false));

            cluster.standIn().reports().connectZone(name + "-eu");
            KumaProductionProfile ready = awaitPhase(client, name, Phase.Ready);
            assertThat(ready.getStatus().completedSteps).contains("5-multi-zone");
            long mtls = mtlsOn(log, name);
            long firstZone = log.first(e -> e.kind().equals("Zone") && e.type().equals("ADDED"));
            long fence = log.first(e -> e.is("NetworkPolicy", "kuma-global-control-plane-fence") && e.type().equals("ADDED"));
            assertThat(mtls).as("mTLS is on before any multi-zone object").isLessThan(firstZone);
            assertThat(firstZone).isLessThan(fence);
            assertThat(fence).isLessThan(Long.MAX_VALUE);
        }
    }

    /** With every timer of the operator minutes long, only the ZoneInsight watch can bring the news that the zones are online. */
    @Test
    void zonesComingOnlineWakeTheWaitingGlobalProfileWithoutATimer() {
        String name = TestCluster.uniqueName("mz-woken");
        KumaProductionProfile profile = global(name);
        try (TestCluster.RunningOperator first = cluster.startOperator(TestCluster.testOptions())) {
            apply(client, profile);
            awaitReason(name, "WaitingForZones");
        }
        Duration minutes = Duration.ofMinutes(5);
        OperatorRunner.Options slow = TestCluster.testOptions(minutes);
        slow = slow.withSettings(slow.settings().withRequeues(minutes, minutes, minutes).withGateRecheck(minutes));
        try (TestCluster.RunningOperator operator = cluster.startOperator(slow)) {
            // The new operator has looked at the profile (how many passes its start brings varies: the initial one, and
            // one for each watch's first listing); after that, nothing but a watch event can move it.
            PhasedRolloutSupport.awaitTrue(Duration.ofSeconds(30), () -> operator.runner().metrics().passesStarted(name) >= 1);
            assertThat(ItSupport.get(client, name).getStatus().conditions).anyMatch(c -> "WaitingForZones".equals(c.getReason()));
            ItSupport.connectZones(profile);
            PhasedRolloutSupport.awaitTrue(Duration.ofSeconds(30),
                    () -> ItSupport.get(client, name).getStatus().completedSteps.contains("5-multi-zone"));
        }
    }

    /** A zone that never connects: past spec.rollout.gateTimeout the step is blocked, and a pass by hand lets it through. */
    @Test
    void aZoneThatStaysOfflineBlocksTheGlobalControlPlaneUntilPassedByHand() {
        String name = TestCluster.uniqueName("mz-stuck");
        MutableClock clock = new MutableClock(START);
        try (TestCluster.RunningOperator operator = PhasedRolloutSupport.start(cluster, clock)) {
            KumaProductionProfile profile = global(name);
            profile.getSpec().rollout.gateTimeout = "5m";
            cluster.standIn().reports().connectZone(name + "-us");
            apply(client, profile);
            awaitReason(name, "WaitingForZones");

            clock.advance(Duration.ofMinutes(6));
            KumaProductionProfile blocked = awaitPhase(client, name, Phase.Blocked);
            assertThat(condition(blocked, "Ready").orElseThrow().getMessage()).contains("5-multi-zone", "KumaNotReporting");
            assertThat(blocked.getStatus().findings).anySatisfy(f -> {
                assertThat(f.code).isEqualTo("KumaNotReporting");
                assertThat(f.message).contains(name + "-eu (no ZoneInsight)").doesNotContain(name + "-us (");
            });

            client.resources(KumaProductionProfile.class).withName(name).edit(p -> {
                p.getMetadata().getAnnotations().put("kumaops.io/pass-gate", "5-multi-zone: the eu zone is being rebuilt");
                return p;
            });
            KumaProductionProfile passed = awaitPhase(client, name, Phase.Ready);
            assertThat(passed.getStatus().lastGatePass.step).isEqualTo("5-multi-zone");
            assertThat(passed.getStatus().lastGatePass.waitedFor).contains(name + "-eu (no ZoneInsight)");
        }
    }

    @Test
    void theFenceAndAZonesIngressObjectsGoWhenTheProfileNoLongerWantsThem() {
        String name = TestCluster.uniqueName("mz-prune");
        String system = name + "-system";
        try (TestCluster.RunningOperator operator = PhasedRolloutSupport.start(cluster, new MutableClock(START))) {
            KumaProductionProfile profile = global(name);
            apply(client, profile);
            ItSupport.connectZones(profile);
            awaitPhase(client, name, Phase.Ready);
            var fence = client.genericKubernetesResources("networking.k8s.io/v1", "NetworkPolicy").inNamespace(system)
                    .withName("kuma-global-control-plane-fence");
            assertThat(fence.get()).isNotNull();

            profile.getSpec().multiZone.fenceGlobalControlPlane = false;
            apply(client, profile);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> fence.get() == null);
            assertThat(zones(name)).as("the Zones are still wanted").containsExactly(name + "-eu", name + "-us");

            // Global → Standalone: the Zones go (Kuma kinds, pruned on every pass) and nothing multi-zone is left.
            profile.getSpec().controlPlane.role = io.kumaops.operator.api.v1alpha1.ControlPlaneRole.Standalone;
            profile.getSpec().multiZone.zones = List.of();
            apply(client, profile);
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> zones(name).isEmpty());
            KumaProductionProfile ready = awaitPhase(client, name, Phase.Ready);
            assertThat(ready.getStatus().managedResources).noneMatch(m -> m.kind.equals("NetworkPolicy") || m.kind.equals("Zone"));
        }
    }

    @Test
    void withoutMtlsTheMultiZoneStepIsBlockedAndSaysWhy() {
        String name = TestCluster.uniqueName("mz-plain");
        try (EventLog log = log(name); TestCluster.RunningOperator operator = PhasedRolloutSupport.start(cluster, new MutableClock(START))) {
            KumaProductionProfile profile = global(name);
            profile.getSpec().mtls.enabled = false;
            apply(client, profile);
            KumaProductionProfile blocked = awaitPhase(client, name, Phase.Blocked);
            assertThat(blocked.getStatus().currentStep).isEqualTo("5-multi-zone");
            assertThat(condition(blocked, "Ready").orElseThrow().getReason()).isEqualTo("BlockedByFinding");
            assertThat(condition(blocked, "Ready").orElseThrow().getMessage()).contains("5-multi-zone", "CrossZoneWithoutMtls");
            assertThat(blocked.getStatus().findings).anySatisfy(f -> assertThat(f.code).isEqualTo("CrossZoneWithoutMtls"));
            ItSupport.awaitFreshPasses(operator.runner(), name, 2);
            assertThat(zones(name)).isEmpty();
            assertThat(log.ordered(e -> e.kind().equals("NetworkPolicy") || e.kind().equals("Zone"))).isEmpty();
        }
    }

    @Test
    void aZoneScalesItsIngressOnlyOnceTheSyncedMeshHasMtls() {
        String name = TestCluster.uniqueName("mz-zone");
        KumaProductionProfile profile = zoneProfile(name);
        ItSupport.connectZones(profile);
        String namespace = name + "-system";
        // What the global control plane would sync to the zone: the Mesh, first without mTLS.
        client.genericKubernetesResources(KubeKinds.kuma("Mesh")).resource(mesh(name, null)).create();
        List<String> appliedVersions = new java.util.concurrent.CopyOnWriteArrayList<>();
        RolloutHooks recordVersions = new RolloutHooks() {
            @Override
            public void applied(KumaProductionProfile p, DesiredResource resource) {
                if (p.getMetadata().getName().equals(name)) {
                    appliedVersions.add(resource.ref().kind() + " " + resource.ref().apiVersion());
                }
            }
        };
        try (EventLog log = log(name);
             TestCluster.RunningOperator operator = cluster.startOperator(PhasedRolloutSupport.options(new MutableClock(START)).withHooks(recordVersions))) {
            apply(client, profile);
            KumaProductionProfile blocked = awaitPhase(client, name, Phase.Blocked);
            assertThat(blocked.getStatus().currentStep).isEqualTo("5-multi-zone");
            assertThat(condition(blocked, "Ready").orElseThrow().getMessage()).contains("CrossZoneWithoutMtls");
            assertThat(blocked.getStatus().findings).anySatisfy(f -> {
                assertThat(f.code).isEqualTo("CrossZoneWithoutMtls");
                assertThat(f.message).contains("synced from the global control plane");
            });
            assertThat(condition(blocked, "MtlsEnabled").orElseThrow().getReason()).isEqualTo("MtlsNotSynced");
            ItSupport.awaitFreshPasses(operator.runner(), name, 2);
            assertThat(hpa(namespace)).isNull();

            client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(name).edit(m -> mesh(name, m.getMetadata().getResourceVersion()));
            KumaProductionProfile ready = awaitPhase(client, name, Phase.Ready);
            assertThat(ready.getStatus().observed.mtlsEnabledBackend).isEqualTo("ca-1");
            GenericKubernetesResource hpa = hpa(namespace);
            assertThat(hpa).isNotNull();
            assertThat(at(hpa.getAdditionalProperties(), "spec.metrics[0].resource.target.averageUtilization")).isEqualTo(70);
            assertThat(client.genericKubernetesResources(KubeKinds.context("policy/v1beta1", "PodDisruptionBudget"))
                    .inNamespace(namespace).withName("kuma-ingress-pdb").get()).isNotNull();
            long written = log.first(e -> e.is("HorizontalPodAutoscaler", "kuma-ingress") && e.type().equals("ADDED"));
            assertThat(mtlsOn(log, name)).isLessThan(written);
            assertThat(appliedVersions).as("the newest versions Kubernetes 1.20 serves")
                    .contains("HorizontalPodAutoscaler autoscaling/v2beta2", "PodDisruptionBudget policy/v1beta1")
                    .noneMatch(v -> v.endsWith("autoscaling/v1") || v.endsWith("policy/v1") || v.endsWith("autoscaling/v2"));
            assertThat(ready.getStatus().findings).anySatisfy(f -> assertThat(f.code).isEqualTo("ZonePolicyFenceMissing"));
        }
    }

    /**
     * A federated zone writes no policy before its Mesh is synced from the global control plane (Kuma's webhook would
     * refuse it), and no zone object before its ZoneInsight shows the connection to the global control plane open.
     */
    @Test
    void aZoneWaitsForItsSyncedMeshAndThenForItsConnectionToTheGlobalControlPlane() {
        String name = TestCluster.uniqueName("mz-zone-wait");
        KumaProductionProfile profile = zoneProfile(name);
        String namespace = name + "-system";
        try (WriteLog writes = WriteLog.start(client, name, name);
             TestCluster.RunningOperator operator = cluster.startOperator(TestCluster.testOptions(Duration.ofMillis(300)))) {
            apply(client, profile);
            KumaProductionProfile noMesh = awaitReason(name, "WaitingForSyncedMesh");
            assertThat(noMesh.getStatus().currentStep).isEqualTo("2-traffic-permission");
            ItSupport.awaitFreshPasses(operator.runner(), name, 2);
            assertThat(writes.ordered()).as("nothing written for a mesh the zone does not have").isEmpty();

            ItSupport.syncedZoneMesh(client, name);
            KumaProductionProfile offline = awaitReason(name, "WaitingForGlobalConnection");
            assertThat(offline.getStatus().currentStep).isEqualTo("5-multi-zone");
            assertThat(condition(offline, "Ready").orElseThrow().getMessage()).contains("zone " + name, "no ZoneInsight");
            ItSupport.awaitFreshPasses(operator.runner(), name, 2);
            assertThat(hpa(namespace)).isNull();

            ItSupport.connectZones(profile);
            awaitPhase(client, name, Phase.Ready);
            assertThat(hpa(namespace)).isNotNull();
            long mesh = writes.firstRevision(w -> w.kind().equals("Mesh"));
            // The synced Mesh has mTLS on, so the zone adds no allow-all of its own (it would only widen what the global
            // control plane's permissions allow): its first policies are the defaults of 4-defaults.
            long policy = writes.firstRevision(w -> !w.kind().equals("Mesh"));
            assertThat(writes.ordered()).noneMatch(w -> w.kind().equals("MeshTrafficPermission"));
            assertThat(policy).as("a policy written by the zone").isLessThan(Long.MAX_VALUE);
            assertThat(mesh).as("the synced Mesh comes before the zone's first policy").isLessThan(policy);
        }
    }

    /** The operator dies right after the first Zone object; a new one adds the rest and the fence after it. */
    @Test
    void resumesAfterACrashInTheMiddleOfTheMultiZoneStep() throws InterruptedException {
        String name = TestCluster.uniqueName("mz-crash");
        MutableClock clock = new MutableClock(START);
        try (EventLog log = log(name)) {
            CountDownLatch crashed = new CountDownLatch(1);
            TestCluster.RunningOperator dying = PhasedRolloutSupport.startCrashingAfter(cluster, clock, 1,
                    PhasedRolloutSupport.write("/zones/" + name + "-us"), crashed);
            try {
                apply(client, global(name));
                assertThat(crashed.await(60, TimeUnit.SECONDS)).isTrue();
                PhasedRolloutSupport.awaitTrue(Duration.ofSeconds(10), () -> zones(name).contains(name + "-us"));
                ItSupport.awaitFreshPasses(dying.runner(), name, 1);
                assertThat(zones(name)).containsExactly(name + "-us");
            } finally {
                dying.close();
            }
            ItSupport.connectZones(global(name));
            try (TestCluster.RunningOperator second = PhasedRolloutSupport.start(cluster, clock)) {
                awaitPhase(client, name, Phase.Ready);
            }
            long mtls = mtlsOn(log, name);
            long firstZone = log.first(e -> e.is("Zone", name + "-us"));
            long secondZone = log.first(e -> e.is("Zone", name + "-eu"));
            long fence = log.first(e -> e.is("NetworkPolicy", "kuma-global-control-plane-fence"));
            assertThat(mtls).isLessThan(firstZone);
            assertThat(firstZone).isLessThan(secondZone);
            assertThat(secondZone).isLessThan(fence);
            assertThat(fence).isLessThan(Long.MAX_VALUE);
        }
    }

    /** The zone example with its own mesh, namespace and zone name (ZoneInsights are cluster-scoped and shared). */
    private static KumaProductionProfile zoneProfile(String name) {
        KumaProductionProfile profile = isolatedExample(client, "multizone-zone.yaml", name);
        profile.getSpec().controlPlane.zoneName = name;
        return profile;
    }

    private static KumaProductionProfile awaitReason(String name, String reason) {
        return ItSupport.awaitProfile(client, name, Duration.ofSeconds(60),
                p -> condition(p, "Ready").map(c -> reason.equals(c.getReason())).orElse(false));
    }

    private static GenericKubernetesResource fence(String namespace) {
        return client.genericKubernetesResources("networking.k8s.io/v1", "NetworkPolicy").inNamespace(namespace)
                .withName("kuma-global-control-plane-fence").get();
    }

    private static GenericKubernetesResource hpa(String namespace) {
        return client.genericKubernetesResources(KubeKinds.context("autoscaling/v2beta2", "HorizontalPodAutoscaler"))
                .inNamespace(namespace).withName("kuma-ingress").get();
    }

    /** A Mesh as the global control plane syncs it; with a resourceVersion it carries mTLS (an update). */
    private static GenericKubernetesResource mesh(String name, String resourceVersion) {
        GenericKubernetesResource mesh = new GenericKubernetesResource();
        mesh.setApiVersion("kuma.io/v1alpha1");
        mesh.setKind("Mesh");
        mesh.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withResourceVersion(resourceVersion).build());
        mesh.setAdditionalProperty("spec", resourceVersion == null ? Map.of()
                : Map.of("mtls", Map.of("enabledBackend", "ca-1", "backends", List.of(Map.of("name", "ca-1", "type", "builtin")))));
        return mesh;
    }
}
