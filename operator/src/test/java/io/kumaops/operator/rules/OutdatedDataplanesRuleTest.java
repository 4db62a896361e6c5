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

class OutdatedDataplanesRuleTest {

    private final Rule rule = new OutdatedDataplanesRule();

    private static KumaReports versions(Map<String, Long> kumaDp) {
        long total = kumaDp.values().stream().mapToLong(Long::longValue).sum();
        return new KumaReports(total, total, 0, kumaDp, Map.of(), Map.of(), null);
    }

    @Test
    void kumaDpMoreThanTwoMinorsFromTheRunningControlPlaneIsAWarning() {
        KumaReports reports = versions(Map.of("2.14.3", 5L, "2.11.2", 2L, "2.9.0", 1L, "2.12.0", 3L, "unknown", 1L));
        assertThat(rule.evaluate(reporting("kumahq/kuma-cp:2.14.3", reports))).singleElement().satisfies(finding -> {
            assertThat(finding.severity).isEqualTo(Severity.Warning);
            assertThat(finding.source).isEqualTo(FindingSource.Cluster);
            assertThat(finding.path).isEqualTo("MeshInsight payments dpVersions.kumaDp");
            assertThat(finding.message).startsWith("3 data planes of mesh payments run a kuma-dp the control plane (2.14.3) does not support:"
                    + " 2.11.2 (2), 2.9.0 (1)").contains("supports kuma-dp 2.12 to 2.16").doesNotContain("among them");
            assertThat(finding.remediation).contains("kuma-dp 2.14.3");
        });
    }

    @Test
    void theDataplaneInsightsNameThem() {
        DataplaneInsightDigest insights = new DataplaneInsightDigest(Instant.EPOCH, 3, Sample.none(), null, Sample.none(),
                new Sample(1, List.of("legacy/old-7f9 (2.9.0)")));
        assertThat(rule.evaluate(reporting("kumahq/kuma-cp:2.14.3", versions(Map.of("2.9.0", 1L)).withInsights(insights))))
                .singleElement().satisfies(finding -> assertThat(finding.message).endsWith("; among them legacy/old-7f9 (2.9.0)"));
    }

    @Test
    void supportedVersionsAnUnknownControlPlaneOfflineOrNoReportsAreSilent() {
        assertThat(rule.evaluate(reporting("kumahq/kuma-cp:2.14.3", versions(Map.of("2.14.3", 4L, "2.12.1", 1L))))).isEmpty();
        assertThat(rule.evaluate(reporting("kumahq/kuma-cp:2.11.0", versions(Map.of("2.9.0", 1L))))).as("2 minors back").isEmpty();
        assertThat(rule.evaluate(reporting("kumahq/kuma-cp:2.14.3", versions(Map.of("2.9.0", 0L))))).as("nobody runs it").isEmpty();
        assertThat(rule.evaluate(reporting(null, versions(Map.of("2.9.0", 1L))))).as("control plane not observed").isEmpty();
        assertThat(rule.evaluate(reporting("registry.local/mesh-cp:latest", versions(Map.of("2.9.0", 1L))))).as("not a Kuma image").isEmpty();
        assertThat(rule.evaluate(reporting("kumahq/kuma-cp:2.14.3", null))).isEmpty();
        assertThat(rule.evaluate(TestProfiles.offline(TestProfiles::defaults))).isEmpty();
    }
}
