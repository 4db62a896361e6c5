package io.kumaops.operator.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextReportTest {

    @Test
    void oneLinePerFindingAtFileLineColumnWithFixAndSummary() {
        assertThat(TextReport.render(ReportFixtures.twoProfiles())).isEqualTo("""
                profiles/payments.yaml:9:7: Error [InMemoryStore] payments spec.controlPlane.store.type: spec.controlPlane.store.type is Memory
                    fix: set spec.controlPlane.store.type: Kubernetes
                profiles/payments.yaml:7:5: Warning [SingleControlPlaneReplica] payments spec.controlPlane.replicas: spec.controlPlane.replicas is 1
                    fix: set spec.controlPlane.replicas: 3
                profiles/payments.yaml:11:5: Info [AllowAllTrafficPermission] payments spec.trafficPermissions.mode: spec.trafficPermissions.mode is AllowAll
                    fix: set spec.trafficPermissions.mode: Restricted
                profiles/orders.yaml:20:5: Warning [SingleCaBackend] orders spec.mtls.backends: spec.mtls.backends lists one backend (ca-1) (suppressed: one CA by policy)
                    fix: add a second backend
                2 profiles: 1 error, 1 warning, 1 info, 1 suppressed
                """);
    }

    @Test
    void withoutSourceTextTheLineIsTheDocumentsAndAnEmptyPathIsLeftOut() {
        ProfileFindings stored = new ProfileFindings("payments", "kumaproductionprofiles/payments", 1, List.of(
                ReportFixtures.finding("KumaDeprecated", io.kumaops.operator.api.v1alpha1.Severity.Warning, "", "old", null)), "Mesh");
        assertThat(TextReport.render(List.of(stored)))
                .startsWith("kumaproductionprofiles/payments:1:1: Warning [KumaDeprecated] payments: old\n");
    }

    @Test
    void noFindingsPrintsOnlyTheSummary() {
        assertThat(TextReport.render(List.of(new ProfileFindings("clean", "clean.yaml", 1, List.of()))))
                .isEqualTo("1 profile: 0 errors, 0 warnings, 0 info, 0 suppressed\n");
    }

    @Test
    void summaryPluralises() {
        assertThat(new ReportSummary(2, 1, 3, 1, 1).describe()).isEqualTo("2 profiles: 1 error, 3 warnings, 1 info, 1 suppressed");
    }
}
