package io.kumaops.operator.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Suppression;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UnknownSuppressionRuleTest {

    private final Rule rule = new UnknownSuppressionRule(Set.of("SingleCaBackend", "InMemoryStore", "UnknownSuppression"));

    @Test
    void unknownCodeInSpecSuppressIsReportedWithACaseHint() {
        KumaProductionProfile profile = TestProfiles.profile(spec -> spec.suppress = new ArrayList<>(List.of(
                new Suppression("SingleCaBackend", "one CA by policy"),
                new Suppression("Singlecabackend", "typo"))));
        assertThat(rule.evaluate(RuleContext.offline(profile))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("spec.suppress[1].code");
            assertThat(finding.message).contains("\"Singlecabackend\"").contains("did you mean SingleCaBackend?");
        });
    }

    @Test
    void unknownCodeInTheAnnotationIsReported() {
        KumaProductionProfile profile = TestProfiles.profile(TestProfiles::defaults);
        profile.getMetadata().setAnnotations(Map.of("kumaops.io/suppress", " InMemoryStore , NoSuchRule,"));
        assertThat(rule.evaluate(RuleContext.offline(profile))).singleElement().satisfies(finding -> {
            assertThat(finding.path).isEqualTo("metadata.annotations[kumaops.io/suppress]");
            assertThat(finding.message).contains("\"NoSuchRule\"");
        });
    }

    @Test
    void knownCodesAreFine() {
        KumaProductionProfile profile = TestProfiles.profile(spec -> spec.suppress = List.of(new Suppression("InMemoryStore", "dev")));
        profile.getMetadata().setAnnotations(Map.of("kumaops.io/suppress", "SingleCaBackend"));
        assertThat(rule.evaluate(RuleContext.offline(profile))).isEmpty();
    }

    @Test
    void nullListsAndEntriesAreTolerated() {
        List<Suppression> withNull = new ArrayList<>();
        withNull.add(null);
        assertThat(rule.evaluate(TestProfiles.offline(spec -> spec.suppress = withNull))).isEmpty();
        assertThat(rule.evaluate(TestProfiles.offline(spec -> spec.suppress = null))).isEmpty();
    }
}
