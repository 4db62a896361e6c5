package io.kumaops.operator.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.CaBackend;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.api.v1alpha1.StoreType;
import io.kumaops.operator.api.v1alpha1.Suppression;
import io.kumaops.operator.api.v1alpha1.TrafficPermissionMode;
import io.kumaops.operator.model.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FindingEngineTest {

    private final FindingEngine engine = FindingEngine.standard();

    /** mTLS on, Restricted with no rules, enabledBackend missing, multi-zone on: three blocking errors. */
    private static KumaProductionProfile unsafeProfile() {
        return TestProfiles.profile(spec -> {
            // Kong Mesh: SingleCaBackend applies there (open-source Kuma admits one backend only).
            spec.distribution = io.kumaops.operator.api.v1alpha1.Distribution.KongMesh;
            spec.mtls.enabled = true;
            spec.mtls.enabledBackend = "ca-2";
            CaBackend backend = SingleCaBackendRuleTest.builtin("ca-1");
            spec.mtls.backends = List.of(backend);
            spec.trafficPermissions.mode = TrafficPermissionMode.Restricted;
            spec.controlPlane.store.type = StoreType.Memory;
        });
    }

    @Test
    void everyFindingGetsDocsUrlAndSource() {
        FindingResult result = engine.evaluate(RuleContext.offline(unsafeProfile()));
        assertThat(result.findings()).isNotEmpty().allSatisfy(finding -> {
            assertThat(finding.docsUrl).isEqualTo(
                    "https://github.com/kumaops/kuma-production-operator/blob/main/docs/findings.md#" + finding.code.toLowerCase());
            assertThat(finding.source).isEqualTo(FindingSource.Profile);
            assertThat(finding.suppressed).isFalse();
            assertThat(finding.suppressionReason).isNull();
        });
    }

    @Test
    void findingsAreSortedBySeverityThenCodeThenPath() {
        List<Finding> findings = engine.evaluate(RuleContext.offline(unsafeProfile())).findings();
        assertThat(findings).isSortedAccordingTo(FindingEngine.ORDER);
        assertThat(findings.get(0).severity).isEqualTo(Severity.Error);
        assertThat(findings).extracting(finding -> finding.code)
                .containsSubsequence("EnabledBackendNotDefined", "InMemoryStore", "MtlsWithoutTrafficPermission")
                .contains("SingleCaBackend", "DefaultSidecarResources", "LowSidecarLimits");
    }

    @Test
    void blockedStepsComeFromUnsuppressedFindings() {
        FindingResult result = engine.evaluate(RuleContext.offline(unsafeProfile()));
        assertThat(result.blockedSteps()).containsExactly(Step.MTLS, Step.RESTRICT);
        assertThat(result.blockingCodes().get(Step.MTLS)).containsExactly("EnabledBackendNotDefined");
        assertThat(result.blocks(Step.MULTI_ZONE)).isFalse();
    }

    @Test
    void specSuppressionKeepsTheFindingMarkedAndUnblocksItsStep() {
        KumaProductionProfile profile = unsafeProfile();
        profile.getSpec().suppress = new ArrayList<>(List.of(new Suppression("EnabledBackendNotDefined", "ca-2 arrives by hand")));
        FindingResult result = engine.evaluate(RuleContext.offline(profile));
        assertThat(result.findings()).filteredOn(finding -> finding.code.equals("EnabledBackendNotDefined")).singleElement()
                .satisfies(finding -> {
                    assertThat(finding.suppressed).isTrue();
                    assertThat(finding.suppressionReason).isEqualTo("ca-2 arrives by hand");
                });
        assertThat(result.blockedSteps()).containsExactly(Step.RESTRICT);
        assertThat(result.summary().suppressed).isEqualTo(1);
    }

    @Test
    void annotationSuppressesWithItsOwnReasonAndSpecReasonWins() {
        KumaProductionProfile profile = unsafeProfile();
        profile.getSpec().suppress = new ArrayList<>(List.of(new Suppression("InMemoryStore", "throwaway cluster")));
        profile.getMetadata().setAnnotations(Map.of("kumaops.io/suppress", "InMemoryStore, SingleCaBackend"));
        List<Finding> findings = engine.evaluate(RuleContext.offline(profile)).findings();
        assertThat(findings).filteredOn(finding -> finding.code.equals("InMemoryStore")).singleElement()
                .satisfies(finding -> assertThat(finding.suppressionReason).isEqualTo("throwaway cluster"));
        assertThat(findings).filteredOn(finding -> finding.code.equals("SingleCaBackend")).singleElement()
                .satisfies(finding -> assertThat(finding.suppressionReason).isEqualTo("annotation kumaops.io/suppress"));
    }

    @Test
    void summaryCountsUnsuppressedBySeverity() {
        KumaProductionProfile profile = unsafeProfile();
        profile.getMetadata().setAnnotations(Map.of("kumaops.io/suppress", "LowSidecarLimits"));
        FindingResult result = engine.evaluate(RuleContext.offline(profile));
        List<Finding> active = result.active();
        assertThat(result.summary().errors).isEqualTo(active.stream().filter(f -> f.severity == Severity.Error).count());
        assertThat(result.summary().warnings).isEqualTo(active.stream().filter(f -> f.severity == Severity.Warning).count());
        assertThat(result.summary().infos).isEqualTo(active.stream().filter(f -> f.severity == Severity.Info).count());
        assertThat(result.summary().suppressed).isEqualTo(1);
        assertThat(result.summary().errors).isEqualTo(3);
    }

    @Test
    void unknownSuppressionIsAFindingAndSuppressesNothing() {
        KumaProductionProfile profile = unsafeProfile();
        profile.getSpec().suppress = new ArrayList<>(List.of(new Suppression("InMemoryStorage", "typo")));
        FindingResult result = engine.evaluate(RuleContext.offline(profile));
        assertThat(result.findings()).filteredOn(finding -> finding.code.equals("UnknownSuppression")).singleElement()
                .satisfies(finding -> {
                    assertThat(finding.severity).isEqualTo(Severity.Warning);
                    assertThat(finding.path).isEqualTo("spec.suppress[0].code");
                });
        assertThat(result.summary().suppressed).isZero();
    }

    @Test
    void ruleCannotReportUnderAnotherCodeOrSeverity() {
        Rule liar = new Rule() {
            @Override
            public String code() {
                return "Honest";
            }

            @Override
            public Severity severity() {
                return Severity.Info;
            }

            @Override
            public RuleDoc doc() {
                return new RuleDoc("t", "w", "f", RuleDoc.Evidence.Cluster, "s");
            }

            @Override
            public Set<Step> blocks() {
                return Set.of(Step.DEFAULTS);
            }

            @Override
            public List<Finding> evaluate(RuleContext context) {
                return List.of(new Finding("Other", Severity.Error, "spec", "m", "r"));
            }
        };
        FindingResult result = new FindingEngine(new RuleCatalog(List.of(liar))).evaluate(RuleContext.offline(TestProfiles.profile(TestProfiles::defaults)));
        assertThat(result.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.code).isEqualTo("Honest");
            assertThat(finding.severity).isEqualTo(Severity.Info);
            assertThat(finding.source).isEqualTo(FindingSource.Cluster);
        });
        assertThat(result.blockedSteps()).containsExactly(Step.DEFAULTS);
    }

    @Test
    void aRuleMayEscalateToItsDeclaredSeverityAndNoOther() {
        Rule escalating = new AbstractRule("Escalating", Severity.Warning, Severity.Error) {
            @Override
            public RuleDoc doc() {
                return new RuleDoc("t", "w", "f", RuleDoc.Evidence.Cluster, "s");
            }

            @Override
            public List<Finding> evaluate(RuleContext context) {
                return List.of(Findings.escalatedFromCluster(this, "a", "m", "r"), new Finding("Escalating", Severity.Info, "b", "m", "r"));
            }
        };
        List<Finding> findings = new FindingEngine(new RuleCatalog(List.of(escalating)))
                .evaluate(RuleContext.offline(TestProfiles.profile(TestProfiles::defaults))).findings();
        assertThat(findings).extracting(f -> f.path + ":" + f.severity).containsExactly("a:Error", "b:Warning");
    }

    @Test
    void cleanProfileHasOnlyInformationalFindings() {
        KumaProductionProfile profile = TestProfiles.profile(spec -> {
            spec.controlPlane.replicas = 3;
            spec.sidecar.requests = new io.kumaops.operator.api.v1alpha1.ComputeResources("100m", "128Mi");
            spec.sidecar.limits = new io.kumaops.operator.api.v1alpha1.ComputeResources("1", "1Gi");
        });
        FindingResult result = engine.evaluate(RuleContext.offline(profile));
        assertThat(result.findings()).extracting(finding -> finding.code).containsExactly("AllowAllTrafficPermission");
        assertThat(result.blockedSteps()).isEmpty();
    }
}
