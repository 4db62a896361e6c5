package io.kumaops.operator.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.GateWaitStatus;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileStatus;
import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.model.ConditionReason;
import io.kumaops.operator.model.KumaReports;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.model.ZoneReports;
import io.kumaops.operator.support.TestProfiles;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Multi-zone steps on Kuma's ZoneInsights, and a federated zone's policies on the Mesh synced to it. */
class ZoneEvidenceTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Map<String, Object> SYNCED_MESH = Map.of("mtls", Map.of("enabledBackend", "ca-1",
            "backends", List.of(Map.of("name", "ca-1", "type", "builtin"))));

    private final Planner planner = new Planner();

    private static KumaProductionProfile zone() {
        return TestProfiles.example("multizone-zone.yaml");
    }

    private static KumaProductionProfile global() {
        return TestProfiles.example("multizone-global.yaml");
    }

    /** A cluster where Kuma reports the mesh and counts what the API server holds, so only the zones decide. */
    private static ClusterFacts cluster(Map<String, Object> meshSpec, ZoneReports zones) {
        return new ClusterFacts(meshSpec, Set.of("allow-all-default"), Set.of("policy/v1", "autoscaling/v2"), ClusterObservation.empty())
                .withKumaReports(new KumaReports(0, 0, Map.of(), Map.of("MeshTrafficPermission", 1L)), 1)
                .withZoneReports(zones);
    }

    private static ZoneReports insights(Map<String, Map<?, ?>> specs) {
        return ZoneReports.fromZoneInsights(specs);
    }

    private static Map<?, ?> connected() {
        return Map.of("subscriptions", List.of(
                Map.of("connectTime", "2026-12-01T10:00:00Z", "disconnectTime", "2026-12-01T11:00:00Z"),
                Map.of("connectTime", "2026-12-01T11:00:01Z")));
    }

    private static Map<?, ?> disconnected() {
        return Map.of("subscriptions", List.of(Map.of("connectTime", "2026-12-01T10:00:00Z", "disconnectTime", "2026-12-01T11:00:00Z")));
    }

    private Plan plan(KumaProductionProfile profile, ClusterFacts facts) {
        return planner.plan(profile, facts, new RolloutSignals(NOW, List.of()));
    }

    @Test
    void kumaCountsAZoneOnlineWhileASubscriptionIsOpen() {
        ZoneReports zones = insights(Map.of("us-east", connected(), "eu-west", disconnected(), "ap-south", Map.of()));
        assertThat(zones.isOnline("us-east")).isTrue();
        assertThat(zones.isOnline("eu-west")).isFalse();
        assertThat(zones.isOnline("ap-south")).as("a ZoneInsight without subscriptions").isFalse();
        assertThat(zones.notOnline(List.of("us-east", "eu-west", "nowhere")))
                .containsExactly("eu-west (disconnected)", "nowhere (no ZoneInsight)");
    }

    @Test
    void onAZoneThePolicyStepsWaitForTheMeshSyncedFromTheGlobalControlPlane() {
        Plan plan = plan(zone(), cluster(null, insights(Map.of("us-east", connected()))));
        PlannedStep permission = plan.step(Step.TRAFFIC_PERMISSION).orElseThrow();
        assertThat(permission.apply()).isNotEmpty();
        assertThat(permission.waitBefore().reason()).isEqualTo(ConditionReason.WaitingForSyncedMesh);
        assertThat(permission.waitBefore().message()).contains("mesh default", "synced from the global control plane");
        assertThat(ConditionReason.WaitingForSyncedMesh.isGateWait()).isTrue();

        Plan synced = plan(zone(), cluster(SYNCED_MESH, insights(Map.of("us-east", connected()))));
        assertThat(synced.step(Step.TRAFFIC_PERMISSION).orElseThrow().waitBefore()).isNull();
    }

    @Test
    void onAZoneTheZoneObjectsWaitForItsConnectionToTheGlobalControlPlane() {
        PlannedStep offline = plan(zone(), cluster(SYNCED_MESH, insights(Map.of("us-east", disconnected())))).step(Step.MULTI_ZONE).orElseThrow();
        assertThat(offline.apply()).isNotEmpty();
        assertThat(offline.waitBefore().reason()).isEqualTo(ConditionReason.WaitingForGlobalConnection);
        assertThat(offline.waitBefore().message()).contains("zone us-east", "disconnected");

        PlannedStep never = plan(zone(), cluster(SYNCED_MESH, insights(Map.of()))).step(Step.MULTI_ZONE).orElseThrow();
        assertThat(never.waitBefore().message()).contains("no ZoneInsight");

        PlannedStep unread = plan(zone(), cluster(SYNCED_MESH, null)).step(Step.MULTI_ZONE).orElseThrow();
        assertThat(unread.waitBefore().message()).contains("could not be read");

        // Another zone's insight does not stand for this one.
        PlannedStep other = plan(zone(), cluster(SYNCED_MESH, insights(Map.of("eu-west", connected())))).step(Step.MULTI_ZONE).orElseThrow();
        assertThat(other.waitBefore()).isNotNull();

        PlannedStep connected = plan(zone(), cluster(SYNCED_MESH, insights(Map.of("us-east", connected())))).step(Step.MULTI_ZONE).orElseThrow();
        assertThat(connected.waitBefore()).isNull();
        assertThat(connected.hold()).isNull();
    }

    @Test
    void onAGlobalControlPlaneTheZoneStepWritesThenHoldsUntilEveryEnabledZoneIsOnline() {
        PlannedStep waiting = plan(global(), cluster(SYNCED_MESH, insights(Map.of("us-east", connected(), "eu-west", disconnected()))))
                .step(Step.MULTI_ZONE).orElseThrow();
        assertThat(waiting.waitBefore()).as("the Zones and the fence are written").isNull();
        assertThat(waiting.apply()).extracting(r -> r.ref().kind()).contains("Zone", "NetworkPolicy");
        assertThat(waiting.hold().reason()).isEqualTo(ConditionReason.WaitingForZones);
        assertThat(waiting.hold().message()).contains("1 of 2 zones", "eu-west (disconnected)").doesNotContain("us-east");

        PlannedStep online = plan(global(), cluster(SYNCED_MESH, insights(Map.of("us-east", connected(), "eu-west", connected()))))
                .step(Step.MULTI_ZONE).orElseThrow();
        assertThat(online.hold()).isNull();
    }

    @Test
    void aZoneDisabledInTheProfileIsNotWaitedFor() {
        KumaProductionProfile profile = global();
        profile.getSpec().multiZone.zones.get(1).enabled = false;
        PlannedStep step = plan(profile, cluster(SYNCED_MESH, insights(Map.of("us-east", connected())))).step(Step.MULTI_ZONE).orElseThrow();
        assertThat(step.hold()).isNull();
    }

    @Test
    void aZoneWaitIsTimedByTheGateTimeoutAndCanBePassedByHand() {
        KumaProductionProfile profile = global();
        profile.getSpec().rollout.gateTimeout = "10m";
        KumaProductionProfileStatus status = new KumaProductionProfileStatus();
        status.gateWait = new GateWaitStatus("5-multi-zone", NOW.minus(Duration.ofMinutes(11)).toString());
        profile.setStatus(status);
        ClusterFacts eastOnly = cluster(SYNCED_MESH, insights(Map.of("us-east", connected())));
        Plan timedOut = plan(profile, eastOnly);
        assertThat(timedOut.step(Step.MULTI_ZONE).orElseThrow().blockedBy()).containsExactly("KumaNotReporting");
        assertThat(timedOut.findings()).anySatisfy(f -> {
            assertThat(f.code).isEqualTo("KumaNotReporting");
            assertThat(f.message).contains("eu-west (no ZoneInsight)");
        });

        profile.getMetadata().setAnnotations(Map.of("kumaops.io/pass-gate", "5-multi-zone: eu-west is being rebuilt"));
        Plan passed = plan(profile, eastOnly);
        assertThat(passed.step(Step.MULTI_ZONE).orElseThrow().hold()).isNull();
        assertThat(passed.step(Step.MULTI_ZONE).orElseThrow().blockedBy()).isEmpty();
        assertThat(passed.findings()).anySatisfy(f -> assertThat(f.code).isEqualTo("GatePassedByHand"));
    }

    @Test
    void offlineTheZonesAreNotConsulted() {
        assertThat(planner.plan(global()).step(Step.MULTI_ZONE).orElseThrow().hold()).isNull();
        assertThat(planner.plan(zone()).step(Step.MULTI_ZONE).orElseThrow().waitBefore()).isNull();
    }
}
