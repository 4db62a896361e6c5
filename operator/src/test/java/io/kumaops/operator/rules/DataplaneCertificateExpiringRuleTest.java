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

class DataplaneCertificateExpiringRuleTest {

    private static final Instant READ_AT = Instant.parse("2026-03-01T23:00:00Z");
    private final Rule rule = new DataplaneCertificateExpiringRule();

    private static KumaReports unrenewed(Sample sample, Instant soonest) {
        return new KumaReports(3, 3, 0, Map.of(), Map.of("ca-1", 3L), Map.of(), null)
                .withInsights(new DataplaneInsightDigest(READ_AT, 3, sample, soonest, Sample.none(), Sample.none()));
    }

    @Test
    void aConnectedDataplaneHoldingACertificateKumaShouldHaveRenewedIsAWarning() {
        var context = reporting(null, unrenewed(new Sample(2, List.of("shop/web-1", "shop/web-2")), Instant.parse("2026-03-02T00:00:00Z")));
        assertThat(rule.evaluate(context)).singleElement().satisfies(finding -> {
            assertThat(finding.severity).isEqualTo(Severity.Warning);
            assertThat(finding.source).isEqualTo(FindingSource.Cluster);
            assertThat(finding.path).isEqualTo("DataplaneInsights of mesh payments");
            assertThat(finding.message).startsWith("2 data planes of mesh payments, connected to the control plane, still hold a certificate"
                    + " past Kuma's renewal point").contains("shop/web-1, shop/web-2; the soonest expires at 2026-03-02T00:00:00Z");
            assertThat(finding.remediation).contains("cert_generation_failure");
        });
    }

    @Test
    void anExpiredOneIsSaidSo() {
        var context = reporting(null, unrenewed(new Sample(1, List.of("shop/web-1")), Instant.parse("2026-03-01T22:00:00Z")));
        assertThat(rule.evaluate(context)).singleElement()
                .satisfies(finding -> assertThat(finding.message).startsWith("1 data plane of mesh payments, connected to the control plane, still holds a").endsWith("one expired at 2026-03-01T22:00:00Z"));
    }

    @Test
    void renewedCertificatesUnreadInsightsOfflineOrNoReportsAreSilent() {
        assertThat(rule.evaluate(reporting(null, unrenewed(Sample.none(), null)))).isEmpty();
        assertThat(rule.evaluate(reporting(null, new KumaReports(3, 3, Map.of("ca-1", 3L), Map.of())))).as("insights not read").isEmpty();
        assertThat(rule.evaluate(reporting(null, null))).isEmpty();
        assertThat(rule.evaluate(TestProfiles.offline(TestProfiles::defaults))).isEmpty();
    }
}
