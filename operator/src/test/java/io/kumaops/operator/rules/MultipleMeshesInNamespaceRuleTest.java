package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.observed;
import static io.kumaops.operator.rules.TestProfiles.offline;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kuma 2.13+: one mesh per namespace; an Error where the control plane refuses pods that would mix. */
class MultipleMeshesInNamespaceRuleTest {

    private final Rule rule = new MultipleMeshesInNamespaceRule();

    private static Observation withDisallow(String value) {
        return Observation.cluster().controlPlane(Observation.controlPlane(3,
                Map.of("KUMA_RUNTIME_KUBERNETES_DISALLOW_MULTIPLE_MESHES_PER_NAMESPACE", value), null, null));
    }

    /** What the engine reports, severity as completed by it. */
    private static List<Finding> reported(RuleContext context) {
        return new FindingEngine(new RuleCatalog(List.of(new MultipleMeshesInNamespaceRule()))).evaluate(context).findings();
    }

    @Test
    void dataplanesOfAnotherMeshInTheNamespaceAreAWarning() {
        var context = observed(Observation.cluster().namespace("shop", "enabled", null, 4, "billing").build());
        assertThat(reported(context)).singleElement().satisfies(finding -> {
            assertThat(finding.severity).isEqualTo(Severity.Warning);
            assertThat(finding.source).isEqualTo(FindingSource.Cluster);
            assertThat(finding.path).isEqualTo("Namespace shop");
            assertThat(finding.message).contains("mesh payments shares namespace shop (Dataplanes of mesh billing) with another mesh",
                    "does not support several meshes in one namespace");
            assertThat(finding.remediation).contains("move the other mesh's workloads out of shop", "kuma.io/mesh label to the mesh it is for");
        });
    }

    @Test
    void aNamespaceLabelledForAnotherMeshIsSharedToo() {
        var context = observed(Observation.cluster().namespace("shop", "enabled", "billing", 4, null).build());
        assertThat(rule.evaluate(context)).singleElement()
                .satisfies(finding -> assertThat(finding.message).contains("shop (labelled kuma.io/mesh: billing)"));
        var ownLabel = observed(Observation.cluster().namespace("shop", "enabled", "payments", 4, null).build());
        assertThat(rule.evaluate(ownLabel)).isEmpty();
    }

    @Test
    void aNamespaceWithoutTheMeshsDataplanesIsNotShared() {
        var context = observed(Observation.cluster().namespace("kuma-system", "false", "billing", 0, null).build());
        assertThat(rule.evaluate(context)).isEmpty();
    }

    @Test
    void anErrorWhenTheControlPlaneRefusesPodsThatWouldMix() {
        var context = observed(withDisallow("true").namespace("shop", "enabled", null, 4, "billing").build());
        assertThat(reported(context)).singleElement().satisfies(finding -> {
            assertThat(finding.severity).isEqualTo(Severity.Error);
            assertThat(finding.message).contains("KUMA_RUNTIME_KUBERNETES_DISALLOW_MULTIPLE_MESHES_PER_NAMESPACE=true",
                    "restarts and scale-ups there fail");
        });
        // Go's ParseBool: "1" and "True" are true, "yes" is not (Kuma would not start with it).
        assertThat(reported(observed(withDisallow("1").namespace("shop", "enabled", null, 4, "billing").build())))
                .extracting(f -> f.severity).containsExactly(Severity.Error);
        assertThat(reported(observed(withDisallow("false").namespace("shop", "enabled", null, 4, "billing").build())))
                .extracting(f -> f.severity).containsExactly(Severity.Warning);
        assertThat(reported(observed(withDisallow("yes").namespace("shop", "enabled", null, 4, "billing").build())))
                .extracting(f -> f.severity).containsExactly(Severity.Warning);
    }

    @Test
    void severalSharedNamespacesMakeOneFinding() {
        var context = observed(Observation.cluster().namespace("shop", "enabled", null, 4, "billing")
                .namespace("web", "enabled", "ads", 1, null).build());
        assertThat(rule.evaluate(context)).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("Namespaces shop and web");
            assertThat(finding.message).contains("namespaces shop (Dataplanes of mesh billing) and web (labelled kuma.io/mesh: ads)");
        });
    }

    @Test
    void beforeKuma213ItIsNotReported() {
        var context = observed(spec -> spec.kumaVersion = "2.12", Observation.cluster().namespace("shop", "enabled", null, 4, "billing").build());
        assertThat(rule.evaluate(context)).isEmpty();
    }

    @Test
    void offlineOrWithoutObservedNamespacesItSaysNothing() {
        assertThat(rule.evaluate(offline(TestProfiles::defaults))).isEmpty();
        assertThat(rule.evaluate(observed(Observation.cluster().dataplanes(10).build()))).isEmpty();
    }
}
