package io.kumaops.operator.plan;

import static io.kumaops.operator.support.TestProfiles.fromSpec;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.model.ConditionReason;
import io.kumaops.operator.model.KumaReports;
import io.kumaops.operator.model.Step;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** With controlPlane.manage the mesh waits until the control-plane Deployment has rolled out (kubectl rollout status). */
class ControlPlaneRolloutGateTest {

    private final Planner planner = new Planner();

    private static ClusterFacts withControlPlane(ClusterObservation.Rollout rollout) {
        ClusterObservation.ControlPlaneDeployment cp = new ClusterObservation.ControlPlaneDeployment("kuma-system", "kuma-control-plane", 3,
                Map.of(), null, null, Map.of("app", "kuma-control-plane"), "kumahq/kuma-cp:2.14.3", rollout);
        ClusterObservation observation = new ClusterObservation(true, 0, cp, null, null, null, null, null, null, null, List.of(), List.of(),
                List.of("policy/v1"));
        return new ClusterFacts(null, Set.of(), Set.of("policy/v1"), observation)
                .withKumaReports(new KumaReports(0, 0, Map.of(), Map.of()), 0);
    }

    @Test
    void theMeshWaitsForEveryReplicaToRunTheNewTemplateAndBeAvailable() {
        var profile = fromSpec("p", "controlPlane: {manage: true, replicas: 3}");
        PlannedStep stale = planner.plan(profile, withControlPlane(new ClusterObservation.Rollout(4L, 3L, 3, 3, 3))).step(Step.MESH).orElseThrow();
        assertThat(stale.waitBefore().reason()).isEqualTo(ConditionReason.WaitingForControlPlaneRollout);
        assertThat(stale.waitBefore().message()).contains("has not seen generation 4 of kuma-system/kuma-control-plane");

        PlannedStep updating = planner.plan(profile, withControlPlane(new ClusterObservation.Rollout(4L, 4L, 3, 1, 3))).step(Step.MESH).orElseThrow();
        assertThat(updating.waitBefore().message()).contains("1 of 3 replicas of kuma-system/kuma-control-plane run the new template");

        PlannedStep unavailable = planner.plan(profile, withControlPlane(new ClusterObservation.Rollout(4L, 4L, 3, 3, 2))).step(Step.MESH).orElseThrow();
        assertThat(unavailable.waitBefore().message()).contains("2 of 3 replicas of kuma-system/kuma-control-plane are available");

        PlannedStep done = planner.plan(profile, withControlPlane(new ClusterObservation.Rollout(4L, 4L, 3, 3, 3))).step(Step.MESH).orElseThrow();
        assertThat(done.waitBefore()).isNull();
    }

    @Test
    void aControlPlaneTheOperatorDoesNotManageIsNotWaitedFor() {
        var profile = fromSpec("p", "controlPlane: {manage: false}");
        PlannedStep mesh = planner.plan(profile, withControlPlane(new ClusterObservation.Rollout(4L, 3L, 3, 0, 0))).step(Step.MESH).orElseThrow();
        assertThat(mesh.waitBefore()).isNull();
    }

    @Test
    void apiServerOnlyGatesSkipTheRolloutToo() {
        var profile = fromSpec("p", "controlPlane: {manage: true}\nrollout: {gates: ApiServerOnly}");
        PlannedStep mesh = planner.plan(profile, withControlPlane(new ClusterObservation.Rollout(4L, 3L, 3, 0, 0))).step(Step.MESH).orElseThrow();
        assertThat(mesh.waitBefore()).isNull();
    }
}
