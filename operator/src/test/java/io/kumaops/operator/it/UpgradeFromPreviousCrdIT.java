package io.kumaops.operator.it;

import static io.kumaops.operator.it.ItSupport.awaitPhase;
import static io.kumaops.operator.it.ItSupport.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.ReconcilerUtils;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.kube.KubeAccess;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.plan.Planner;
import io.kumaops.operator.schema.CrdSchemas;
import io.kumaops.operator.support.TestProfiles;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Upgrading the operator: profiles stored under the previous release's CRD (commit a8fa751, test resources
 * {@code upgrade/a8fa751/}), then the current CRD and the current operator on the same API server. A stored profile
 * today's validation refuses is InvalidSpec, changes nothing of what runs and can still be deleted; a profile that is
 * still valid reaches Ready.
 */
class UpgradeFromPreviousCrdIT {

    private static final String PREVIOUS = "upgrade/a8fa751/";
    private static final ResourceDefinitionContext PROFILES = new ResourceDefinitionContext.Builder().withGroup("kumaops.io")
            .withVersion("v1alpha1").withKind("KumaProductionProfile").withPlural("kumaproductionprofiles").withNamespaced(false).build();

    private final KubernetesClient client = TestCluster.get().client();

    @Test
    void profilesStoredUnderThePreviousCrdKeepWorkingUnderTheCurrentOperator() {
        String base = TestCluster.uniqueName("upgrade");
        String twoBackends = base + "-two";
        String goDurations = base + "-durations";
        String oneBackend = base + "-one";
        installCrd(previousCrd());
        List<DesiredResource> running;
        try {
            store("two-backends.yaml", twoBackends);
            store("go-durations.yaml", goDurations);
            store("one-backend.yaml", oneBackend);
            // What the previous operator had rolled out for go-durations before its lifetimes were written as Go durations.
            running = writeAsThePreviousOperator(goDurations, """
                    controlPlane: {systemNamespace: %s}
                    mtls: {enabled: true, enabledBackend: ca-1, backends: [{name: ca-1, type: Builtin, dpCertValidity: 24h}]}
                    sidecar: {requests: {cpu: 100m, memory: 128Mi}, limits: {cpu: "1", memory: 1Gi}}
                    """.formatted(goDurations + "-system"));
        } finally {
            installCrd(currentCrd());
        }
        awaitCurrentSchema();
        Map<String, String> before = versions(running);
        assertThat(before).hasSize(running.size());

        try (TestCluster.RunningOperator operator = TestCluster.get().startOperator(TestCluster.testOptions(Duration.ofMillis(300)))) {
            assertInvalidSpec(twoBackends, "spec.mtls.backends");
            KumaProductionProfile durations = assertInvalidSpec(goDurations, "spec.mtls.backends[0].dpCertValidity");
            assertThat(durations.getStatus().completedSteps).as("nothing is claimed done").isNullOrEmpty();
            awaitPhase(client, oneBackend, Phase.Ready);

            // The status is the last write of a pass: the pass that found the spec invalid has ended. An invalid profile
            // is not passed over again until it changes.
            assertThat(versions(running)).as("what runs is neither changed nor deleted").isEqualTo(before);

            for (String invalid : List.of(twoBackends, goDurations)) {
                client.resources(KumaProductionProfile.class).withName(invalid).delete();
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> ItSupport.get(client, twoBackends) == null && ItSupport.get(client, goDurations) == null);
            assertThat(versions(running).keySet()).as("deletionPolicy Orphan: the objects stay").isEqualTo(before.keySet());
            client.resources(KumaProductionProfile.class).withName(oneBackend).delete();
            await().atMost(Duration.ofSeconds(30)).until(() -> ItSupport.get(client, oneBackend) == null);
        }
    }

    private KumaProductionProfile assertInvalidSpec(String name, String field) {
        KumaProductionProfile profile = awaitPhase(client, name, Phase.Blocked);
        var ready = condition(profile, "Ready").orElseThrow();
        assertThat(ready.getReason()).isEqualTo("InvalidSpec");
        assertThat(ready.getMessage()).contains(field);
        return profile;
    }

    /** A profile of the previous release stored as its operator left it: under its own name, with the finalizer it added. */
    private void store(String file, String name) {
        GenericKubernetesResource profile = Serialization.unmarshal(resource(PREVIOUS + "profiles/" + file), GenericKubernetesResource.class);
        profile.getMetadata().setName(name);
        profile.getMetadata().setFinalizers(List.of(ReconcilerUtils.getDefaultFinalizerName(KumaProductionProfile.class)));
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) profile.getAdditionalProperties().get("spec");
        String systemNamespace = name + "-system";
        ItSupport.createNamespace(client, systemNamespace);
        spec.put("controlPlane", new LinkedHashMap<>(Map.of("systemNamespace", systemNamespace)));
        client.genericKubernetesResources(PROFILES).resource(profile).create();
    }

    /** Writes the objects a valid profile plans (the Mesh, the permissions, the ContainerPatch) as an operator would. */
    private List<DesiredResource> writeAsThePreviousOperator(String name, String spec) {
        ItSupport.createNamespace(client, name + "-system");
        KubeAccess kube = new KubeAccess(client);
        Map<String, DesiredResource> last = new LinkedHashMap<>();
        for (DesiredResource resource : new Planner().plan(TestProfiles.fromSpec(name, spec)).resources()) {
            if (!resource.patchOnly()) {
                last.put(resource.ref().objectKey(), resource); // the Mesh of 3-mtls replaces that of 1-mesh
            }
        }
        last.values().forEach(kube::apply);
        ItSupport.awaitKumaMeshDefaults(client, name);
        return new ArrayList<>(last.values());
    }

    /** The resource versions of those of the objects that exist, by object. */
    private Map<String, String> versions(List<DesiredResource> objects) {
        KubeAccess kube = new KubeAccess(client);
        Map<String, String> now = new LinkedHashMap<>();
        for (DesiredResource resource : objects) {
            kube.get(resource.ref()).ifPresent(stored -> now.put(resource.ref().objectKey(), resourceVersion(stored)));
        }
        return now;
    }

    @SuppressWarnings("unchecked")
    private static String resourceVersion(Map<String, Object> object) {
        return String.valueOf(((Map<String, Object>) object.get("metadata")).get("resourceVersion"));
    }

    /** Waits until the API server serves the current CRD: a field only it knows (spec.distribution) is kept, not pruned (a dry run). */
    private void awaitCurrentSchema() {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            GenericKubernetesResource probe = Serialization.unmarshal(resource(PREVIOUS + "profiles/one-backend.yaml"), GenericKubernetesResource.class);
            probe.getMetadata().setName(TestCluster.uniqueName("schema-probe"));
            @SuppressWarnings("unchecked")
            Map<String, Object> spec = (Map<String, Object>) probe.getAdditionalProperties().get("spec");
            spec.put("distribution", "Kuma");
            GenericKubernetesResource stored = client.genericKubernetesResources(PROFILES).resource(probe).dryRun().create();
            return stored.getAdditionalProperties().get("spec") instanceof Map<?, ?> kept && "Kuma".equals(kept.get("distribution"));
        });
    }

    private void installCrd(CustomResourceDefinition crd) {
        crd.getMetadata().setResourceVersion(null);
        client.apiextensions().v1().customResourceDefinitions().resource(crd).forceConflicts().serverSideApply();
        client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
                        && c.getStatus().getConditions().stream().anyMatch(x -> x.getType().equals("Established") && x.getStatus().equals("True")),
                        30, TimeUnit.SECONDS);
    }

    private static CustomResourceDefinition previousCrd() {
        return Serialization.unmarshal(resource(PREVIOUS + "kumaproductionprofiles.kumaops.io-v1.yml"), CustomResourceDefinition.class);
    }

    private static CustomResourceDefinition currentCrd() {
        return Serialization.unmarshal(resource(CrdSchemas.PROFILE_CRD_RESOURCE), CustomResourceDefinition.class);
    }

    private static InputStream resource(String path) {
        InputStream stream = UpgradeFromPreviousCrdIT.class.getClassLoader().getResourceAsStream(path);
        assertThat(stream).as(path).isNotNull();
        return stream;
    }
}
