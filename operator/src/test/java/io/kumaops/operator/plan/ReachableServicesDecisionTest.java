package io.kumaops.operator.plan;

import static io.kumaops.operator.support.TestProfiles.fromSpec;
import static io.kumaops.operator.support.TreePath.index;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.model.ClusterObservation.ServedMeshes;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The control plane's one reachable-services setting: decided over every mesh it serves, held off by Auto while a mesh
 * would lose its outbounds (Kuma pkg/plugins/policies/meshtrafficpermission/graph/reachable_graph.go), never turned off
 * for that once on.
 */
class ReachableServicesDecisionTest {

    private static final String AUTO = "controlPlane: {manage: true}";
    private final Planner planner = new Planner();

    @Test
    void everyProfileOnTheControlPlaneCountsEveryMesh() {
        ServedMeshes served = new ServedMeshes(1200, Map.of("small", 10, "large", 1190), Set.of("small", "large"));
        Decision small = decide(fromSpec("small", AUTO), 10, "false", served);
        Decision large = decide(fromSpec("large", AUTO), 1190, "false", served);
        assertThat(small.env()).as("the small mesh's profile decides as the large one's: one setting").isEqualTo("true");
        assertThat(large.env()).isEqualTo("true");
        assertThat(small.findings()).isEmpty();
    }

    @Test
    void autoWaitsWhileAMeshWouldLoseItsOutbounds() {
        ServedMeshes served = new ServedMeshes(1200, Map.of("payments", 1100, "legacy", 100, "empty", 0), Set.of("payments"));
        Decision decision = decide(fromSpec("payments", AUTO), 1100, "false", served);
        assertThat(decision.env()).isEqualTo("false");
        assertThat(decision.findings()).singleElement().satisfies(f -> {
            assertThat(f.code).isEqualTo(ControlPlaneStepPlanner.WOULD_DROP_OUTBOUNDS);
            assertThat(f.severity).hasToString("Warning");
            assertThat(f.message).contains("stay off", "mesh(es) legacy ").doesNotContain("empty").doesNotContain("payments,");
        });
    }

    @Test
    void enabledIsTheProfileSayingSoAndIsWarned() {
        ServedMeshes served = new ServedMeshes(20, Map.of("payments", 10, "legacy", 10), Set.of("payments"));
        Decision decision = decide(fromSpec("payments", "controlPlane: {manage: true, reachableServices: Enabled}"), 10, "false", served);
        assertThat(decision.env()).isEqualTo("true");
        assertThat(decision.findings()).singleElement().satisfies(f -> assertThat(f.message).contains("turned on (Enabled)", "legacy"));
    }

    @Test
    void onceOnItIsNotTurnedOffForAMeshWithoutPermissions() {
        ServedMeshes served = new ServedMeshes(950, Map.of("payments", 900, "legacy", 50), Set.of("payments"));
        Decision decision = decide(fromSpec("payments", AUTO), 900, "true", served);
        assertThat(decision.env()).as("hysteresis: on between 900 and 1000, and no flip for the permissions").isEqualTo("true");
        assertThat(decision.findings()).singleElement().satisfies(f -> assertThat(f.message).contains("is on", "legacy"));
    }

    @Test
    void disabledNeverWarns() {
        ServedMeshes served = new ServedMeshes(2000, Map.of("legacy", 2000), Set.of());
        Decision decision = decide(fromSpec("payments", "controlPlane: {manage: true, reachableServices: Disabled}"), 0, "false", served);
        assertThat(decision.env()).isEqualTo("false");
        assertThat(decision.findings()).isEmpty();
    }

    private record Decision(String env, List<Finding> findings) {
    }

    private Decision decide(io.kumaops.operator.api.v1alpha1.KumaProductionProfile profile, int meshDataplanes, String liveValue,
                            ServedMeshes served) {
        var deployment = new ClusterObservation.ControlPlaneDeployment("kuma-system", "kuma-control-plane", 3,
                Map.of(Planner.ENV_REACHABLE_SERVICES, liveValue), null, null, Map.of("app", "kuma-control-plane"));
        var observation = new ClusterObservation(true, meshDataplanes, deployment, null, null, null, null, null, null, null,
                List.of(), List.of(), List.of()).withServedMeshes(served);
        Plan plan = planner.plan(profile, new ClusterFacts(null, Set.of(), Set.of(), observation));
        Object env = index(plan.resources().get(0).body(), "spec.template.spec.containers[0].env", "name", "value")
                .get(Planner.ENV_REACHABLE_SERVICES);
        return new Decision((String) env, plan.findings().stream().filter(f -> f.code.equals(ControlPlaneStepPlanner.WOULD_DROP_OUTBOUNDS)).toList());
    }
}
