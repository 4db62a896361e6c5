package io.kumaops.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A MeshInsight's spec read as Kuma's proto JSON writes it (api/mesh/v1alpha1/mesh_insight.proto). */
class KumaReportsTest {

    @Test
    void countersAreReadAsNumbersOrStringsAndMissingOnesAreZero() {
        KumaReports reports = KumaReports.fromMeshInsight(Map.of(
                "dataplanes", Map.of("total", 3, "online", "2"),
                "mTLS", Map.of("issuedBackends", Map.of("ca-1", Map.of("total", 3, "online", 2))),
                "resources", Map.of("MeshTrafficPermission", Map.of("total", "4"))));
        assertThat(reports.dataplanesTotal()).isEqualTo(3);
        assertThat(reports.dataplanesOnline()).isEqualTo(2);
        assertThat(reports.issuedFrom("ca-1")).isEqualTo(2);
        assertThat(reports.issuedFrom("ca-2")).isZero();
        assertThat(reports.counted("MeshTrafficPermission")).isEqualTo(4);
        assertThat(reports.counted("MeshTimeout")).isZero();
    }

    @Test
    void perBackendTheHoldersOnlineOrNotAndTheOnlineDataplanesTrustingItAreRead() {
        // Kuma's resyncer.go updateMTLS: a stat per issued backend and per supported backend, total over every status.
        KumaReports reports = KumaReports.fromMeshInsight(Map.of(
                "dataplanes", Map.of("total", 5, "online", 4, "offline", 1),
                "mTLS", Map.of(
                        "issuedBackends", Map.of("ca-1", Map.of("total", "3", "online", "2", "offline", "1"), "ca-2", Map.of("total", 2, "online", 2)),
                        "supportedBackends", Map.of("ca-1", Map.of("total", 5, "online", 4), "ca-2", Map.of("total", 3, "online", "3")))));
        assertThat(reports.issuedFrom("ca-1")).isEqualTo(2);
        assertThat(reports.holdingCertificatesFrom("ca-1")).as("the offline holder too").isEqualTo(3);
        assertThat(reports.supportingOnline("ca-2")).isEqualTo(3);
        assertThat(reports.supportingOnline("ca-3")).isZero();
        assertThat(reports.withInsights(null).supportingOnline("ca-1")).as("kept with the insights").isEqualTo(4);
    }

    @Test
    void theDataplaneInsightsAreWantedOnlyWhileTheyCouldNameSomeoneTheMeshInsightCounts() {
        KumaReports noMtls = new KumaReports(3, 3, Map.of(), Map.of());
        assertThat(noMtls.dataplaneNamesWanted(null, "2.14.3")).as("a healthy mesh without mTLS").isFalse();
        assertThat(noMtls.dataplaneNamesWanted("ca-1", "2.14.3")).as("online data planes without a ca-1 certificate: the allow-all waits")
                .isTrue();
        assertThat(new KumaReports(3, 3, Map.of("ca-1", 3L), Map.of()).dataplaneNamesWanted(null, null)).as("certificates out").isTrue();
        assertThat(new KumaReports(3, 2, 1, Map.of(), Map.of(), Map.of(), null).dataplaneNamesWanted(null, null)).as("one offline").isTrue();
        assertThat(new KumaReports(1, 1, 0, Map.of("2.9.0", 1L), Map.of(), Map.of(), null).dataplaneNamesWanted(null, "2.14.3"))
                .as("a kuma-dp 2.14.3 does not support").isTrue();
    }

    @Test
    void anEmptyInsightIsAMeshWithNothingReportedYet() {
        KumaReports empty = KumaReports.fromMeshInsight(Map.of());
        assertThat(empty.dataplanesOnline()).isZero();
        assertThat(empty.counted("MeshTrafficPermission")).isZero();
    }

    @Test
    void offlineDataplanesAndEveryProxyOfAKumaDpVersionAreRead() {
        KumaReports reports = KumaReports.fromMeshInsight(Map.of(
                "dataplanes", Map.of("total", 6, "online", 3, "offline", 2, "partiallyDegraded", 1),
                "dpVersions", Map.of("kumaDp", Map.of(
                        // Kuma's own total for a version leaves the partially degraded proxy out.
                        "2.14.3", Map.of("total", 3, "online", 2, "offline", 1),
                        "2.9.0", Map.of("total", 2, "online", 1, "offline", 1, "partiallyDegraded", 1)),
                        "envoy", Map.of("1.38.2", Map.of("total", 5))),
                "mTLS", Map.of("issuedBackends", Map.of("ca-1", Map.of("total", 1)))));
        assertThat(reports.dataplanesOffline()).isEqualTo(2);
        assertThat(reports.kumaDpVersions()).containsExactlyInAnyOrderEntriesOf(Map.of("2.14.3", 3L, "2.9.0", 3L));
        assertThat(reports.certificatesIssued()).as("no online proxy holds one").isFalse();
        assertThat(reports.insights()).as("DataplaneInsights are read apart").isNull();
    }
}
