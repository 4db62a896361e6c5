package io.kumaops.operator.rules;

import static io.kumaops.operator.rules.TestProfiles.reporting;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.DataplaneInsightDigest;
import io.kumaops.operator.model.DataplaneInsightDigest.Sample;
import io.kumaops.operator.model.KumaReports;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OfflineDataplanesRuleTest {

    private final Rule rule = new OfflineDataplanesRule();

    private static KumaReports offline(long total, long offline) {
        return new KumaReports(total, total - offline, offline, Map.of(), Map.of(), Map.of(), null);
    }

    @Test
    void moreThanATenthOfTheMeshOfflineIsAWarningNamingTheDisconnectedOnes() {
        DataplaneInsightDigest insights = new DataplaneInsightDigest(Instant.EPOCH, 12, Sample.none(), null,
                new Sample(12, List.of("shop/a", "shop/b", "shop/c", "shop/d", "shop/e", "shop/f", "shop/g", "shop/h", "shop/i", "shop/j")),
                Sample.none());
        assertThat(rule.evaluate(reporting(null, offline(20, 13).withInsights(insights)))).singleElement().satisfies(finding -> {
            assertThat(finding.severity).isEqualTo(Severity.Warning);
            assertThat(finding.source).isEqualTo(FindingSource.Cluster);
            assertThat(finding.path).isEqualTo("MeshInsight payments dataplanes.offline");
            assertThat(finding.message).startsWith("13 of 20 data planes of mesh payments are offline (65%, more than 10%)")
                    .endsWith("disconnected: shop/a, shop/b, shop/c, shop/d, shop/e, shop/f, shop/g, shop/h, shop/i, shop/j and 2 more");
        });
    }

    @Test
    void theThresholdIsMoreThanTenPercentAndAtLeastOne() {
        assertThat(rule.evaluate(reporting(null, offline(10, 1)))).as("exactly 10%").isEmpty();
        assertThat(rule.evaluate(reporting(null, offline(9, 1)))).singleElement()
                .satisfies(finding -> assertThat(finding.message).contains("1 of 9 data planes of mesh payments is offline (11%").doesNotContain("disconnected:"));
        assertThat(rule.evaluate(reporting(null, offline(1, 1)))).hasSize(1);
        assertThat(rule.evaluate(reporting(null, offline(0, 0)))).as("an empty mesh").isEmpty();
    }

    @Test
    void silentOfflineAndWhileKumaReportsNothing() {
        assertThat(rule.evaluate(TestProfiles.offline(TestProfiles::defaults))).isEmpty();
        assertThat(rule.evaluate(reporting("kumahq/kuma-cp:2.14.3", null))).isEmpty();
    }
}
