package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.CiliumKubeProxyReplacementRuleTest.cilium;
import static io.kumaops.operator.rules.TestProfiles.observed;
import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.PlatformProvider;
import org.junit.jupiter.api.Test;

class ProfileContradictsClusterRuleTest {

    private final Rule rule = new ProfileContradictsClusterRule();

    @Test
    void argoCdDeniedButInstalledIsReported() {
        var context = observed(spec -> spec.gitOps.argoCD = false, Observation.cluster().argoCd(true).build());
        assertThat(rule.evaluate(context)).singleElement().satisfies(finding -> {
            assertThat(finding.source).isEqualTo(FindingSource.Cluster);
            assertThat(finding.path).isEqualTo("spec.gitOps.argoCD");
            assertThat(finding.message).contains("spec.gitOps.argoCD is false but Argo CD's CRDs are served");
            assertThat(finding.remediation).isEqualTo("set spec.gitOps.argoCD: true to match the cluster, or remove spec.gitOps.argoCD so it is detected");
        });
    }

    @Test
    void everyContradictedFieldIsReported() {
        var context = observed(spec -> {
            spec.gitOps.argoRollouts = true;
            spec.platform.provider = PlatformProvider.EKS;
            spec.platform.cilium = cilium(false, false, false);
            spec.controlPlane.replicas = 3;
        }, Observation.cluster().argoRollouts(false).provider("GKE").cilium(true, true)
                .controlPlane(Observation.controlPlane(1)).build());
        assertThat(rule.evaluate(context)).extracting((Finding finding) -> finding.path).containsExactly(
                "spec.gitOps.argoRollouts", "spec.platform.provider", "spec.platform.cilium.present",
                "spec.platform.cilium.kubeProxyReplacement", "spec.platform.cilium.cniExclusive", "spec.controlPlane.replicas");
    }

    @Test
    void agreementOrUnsetFieldsAreFine() {
        assertThat(rule.evaluate(observed(spec -> spec.gitOps.argoCD = true, Observation.cluster().argoCd(true).build()))).isEmpty();
        assertThat(rule.evaluate(observed(Observation.cluster().argoCd(true).provider("OpenShift").build()))).isEmpty();
    }

    @Test
    void managedReplicasAreConvergedNotContradicted() {
        assertThat(rule.evaluate(observed(spec -> {
            spec.controlPlane.replicas = 3;
            spec.controlPlane.manage = true;
        }, Observation.cluster().controlPlane(Observation.controlPlane(1)).build()))).isEmpty();
    }

    @Test
    void undetectedCiliumIsNotEvidenceOfAbsence() {
        assertThat(rule.evaluate(observed(spec -> spec.platform.cilium = cilium(true, false, false), Observation.cluster().build()))).isEmpty();
    }

    @Test
    void offlineThereIsNothingToContradict() {
        assertThat(rule.evaluate(offline(spec -> spec.gitOps.argoCD = false))).isEmpty();
    }

    @Test
    void aZoneProfileOnAGlobalControlPlaneIsReported() {
        var findings = rule.evaluate(observed(spec -> spec.controlPlane.role = io.kumaops.operator.api.v1alpha1.ControlPlaneRole.Zone,
                Observation.cluster().controlPlane(Observation.controlPlane(1, java.util.Map.of("KUMA_MODE", "global"), null, null)).build()));
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.path).isEqualTo("spec.controlPlane.role");
            assertThat(f.message).contains("is Zone but the control plane runs with KUMA_MODE=global");
        });
    }

    @Test
    void aZonesNameAndGlobalAddressAreComparedWithTheControlPlanes() {
        var env = java.util.Map.of("KUMA_MODE", "zone", "KUMA_MULTIZONE_ZONE_NAME", "us-west",
                "KUMA_MULTIZONE_ZONE_GLOBAL_ADDRESS", "grpcs://old-global.example.com:5685");
        var findings = rule.evaluate(observed(spec -> {
            spec.controlPlane.role = io.kumaops.operator.api.v1alpha1.ControlPlaneRole.Zone;
            spec.controlPlane.zoneName = "us-east";
            spec.multiZone.globalKdsAddress = "grpcs://kuma-global.example.com:5685";
        }, Observation.cluster().controlPlane(Observation.controlPlane(1, env, null, null)).build()));
        assertThat(findings).extracting(f -> f.path).containsExactlyInAnyOrder("spec.controlPlane.zoneName", "spec.multiZone.globalKdsAddress");

        var agreeing = rule.evaluate(observed(spec -> {
            spec.controlPlane.role = io.kumaops.operator.api.v1alpha1.ControlPlaneRole.Zone;
            spec.controlPlane.zoneName = "us-west";
            spec.multiZone.globalKdsAddress = "grpcs://old-global.example.com:5685";
        }, Observation.cluster().controlPlane(Observation.controlPlane(1, env, null, null)).build()));
        assertThat(agreeing).isEmpty();
    }

    @Test
    void aStandaloneProfileOnAFederatedZoneIsReportedButAnUnknownModeIsNot() {
        var federated = java.util.Map.of("KUMA_MODE", "zone", "KUMA_MULTIZONE_ZONE_GLOBAL_ADDRESS", "grpcs://kuma-global.example.com:5685");
        assertThat(rule.evaluate(observed(spec -> { }, Observation.cluster().controlPlane(Observation.controlPlane(1, federated, null, null)).build())))
                .extracting(f -> f.path).containsExactly("spec.controlPlane.role");
        assertThat(rule.evaluate(observed(spec -> { }, Observation.cluster().controlPlane(Observation.controlPlane(1)).build())))
                .as("no KUMA_MODE observed: nothing to compare").isEmpty();
    }
}
