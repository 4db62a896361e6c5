package io.kumaops.operator.it;

import static io.kumaops.operator.it.ItSupport.apply;
import static io.kumaops.operator.it.ItSupport.awaitPhase;
import static io.kumaops.operator.it.ItSupport.isolatedExample;
import static io.kumaops.operator.support.TreePath.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.api.v1alpha1.DeletionPolicy;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.model.Labels;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DeletionPolicyIT {

    private static KubernetesClient client;
    private static TestCluster.RunningOperator operator;

    @BeforeAll
    static void start() {
        client = TestCluster.get().client();
        operator = TestCluster.get().startOperator(TestCluster.testOptions());
    }

    @AfterAll
    static void stop() {
        operator.close();
    }

    @Test
    void orphanLeavesEverythingRunningWithoutTheOperatorsMarks() {
        String name = TestCluster.uniqueName("orphan");
        KumaProductionProfile profile = isolatedExample(client, "minimal.yaml", name);
        apply(client, profile);
        awaitPhase(client, name, Phase.Ready);
        client.resources(KumaProductionProfile.class).withName(name).delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> ItSupport.get(client, name) == null);

        GenericKubernetesResource mesh = client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(name).get();
        assertThat(mesh).as("the Mesh stays").isNotNull();
        assertThat(at(mesh.getAdditionalProperties(), "spec.mtls.enabledBackend")).as("mTLS stays on").isEqualTo("ca-1");
        assertThat(labels(mesh)).doesNotContainKeys(Labels.PROFILE, Labels.MANAGED_BY);
        GenericKubernetesResource allowAll = client.genericKubernetesResources(KubeKinds.kuma("MeshTrafficPermission"))
                .inNamespace(name + "-system").withName("allow-all-" + name).get();
        assertThat(allowAll).as("the permission stays").isNotNull();
        assertThat(labels(allowAll)).doesNotContainKeys(Labels.PROFILE, Labels.MANAGED_BY).containsEntry(Labels.KUMA_MESH, name);
    }

    @Test
    void deleteRemovesEverythingInReverseStepOrder() {
        String name = TestCluster.uniqueName("delete");
        KumaProductionProfile profile = isolatedExample(client, "minimal.yaml", name);
        profile.getSpec().deletionPolicy = DeletionPolicy.Delete;
        try (WriteLog log = WriteLog.start(client, name, name)) {
            apply(client, profile);
            awaitPhase(client, name, Phase.Ready);
            client.resources(KumaProductionProfile.class).withName(name).delete();
            await().atMost(Duration.ofSeconds(30)).until(() -> ItSupport.get(client, name) == null);

            assertThat(client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(name).get()).isNull();
            assertThat(client.genericKubernetesResources(KubeKinds.kuma("MeshTrafficPermission")).inNamespace(name + "-system")
                    .list().getItems()).isEmpty();
            long patchGone = log.firstRevision(w -> w.kind().equals("ContainerPatch") && w.type().equals("DELETED"));
            long meshGone = log.firstRevision(w -> w.kind().equals("Mesh") && w.type().equals("DELETED"));
            long permissionGone = log.firstRevision(w -> w.kind().equals("MeshTrafficPermission") && w.type().equals("DELETED"));
            assertThat(List.of(patchGone, meshGone, permissionGone)).as("defaults, then the Mesh (step 3), then the permission (step 2)")
                    .isSorted().doesNotContain(Long.MAX_VALUE);
        }
    }

    /**
     * Kuma refuses to delete a Mesh with Dataplanes: the profile's other objects go, the Mesh and the permissions its
     * traffic runs on stay, the status says why, and once the data planes are gone the rest follows.
     */
    @Test
    void deleteKeepsAMeshThatStillHasDataplanesAndItsPermissions() {
        String name = TestCluster.uniqueName("delete-busy");
        KumaProductionProfile profile = isolatedExample(client, "minimal.yaml", name);
        profile.getSpec().deletionPolicy = DeletionPolicy.Delete;
        apply(client, profile);
        awaitPhase(client, name, Phase.Ready);
        ItSupport.dataplane(client, name + "-system", name, "web-1", "web_shop_svc_80");
        client.resources(KumaProductionProfile.class).withName(name).delete();

        KumaProductionProfile waiting = ItSupport.awaitProfile(client, name, Duration.ofSeconds(30), p -> p.getStatus() != null
                && ItSupport.condition(p, "Ready").map(c -> c.getReason().equals("DeletionWaitsForDataplanes")).orElse(false));
        assertThat(ItSupport.condition(waiting, "Ready").orElseThrow().getMessage()).contains("1 Dataplanes");
        assertThat(client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(name).get()).as("the Mesh stays").isNotNull();
        assertThat(client.genericKubernetesResources(KubeKinds.kuma("MeshTrafficPermission")).inNamespace(name + "-system")
                .withName("allow-all-" + name).get()).as("its traffic keeps flowing").isNotNull();
        assertThat(client.genericKubernetesResources(KubeKinds.kuma("ContainerPatch")).inNamespace(name + "-system").list().getItems())
                .as("the rest goes").isEmpty();

        client.genericKubernetesResources(KubeKinds.kuma("Dataplane")).inNamespace(name + "-system").withName("web-1").delete();
        await().atMost(Duration.ofSeconds(60)).until(() -> ItSupport.get(client, name) == null);
        assertThat(client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(name).get()).isNull();
    }

    private static Map<String, String> labels(GenericKubernetesResource resource) {
        return resource.getMetadata().getLabels() == null ? Map.of() : resource.getMetadata().getLabels();
    }
}
