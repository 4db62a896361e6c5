package io.kumaops.operator.plan;

import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.Step;
import static io.kumaops.operator.support.TreePath.index;
import static io.kumaops.operator.support.TreePath.listAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.support.TestProfiles;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Multi-zone on a zone control plane: the policy fence, and nothing cross-zone before mTLS is observed. */
class ZonePolicyFenceTest {

    private static final Map<String, Object> MTLS_ON = Map.of("mtls", Map.of("enabledBackend", "ca-1"));
    private static final Set<String> KUBE_130 = Set.of("admissionregistration.k8s.io/v1", ZonePolicyFence.SERVED_MARKER,
            "autoscaling/v2", "policy/v1");
    private static final Set<String> KUBE_120 = Set.of("admissionregistration.k8s.io/v1", "autoscaling/v2beta2", "policy/v1beta1");

    private final Planner planner = new Planner();

    private static KumaProductionProfile zone() {
        KumaProductionProfile profile = TestProfiles.example("multizone-zone.yaml");
        profile.getSpec().controlPlane.zoneGovernance.allowedGroups = List.of("platform-admins", "say \"hi\"");
        return profile;
    }

    private static ClusterFacts cluster(Map<String, Object> mesh, Set<String> served, String identity) {
        // The operator's own allow-all is in place: restoring or keeping it is no widening of access.
        return new ClusterFacts(mesh, Set.of("allow-all-default"), served, ClusterObservation.empty(), Map.of(), identity);
    }

    /** The fence's matchConditions, expression by name. */
    private static Map<Object, Object> conditions(Map<String, Object> spec) {
        return index(spec, "matchConditions", "name", "expression");
    }

    private static PlannedStep multiZone(Plan plan) {
        return plan.step(Step.MULTI_ZONE).orElseThrow();
    }

    @Test
    void aZoneThatServesTheApiGetsThePolicyAndItsBindingFirst() {
        Plan plan = planner.plan(zone(), cluster(MTLS_ON, KUBE_130, "system:serviceaccount:kumaops:kuma-production-operator"));
        assertThat(multiZone(plan).apply()).extracting(r -> r.ref().kind())
                .containsExactly("ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "HorizontalPodAutoscaler", "PodDisruptionBudget");
        DesiredResource policy = multiZone(plan).apply().get(0);
        assertThat(policy.ref().apiVersion()).isEqualTo("admissionregistration.k8s.io/v1");
        assertThat(policy.ref().namespace()).isNull();
        assertThat(policy.ref().name()).isEqualTo("kumaops-zone-policy-fence-us-east");
        Map<String, Object> spec = policy.spec();
        assertThat(spec).containsEntry("failurePolicy", "Fail");
        assertThat(listAt(spec, "matchConstraints.resourceRules")).singleElement(MAP)
                .containsEntry("apiGroups", List.of("kuma.io")).containsEntry("operations", List.of("CREATE", "UPDATE", "DELETE"));
        assertThat(listAt(spec, "matchConstraints.resourceRules[0].resources"))
                .contains("meshtrafficpermissions", "meshtimeouts").doesNotContain("meshes", "meshservices");
        assertThat(conditions(spec))
                .containsEntry("not-kuma-control-plane", "request.userInfo.username != \"system:serviceaccount:kuma-system:kuma-control-plane\"")
                .containsEntry("not-kuma-production-operator", "request.userInfo.username != \"system:serviceaccount:kumaops:kuma-production-operator\"")
                .containsEntry("not-an-allowed-group", "!request.userInfo.groups.exists(g, g in [\"platform-admins\", \"say \\\"hi\\\"\"])");
        assertThat(listAt(spec, "validations")).singleElement(MAP).containsEntry("expression", "false").containsEntry("reason", "Forbidden");
        assertThat(multiZone(plan).apply().get(1).spec()).isEqualTo(Map.of(
                "policyName", "kumaops-zone-policy-fence-us-east", "validationActions", List.of("Deny")));
        assertThat(withoutDeprecations(plan)).isEmpty();
    }

    @Test
    void withoutTheApiThereIsNoFenceAndTheZoneIngressStillScales() {
        Plan plan = planner.plan(zone(), cluster(MTLS_ON, KUBE_120, null));
        assertThat(multiZone(plan).apply()).extracting(r -> r.ref().kind() + " " + r.ref().apiVersion())
                .containsExactly("HorizontalPodAutoscaler autoscaling/v2beta2", "PodDisruptionBudget policy/v1beta1");
        assertThat(multiZone(plan).notes()).anyMatch(n -> n.contains("does not serve admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy"));
    }

    @Test
    void anOperatorThatDoesNotKnowItsIdentityDoesNotFenceItselfOut() {
        Plan plan = planner.plan(zone(), cluster(MTLS_ON, KUBE_130, null));
        assertThat(multiZone(plan).apply()).extracting(r -> r.ref().kind()).doesNotContain("ValidatingAdmissionPolicy");
        assertThat(withoutDeprecations(plan)).singleElement().satisfies(finding -> {
            assertThat(finding.code).isEqualTo(ZonePolicyFence.MISSING_CODE);
            assertThat(finding.severity).isEqualTo(Severity.Warning);
        });
    }

    @Test
    void anOperatorWhoseRbacRefusesAdmissionPoliciesWritesNoFenceAndSaysWhy() {
        ClusterFacts denied = cluster(MTLS_ON, KUBE_130, "system:serviceaccount:kumaops:kuma-production-operator")
                .withDeniedWrites(Set.of("admissionregistration.k8s.io/validatingadmissionpolicies"));
        Plan plan = planner.plan(zone(), denied);
        assertThat(multiZone(plan).apply()).extracting(r -> r.ref().kind()).containsExactly("HorizontalPodAutoscaler", "PodDisruptionBudget");
        assertThat(withoutDeprecations(plan)).singleElement().satisfies(finding -> {
            assertThat(finding.code).isEqualTo(ZonePolicyFence.MISSING_CODE);
            assertThat(finding.severity).isEqualTo(Severity.Warning);
            assertThat(finding.message).contains("may not create ValidatingAdmissionPolicies");
            assertThat(finding.remediation).contains("zoneGovernance.enabled=true");
        });
    }

    @Test
    void renderShowsTheFenceWithoutTheOperatorsIdentity() {
        Plan plan = planner.plan(zone());
        assertThat(multiZone(plan).apply()).extracting(r -> r.ref().kind()).startsWith("ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding");
        assertThat(conditions(multiZone(plan).apply().get(0).spec())).isNotEmpty().doesNotContainKey("not-kuma-production-operator");
        assertThat(multiZone(plan).notes()).anyMatch(n -> n.contains("adds it to the fence's exceptions"));
    }

    @Test
    void governanceCanBeSwitchedOff() {
        KumaProductionProfile profile = zone();
        profile.getSpec().controlPlane.zoneGovernance.enabled = false;
        Plan plan = planner.plan(profile, cluster(MTLS_ON, KUBE_130, "op"));
        assertThat(multiZone(plan).apply()).extracting(r -> r.ref().kind()).containsExactly("HorizontalPodAutoscaler", "PodDisruptionBudget");
    }

    @Test
    void aZoneWhoseSyncedMeshHasNoMtlsIsBlockedWithCrossZoneWithoutMtls() {
        for (Map<String, Object> mesh : List.<Map<String, Object>>of(Map.of(), Map.of("mtls", Map.of("backends", List.of())))) {
            Plan plan = planner.plan(zone(), cluster(mesh, KUBE_130, "op"));
            assertThat(multiZone(plan).apply()).isEmpty();
            assertThat(multiZone(plan).blockedBy()).containsExactly("CrossZoneWithoutMtls");
            assertThat(withoutDeprecations(plan)).extracting(f -> f.code + " " + f.severity).containsExactly("CrossZoneWithoutMtls Error");
        }
        Plan noMesh = planner.plan(zone(), cluster(null, KUBE_130, "op"));
        assertThat(multiZone(noMesh).blockedBy()).containsExactly("CrossZoneWithoutMtls");
    }

    @Test
    void aGlobalControlPlaneIsNotFenced() {
        Plan plan = planner.plan(TestProfiles.example("multizone-global.yaml"), cluster(MTLS_ON, KUBE_130, "op"));
        assertThat(multiZone(plan).apply()).extracting(r -> r.ref().kind()).containsExactly("Zone", "Zone", "NetworkPolicy");
    }

    @Test
    void theFenceCoversKumaPolicyKindsOnly() {
        assertThat(io.kumaops.operator.model.KumaKinds.KUMA_POLICY_RESOURCES).hasSize(16).allMatch(r -> r.startsWith("mesh"))
                .doesNotContain("meshes", "meshservices", "meshgateways", "meshexternalservices");
        assertThat(ZonePolicyFence.cel("a\\b\"c")).isEqualTo("\"a\\\\b\\\"c\"");
    }

    /** The planner's findings but the Info notes on Kuma's deprecations, which every 2.14 allow-all carries (MTP from[]). */
    static java.util.List<io.kumaops.operator.api.v1alpha1.Finding> withoutDeprecations(Plan plan) {
        return plan.findings().stream().filter(f -> !f.code.equals("KumaDeprecated")).toList();
    }
}
