package io.kumaops.operator.report;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.rules.RuleCatalog;
import java.util.List;

/** Two profiles with one finding of each kind, one of them suppressed. */
final class ReportFixtures {

    private ReportFixtures() {
    }

    static Finding finding(String code, Severity severity, String path, String message, String remediation) {
        Finding finding = new Finding(code, severity, path, message, remediation);
        finding.docsUrl = RuleCatalog.docsUrl(code);
        finding.source = FindingSource.Profile;
        finding.suppressed = false;
        return finding;
    }

    static Finding suppressed(Finding finding, String reason) {
        finding.suppressed = true;
        finding.suppressionReason = reason;
        return finding;
    }

    /** profiles/payments.yaml: the fields of the three findings are on lines 7, 9 and 11. */
    static final String PAYMENTS_YAML = """
            apiVersion: kumaops.io/v1alpha1
            kind: KumaProductionProfile
            metadata:
              name: payments
            spec:
              controlPlane:
                replicas: 1
                store:
                  type: Memory
              trafficPermissions:
                mode: AllowAll
            """;

    /** profiles/orders.yaml: the profile is the second document, from line 14; spec.mtls.backends is on line 20. */
    static final String ORDERS_YAML = "\n".repeat(12) + "---\n" + """
            apiVersion: kumaops.io/v1alpha1
            kind: KumaProductionProfile
            metadata:
              name: orders
            spec:
              mtls:
                backends:
                  - name: ca-1
            """;

    static List<ProfileFindings> twoProfiles() {
        return List.of(
                new ProfileFindings("payments", "profiles/payments.yaml", 1, List.of(
                        finding("InMemoryStore", Severity.Error, "spec.controlPlane.store.type",
                                "spec.controlPlane.store.type is Memory", "set spec.controlPlane.store.type: Kubernetes"),
                        finding("SingleControlPlaneReplica", Severity.Warning, "spec.controlPlane.replicas",
                                "spec.controlPlane.replicas is 1", "set spec.controlPlane.replicas: 3"),
                        finding("AllowAllTrafficPermission", Severity.Info, "spec.trafficPermissions.mode",
                                "spec.trafficPermissions.mode is AllowAll", "set spec.trafficPermissions.mode: Restricted")))
                        .withLocator(YamlLocator.forDocument(PAYMENTS_YAML, 1)),
                new ProfileFindings("orders", "profiles/orders.yaml", 14, List.of(
                        suppressed(finding("SingleCaBackend", Severity.Warning, "spec.mtls.backends",
                                "spec.mtls.backends lists one backend (ca-1)", "add a second backend"), "one CA by policy")))
                        .withLocator(YamlLocator.forDocument(ORDERS_YAML, 14)));
    }
}
