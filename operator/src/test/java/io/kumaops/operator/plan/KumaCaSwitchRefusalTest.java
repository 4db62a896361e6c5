package io.kumaops.operator.plan;

import static io.kumaops.operator.support.TestProfiles.fromSpec;
import static io.kumaops.operator.support.TreePath.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileStatus;
import io.kumaops.operator.api.v1alpha1.MtlsRotationStatus;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.model.DocsLinks;
import io.kumaops.operator.model.Step;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Open-source Kuma refuses a change of enabledBackend while mTLS is on (Kuma pkg/core/managers/apis/mesh/mesh_validator.go
 * validateMTLSBackendChange) and admits one backend (pkg/core/resources/apis/mesh/mesh_validator.go): the planner
 * runs no CA rotation there and refuses the switch itself, with the ways out, before Kuma's admission would.
 */
class KumaCaSwitchRefusalTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static KumaProductionProfile profile(String header, String enabled) {
        return fromSpec("m", header + """
                mtls:
                  enabled: true
                  enabledBackend: %s
                  backends:
                    - {name: %s, type: Builtin}
                """.formatted(enabled, enabled));
    }

    private static Map<String, Object> liveMtls(String enabled, String backend) {
        Map<String, Object> mtls = new LinkedHashMap<>();
        if (enabled != null) {
            mtls.put("enabledBackend", enabled);
        }
        mtls.put("backends", List.of(Map.of("name", backend, "type", "builtin")));
        return mtls;
    }

    private static ClusterFacts live(Map<String, Object> mtls, ClusterObservation observation) {
        return new ClusterFacts(Map.of("mtls", mtls), Set.of("allow-all-m"), Set.of("policy/v1"), observation);
    }

    private static Plan plan(KumaProductionProfile profile, ClusterFacts facts) {
        return new Planner().plan(profile, facts, new RolloutSignals(NOW, List.of()));
    }

    private static ClusterObservation running(String image) {
        ClusterObservation.ControlPlaneDeployment deployment = new ClusterObservation.ControlPlaneDeployment("kuma-system",
                "kuma-control-plane", 1, Map.of(), null, null, Map.of("app", "kuma-control-plane"), image);
        return new ClusterObservation(true, null, deployment, null, null, null, null, null, null, null, List.of(), List.of(), List.of());
    }

    @Test
    void aSwitchUnderMtlsIsRefusedBeforeKumasAdmissionAndWritesNothing() {
        Plan plan = plan(profile("", "ca-2"), live(liveMtls("ca-1", "ca-1"), ClusterObservation.empty()));

        PlannedStep mtls = plan.step(Step.MTLS).orElseThrow();
        assertThat(mtls.apply()).isEmpty();
        assertThat(mtls.blockedBy()).containsExactly(Planner.CA_SWITCH_REFUSED_BY_KUMA);
        // The specific finding, not the generic one from the admission gate nor the rotation's.
        assertThat(plan.findings()).extracting(f -> f.code)
                .contains(Planner.CA_SWITCH_REFUSED_BY_KUMA)
                .doesNotContain(Planner.KUMA_WOULD_REFUSE, MtlsRotation.ENABLED_BACKEND_REMOVED);
        Finding finding = plan.findings().stream().filter(f -> f.code.equals(Planner.CA_SWITCH_REFUSED_BY_KUMA)).findFirst().orElseThrow();
        assertThat(finding.severity).isEqualTo(Severity.Error);
        assertThat(finding.source).isEqualTo(FindingSource.Cluster);
        assertThat(finding.isSuppressed()).isFalse();
        assertThat(finding.path).isEqualTo("spec.mtls.enabledBackend");
        assertThat(finding.message).contains("backend ca-1", "enabledBackend is ca-2", "Changing CA when mTLS is enabled is forbidden");
        assertThat(finding.remediation).contains("MeshIdentity and MeshTrust", "meshServices.mode: Exclusive", "spec.rollout.paused: true",
                "remove mtls.enabledBackend", "plaintext", "MeshTrafficPermissions are not enforced");
        assertThat(finding.docsUrl).isEqualTo(DocsLinks.finding("CaSwitchRefusedByKuma")).endsWith("findings.md#caswitchrefusedbykuma");
        // No rotation runs on Kuma: nothing is recorded.
        assertThat(plan.tracking().rotation()).isNull();
        // Step 1 keeps the live mTLS as it is.
        assertThat(at(plan.step(Step.MESH).orElseThrow().apply().get(0).spec(), "mtls.enabledBackend")).isEqualTo("ca-1");
    }

    @Test
    void onKumaBefore212TheWayOutNamesTheUpgradeForMeshIdentity() {
        Plan plan = plan(profile("kumaVersion: \"2.11\"\n", "ca-2"), live(liveMtls("ca-1", "ca-1"), ClusterObservation.empty()));
        Finding finding = plan.findings().stream().filter(f -> f.code.equals(Planner.CA_SWITCH_REFUSED_BY_KUMA)).findFirst().orElseThrow();
        assertThat(finding.remediation).contains("upgrade to Kuma 2.12+", "Kuma 2.11 has neither");
    }

    @Test
    void theRunningKumaImageDecidesWhenTheProfileNamesNoDistribution() {
        Plan kuma = plan(profile("", "ca-2"), live(liveMtls("ca-1", "ca-1"), running("kumahq/kuma-cp:2.14.3")));
        assertThat(kuma.step(Step.MTLS).orElseThrow().blockedBy()).containsExactly(Planner.CA_SWITCH_REFUSED_BY_KUMA);

        // Kong Mesh's image: the rotation's rules apply (here: the enabled backend may not be dropped in one write);
        // the rotation itself is MtlsRotationTest's.
        Plan kongMesh = plan(profile("", "ca-2"), live(liveMtls("ca-1", "ca-1"), running("kong/kuma-cp:2.14.3")));
        assertThat(kongMesh.step(Step.MTLS).orElseThrow().blockedBy()).containsExactly(MtlsRotation.ENABLED_BACKEND_REMOVED);
        assertThat(kongMesh.findings()).extracting(f -> f.code).doesNotContain(Planner.CA_SWITCH_REFUSED_BY_KUMA);
    }

    @Test
    void enablingMtlsOnKumaIsOneWriteOfTheProfilesBackend() {
        // mTLS off on the live Mesh (what the planned window leaves): Kuma admits any backend then.
        Plan plan = plan(profile("", "ca-2"), live(liveMtls(null, "ca-1"), ClusterObservation.empty()));
        PlannedStep mtls = plan.step(Step.MTLS).orElseThrow();
        assertThat(mtls.blockedBy()).isEmpty();
        assertThat(mtls.hold()).isNull();
        assertThat(at(mtls.apply().get(0).spec(), "mtls.enabledBackend")).isEqualTo("ca-2");
        assertThat(at(mtls.apply().get(0).spec(), "mtls.backends[0].name")).isEqualTo("ca-2");
        assertThat(plan.findings()).extracting(f -> f.code).doesNotContain(Planner.CA_SWITCH_REFUSED_BY_KUMA, Planner.KUMA_WOULD_REFUSE);
        assertThat(plan.tracking().rotation()).isNull();
    }

    @Test
    void theSameBackendOnKumaIsWrittenAsTheProfileSaysAndTheRecordedStatusIsKept() {
        KumaProductionProfile profile = profile("", "ca-1");
        KumaProductionProfileStatus previous = new KumaProductionProfileStatus();
        previous.mtlsRotation = new MtlsRotationStatus();
        previous.mtlsRotation.phase = MtlsRotationStatus.DONE;
        profile.setStatus(previous);
        Plan plan = plan(profile, live(liveMtls("ca-1", "ca-1"), ClusterObservation.empty()));
        PlannedStep mtls = plan.step(Step.MTLS).orElseThrow();
        assertThat(mtls.blockedBy()).isEmpty();
        assertThat(mtls.hold()).isNull();
        assertThat(at(mtls.apply().get(0).spec(), "mtls.enabledBackend")).isEqualTo("ca-1");
        assertThat(at(mtls.apply().get(0).spec(), "mtls.backends[0].mode")).isEqualTo("STRICT");
        assertThat(plan.findings()).extracting(f -> f.code).doesNotContain(Planner.CA_SWITCH_REFUSED_BY_KUMA, Planner.KUMA_WOULD_REFUSE);
        assertThat(plan.tracking().rotation()).isSameAs(previous.mtlsRotation);
    }
}
