package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.KumaProductionProfileSpec;
import io.kumaops.operator.api.v1alpha1.PermissionAction;
import io.kumaops.operator.api.v1alpha1.PermissionRule;
import io.kumaops.operator.api.v1alpha1.TargetKind;
import io.kumaops.operator.api.v1alpha1.TargetRef;
import io.kumaops.operator.api.v1alpha1.TrafficPermissionMode;
import io.kumaops.operator.model.Step;
import java.util.List;
import org.junit.jupiter.api.Test;

class MtlsWithoutTrafficPermissionRuleTest {

    private final Rule rule = new MtlsWithoutTrafficPermissionRule();

    static PermissionRule permission(String name, PermissionAction action) {
        PermissionRule rule = new PermissionRule();
        rule.name = name;
        rule.destination = new TargetRef(TargetKind.MeshService, "backend");
        rule.sources = List.of(new TargetRef(TargetKind.Mesh, null));
        rule.action = action;
        return rule;
    }

    private static void restrictedWithMtls(KumaProductionProfileSpec spec) {
        spec.mtls.enabled = true;
        spec.trafficPermissions.mode = TrafficPermissionMode.Restricted;
    }

    @Test
    void restrictedWithoutRulesBlocksTheRestrictStep() {
        assertThat(rule.blocks()).containsExactly(Step.RESTRICT);
        assertThat(rule.evaluate(offline(MtlsWithoutTrafficPermissionRuleTest::restrictedWithMtls))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.trafficPermissions.rules");
            assertThat(finding.message).contains("has no rules");
            assertThat(finding.remediation).contains("action: Allow");
        });
    }

    @Test
    void onlyDenyRulesLeaveNothingAllowed() {
        assertThat(rule.evaluate(offline(spec -> {
            restrictedWithMtls(spec);
            spec.trafficPermissions.rules = List.of(permission("deny-legacy", PermissionAction.Deny));
        }))).singleElement().satisfies(finding -> assertThat(finding.message).contains("only Deny rules (1)"));
    }

    @Test
    void anAllowingRuleIsEnough() {
        assertThat(rule.evaluate(offline(spec -> {
            restrictedWithMtls(spec);
            spec.trafficPermissions.rules = List.of(permission("deny-legacy", PermissionAction.Deny),
                    permission("frontend", PermissionAction.Allow));
        }))).isEmpty();
        assertThat(rule.evaluate(offline(spec -> {
            restrictedWithMtls(spec);
            spec.trafficPermissions.rules = List.of(permission("shadow", PermissionAction.AllowWithShadowDeny));
        }))).isEmpty();
    }

    @Test
    void allowAllModeOrMtlsOffIsFine() {
        assertThat(rule.evaluate(offline(spec -> spec.mtls.enabled = true))).isEmpty();
        assertThat(rule.evaluate(offline(spec -> spec.trafficPermissions.mode = TrafficPermissionMode.Restricted))).isEmpty();
    }

    @Test
    void nullRuleListCountsAsEmpty() {
        assertThat(rule.evaluate(offline(spec -> {
            restrictedWithMtls(spec);
            spec.trafficPermissions.rules = null;
        }))).hasSize(1);
    }
}
