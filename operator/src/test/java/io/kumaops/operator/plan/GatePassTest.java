package io.kumaops.operator.plan;

import static io.kumaops.operator.support.TestProfiles.fromSpec;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.GatePassStatus;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileStatus;
import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.model.KumaReports;
import io.kumaops.operator.model.Labels;
import io.kumaops.operator.model.Step;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** kumaops.io/pass-gate lets the named step pass its gate once, never a blocking finding, and says so. */
class GatePassTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final String MTLS = io.kumaops.operator.support.TestProfiles.MTLS_SPEC;

    private final Planner planner = new Planner();

    /** Kuma reports the mesh but has not counted the allow-all: 3-mtls waits. */
    private static ClusterFacts uncounted() {
        return new ClusterFacts(null, Set.of("allow-all-p"), Set.of("policy/v1"), ClusterObservation.empty())
                .withKumaReports(new KumaReports(0, 0, Map.of(), Map.of("MeshTrafficPermission", 0L)), 1);
    }

    private static KumaProductionProfile annotated(String spec, String value) {
        KumaProductionProfile profile = fromSpec("p", spec);
        profile.getMetadata().setAnnotations(Map.of(Labels.PASS_GATE, value));
        return profile;
    }

    private Plan plan(KumaProductionProfile profile, ClusterFacts facts) {
        return planner.plan(profile, facts, new RolloutSignals(NOW, List.of()));
    }

    @Test
    void theNamedStepPassesItsGateAndTheFindingSaysWhatItWaitedFor() {
        Plan plan = plan(annotated(MTLS, "3-mtls: insights down for the CP upgrade"), uncounted());
        PlannedStep mtls = plan.step(Step.MTLS).orElseThrow();
        assertThat(mtls.waitBefore()).isNull();
        assertThat(mtls.apply()).isNotEmpty();
        assertThat(plan.findings()).filteredOn(f -> f.code.equals("GatePassedByHand")).singleElement().satisfies(f -> {
            assertThat(f.message).contains("step 3-mtls passed its gate by hand (insights down for the CP upgrade)")
                    .contains("Kuma counts 0 of 1");
            assertThat(f.path).isEqualTo("metadata.annotations[\"kumaops.io/pass-gate\"]");
        });
        assertThat(plan.tracking().gatePassed().step).isEqualTo("3-mtls");
        assertThat(plan.tracking().gatePassed().at).isEqualTo("2026-12-01T12:00:00Z");
        assertThat(plan.tracking().gateWait()).as("nothing waits at 3-mtls now").isNull();
    }

    @Test
    void anotherStepsGateStillHolds() {
        Plan plan = plan(annotated(MTLS, "6-restrict: not this one"), uncounted());
        assertThat(plan.step(Step.MTLS).orElseThrow().waitBefore()).isNotNull();
        assertThat(plan.tracking().gatePassed()).isNull();
        assertThat(plan.findings()).extracting(f -> f.code).doesNotContain("GatePassedByHand");
    }

    @Test
    void aBlockingFindingIsNeverPassed() {
        KumaProductionProfile profile = annotated(MTLS, "3-mtls: hurry");
        KumaProductionProfileStatus status = new KumaProductionProfileStatus();
        status.gateWait = new io.kumaops.operator.api.v1alpha1.GateWaitStatus("3-mtls", NOW.minusSeconds(3600).toString());
        profile.setStatus(status);
        // Past the gate timeout the step is blocked with KumaNotReporting: the annotation lets the step through instead.
        Plan plan = plan(profile, uncounted());
        assertThat(plan.step(Step.MTLS).orElseThrow().blockedBy()).isEmpty();

        KumaProductionProfile undefined = annotated("mtls: {enabled: true, enabledBackend: ca-9, backends: [{name: ca-1, type: Builtin}]}",
                "3-mtls: hurry");
        Plan refused = planner.plan(undefined, uncounted(), new RolloutSignals(NOW, List.of("EnabledBackendNotDefined")));
        assertThat(refused.findings()).extracting(f -> f.code).doesNotContain("GatePassedByHand");
    }

    @Test
    void aMalformedAnnotationIsIgnoredWithAFinding() {
        for (String value : List.of("3-mtls", "3-mtls:   ", "9-nope: because")) {
            Plan plan = plan(annotated(MTLS, value), uncounted());
            assertThat(plan.step(Step.MTLS).orElseThrow().waitBefore()).as(value).isNotNull();
            assertThat(plan.findings()).as(value).extracting(f -> f.code).contains("GatePassAnnotationIgnored");
        }
    }

    @Test
    void askingAgainKeepsTheFirstTimeSoTheStatusStaysStill() {
        KumaProductionProfile profile = annotated(MTLS, "3-mtls: insights down");
        KumaProductionProfileStatus status = new KumaProductionProfileStatus();
        status.lastGatePass = new GatePassStatus("3-mtls", "insights down", "x", "2026-12-01T11:00:00Z");
        profile.setStatus(status);
        assertThat(plan(profile, uncounted()).tracking().gatePassed().at).isEqualTo("2026-12-01T11:00:00Z");
    }
}
