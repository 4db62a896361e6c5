package io.kumaops.operator.plan;

import static io.kumaops.operator.support.TestProfiles.fromSpec;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.model.ConditionReason;
import io.kumaops.operator.model.KumaReports;
import io.kumaops.operator.model.Step;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** After 4-defaults, the later steps wait until Kuma's MeshInsight counts the mesh's default policies. */
class DefaultsCountedGateTest {

    private static final String PROFILE = """
            trafficPermissions:
              mode: Restricted
              rules:
                - name: web-to-api
                  action: Allow
                  destination: {kind: Service, name: api, namespace: shop, port: 8080}
                  sources: [{kind: Mesh}]
            policies: {timeout: {idleTimeout: 1h}}
            """;

    private final Planner planner = new Planner();

    private static ClusterFacts facts(long timeoutsCounted, int timeoutsStored) {
        ClusterObservation observation = ClusterObservation.empty().withDataplaneServices(Set.of("api_shop_svc_8080"));
        return new ClusterFacts(null, Set.of("allow-all-p", "p-web-to-api"), Set.of("policy/v1"), observation)
                .withKumaReports(new KumaReports(0, 0, Map.of(), Map.of("MeshTrafficPermission", 2L, "MeshTimeout", timeoutsCounted)), 2)
                .withMeshPolicies(Map.of("MeshTimeout", timeoutsStored));
    }

    @Test
    void theStepAfterTheDefaultsWaitsUntilKumaCountsWhatThisPassWrites() {
        // 2.14 writes two MeshTimeouts (inbound and outbound); Kuma counts none yet.
        PlannedStep restrict = planner.plan(fromSpec("p", PROFILE), facts(0, 0)).step(Step.RESTRICT).orElseThrow();
        assertThat(restrict.waitBefore().reason()).isEqualTo(ConditionReason.WaitingForKuma);
        assertThat(restrict.waitBefore().message()).contains("default policies before step 6-restrict: Kuma counts MeshTimeout 0 of 2");
    }

    @Test
    void kumasOwnDefaultsInTheApiServerMustBeCountedToo() {
        PlannedStep restrict = planner.plan(fromSpec("p", PROFILE), facts(2, 3)).step(Step.RESTRICT).orElseThrow();
        assertThat(restrict.waitBefore().message()).contains("MeshTimeout 2 of 3");
    }

    @Test
    void countedDefaultsLetTheRestThrough() {
        PlannedStep restrict = planner.plan(fromSpec("p", PROFILE), facts(3, 3)).step(Step.RESTRICT).orElseThrow();
        assertThat(restrict.waitBefore() == null || !restrict.waitBefore().message().contains("default policies")).isTrue();
    }

    @Test
    void withoutDefaultsOfItsOwnTheProfileDoesNotWaitForThem() {
        String noDefaults = PROFILE.replace("policies: {timeout: {idleTimeout: 1h}}\n", "");
        PlannedStep restrict = planner.plan(fromSpec("p", noDefaults), facts(0, 5)).step(Step.RESTRICT).orElseThrow();
        assertThat(restrict.waitBefore() == null || !restrict.waitBefore().message().contains("default policies")).isTrue();
    }
}
