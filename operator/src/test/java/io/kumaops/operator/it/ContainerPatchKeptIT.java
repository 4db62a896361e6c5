package io.kumaops.operator.it;

import static io.kumaops.operator.it.ItSupport.apply;
import static io.kumaops.operator.it.ItSupport.awaitFreshPasses;
import static io.kumaops.operator.it.ItSupport.awaitPhase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.model.ContainerPatchNames;
import io.kumaops.operator.model.Labels;
import io.kumaops.operator.support.TestProfiles;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A ContainerPatch a pod still names in kuma.io/container-patches is never pruned or deleted: Kuma's injector refuses
 * such a pod once the patch is gone. Renamed away, the old patch stays with a finding naming the pod, and goes once no
 * pod names it; the profile deleted with deletionPolicy Delete, a named patch stays, released, with the reason on it.
 */
class ContainerPatchKeptIT {

    private static KubernetesClient client;
    private static TestCluster.RunningOperator operator;

    private static final String SPEC = """
            controlPlane: {systemNamespace: %s}
            deletionPolicy: Delete
            mtls: {enabled: true, enabledBackend: ca-1, backends: [{name: ca-1, type: Builtin}]}
            sidecar: {containerPatchName: %s, requests: {cpu: 100m, memory: 128Mi}}
            """;

    @BeforeAll
    static void start() {
        client = TestCluster.get().client();
        // A short resync: the test shows a kept patch is not deleted by waiting for passes.
        operator = TestCluster.get().startOperator(TestCluster.testOptions(Duration.ofMillis(300)));
    }

    @AfterAll
    static void stop() {
        operator.close();
    }

    @Test
    void aPatchAPodStillNamesIsKeptWhenRenamedAwayAndWhenTheProfileIsDeleted() {
        String name = TestCluster.uniqueName("patchkept");
        String systemNamespace = name + "-system";
        String apps = name + "-apps";
        ItSupport.createNamespace(client, systemNamespace);
        ItSupport.createNamespace(client, apps);
        String first = name + "-first";
        String second = name + "-second";
        apply(client, TestProfiles.fromSpec(name, SPEC.formatted(systemNamespace, first)));
        awaitPhase(client, name, Phase.Ready);
        assertThat(patch(systemNamespace, first)).isPresent();
        Pod pod = annotatedPod(apps, "web-1", first);

        apply(client, TestProfiles.fromSpec(name, SPEC.formatted(systemNamespace, second)));
        KumaProductionProfile renamed = ItSupport.awaitProfile(client, name, Duration.ofSeconds(60),
                p -> stillNamed(p).isPresent() && patch(systemNamespace, second).isPresent());
        Finding finding = stillNamed(renamed).orElseThrow();
        assertThat(finding.message).contains("ContainerPatch " + systemNamespace + "/" + first, "1 pod names it", apps + "/web-1");
        assertThat(finding.path).isEqualTo("spec.sidecar.containerPatchName");
        awaitFreshPasses(operator.runner(), name, 3);
        assertThat(patch(systemNamespace, first)).as("the patch the pod names is not pruned").isPresent();

        // The pod names the new patch instead: nothing names the old one, which the next pass prunes.
        pod.getMetadata().getAnnotations().put(ContainerPatchNames.POD_ANNOTATION, second);
        client.pods().inNamespace(apps).resource(pod).update();
        await().atMost(Duration.ofSeconds(30)).until(() -> patch(systemNamespace, first).isEmpty());
        ItSupport.awaitProfile(client, name, Duration.ofSeconds(30), p -> stillNamed(p).isEmpty());

        client.resources(KumaProductionProfile.class).withName(name).delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> ItSupport.get(client, name) == null);
        assertThat(client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(name).get()).as("deletionPolicy Delete ran").isNull();
        GenericKubernetesResource kept = patch(systemNamespace, second).orElseThrow(() -> new AssertionError("the named patch was deleted"));
        assertThat(kept.getMetadata().getLabels()).as("released").doesNotContainKey(Labels.PROFILE);
        assertThat(kept.getMetadata().getAnnotations().get(Labels.KEPT_BECAUSE)).contains("1 pod names it", apps + "/web-1");
    }

    private static Optional<Finding> stillNamed(KumaProductionProfile profile) {
        return profile.getStatus().findings == null ? Optional.empty()
                : profile.getStatus().findings.stream().filter(f -> f.code.equals("ContainerPatchStillNamed")).findFirst();
    }

    private static Optional<GenericKubernetesResource> patch(String namespace, String name) {
        return Optional.ofNullable(client.genericKubernetesResources(KubeKinds.kuma("ContainerPatch")).inNamespace(namespace).withName(name).get());
    }

    /** A pod as a workload's would be, naming the patch; nothing runs it (the test cluster has no scheduler or kubelet). */
    private static Pod annotatedPod(String namespace, String name, String patch) {
        // No controller manager creates the namespace's default ServiceAccount, which a pod needs to be admitted.
        client.serviceAccounts().inNamespace(namespace).resource(new ServiceAccountBuilder().withNewMetadata().withName("default")
                .endMetadata().build()).serverSideApply();
        return client.pods().inNamespace(namespace).resource(new PodBuilder().withNewMetadata().withName(name)
                .addToAnnotations(ContainerPatchNames.POD_ANNOTATION, patch).endMetadata()
                .withNewSpec().withAutomountServiceAccountToken(false).addNewContainer().withName("app").withImage("app:1").endContainer()
                .endSpec().build()).create();
    }
}
