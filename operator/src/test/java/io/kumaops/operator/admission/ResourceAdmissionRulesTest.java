package io.kumaops.operator.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.Distribution;
import io.kumaops.operator.model.KumaVersion;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The exemption list and the label rules of {@link ResourceAdmissionRules}, and how {@link KumaAdmission} applies them. */
class ResourceAdmissionRulesTest {

    private static final String GC = "system:serviceaccount:kube-system:generic-garbage-collector";
    private static final String NAMESPACE_CONTROLLER = "system:serviceaccount:kube-system:namespace-controller";

    private static AdmissionTarget target(String version, String namespace, ControlPlaneRole role) {
        return new AdmissionTarget(Distribution.Kuma, KumaVersion.parse(version), namespace, role);
    }

    private static Map<String, Object> object(String kind, String namespace, Map<String, String> labels, Map<String, Object> spec) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", "p");
        if (namespace != null) {
            metadata.put("namespace", namespace);
        }
        metadata.put("labels", labels);
        return Map.of("apiVersion", "kuma.io/v1alpha1", "kind", kind, "metadata", metadata, "spec", spec);
    }

    private static final Map<String, Object> ALLOW_ALL = Map.of("from", List.of(Map.of("targetRef", Map.of("kind", "Mesh"),
            "default", Map.of("action", "Allow"))));

    @Test
    void exemptUsersAreTheControlPlaneAndTheGarbageCollector() {
        assertThat(ResourceAdmissionRules.exemptUsernames(target("2.14", "kuma-system", null)))
                .containsExactly("system:serviceaccount:kuma-system:kuma-control-plane", GC);
        assertThat(ResourceAdmissionRules.exemptUsernames(target("2.14", "mesh-system", null)))
                .containsExactly("system:serviceaccount:mesh-system:kuma-control-plane", GC);
    }

    @Test
    void throughTwoTwelveTheDeprecatedServiceAccountDefaultIsExemptToo() {
        assertThat(ResourceAdmissionRules.exemptUsernames(target("2.12", "mesh-system", null))).containsExactly(
                "system:serviceaccount:mesh-system:kuma-control-plane", "system:serviceaccount:kuma-system:kuma-control-plane", GC);
        assertThat(ResourceAdmissionRules.exemptUsernames(target("2.9", "kuma-system", null)))
                .containsExactly("system:serviceaccount:kuma-system:kuma-control-plane", GC);
    }

    @Test
    void kongMeshsControlPlaneRunsUnderItsChartsName() {
        AdmissionTarget kongMesh = new AdmissionTarget(Distribution.KongMesh, KumaVersion.parse("2.14"), "kong-mesh-system", null);
        assertThat(ResourceAdmissionRules.controlPlaneServiceAccount(kongMesh))
                .isEqualTo("system:serviceaccount:kong-mesh-system:kong-mesh-control-plane");
    }

    @Test
    void exemptionIsByExactUsernameNeverByGroup() {
        AdmissionTarget target = AdmissionTarget.defaults();
        assertThat(ResourceAdmissionRules.exempt(target, AdmissionRequest.UserInfo.of(GC))).isTrue();
        assertThat(ResourceAdmissionRules.exempt(target, null)).isFalse();
        assertThat(ResourceAdmissionRules.exempt(target, AdmissionRequest.UserInfo.of(NAMESPACE_CONTROLLER))).isFalse();
        assertThat(ResourceAdmissionRules.exempt(target, new AdmissionRequest.UserInfo("admin", List.of("system:masters")))).isFalse();
        assertThat(ResourceAdmissionRules.exempt(target,
                new AdmissionRequest.UserInfo("someone", List.of("system:serviceaccounts:kube-system", GC)))).isFalse();
    }

    @Test
    void theSixteenPolicyKindsAreJudgedOnEveryVersionMeshIdentityFromTwoTwelve() {
        assertThat(ResourceAdmissionRules.POLICY_KINDS).hasSize(16).doesNotHaveDuplicates();
        for (String version : List.of("2.9", "2.14")) {
            assertThat(ResourceAdmissionRules.POLICY_KINDS).allMatch(k -> ResourceAdmissionRules.judges(target(version, null, null), k));
        }
        assertThat(ResourceAdmissionRules.judges(target("2.11", null, null), "MeshIdentity")).isFalse();
        assertThat(ResourceAdmissionRules.judges(target("2.12", null, null), "MeshIdentity")).isTrue();
        assertThat(ResourceAdmissionRules.judges(AdmissionTarget.defaults(), "ContainerPatch")).isFalse();
        assertThat(ResourceAdmissionRules.judges(AdmissionTarget.defaults(), "Mesh")).isFalse();
    }

    @Test
    void federatedZoneRequiresOriginZoneInTheSystemNamespaceOnly() {
        AdmissionTarget zone = target("2.14", "kuma-system", ControlPlaneRole.Zone);
        var inSystem = ResourceAdmissionRules.judge(AdmissionRequest.create(zone,
                object("MeshTrafficPermission", "kuma-system", Map.of(), ALLOW_ALL))).orElseThrow();
        assertThat(inSystem.refused()).isTrue();
        assertThat(inSystem.violations().get(0).kumaSource()).isEqualTo(ResourceAdmissionRules.CHECKER);

        var elsewhere = ResourceAdmissionRules.judge(AdmissionRequest.create(zone,
                object("MeshTrafficPermission", "apps", Map.of(), ALLOW_ALL))).orElseThrow();
        assertThat(elsewhere.refused()).isFalse();
        assertThat(elsewhere.settled()).as("a create the rules pass is left to the kind's validator").isFalse();

        var withOrigin = ResourceAdmissionRules.judge(AdmissionRequest.create(zone,
                object("MeshTrafficPermission", "kuma-system", Map.of("kuma.io/origin", "zone"), ALLOW_ALL))).orElseThrow();
        assertThat(withOrigin.refused()).isFalse();
    }

    @Test
    void anEmptyOriginLabelCountsAsNoOrigin() {
        AdmissionTarget zone = target("2.14", "kuma-system", ControlPlaneRole.Zone);
        var verdict = ResourceAdmissionRules.judge(AdmissionRequest.create(zone,
                object("MeshTrafficPermission", "kuma-system", Map.of("kuma.io/origin", ""), ALLOW_ALL))).orElseThrow();
        assertThat(verdict.violations()).extracting(Violation::message).singleElement().asString().contains("requires 'kuma.io/origin'");
    }

    @Test
    void standaloneHasNoOriginRuleButChecksTheOriginValue() {
        AdmissionTarget standalone = target("2.14", "kuma-system", ControlPlaneRole.Standalone);
        assertThat(ResourceAdmissionRules.judge(AdmissionRequest.create(standalone,
                object("MeshTrafficPermission", "kuma-system", Map.of("kuma.io/origin", "global"), ALLOW_ALL))).orElseThrow().refused())
                .isFalse();
        assertThat(ResourceAdmissionRules.judge(AdmissionRequest.create(standalone,
                object("MeshTrafficPermission", "kuma-system", Map.of("kuma.io/origin", "elsewhere"), ALLOW_ALL))).orElseThrow()
                .violations()).containsExactly(new Violation("labels[\"kuma.io/origin\"]", "unknown resource origin \"elsewhere\"",
                        ResourceAdmissionRules.VALIDATION));
    }

    @Test
    void onDeleteOnlyTheOperationCheckRunsAndTheStoredObjectIsJudged() {
        AdmissionTarget standalone = AdmissionTarget.defaults();
        Map<String, Object> badMesh = object("MeshTrafficPermission", "kuma-system", Map.of("kuma.io/mesh", "Bad"), ALLOW_ALL);
        var delete = ResourceAdmissionRules.judge(new AdmissionRequest(standalone, AdmissionRequest.Operation.DELETE, badMesh, null))
                .orElseThrow();
        assertThat(delete.refused()).isFalse();
        assertThat(delete.settled()).isTrue();

        AdmissionTarget global = target("2.14", "kuma-system", ControlPlaneRole.Global);
        Map<String, Object> stored = object("MeshTrafficPermission", "kuma-system", Map.of("kuma.io/origin", "zone"), ALLOW_ALL);
        Map<String, Object> submitted = object("MeshTrafficPermission", "kuma-system", Map.of(), ALLOW_ALL);
        var refused = ResourceAdmissionRules.judge(new AdmissionRequest(global, AdmissionRequest.Operation.DELETE, submitted, stored))
                .orElseThrow();
        assertThat(refused.refused()).as("labels of the stored object count").isTrue();
    }

    @Test
    void exemptUsersSkipTheOperationCheckButNotTheDefaultersPolicyRole() {
        AdmissionTarget global = target("2.14", "kuma-system", ControlPlaneRole.Global);
        Map<String, Object> mixed = Map.of("targetRef", Map.of("kind", "Mesh"),
                "to", List.of(Map.of("targetRef", Map.of("kind", "Mesh"), "default", Map.of("connectionTimeout", "1s"))),
                "from", List.of(Map.of("targetRef", Map.of("kind", "Mesh"), "default", Map.of("idleTimeout", "1h"))));
        AdmissionRequest request = AdmissionRequest.create(global, object("MeshTimeout", "apps", Map.of(), mixed));

        assertThat(ResourceAdmissionRules.judge(request).orElseThrow().violations()).extracting(Violation::message)
                .containsExactly("on Global CP the policy can be created only in the system namespace:kuma-system");
        assertThat(ResourceAdmissionRules.judge(request.withUserInfo(AdmissionRequest.UserInfo.of(GC))).orElseThrow().violations())
                .containsExactly(new Violation("", "it's not allowed to mix 'to' and 'from' arrays in the same policy",
                        ResourceAdmissionRules.DEFAULTER));
    }

    @Test
    void listsAKindsSchemaLacksDoNotCount() {
        // MeshTrafficPermission has no to: the API server prunes it, so it never mixes with from.
        Map<String, Object> spec = new LinkedHashMap<>(ALLOW_ALL);
        spec.put("to", List.of(Map.of("targetRef", Map.of("kind", "Mesh"))));
        var verdict = ResourceAdmissionRules.judge(AdmissionRequest.create(AdmissionTarget.defaults(),
                object("MeshTrafficPermission", "apps", Map.of(), spec))).orElseThrow();
        assertThat(verdict.refused()).isFalse();
    }

    @Test
    void kumaAdmissionLeavesWhatTheRulesPassToTheKindsValidator() {
        KumaAdmission admission = KumaAdmission.standard();
        AdmissionVerdict passed = admission.review(AdmissionRequest.create(AdmissionTarget.defaults(),
                object("MeshTrafficPermission", "kuma-system", Map.of(), ALLOW_ALL)));
        AdmissionVerdict refused = admission.review(AdmissionRequest.create(AdmissionTarget.defaults(),
                object("MeshTrafficPermission", "kuma-system", Map.of("kuma.io/mesh", ""), ALLOW_ALL)));
        assertThat(refused.modelled()).isTrue();
        assertThat(refused.allowed()).isFalse();
        assertThat(passed.modelled()).isEqualTo(admission.models("MeshTrafficPermission"));
    }
}
