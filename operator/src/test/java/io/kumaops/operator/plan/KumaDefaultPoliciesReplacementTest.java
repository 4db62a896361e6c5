package io.kumaops.operator.plan;

import static io.kumaops.operator.support.TestProfiles.fromSpec;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.model.ClusterObservation.MeshWidePolicy;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.KumaDefaultPolicies;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.model.Step;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Step 4 against Kuma's own default policies (Kuma pkg/defaults/mesh/), and its timeouts against Kuma's design. */
class KumaDefaultPoliciesReplacementTest {

    private static final String ALL_KINDS = """
            policies:
              timeout: {connectionTimeout: 3s, idleTimeout: 90m, requestTimeout: 20s}
              retry: {numRetries: 2, perTryTimeout: 4s}
              circuitBreaker: {maxConnections: 500, consecutiveErrors: 7}
            """;

    private final Planner planner = new Planner();

    @Test
    void kumasDefaultsOfTheKindsTheProfileWritesAreDeletedAfterItsOwn() {
        PlannedStep step = defaults(fromSpec("payments", ALL_KINDS), kumaDefaults("payments"));
        assertThat(step.delete()).extracting(ResourceRef::kind, ResourceRef::namespace, ResourceRef::name).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("MeshTimeout", "kuma-system", "mesh-timeout-all-payments"),
                org.assertj.core.groups.Tuple.tuple("MeshTimeout", "kuma-system", "mesh-gateways-timeout-all-payments"),
                org.assertj.core.groups.Tuple.tuple("MeshRetry", "kuma-system", "mesh-retry-all-payments"),
                org.assertj.core.groups.Tuple.tuple("MeshCircuitBreaker", "kuma-system", "mesh-circuit-breaker-all-payments"));
        assertThat(step.apply()).extracting(d -> d.ref().name()).contains("kumaops-timeout-payments",
                "kumaops-timeout-payments-gateways", "kumaops-retry-payments", "kumaops-circuit-breaker-payments");
        assertThat(step.notes()).anyMatch(n -> n.contains("Kuma's default MeshRetry kuma-system/mesh-retry-all-payments is replaced"));
    }

    @Test
    void kindsTheProfileLeavesKeepKumasDefaults() {
        PlannedStep step = defaults(fromSpec("payments", "policies: {retry: {numRetries: 2}}"), kumaDefaults("payments"));
        assertThat(step.delete()).extracting(ResourceRef::name).containsExactly("mesh-retry-all-payments");
    }

    @Test
    void otherMeshesDefaultsAndOtherPoliciesStay() {
        ClusterObservation observation = observation(List.of(
                new MeshWidePolicy("MeshRetry", "kuma-system", "mesh-retry-all-orders", "kuma-cp"),
                new MeshWidePolicy("MeshRetry", "kuma-system", "team-retries", "argocd-controller"),
                new MeshWidePolicy("MeshRetry", "other-system", "mesh-retry-all-payments", "kuma-cp")));
        assertThat(defaults(fromSpec("payments", ALL_KINDS), observation).delete()).isEmpty();
    }

    @Test
    void offlineAndOnAFederatedZoneNothingIsDeleted() {
        assertThat(planner.plan(fromSpec("payments", ALL_KINDS)).step(Step.DEFAULTS).orElseThrow().delete()).isEmpty();
        KumaProductionProfile zone = fromSpec("payments", ALL_KINDS + """
                controlPlane: {role: Zone, zoneName: east}
                multiZone: {enabled: true, globalKdsAddress: "grpcs://global:5685"}
                """);
        assertThat(defaults(zone, kumaDefaults("payments")).delete()).as("a zone's defaults come from global").isEmpty();
    }

    @Test
    void sidecarTimeoutsFollowKumasDesignAndGatewaysKeepKumasOwn() {
        PlannedStep step = defaults(fromSpec("payments", ALL_KINDS), kumaDefaults("payments"));
        Map<String, Object> sidecars = Map.of("kind", "Mesh", "proxyTypes", List.of("Sidecar"));
        assertThat(spec(step, "kumaops-timeout-payments")).isEqualTo(Map.of("targetRef", sidecars,
                "to", List.of(Map.of("targetRef", Map.of("kind", "Mesh"), "default", Map.of(
                        "connectionTimeout", "3s", "idleTimeout", "90m",
                        "http", Map.of("requestTimeout", "20s", "streamIdleTimeout", "30m0s"))))));
        assertThat(spec(step, "kumaops-timeout-payments-inbound"))
                .as("inbound: twice the outbound or off, so that the caller's timeout decides")
                .isEqualTo(Map.of("targetRef", sidecars, "rules", List.of(Map.of("default", Map.of(
                        "connectionTimeout", "6s", "idleTimeout", "3h0m0s",
                        "http", Map.of("requestTimeout", "0s", "streamIdleTimeout", "1h0m0s", "maxStreamDuration", "0s"))))));
        assertThat(spec(step, "kumaops-timeout-payments-gateways")).isEqualTo(KumaDefaultPolicies.GATEWAY_TIMEOUT.spec());
    }

    @Test
    void withoutProfileValuesTheSidecarTimeoutsAreKumasDefaultOnes() {
        PlannedStep step = defaults(fromSpec("payments", "kumaVersion: \"2.9\"\npolicies: {timeout: {requestTimeout: 15s}}"), null);
        assertThat(spec(step, "kumaops-timeout-payments")).as("2.9: one policy with from and to, as Kuma's own")
                .isEqualTo(KumaDefaultPolicies.SIDECAR_TIMEOUT.spec());
    }

    @Test
    void retriesAndCircuitBreakerStartFromKumasDefaults() {
        PlannedStep step = defaults(fromSpec("payments", ALL_KINDS), null);
        Map<String, Object> backOff = Map.of("baseInterval", "25ms", "maxInterval", "250ms");
        assertThat(spec(step, "kumaops-retry-payments")).isEqualTo(Map.of("targetRef", Map.of("kind", "Mesh"),
                "to", List.of(Map.of("targetRef", Map.of("kind", "Mesh"), "default", Map.of(
                        "tcp", Map.of("maxConnectAttempt", 5),
                        "http", Map.of("numRetries", 2, "perTryTimeout", "4s", "backOff", backOff),
                        "grpc", Map.of("numRetries", 5, "perTryTimeout", "16s", "backOff", backOff))))));
        assertThat(spec(step, "kumaops-circuit-breaker-payments")).isEqualTo(Map.of("targetRef", Map.of("kind", "Mesh"),
                "to", List.of(Map.of("targetRef", Map.of("kind", "Mesh"), "default", Map.of(
                        "connectionLimits", Map.of("maxConnections", 500, "maxPendingRequests", 1024, "maxRequests", 1024, "maxRetries", 3),
                        "outlierDetection", Map.of("detectors", Map.of("totalFailures", Map.of("consecutive", 7))))))));
    }

    private PlannedStep defaults(KumaProductionProfile profile, ClusterObservation observation) {
        Plan plan = observation == null ? planner.plan(profile)
                : planner.plan(profile, new ClusterFacts(null, Set.of(), Set.of("policy/v1"), observation));
        return plan.step(Step.DEFAULTS).orElseThrow();
    }

    private static Map<String, Object> spec(PlannedStep step, String name) {
        return step.apply().stream().filter(d -> d.ref().name().equals(name)).map(DesiredResource::spec).findFirst().orElseThrow();
    }

    private static ClusterObservation kumaDefaults(String mesh) {
        return observation(KumaDefaultPolicies.all().stream()
                .map(p -> new MeshWidePolicy(p.kind(), "kuma-system", p.name(mesh), "kuma-cp")).toList());
    }

    private static ClusterObservation observation(List<MeshWidePolicy> policies) {
        return new ClusterObservation(true, 0, null, null, null, null, null, null, null, null, policies, List.of(), List.of("policy/v1"));
    }
}
