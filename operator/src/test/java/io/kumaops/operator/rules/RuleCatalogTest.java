package io.kumaops.operator.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileSpec;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.model.Step;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RuleCatalogTest {

    private final RuleCatalog catalog = RuleCatalog.standard();

    @Test
    void containsTheContractCodes() {
        assertThat(catalog.codes()).contains(
                "EvenControlPlaneReplicas", "SingleControlPlaneReplica", "MissingControlPlaneDisruptionBudget", "InMemoryStore",
                "MtlsWithoutTrafficPermission", "CrossZoneWithoutMtls", "SingleCaBackend", "EnabledBackendNotDefined",
                "DefaultSidecarResources", "LowSidecarLimits", "ReachableServicesDisabled", "UnderProvisionedControlPlane",
                "PermissiveMtlsMode", "AllowAllTrafficPermission", "ArgoCdCertificateDrift", "ArgoCdMeshOwnerReference",
                "ArgoRolloutsSelectorLabels", "RestrictedPlatformWithoutCni", "CiliumKubeProxyReplacement", "CiliumExclusiveCni",
                "GlobalControlPlaneExposedToDataplanes", "SingleZoneIngressReplica", "UnstagedPolicyRollout", "DeprecatedMeshMtls",
                "DelegatedGatewayNotAnnotated", "PolicyFragmentation", "MissingZoneName", "ProfileContradictsCluster",
                "UnknownSuppression");
    }

    @Test
    void contractSeveritiesAndBlocks() {
        assertThat(rule("InMemoryStore").severity()).isEqualTo(Severity.Error);
        assertThat(rule("MtlsWithoutTrafficPermission").blocks()).containsExactly(Step.RESTRICT);
        assertThat(rule("CrossZoneWithoutMtls").blocks()).containsExactly(Step.MULTI_ZONE);
        assertThat(rule("EnabledBackendNotDefined").blocks()).containsExactly(Step.MTLS);
        assertThat(rule("LowSidecarLimits").severity()).isEqualTo(Severity.Info);
        assertThat(rule("UnknownSuppression").severity()).isEqualTo(Severity.Warning);
        assertThat(rule("ProfileContradictsCluster").severity()).isEqualTo(Severity.Warning);
    }

    @Test
    void everyRuleIsDocumentedAndNamedAfterItsClass() {
        assertThat(catalog.rules()).allSatisfy(rule -> {
            assertThat(rule.getClass().getSimpleName()).isEqualTo(rule.code() + "Rule");
            assertThat(rule.code()).matches("^[A-Z][A-Za-z0-9]+$");
            RuleDoc doc = rule.doc();
            assertThat(doc.title()).isNotBlank();
            assertThat(doc.why()).isNotBlank();
            assertThat(doc.fix()).isNotBlank();
            assertThat(doc.source()).isNotBlank();
            assertThat(doc.needsCluster()).isNotNull();
        });
    }

    @Test
    void orderIsStableAndLookupWorks() {
        assertThat(RuleCatalog.standard().rules()).isEqualTo(catalog.rules());
        assertThat(catalog.find("InMemoryStore")).get().isInstanceOf(InMemoryStoreRule.class);
        assertThat(catalog.find("inmemorystore")).isEmpty();
        assertThat(RuleCatalog.docsUrl("InMemoryStore"))
                .isEqualTo("https://github.com/kumaops/kuma-production-operator/blob/main/docs/findings.md#inmemorystore");
    }

    @Test
    void duplicateCodesAreRejected() {
        assertThatThrownBy(() -> new RuleCatalog(List.of(new InMemoryStoreRule(), new InMemoryStoreRule())))
                .hasMessageContaining("InMemoryStore");
    }

    /** A profile whose every section is null, with and without an empty observation: no rule may throw. */
    @Test
    void everyRuleToleratesNullSectionsAndEmptyObservations() {
        KumaProductionProfile bare = new KumaProductionProfile();
        bare.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("bare").build());
        KumaProductionProfileSpec spec = new KumaProductionProfileSpec();
        spec.kumaVersion = null;
        spec.mesh = null;
        spec.controlPlane = null;
        spec.mtls = null;
        spec.trafficPermissions = null;
        spec.sidecar = null;
        spec.policies = null;
        spec.multiZone = null;
        spec.platform = null;
        spec.gitOps = null;
        spec.gateway = null;
        spec.rollout = null;
        spec.suppress = null;
        bare.setSpec(spec);
        ClusterObservation empty = ClusterObservation.empty();
        ClusterObservation nulls = new ClusterObservation(null, null, null, null, null, null, null, null, null, null, null, null, null);
        for (Rule rule : catalog.rules()) {
            assertThat(rule.evaluate(RuleContext.offline(bare))).as(rule.code()).isNotNull();
            assertThat(rule.evaluate(new RuleContext(bare, Optional.of(empty)))).as(rule.code()).isNotNull();
            assertThat(rule.evaluate(new RuleContext(bare, Optional.of(nulls)))).as(rule.code()).isNotNull();
        }
        KumaProductionProfile noSpec = new KumaProductionProfile();
        noSpec.setSpec(null);
        for (Rule rule : catalog.rules()) {
            assertThat(rule.evaluate(RuleContext.offline(noSpec))).as(rule.code()).isNotNull();
        }
    }

    private Rule rule(String code) {
        return catalog.find(code).orElseThrow();
    }
}
