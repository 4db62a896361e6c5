package io.kumaops.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileStatus;
import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.model.ConditionReason;
import io.kumaops.operator.model.RolloutProgress;
import io.kumaops.operator.model.RolloutProgress.Outcome;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.rules.FindingEngine;
import io.kumaops.operator.rules.RuleContext;
import io.kumaops.operator.support.TestProfiles;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every condition the status can carry uses a reason with the type and status {@link ConditionReason} declares for it,
 * so the generated docs/conditions.md tells the truth about the code, swept over outcomes and profiles.
 */
class ConditionReasonsDeclaredTest {

    private static final List<String> PROFILES = List.of("", "mtls: {enabled: true, enabledBackend: ca-1, backends: [{name: ca-1, type: Builtin}]}",
            "trafficPermissions: {mode: Restricted, rules: [{name: r, action: Allow, destination: {kind: Service, name: b, namespace: n, port: 80}, sources: [{kind: Mesh}]}]}",
            "enforcement: Audit", "controlPlane: {role: Zone, zoneName: z1}", "controlPlane: {store: {type: Memory}}");

    @Test
    void everyConditionBuiltCarriesADeclaredReason() {
        List<String> seen = new ArrayList<>();
        for (String spec : PROFILES) {
            KumaProductionProfile profile = TestProfiles.fromSpec("p", spec);
            for (RolloutProgress progress : progresses()) {
                for (ClusterFacts facts : List.of(ClusterFacts.offline(), live())) {
                    check(build(profile, progress, facts, true), seen);
                }
            }
            check(StatusAggregator.build(new StatusAggregator.Inputs(profile, List.of("spec.x: bad"), null, null, null, null, null, null,
                    Instant.EPOCH)), seen);
            check(StatusAggregator.build(new StatusAggregator.Inputs(profile, null, false, null, null, null, null, null, Instant.EPOCH)), seen);
        }
        assertThat(seen).as("conditions checked").hasSizeGreaterThan(500);
    }

    private static void check(KumaProductionProfileStatus status, List<String> seen) {
        for (Condition condition : status.conditions) {
            ConditionReason reason = ConditionReason.valueOf(condition.getReason());
            boolean value = "True".equals(condition.getStatus());
            assertThat(reason.allows(condition.getType(), value)).as(condition.getType() + "=" + condition.getStatus() + " with "
                    + reason + ", declared " + reason.appearsWith()).isTrue();
            seen.add(condition.getType() + "/" + reason);
        }
    }

    private static KumaProductionProfileStatus build(KumaProductionProfile profile, RolloutProgress progress, ClusterFacts facts,
                                                     boolean kuma) {
        return StatusAggregator.build(new StatusAggregator.Inputs(profile, null, kuma,
                FindingEngine.standard().evaluate(RuleContext.offline(profile)), List.of(), progress, facts.observation(), facts,
                Instant.EPOCH));
    }

    /** A progress for every reason a rollout can stop or wait on, plus done and audit. */
    private static List<RolloutProgress> progresses() {
        List<RolloutProgress> all = new ArrayList<>();
        all.add(new RolloutProgress(Arrays.asList(Step.values()), null, Outcome.Done, ConditionReason.RolloutComplete, "ok", List.of(), 0));
        all.add(new RolloutProgress(List.of(), null, Outcome.Audit, ConditionReason.AuditOnly, "audit", List.of(), 0));
        for (ConditionReason reason : ConditionReason.values()) {
            Map<String, Boolean> with = reason.appearsWith();
            if (Boolean.TRUE.equals(with.get("Degraded"))) {
                all.add(new RolloutProgress(List.of(Step.CONTROL_PLANE), Step.MESH, Outcome.Failed, reason, "m", List.of(), 0));
            } else if (Boolean.TRUE.equals(with.get("Progressing"))) {
                all.add(new RolloutProgress(List.of(Step.CONTROL_PLANE, Step.MESH, Step.TRAFFIC_PERMISSION), Step.MTLS, Outcome.Waiting, reason,
                        "m", List.of(), 0));
            } else if (Boolean.FALSE.equals(with.get("Progressing")) && Boolean.FALSE.equals(with.get("Ready"))
                    && !with.containsKey("KumaInstalled") && reason != ConditionReason.InvalidSpec) {
                all.add(new RolloutProgress(List.of(Step.CONTROL_PLANE), Step.MESH, Outcome.Blocked, reason, "m", List.of(), 0));
            }
        }
        return all;
    }

    private static ClusterFacts live() {
        return new ClusterFacts(Map.of("mtls", Map.of("enabledBackend", "ca-1")), Set.of(), Set.of("policy/v1"),
                new ClusterObservation(true, 3, null, null, null, null, null, null, null, null, List.of(), List.of(), List.of("policy/v1")));
    }
}
