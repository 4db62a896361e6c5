package io.kumaops.operator.it;

import static io.kumaops.operator.it.ItSupport.apply;
import static io.kumaops.operator.it.ItSupport.awaitPhase;
import static io.kumaops.operator.it.ItSupport.awaitProfile;
import static io.kumaops.operator.support.TreePath.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.standin.InsightReporter;
import io.kumaops.operator.standin.InsightReporter.DataplaneRef;
import io.kumaops.operator.support.TestProfiles;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Kuma in the loop, the data planes unhealthy: the stand-in reports a certificate Kuma failed to renew, a kuma-dp
 * three minors behind the control plane and a disconnected proxy, and the profile's status carries each finding as a
 * Warning, with the data planes named, while the rollout completes; each finding goes once its cause does.
 */
class DataplaneHealthFindingsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static TestCluster cluster;
    private static KubernetesClient client;
    private static TestCluster.RunningOperator operator;

    @BeforeAll
    static void start() {
        cluster = TestCluster.get();
        client = cluster.client();
        var options = TestCluster.testOptions(Duration.ofMillis(500));
        operator = cluster.startOperator(options.withSettings(options.settings().withInsightReadInterval(Duration.ofMillis(500))));
    }

    @AfterAll
    static void stop() {
        operator.close();
    }

    @Test
    void unhealthyDataplanesAreWarningsInTheStatusAndGoWithTheirCause() {
        String name = TestCluster.uniqueName("dphealth");
        String app = name + "-app";
        KumaProductionProfile profile = ItSupport.isolate(client, TestProfiles.fromSpec(name, """
                mtls:
                  enabled: true
                  enabledBackend: ca-1
                  backends:
                    - {name: ca-1, type: Builtin}
                """), name);
        String system = profile.getSpec().controlPlane.systemNamespace;
        ItSupport.seedControlPlane(client, system, 1); // kumahq/kuma-cp:2.14.3: the version the rule judges against
        ItSupport.createNamespace(client, app);
        apply(client, profile);
        awaitPhase(client, name, Phase.Ready);

        InsightReporter reports = cluster.standIn().reports();
        List<DataplaneRef> web = reports.dataplanes("web").namespace(app).mesh(name).count(4).create();
        List<DataplaneRef> legacy = reports.dataplanes("legacy").namespace(app).mesh(name).kumaDpVersion("2.11.4").create();
        List<DataplaneRef> batch = reports.dataplanes("batch").namespace(app).mesh(name).create();
        await().atMost(WAIT).until(() -> at(ItSupport.dataplaneInsight(client, app, web.get(0).name()),
                "status.mTLS.certificateExpirationTime") != null);
        reports.stuck(web.get(0), true);
        reports.ageCertificate(web.get(0), Duration.ofHours(23));
        reports.disconnect(batch.get(0));

        KumaProductionProfile unhealthy = awaitProfile(client, name, WAIT, p -> codes(p).containsAll(
                List.of("DataplaneCertificateExpiring", "OutdatedDataplanes", "OfflineDataplanes")));
        Finding certificate = finding(unhealthy, "DataplaneCertificateExpiring").orElseThrow();
        assertThat(certificate.message).startsWith("1 data plane of mesh " + name + ", connected to the control plane, still holds")
                .contains(app + "/" + web.get(0).name()).contains("the soonest expires at");
        Finding outdated = finding(unhealthy, "OutdatedDataplanes").orElseThrow();
        assertThat(outdated.message).contains("1 data plane of mesh " + name + " runs a kuma-dp the control plane (2.14.3) does not support: 2.11.4 (1)")
                .endsWith("among them " + app + "/" + legacy.get(0).name() + " (2.11.4)");
        Finding offline = finding(unhealthy, "OfflineDataplanes").orElseThrow();
        assertThat(offline.message).startsWith("1 of 6 data planes of mesh " + name + " is offline (17%")
                .endsWith("disconnected: " + app + "/" + batch.get(0).name());
        assertThat(List.of(certificate, outdated, offline)).allSatisfy(finding -> {
            assertThat(finding.severity).isEqualTo(Severity.Warning);
            assertThat(finding.source).isEqualTo(FindingSource.Cluster);
        });
        assertThat(unhealthy.getStatus().phase).as("Warnings block nothing").isEqualTo(Phase.Ready);

        reports.stuck(web.get(0), false); // Kuma renews it at once: it is past 4/5 of its lifetime
        reports.connect(batch.get(0));
        reports.delete(legacy.get(0));
        KumaProductionProfile healthy = awaitProfile(client, name, WAIT, p -> codes(p).stream().noneMatch(
                code -> List.of("DataplaneCertificateExpiring", "OutdatedDataplanes", "OfflineDataplanes").contains(code)));
        assertThat(healthy.getStatus().phase).isEqualTo(Phase.Ready);
    }

    private static List<String> codes(KumaProductionProfile profile) {
        return profile.getStatus() == null || profile.getStatus().findings == null ? List.of()
                : profile.getStatus().findings.stream().map(f -> f.code).toList();
    }

    private static Optional<Finding> finding(KumaProductionProfile profile, String code) {
        return profile.getStatus().findings.stream().filter(f -> f.code.equals(code)).findFirst();
    }
}
