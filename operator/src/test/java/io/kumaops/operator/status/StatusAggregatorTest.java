package io.kumaops.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileStatus;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.model.RolloutProgress;
import io.kumaops.operator.model.RolloutProgress.Outcome;
import io.kumaops.operator.rules.FindingEngine;
import io.kumaops.operator.rules.RuleContext;
import io.kumaops.operator.support.TestProfiles;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusAggregatorTest {

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-22T10:05:00Z");

    private static KumaProductionProfile profile(String spec) {
        KumaProductionProfile profile = TestProfiles.fromSpec("p", spec);
        profile.getMetadata().setGeneration(3L);
        return profile;
    }

    private static KumaProductionProfileStatus build(KumaProductionProfile profile, RolloutProgress progress, Instant now) {
        return StatusAggregator.build(new StatusAggregator.Inputs(profile, null, true,
                FindingEngine.standard().evaluate(RuleContext.offline(profile)), List.of(), progress, null, null, now));
    }

    private static RolloutProgress done() {
        return new RolloutProgress(Arrays.asList(Step.values()), null, Outcome.Done, io.kumaops.operator.model.ConditionReason.RolloutComplete, "ok", List.of(), 0);
    }

    private static Condition condition(KumaProductionProfileStatus status, String type) {
        return status.conditions.stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void doneWithoutErrorsIsReady() {
        KumaProductionProfileStatus status = build(profile(""), done(), T0);
        assertThat(status.phase).isEqualTo(Phase.Ready);
        assertThat(condition(status, "Ready").getStatus()).isEqualTo("True");
        assertThat(condition(status, "Progressing").getStatus()).isEqualTo("False");
        assertThat(condition(status, "Degraded").getStatus()).isEqualTo("False");
        assertThat(status.observedGeneration).isEqualTo(3L);
        assertThat(status.conditions).allSatisfy(c -> assertThat(c.getObservedGeneration()).isEqualTo(3L));
    }

    @Test
    void doneWithAnErrorFindingIsNotReadyAndNamesIt() {
        KumaProductionProfileStatus status = build(profile("controlPlane: {store: {type: Memory}}"), done(), T0);
        assertThat(status.phase).isEqualTo(Phase.Degraded);
        assertThat(condition(status, "Ready").getReason()).isEqualTo("ErrorFindings");
        assertThat(condition(status, "Ready").getMessage()).contains("InMemoryStore");
        assertThat(status.summary.errors).isEqualTo(1);
    }

    @Test
    void blockedAndFailedRolloutsHaveTheirPhases() {
        RolloutProgress blocked = new RolloutProgress(List.of(Step.CONTROL_PLANE), Step.MESH, Outcome.Blocked, io.kumaops.operator.model.ConditionReason.BlockedByFinding, "m", List.of(), 0);
        assertThat(build(profile(""), blocked, T0).phase).isEqualTo(Phase.Blocked);
        RolloutProgress failed = new RolloutProgress(List.of(), Step.MESH, Outcome.Failed, io.kumaops.operator.model.ConditionReason.FieldConflict, "m", List.of(), 0);
        KumaProductionProfileStatus status = build(profile(""), failed, T0);
        assertThat(status.phase).isEqualTo(Phase.Degraded);
        assertThat(condition(status, "Degraded").getStatus()).isEqualTo("True");
        assertThat(condition(status, "Degraded").getReason()).isEqualTo("FieldConflict");
        assertThat(status.currentStep).isEqualTo("1-mesh");
    }

    @Test
    void transitionTimesAreKeptWhileAConditionKeepsItsStatus() {
        KumaProductionProfile profile = profile("");
        profile.setStatus(build(profile, done(), T0));
        KumaProductionProfileStatus later = build(profile, done(), T1);
        assertThat(condition(later, "Ready").getLastTransitionTime()).isEqualTo("2026-11-22T10:00:00Z");
        RolloutProgress failed = new RolloutProgress(List.of(), Step.MESH, Outcome.Failed, io.kumaops.operator.model.ConditionReason.ApplyFailed, "m", List.of(), 0);
        KumaProductionProfileStatus flipped = build(profile, failed, T1);
        assertThat(condition(flipped, "Ready").getLastTransitionTime()).isEqualTo("2026-11-22T10:05:00Z");
    }

    @Test
    void invalidSpecAndMissingKumaAreReportedWithoutARollout() {
        KumaProductionProfile profile = profile("");
        KumaProductionProfileStatus invalid = StatusAggregator.build(new StatusAggregator.Inputs(profile,
                List.of("spec.x: bad"), null, null, null, null, null, null, T0));
        assertThat(invalid.phase).isEqualTo(Phase.Blocked);
        assertThat(condition(invalid, "Ready").getReason()).isEqualTo("InvalidSpec");
        assertThat(condition(invalid, "Ready").getMessage()).contains("spec.x: bad");
        KumaProductionProfileStatus missing = StatusAggregator.build(new StatusAggregator.Inputs(profile,
                null, false, null, null, null, null, null, T0));
        assertThat(missing.phase).isEqualTo(Phase.Pending);
        assertThat(condition(missing, "KumaInstalled").getReason()).isEqualTo("KumaNotInstalled");
    }

    @Test
    void sizingRecommendationsFollowTheExpectedDataplanes() {
        KumaProductionProfileStatus status = build(profile("controlPlane: {expectedDataplanes: 1500}"), done(), T0);
        assertThat(status.recommendations).anySatisfy(r -> {
            assertThat(r.field).isEqualTo("controlPlane.resources.requests.memory");
            assertThat(r.value).isEqualTo("2048Mi");
        });
        assertThat(status.recommendations).anySatisfy(r -> {
            assertThat(r.field).isEqualTo("controlPlane.resources.requests.cpu");
            assertThat(r.value).isEqualTo("4");
        });
        assertThat(status.recommendations).anySatisfy(r -> assertThat(r.field).isEqualTo("controlPlane.reachableServices"));
    }
}
