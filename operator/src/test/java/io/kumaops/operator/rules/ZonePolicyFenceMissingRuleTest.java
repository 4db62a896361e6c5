package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.observed;
import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.plan.ZonePolicyFence;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZonePolicyFenceMissingRuleTest {

    private final Rule rule = new ZonePolicyFenceMissingRule();

    /** A zone that asks for the fence (the default, like the chart's grant). */
    private static void fencedZone(io.kumaops.operator.api.v1alpha1.KumaProductionProfileSpec spec) {
        spec.controlPlane.role = ControlPlaneRole.Zone;
        spec.controlPlane.zoneGovernance.enabled = true;
    }

    /** An observation whose discovery found exactly these group versions (and resource markers). */
    private static ClusterObservation serving(String... served) {
        ClusterObservation base = Observation.cluster().build();
        return new ClusterObservation(base.kumaInstalled(), base.dataplanes(), base.controlPlane(), base.controlPlaneDisruptionBudget(),
                base.platformProvider(), base.kumaCniInstalled(), base.cilium(), base.argoCdInstalled(), base.argoRolloutsInstalled(),
                base.helmGeneratedControlPlaneTls(), base.meshWidePolicies(), base.delegatedGateways(), List.of(served));
    }

    @Test
    void zoneOnAServerWithoutValidatingAdmissionPolicyIsReported() {
        var findings = rule.evaluate(observed(ZonePolicyFenceMissingRuleTest::fencedZone,
                serving("admissionregistration.k8s.io/v1", ZonePolicyFence.NOT_SERVED_MARKER, "policy/v1beta1")));
        assertThat(findings).singleElement().satisfies(finding -> {
            assertThat(finding.source).isEqualTo(FindingSource.Cluster);
            assertThat(finding.path).isEqualTo("spec.controlPlane.zoneGovernance");
            assertThat(finding.message).contains("does not serve admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy");
        });
    }

    @Test
    void zoneOnAServerWithTheFenceApiIsFine() {
        assertThat(rule.evaluate(observed(ZonePolicyFenceMissingRuleTest::fencedZone,
                serving("admissionregistration.k8s.io/v1", ZonePolicyFence.SERVED_MARKER)))).isEmpty();
    }

    @Test
    void governanceSwitchedOffIsReportedFromTheProfileAlone() {
        assertThat(rule.evaluate(offline(spec -> {
            spec.controlPlane.role = ControlPlaneRole.Zone;
            spec.controlPlane.zoneGovernance.enabled = false;
        }))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.controlPlane.zoneGovernance.enabled");
            assertThat(finding.source).isEqualTo(FindingSource.Profile);
        });
    }

    @Test
    void aZoneIsFencedByDefault() {
        assertThat(rule.evaluate(offline(spec -> spec.controlPlane.role = ControlPlaneRole.Zone)))
                .as("zoneGovernance.enabled defaults to true: nothing to say offline").isEmpty();
        assertThat(rule.evaluate(observed(spec -> spec.controlPlane.role = ControlPlaneRole.Zone,
                serving("admissionregistration.k8s.io/v1", ZonePolicyFence.NOT_SERVED_MARKER))))
                .singleElement().satisfies(finding -> assertThat(finding.path).isEqualTo("spec.controlPlane.zoneGovernance"));
    }

    @Test
    void notObservedOrNotAZoneSaysNothing() {
        assertThat(rule.evaluate(offline(ZonePolicyFenceMissingRuleTest::fencedZone))).isEmpty();
        assertThat(rule.evaluate(observed(ZonePolicyFenceMissingRuleTest::fencedZone, serving()))).isEmpty();
        // Group versions alone (lint --cluster does not probe the resource) cannot tell: webhooks share the version.
        assertThat(rule.evaluate(observed(ZonePolicyFenceMissingRuleTest::fencedZone,
                serving("admissionregistration.k8s.io/v1")))).isEmpty();
        assertThat(rule.evaluate(observed(spec -> spec.controlPlane.role = ControlPlaneRole.Global,
                serving("admissionregistration.k8s.io/v1", ZonePolicyFence.NOT_SERVED_MARKER)))).isEmpty();
        assertThat(rule.evaluate(observed(spec -> { }, serving("admissionregistration.k8s.io/v1", ZonePolicyFence.NOT_SERVED_MARKER)))).isEmpty();
    }
}
