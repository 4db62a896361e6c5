package io.kumaops.operator.plan;

import static io.kumaops.operator.support.TestProfiles.fromSpec;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.GateWaitStatus;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileStatus;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.model.KumaReports;
import io.kumaops.operator.model.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A gate that waits for Kuma longer than spec.rollout.gateTimeout blocks its step with KumaNotReporting; never passes. */
class GateTimeoutTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final String MTLS = io.kumaops.operator.support.TestProfiles.MTLS_SPEC + "rollout: {gateTimeout: 10m}\n";

    private final Planner planner = new Planner();

    /** Kuma reports the mesh but has not counted the allow-all permission: 3-mtls waits. */
    private static ClusterFacts uncounted() {
        return new ClusterFacts(null, Set.of("allow-all-p"), Set.of("policy/v1"), ClusterObservation.empty())
                .withKumaReports(new KumaReports(0, 0, Map.of(), Map.of("MeshTrafficPermission", 0L)), 1);
    }

    @Test
    void theFirstWaitIsRecordedFromNowAndWakesTheOperatorAtTheDeadline() {
        Plan plan = planner.plan(fromSpec("p", MTLS), uncounted(), new RolloutSignals(NOW, List.of()));
        assertThat(plan.tracking().gateWait()).isEqualTo(new GateWaitStatus("3-mtls", "2026-12-01T12:00:00Z"));
        assertThat(plan.tracking().reviewAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(plan.findings()).extracting(f -> f.code).doesNotContain("KumaNotReporting");
        assertThat(plan.step(Step.MTLS).orElseThrow().blockedBy()).isEmpty();
    }

    @Test
    void pastTheTimeoutTheStepIsBlockedAndSaysWhatItWaitsFor() {
        KumaProductionProfile profile = waitingSince(fromSpec("p", MTLS), "3-mtls", NOW.minus(Duration.ofMinutes(11)));
        Plan plan = planner.plan(profile, uncounted(), new RolloutSignals(NOW, List.of()));
        Finding finding = plan.findings().stream().filter(f -> f.code.equals("KumaNotReporting")).findFirst().orElseThrow();
        assertThat(finding.severity).isEqualTo(Severity.Error);
        assertThat(finding.path).isEqualTo("spec.rollout.gateTimeout");
        assertThat(finding.message).contains("step 3-mtls has waited for Kuma's control plane since 2026-12-01T11:49:00Z")
                .contains("Kuma counts 0 of 1");
        assertThat(plan.step(Step.MTLS).orElseThrow().blockedBy()).containsExactly("KumaNotReporting");
        assertThat(plan.step(Step.MTLS).orElseThrow().waitBefore()).as("still not passed").isNotNull();
        assertThat(plan.tracking().gateWait().since).as("kept across passes").isEqualTo("2026-12-01T11:49:00Z");
    }

    @Test
    void aWaitAtAnotherStepStartsItsOwnClock() {
        KumaProductionProfile profile = waitingSince(fromSpec("p", MTLS), "1-mesh", NOW.minus(Duration.ofHours(2)));
        Plan plan = planner.plan(profile, uncounted(), new RolloutSignals(NOW, List.of()));
        assertThat(plan.tracking().gateWait()).isEqualTo(new GateWaitStatus("3-mtls", "2026-12-01T12:00:00Z"));
        assertThat(plan.findings()).extracting(f -> f.code).doesNotContain("KumaNotReporting");
    }

    @Test
    void onceKumaReportsTheBlockAndTheRecordGo() {
        KumaProductionProfile profile = waitingSince(fromSpec("p", MTLS), "3-mtls", NOW.minus(Duration.ofHours(1)));
        // Counted for longer than Kuma's configuration refresh (XdsRefreshGateTest has that wait).
        profile.getStatus().gateWait.countedSince = NOW.minusSeconds(3).toString();
        ClusterFacts counted = new ClusterFacts(null, Set.of("allow-all-p"), Set.of("policy/v1"), ClusterObservation.empty())
                .withKumaReports(new KumaReports(0, 0, Map.of(), Map.of("MeshTrafficPermission", 1L)), 1);
        Plan plan = planner.plan(profile, counted, new RolloutSignals(NOW, List.of()));
        assertThat(plan.tracking().gateWait()).isNull();
        assertThat(plan.findings()).extracting(f -> f.code).doesNotContain("KumaNotReporting");
        assertThat(plan.step(Step.MTLS).orElseThrow().apply()).isNotEmpty();
    }

    @Test
    void offlineNothingIsGatedOrTimed() {
        Plan plan = planner.plan(fromSpec("p", MTLS));
        assertThat(plan.tracking().gateWait()).isNull();
    }

    @Test
    void theStepThePassReallyWaitedAtIsTimedNotAnEarlierOneInPlace() {
        // No MeshInsight at all: every step after 1-mesh is held, but 2-traffic-permission is in place (the executor
        // passes it), so the last pass waited at 3-mtls and that record is the one timed.
        KumaProductionProfile profile = waitingSince(fromSpec("p", MTLS), "3-mtls", NOW.minus(Duration.ofMinutes(11)));
        ClusterFacts silent = new ClusterFacts(null, Set.of("allow-all-p"), Set.of("policy/v1"), ClusterObservation.empty());
        Plan plan = planner.plan(profile, silent, new RolloutSignals(NOW, List.of()));
        assertThat(plan.step(Step.TRAFFIC_PERMISSION).orElseThrow().blockedBy()).isEmpty();
        assertThat(plan.step(Step.MTLS).orElseThrow().blockedBy()).containsExactly("KumaNotReporting");
    }

    private static KumaProductionProfile waitingSince(KumaProductionProfile profile, String step, Instant since) {
        KumaProductionProfileStatus status = new KumaProductionProfileStatus();
        status.gateWait = new GateWaitStatus(step, since.toString());
        profile.setStatus(status);
        return profile;
    }
}
