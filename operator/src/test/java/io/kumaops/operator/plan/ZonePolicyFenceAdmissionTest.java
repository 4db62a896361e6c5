package io.kumaops.operator.plan;

import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.model.Step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.support.TestProfiles;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Decides admission the way the API server does for a ValidatingAdmissionPolicy with Deny: the request is judged
 * when every matchCondition is true, and then denied when a validation is false. The expressions are the ones the
 * planner emits, compiled and evaluated by a real CEL engine, so a typo or a wrong operator fails here even though
 * the local API server (1.20) serves no admission policies.
 */
class ZonePolicyFenceAdmissionTest {

    private static final String OPERATOR = "system:serviceaccount:kumaops:kuma-production-operator";
    private static final String KUMA_CONTROL_PLANE = "system:serviceaccount:kuma-system:kuma-control-plane";

    private final CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("request", SimpleType.DYN)
            .addVar("object", SimpleType.DYN)
            .addVar("oldObject", SimpleType.DYN)
            .build();
    private final CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().build();
    private final Map<String, Object> policy = fence();

    @Test
    void aLocalWriteByAnyoneElseIsDenied() throws Exception {
        assertThat(admitted("jane@example.com", List.of("system:authenticated", "developers"))).isFalse();
        assertThat(admitted("system:serviceaccount:argocd:argocd-application-controller", List.of("system:serviceaccounts"))).isFalse();
    }

    @Test
    void kumasControlPlaneTheOperatorAndTheAllowedGroupsMayWrite() throws Exception {
        assertThat(admitted(KUMA_CONTROL_PLANE, List.of("system:serviceaccounts"))).as("Kuma syncs from the global CP").isTrue();
        assertThat(admitted(OPERATOR, List.of("system:serviceaccounts"))).as("the zone's own allow-all and rules").isTrue();
        assertThat(admitted("oncall@example.com", List.of("system:authenticated", "platform-admins"))).isTrue();
        assertThat(admitted("quote@example.com", List.of("say \"hi\""))).as("a group name that needs escaping").isTrue();
    }

    @Test
    void kubernetesCleanupMayDeleteSoANamespaceWithAPolicyCanGo() throws Exception {
        for (String cleanup : ZonePolicyFence.CLEANUP_USERS) {
            assertThat(admitted(cleanup, List.of("system:serviceaccounts"), "DELETE")).as(cleanup + " deletes").isTrue();
            assertThat(admitted(cleanup, List.of("system:serviceaccounts"), "CREATE")).as(cleanup + " creates").isFalse();
        }
        assertThat(admitted("jane@example.com", List.of("system:authenticated"), "DELETE")).isFalse();
    }

    @Test
    void theMessageTellsWhereToWriteInstead() {
        Map<String, Object> validation = validations().get(0);
        assertThat(validation).extractingByKey("message", STRING).contains("come from the global control plane", "us-east");
        assertThat(validation.get("reason")).isEqualTo("Forbidden");
    }

    /** True when the fence lets the request through. */
    private boolean admitted(String username, List<String> groups) throws Exception {
        return admitted(username, groups, "CREATE");
    }

    private boolean admitted(String username, List<String> groups, String operation) throws Exception {
        Map<String, Object> variables = Map.of(
                "request", Map.of("userInfo", Map.of("username", username, "groups", groups), "operation", operation),
                "object", Map.of("kind", "MeshTimeout", "metadata", Map.of("name", "local-timeout")),
                "oldObject", Map.of());
        for (Map<String, Object> condition : conditions()) {
            if (!(boolean) evaluate((String) condition.get("expression"), variables)) {
                return true; // a false matchCondition: the policy does not judge this request
            }
        }
        for (Map<String, Object> validation : validations()) {
            if (!(boolean) evaluate((String) validation.get("expression"), variables)) {
                return false;
            }
        }
        return true;
    }

    private Object evaluate(String expression, Map<String, Object> variables) throws Exception {
        return runtime.createProgram(compiler.compile(expression).getAst()).eval(variables);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> conditions() {
        return (List<Map<String, Object>>) policy.get("matchConditions");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> validations() {
        return (List<Map<String, Object>>) policy.get("validations");
    }

    private static Map<String, Object> fence() {
        KumaProductionProfile profile = TestProfiles.example("multizone-zone.yaml");
        profile.getSpec().controlPlane.zoneGovernance.allowedGroups = List.of("platform-admins", "say \"hi\"");
        ClusterFacts kube130 = new ClusterFacts(Map.of("mtls", Map.of("enabledBackend", "ca-1")), Set.of(),
                Set.of("admissionregistration.k8s.io/v1", ZonePolicyFence.SERVED_MARKER, "autoscaling/v2", "policy/v1"),
                ClusterObservation.empty(), Map.of(), OPERATOR);
        return new Planner().plan(profile, kube130).step(Step.MULTI_ZONE).orElseThrow().apply().stream()
                .filter(r -> r.ref().kind().equals("ValidatingAdmissionPolicy")).findFirst().orElseThrow().spec();
    }
}
