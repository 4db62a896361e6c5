package io.kumaops.operator.plan;

import static io.kumaops.operator.support.TestProfiles.fromSpec;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.GateWaitStatus;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileStatus;
import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.model.ConditionReason;
import io.kumaops.operator.model.KumaConfigPropagation;
import io.kumaops.operator.model.KumaReports;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.support.TestProfiles;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Kuma's MeshInsight counts from the store, each proxy's configuration is rebuilt from caches on a timer
 * ({@link KumaConfigPropagation}): a gate that Kuma's count opens still waits one configuration refresh, timed from the
 * first pass that saw the count and kept in status across passes and restarts.
 */
class XdsRefreshGateTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private final Planner planner = new Planner();

    private static ClusterObservation.ControlPlaneDeployment standInTimings() {
        return new ClusterObservation.ControlPlaneDeployment("kuma-system", "kuma-control-plane", 1, Map.of(
                KumaConfigPropagation.REFRESH_INTERVAL_ENV, "200ms", KumaConfigPropagation.CACHE_ENABLED_ENV, "false"), null, null, Map.of());
    }

    private static ClusterObservation observing(ClusterObservation.ControlPlaneDeployment controlPlane) {
        return new ClusterObservation(true, null, controlPlane, null, null, null, null, null, null, null, List.of(), List.of(), List.of())
                .withDataplaneServices(Set.of("backend_payments_svc_8080", "web_payments_svc_8080"));
    }

    /** The allow-all is in place and Kuma counts it: 3-mtls may switch mTLS on once the refresh has passed. */
    private static ClusterFacts permissionCounted(ClusterObservation.ControlPlaneDeployment controlPlane) {
        return new ClusterFacts(null, Set.of("allow-all-p"), Set.of("policy/v1"), observing(controlPlane))
                .withKumaReports(new KumaReports(0, 0, Map.of(), Map.of("MeshTrafficPermission", 1L)), 1);
    }

    private static KumaProductionProfile recorded(KumaProductionProfile profile, String step, Instant countedSince) {
        KumaProductionProfileStatus status = new KumaProductionProfileStatus();
        status.gateWait = new GateWaitStatus(step, NOW.minusSeconds(10).toString(), countedSince == null ? null : countedSince.toString());
        profile.setStatus(status);
        return profile;
    }

    private static Plan plan(Planner planner, KumaProductionProfile profile, ClusterFacts facts, Instant now) {
        return planner.plan(profile, facts, new RolloutSignals(now, List.of()));
    }

    @Test
    void theFirstPassThatSeesTheCountWaitsOneRefreshAndRecordsWhen() {
        Plan plan = plan(planner, fromSpec("p", TestProfiles.MTLS_SPEC), permissionCounted(null), NOW);
        PlannedStep mtls = plan.step(Step.MTLS).orElseThrow();
        assertThat(mtls.waitBefore().reason()).isEqualTo(ConditionReason.WaitingForXdsRefresh);
        assertThat(mtls.waitBefore().message()).isEqualTo("Kuma counts the mesh's 1 MeshTrafficPermissions since 2026-12-01T12:00:00Z;"
                + " waiting 3s (2 x store cache 1s + xDS refresh 1s; no control-plane Deployment observed, so Kuma's defaults) until"
                + " 2026-12-01T12:00:03Z, when every connected proxy's configuration has them, before mTLS changes");
        assertThat(plan.tracking().gateWait()).isEqualTo(new GateWaitStatus("3-mtls", "2026-12-01T12:00:00Z", "2026-12-01T12:00:00Z"));
        assertThat(plan.tracking().reviewAt()).as("woken when the refresh is over").isEqualTo(NOW.plusSeconds(3));
    }

    @Test
    void theFirstSightingIsWhenKumasReportWasReadNotLaterInThePass() {
        ClusterFacts read = new ClusterFacts(null, Set.of("allow-all-p"), Set.of("policy/v1"), observing(null))
                .withKumaReports(new KumaReports(0, 0, Map.of(), Map.of("MeshTrafficPermission", 1L)).withReadAt(NOW.minusMillis(30)), 1);
        Plan plan = plan(planner, fromSpec("p", TestProfiles.MTLS_SPEC), read, NOW);
        assertThat(plan.tracking().gateWait().countedSince).isEqualTo("2026-12-01T11:59:59.970Z");
        assertThat(plan.tracking().reviewAt()).isEqualTo(NOW.minusMillis(30).plusSeconds(3));
        ClusterFacts ahead = new ClusterFacts(null, Set.of("allow-all-p"), Set.of("policy/v1"), observing(null))
                .withKumaReports(new KumaReports(0, 0, Map.of(), Map.of("MeshTrafficPermission", 1L)).withReadAt(NOW.plusSeconds(5)), 1);
        assertThat(plan(planner, fromSpec("p", TestProfiles.MTLS_SPEC), ahead, NOW).tracking().gateWait().countedSince)
                .as("a read time after the planner's clock is not trusted").isEqualTo("2026-12-01T12:00:00Z");
    }

    @Test
    void theRecordedCountIsTimedFromAcrossPassesNotRestarted() {
        KumaProductionProfile waiting = recorded(fromSpec("p", TestProfiles.MTLS_SPEC), "3-mtls", NOW);
        Plan early = plan(planner, waiting, permissionCounted(null), NOW.plusMillis(2_900));
        assertThat(early.step(Step.MTLS).orElseThrow().waitBefore().reason()).isEqualTo(ConditionReason.WaitingForXdsRefresh);
        assertThat(early.tracking().gateWait().countedSince).isEqualTo("2026-12-01T12:00:00Z");
        assertThat(early.tracking().reviewAt()).isEqualTo(NOW.plusSeconds(3));

        Plan due = plan(planner, waiting, permissionCounted(null), NOW.plusSeconds(3));
        PlannedStep mtls = due.step(Step.MTLS).orElseThrow();
        assertThat(mtls.waitBefore()).isNull();
        assertThat(mtls.apply()).extracting(r -> r.ref().kind()).contains("Mesh");
        assertThat(due.tracking().gateWait()).as("nothing waits any more").isNull();
    }

    @Test
    void theControlPlanesIntervalsSetTheWait() {
        KumaProductionProfile waiting = recorded(fromSpec("p", TestProfiles.MTLS_SPEC), "3-mtls", NOW);
        Plan early = plan(planner, waiting, permissionCounted(standInTimings()), NOW.plusMillis(150));
        assertThat(early.step(Step.MTLS).orElseThrow().waitBefore().message()).contains("waiting 200ms (xDS refresh 200ms, store cache off)");
        assertThat(plan(planner, waiting, permissionCounted(standInTimings()), NOW.plusMillis(200)).step(Step.MTLS).orElseThrow().waitBefore())
                .isNull();
    }

    @Test
    void aCountRecordedAtAnotherStepOrInTheFutureStartsTheClockNow() {
        KumaProductionProfile otherStep = recorded(fromSpec("p", TestProfiles.MTLS_SPEC), "1-mesh", NOW.minusSeconds(60));
        assertThat(plan(planner, otherStep, permissionCounted(null), NOW).tracking().gateWait().countedSince).isEqualTo("2026-12-01T12:00:00Z");
        KumaProductionProfile skewed = recorded(fromSpec("p", TestProfiles.MTLS_SPEC), "3-mtls", NOW.plusSeconds(60));
        assertThat(plan(planner, skewed, permissionCounted(null), NOW).tracking().reviewAt()).isEqualTo(NOW.plusSeconds(3));
    }

    @Test
    void beforeTheAllowAllGoesTheRefreshRunsFromTheRulesCountWhileCertificatesCome() {
        KumaProductionProfile profile = TestProfiles.example("production.yaml");
        // The live Mesh as the profile's 3-mtls left it, so no earlier step holds the pass.
        Map<String, Object> mtlsOn = Map.of("mtls", Map.of("enabledBackend", "ca-1", "backends", List.of(Map.of("name", "ca-1", "type", "builtin"))));
        Set<String> present = Set.of("allow-all-payments", "payments-web-to-backend", "payments-monitoring-scrapes-all");
        Map<String, Long> counted = Map.of("MeshTrafficPermission", 3L, "MeshTimeout", 10L, "MeshRetry", 10L, "MeshCircuitBreaker", 10L);
        ClusterFacts lagging = new ClusterFacts(mtlsOn, present, Set.of("policy/v1"), observing(null))
                .withKumaReports(new KumaReports(3, 3, Map.of("ca-1", 2L), counted), 3);
        Plan first = plan(planner, profile, lagging, NOW);
        PlannedStep restrict = first.step(Step.RESTRICT).orElseThrow();
        assertThat(restrict.delete()).isEmpty();
        assertThat(restrict.hold().reason()).as("the certificates are what is missing").isEqualTo(ConditionReason.WaitingForKuma);
        assertThat(first.tracking().gateWait()).isEqualTo(new GateWaitStatus("6-restrict", "2026-12-01T12:00:00Z", "2026-12-01T12:00:00Z"));

        ClusterFacts everyCertificate = new ClusterFacts(mtlsOn, present, Set.of("policy/v1"), observing(null))
                .withKumaReports(new KumaReports(3, 3, Map.of("ca-1", 3L), counted), 3);
        KumaProductionProfile waited = recorded(profile, "6-restrict", NOW);
        PlannedStep soon = plan(planner, waited, everyCertificate, NOW.plusSeconds(1)).step(Step.RESTRICT).orElseThrow();
        assertThat(soon.delete()).isEmpty();
        assertThat(soon.hold().reason()).isEqualTo(ConditionReason.WaitingForXdsRefresh);
        assertThat(soon.hold().message()).contains("Kuma counts the restricted rules since 2026-12-01T12:00:00Z").endsWith("before the allow-all goes");
        PlannedStep later = plan(planner, waited, everyCertificate, NOW.plusSeconds(3)).step(Step.RESTRICT).orElseThrow();
        assertThat(later.delete()).extracting(ResourceRef::name).containsExactly("allow-all-payments");
    }

    @Test
    void onceTheAllowAllIsGoneAFinishedRolloutIsNotHeldAgain() {
        KumaProductionProfile profile = TestProfiles.example("production.yaml");
        Map<String, Object> mtlsOn = Map.of("mtls", Map.of("enabledBackend", "ca-1", "backends", List.of(Map.of("name", "ca-1", "type", "builtin"))));
        Set<String> rulesOnly = Set.of("payments-web-to-backend", "payments-monitoring-scrapes-all");
        Map<String, Long> counted = Map.of("MeshTrafficPermission", 2L, "MeshTimeout", 10L, "MeshRetry", 10L, "MeshCircuitBreaker", 10L);
        ClusterFacts done = new ClusterFacts(mtlsOn, rulesOnly, Set.of("policy/v1"), observing(null))
                .withKumaReports(new KumaReports(3, 3, Map.of("ca-1", 3L), counted), 2);
        Plan plan = plan(planner, profile, done, NOW);
        assertThat(plan.step(Step.RESTRICT).orElseThrow().hold()).isNull();
        assertThat(plan.tracking().gateWait()).isNull();
    }

    @Test
    void offlineAndWithApiServerOnlyGatesNothingWaitsForARefresh() {
        KumaProductionProfile apiServerOnly = fromSpec("p", TestProfiles.MTLS_SPEC + "rollout: {gates: ApiServerOnly}\n");
        assertThat(plan(planner, apiServerOnly, permissionCounted(null), NOW).step(Step.MTLS).orElseThrow().waitBefore()).isNull();
        assertThat(planner.plan(fromSpec("p", TestProfiles.MTLS_SPEC)).step(Step.MTLS).orElseThrow().waitBefore()).isNull();
    }

    @Test
    void theWaitIsAGateWaitSoItIsTimedAndPassableByHand() {
        assertThat(ConditionReason.WaitingForXdsRefresh.isGateWait()).isTrue();
        assertThat(Duration.between(NOW, NOW.plus(KumaConfigPropagation.of(null).bound()))).isEqualTo(Duration.ofSeconds(3));
    }
}
