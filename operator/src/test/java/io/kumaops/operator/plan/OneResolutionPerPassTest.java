package io.kumaops.operator.plan;

import static io.kumaops.operator.support.TestProfiles.fromSpec;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Recommendation;
import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.model.ResolvedProfile;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.rules.FindingEngine;
import io.kumaops.operator.rules.RuleContext;
import io.kumaops.operator.status.SizingAdvisor;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rules, the planner and the status read one {@link ResolvedProfile} per pass, so they cannot disagree on a fact:
 * here the Kuma version (the running control plane's, not the profile's) and the data planes to size for.
 */
class OneResolutionPerPassTest {

    private static final KumaProductionProfile PROFILE = fromSpec("p", """
            kumaVersion: "2.9"
            mtls:
              enabled: true
              enabledBackend: ca-1
              backends:
                - {name: ca-1, type: Builtin}
            controlPlane: {expectedDataplanes: 10}
            policies: {timeout: {idleTimeout: 1h}}
            """);

    @Test
    void rulesAndPlannerJudgeByTheRunningControlPlanesVersion() {
        ResolvedProfile inCluster = ResolvedProfile.of(PROFILE, running("kumahq/kuma-cp:2.14.3", 1500));

        List<String> plannedTimeouts = new Planner().plan(inCluster, RolloutSignals.offline()).step(Step.DEFAULTS).orElseThrow()
                .apply().stream().map(r -> r.ref().name()).toList();
        assertThat(plannedTimeouts).as("2.14's MeshTimeout takes rules[]: inbound and outbound apart")
                .containsExactly("kumaops-timeout-p-inbound", "kumaops-timeout-p", "kumaops-timeout-p-gateways");
        assertThat(codes(new RuleContext(inCluster))).as("Mesh.mtls is deprecated on the 2.14 that runs, not the 2.9 the profile says")
                .contains("DeprecatedMeshMtls");

        ResolvedProfile offline = ResolvedProfile.offline(PROFILE);
        assertThat(new Planner().plan(offline, RolloutSignals.offline()).step(Step.DEFAULTS).orElseThrow().apply())
                .extracting(r -> r.ref().name()).containsExactly("kumaops-timeout-p", "kumaops-timeout-p-gateways");
        assertThat(codes(new RuleContext(offline))).doesNotContain("DeprecatedMeshMtls");
    }

    @Test
    void rulesAndSizingCountTheSameDataplanes() {
        ResolvedProfile inCluster = ResolvedProfile.of(PROFILE, running("kumahq/kuma-cp:2.14.3", 1500));
        assertThat(codes(new RuleContext(inCluster))).contains("ReachableServicesDisabled");
        assertThat(SizingAdvisor.recommend(inCluster)).extracting(r -> r.field)
                .contains("controlPlane.reachableServices");
        assertThat(SizingAdvisor.recommend(ResolvedProfile.offline(PROFILE))).extracting(r -> r.field)
                .doesNotContain("controlPlane.reachableServices");
    }

    private static List<String> codes(RuleContext context) {
        return FindingEngine.standard().evaluate(context).findings().stream().map(f -> f.code).toList();
    }

    private static ClusterFacts running(String image, int dataplanes) {
        ClusterObservation.ControlPlaneDeployment cp = new ClusterObservation.ControlPlaneDeployment("kuma-system", "kuma-control-plane",
                3, Map.of(), null, null, Map.of(), image);
        ClusterObservation observation = new ClusterObservation(true, dataplanes, cp, true, null, null, null, null, null, null,
                List.of(), List.of(), List.of("policy/v1"));
        return new ClusterFacts(null, Set.of(), Set.of("policy/v1"), observation);
    }
}
