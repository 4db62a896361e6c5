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
        // 2.14 writes three MeshTimeouts (sidecars' inbound and outbound, gateways'); Kuma counts none yet.
        PlannedStep restrict = planner.plan(fromSpec("p", PROFILE), facts(0, 0)).step(Step.RESTRICT).orElseThrow();
        assertThat(restrict.waitBefore().reason()).isEqualTo(ConditionReason.WaitingForKuma);
        assertThat(restrict.waitBefore().message()).contains("default policies before step 6-restrict: Kuma counts MeshTimeout 0 of 3");
    }

    @Test
    void otherMeshWidePoliciesInTheApiServerMustBeCountedToo() {
        PlannedStep restrict = planner.plan(fromSpec("p", PROFILE), facts(3, 4)).step(Step.RESTRICT).orElseThrow();
        assertThat(restrict.waitBefore().message()).contains("MeshTimeout 3 of 4");
    }

    /** Kuma's defaults that step 4 deletes (decision 0018) are not waited for: Kuma stops counting them. */
    @Test
    void kumasDefaultsTheStepReplacesAreNotWaitedFor() {
        ClusterObservation observation = new ClusterObservation(true, 0, null, null, null, null, null, null, null, null,
                java.util.List.of(new ClusterObservation.MeshWidePolicy("MeshTimeout", "kuma-system", "mesh-timeout-all-p", "kuma-cp"),
                        new ClusterObservation.MeshWidePolicy("MeshTimeout", "kuma-system", "mesh-gateways-timeout-all-p", "kuma-cp")),
                java.util.List.of(), java.util.List.of("policy/v1")).withDataplaneServices(Set.of("api_shop_svc_8080"));
        ClusterFacts facts = new ClusterFacts(null, Set.of("allow-all-p", "p-web-to-api"), Set.of("policy/v1"), observation)
                .withKumaReports(new KumaReports(0, 0, Map.of(), Map.of("MeshTrafficPermission", 2L, "MeshTimeout", 3L)), 2)
                .withMeshPolicies(Map.of("MeshTimeout", 5));
        PlannedStep restrict = planner.plan(fromSpec("p", PROFILE), facts).step(Step.RESTRICT).orElseThrow();
        assertThat(restrict.waitBefore() == null || !restrict.waitBefore().message().contains("default policies"))
                .as("5 held, 2 of them Kuma's and deleted by step 4: the 3 Kuma counts are enough").isTrue();
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
