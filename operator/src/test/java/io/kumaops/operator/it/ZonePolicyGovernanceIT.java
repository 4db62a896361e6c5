package io.kumaops.operator.it;

import io.kumaops.operator.support.MutableClock;
import static io.kumaops.operator.it.ItSupport.apply;
import static io.kumaops.operator.it.ItSupport.awaitPhase;
import static io.kumaops.operator.it.ItSupport.condition;
import static io.kumaops.operator.it.ItSupport.isolatedExample;
import static io.kumaops.operator.it.PhasedRolloutSupport.START;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.api.v1alpha1.Suppression;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.reconcile.RolloutHooks;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Zone governance on the real API server. Kubernetes 1.20 does not serve ValidatingAdmissionPolicy, so the
 * operator emits no fence there and says so with the Warning ZonePolicyFenceMissing; the rest of the zone's
 * rollout is unaffected. (Applying the fence needs Kubernetes 1.30+; its shape is covered by ZonePolicyFenceTest.)
 */
class ZonePolicyGovernanceIT {

    private static TestCluster cluster;
    private static KubernetesClient client;
    private static TestCluster.RunningOperator operator;
    private static final List<String> APPLIED_KINDS = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        cluster = TestCluster.get();
        client = cluster.client();
        RolloutHooks record = new RolloutHooks() {
            @Override
            public void applied(KumaProductionProfile profile, DesiredResource resource) {
                APPLIED_KINDS.add(profile.getMetadata().getName() + " " + resource.ref().kind());
            }
        };
        operator = cluster.startOperator(PhasedRolloutSupport.options(new MutableClock(START)).withHooks(record));
    }

    @AfterAll
    static void stop() {
        operator.close();
    }

    /** A connected zone whose Mesh (synced from the global control plane) has mTLS, so its rollout can complete. */
    private static KumaProductionProfile zone(String name) {
        KumaProductionProfile profile = isolatedExample(client, "multizone-zone.yaml", name);
        profile.getSpec().controlPlane.zoneName = name;
        ItSupport.syncedZoneMesh(client, name);
        ItSupport.connectZones(profile);
        return profile;
    }

    @Test
    void theApiServerDoesNotServeTheFenceSoTheFindingSaysItIsMissing() {
        assertThat(client.getApiResources("admissionregistration.k8s.io/v1").getResources())
                .as("Kubernetes 1.20 serves webhooks in admissionregistration.k8s.io/v1, not ValidatingAdmissionPolicy")
                .noneMatch(r -> r.getName().equals("validatingadmissionpolicies"));
        String name = TestCluster.uniqueName("governance");
        apply(client, zone(name));
        KumaProductionProfile ready = awaitPhase(client, name, Phase.Ready);
        assertThat(ready.getStatus().findings).filteredOn(f -> f.code.equals("ZonePolicyFenceMissing")).singleElement().satisfies(f -> {
            assertThat(f.severity).isEqualTo(Severity.Warning);
            assertThat(f.source).isEqualTo(FindingSource.Cluster);
            assertThat(f.message).contains("does not serve admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy");
            assertThat(f.docsUrl).endsWith("findings.md#zonepolicyfencemissing");
        });
        assertThat(condition(ready, "Ready").orElseThrow().getStatus()).as("a Warning blocks nothing").isEqualTo("True");
        assertThat(APPLIED_KINDS).filteredOn(k -> k.startsWith(name + " ")).contains(name + " HorizontalPodAutoscaler")
                .noneMatch(k -> k.contains("ValidatingAdmissionPolicy"));
    }

    @Test
    void governanceSwitchedOffIsReportedFromTheProfile() {
        String name = TestCluster.uniqueName("governance-off");
        KumaProductionProfile profile = zone(name);
        profile.getSpec().controlPlane.zoneGovernance.enabled = false;
        apply(client, profile);
        KumaProductionProfile ready = awaitPhase(client, name, Phase.Ready);
        assertThat(ready.getStatus().findings).filteredOn(f -> f.code.equals("ZonePolicyFenceMissing")).singleElement().satisfies(f -> {
            assertThat(f.path).isEqualTo("spec.controlPlane.zoneGovernance.enabled");
            assertThat(f.source).isEqualTo(FindingSource.Profile);
        });
    }

    @Test
    void anAcceptedMissingFenceCanBeSuppressedWithAReason() {
        String name = TestCluster.uniqueName("governance-suppressed");
        KumaProductionProfile profile = zone(name);
        Suppression suppression = new Suppression();
        suppression.code = "ZonePolicyFenceMissing";
        suppression.reason = "Kubernetes 1.20: writes to kuma.io policies are limited by RBAC to the platform team";
        profile.getSpec().suppress = List.of(suppression);
        apply(client, profile);
        KumaProductionProfile ready = awaitPhase(client, name, Phase.Ready);
        assertThat(ready.getStatus().findings).filteredOn(f -> f.code.equals("ZonePolicyFenceMissing")).singleElement()
                .satisfies(f -> assertThat(f.isSuppressed()).isTrue());
    }
}
