package io.kumaops.operator.it;

import static io.kumaops.operator.it.ItSupport.apply;
import static io.kumaops.operator.it.ItSupport.awaitFreshPasses;
import static io.kumaops.operator.it.ItSupport.awaitPhase;
import static io.kumaops.operator.it.ItSupport.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.model.GeneratedNames;
import io.kumaops.operator.model.Labels;
import io.kumaops.operator.support.TestProfiles;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Profiles that share a system namespace: each writes its own objects, and what they share has one owner. */
class GeneratedNamesIT {

    private static KubernetesClient client;
    private static TestCluster.RunningOperator operator;

    @BeforeAll
    static void start() {
        client = TestCluster.get().client();
        // A short resync: the test shows nothing changes by waiting for passes.
        operator = TestCluster.get().startOperator(TestCluster.testOptions(Duration.ofMillis(300)));
    }

    @AfterAll
    static void stop() {
        operator.close();
    }

    /** A profile in a given system namespace with mTLS and a timeout policy of a given idle timeout. */
    private static final String TIMEOUTS = """
            controlPlane: {systemNamespace: %s}
            mtls: {enabled: true, enabledBackend: ca-1, backends: [{name: ca-1, type: Builtin}]}
            policies:
              timeout: {connectionTimeout: 5s, idleTimeout: %s}
            """;

    /** The system namespace the profiles of one test share. */
    private static String systemNamespace(String base) {
        String namespace = base + "-system";
        ItSupport.createNamespace(client, namespace);
        return namespace;
    }

    @Test
    void meshesXAndXInboundWithTimeoutsAreBothReadyAndKeepTheirOwnPolicies() {
        String x = TestCluster.uniqueName("names");
        String xInbound = x + "-inbound";
        String namespace = systemNamespace(x);
        apply(client, TestProfiles.fromSpec(x, TIMEOUTS.formatted(namespace, "1h")));
        apply(client, TestProfiles.fromSpec(xInbound, TIMEOUTS.formatted(namespace, "2h")));
        awaitPhase(client, x, Phase.Ready);
        awaitPhase(client, xInbound, Phase.Ready);

        Map<String, String> expected = new TreeMap<>(Map.of(
                GeneratedNames.meshTimeout(x), x, GeneratedNames.meshTimeoutInbound(x), x, GeneratedNames.meshTimeoutGateways(x), x,
                GeneratedNames.meshTimeout(xInbound), xInbound, GeneratedNames.meshTimeoutInbound(xInbound), xInbound,
                GeneratedNames.meshTimeoutGateways(xInbound), xInbound));
        assertThat(expected).as("six names").hasSize(6).containsEntry("kumaops-timeout-" + x + "-inbound", x);
        Map<String, String> versions = timeouts(namespace, expected);

        awaitFreshPasses(operator.runner(), x, 3);
        awaitFreshPasses(operator.runner(), xInbound, 3);
        assertThat(timeouts(namespace, expected)).as("neither profile rewrote or deleted the other's policies").isEqualTo(versions);
        assertThat(ItSupport.get(client, x).getStatus().phase).isEqualTo(Phase.Ready);
        assertThat(ItSupport.get(client, xInbound).getStatus().phase).isEqualTo(Phase.Ready);
    }

    @Test
    void aPolicyAnEarlierReleaseNamedAmbiguouslyIsRenamedNewNameFirst() {
        String x = TestCluster.uniqueName("renamed");
        String xInbound = x + "-inbound";
        String namespace = systemNamespace(x);
        // What an earlier release wrote for mesh x-inbound: its outbound timeout under the name of x's inbound one.
        String legacy = "kumaops-timeout-" + xInbound;
        GenericKubernetesResource old = new GenericKubernetesResource();
        old.setApiVersion("kuma.io/v1alpha1");
        old.setKind("MeshTimeout");
        old.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(legacy).withNamespace(namespace)
                .addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).addToLabels(Labels.PROFILE, xInbound)
                .addToLabels(Labels.KUMA_MESH, xInbound).build());
        old.setAdditionalProperty("spec", Map.of("targetRef", Map.of("kind", "Mesh"),
                "to", java.util.List.of(Map.of("targetRef", Map.of("kind", "Mesh"), "default", Map.of("idleTimeout", "2h")))));
        client.genericKubernetesResources(KubeKinds.kuma("MeshTimeout")).inNamespace(namespace).resource(old).create();

        try (WriteLog log = WriteLog.start(client, xInbound, xInbound)) {
            apply(client, TestProfiles.fromSpec(xInbound, TIMEOUTS.formatted(namespace, "2h")));
            awaitPhase(client, xInbound, Phase.Ready);
            var timeouts = client.genericKubernetesResources(KubeKinds.kuma("MeshTimeout")).inNamespace(namespace);
            await().atMost(Duration.ofSeconds(30)).until(() -> timeouts.withName(legacy).get() == null);
            assertThat(timeouts.withName(GeneratedNames.meshTimeout(xInbound)).get()).isNotNull();
            long added = log.firstRevision(w -> w.name().equals(GeneratedNames.meshTimeout(xInbound)) && w.type().equals("ADDED"));
            long deleted = log.firstRevision(w -> w.name().equals(legacy) && w.type().equals("DELETED"));
            assertThat(added).as("the new name is written before the old one is pruned").isLessThan(deleted);
            assertThat(deleted).isLessThan(Long.MAX_VALUE);
        }
        // Mesh x may now take its own inbound timeout's name.
        apply(client, TestProfiles.fromSpec(x, TIMEOUTS.formatted(namespace, "1h")));
        awaitPhase(client, x, Phase.Ready);
        assertThat(client.genericKubernetesResources(KubeKinds.kuma("MeshTimeout")).inNamespace(namespace).withName(legacy).get()
                .getMetadata().getLabels()).containsEntry(Labels.PROFILE, x);
    }

    /**
     * The MeshTimeouts of the namespace, by name, as {@code expected} says (owning profile and mesh, each with its own
     * idle timeout); returns their resource versions.
     */
    private static Map<String, String> timeouts(String namespace, Map<String, String> expected) {
        Map<String, String> versions = new TreeMap<>();
        Map<String, String> owners = new TreeMap<>();
        for (GenericKubernetesResource timeout : client.genericKubernetesResources(KubeKinds.kuma("MeshTimeout")).inNamespace(namespace)
                .withLabel(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE).list().getItems()) {
            Map<String, String> labels = timeout.getMetadata().getLabels();
            owners.put(timeout.getMetadata().getName(), labels.get(Labels.PROFILE));
            assertThat(labels.get(Labels.KUMA_MESH)).as(timeout.getMetadata().getName()).isEqualTo(labels.get(Labels.PROFILE));
            String name = timeout.getMetadata().getName();
            String profile = labels.get(Labels.PROFILE);
            boolean xInbound = profile.endsWith("-inbound");
            // Each profile's own idle timeout outbound, twice that inbound, and Kuma's gateway timeouts.
            if (name.equals(GeneratedNames.meshTimeout(profile))) {
                assertThat(at(timeout, "spec.to[0].default.idleTimeout")).as(name).isEqualTo(xInbound ? "2h" : "1h");
            } else if (name.equals(GeneratedNames.meshTimeoutInbound(profile))) {
                assertThat(at(timeout, "spec.rules[0].default.idleTimeout")).as(name).isEqualTo(xInbound ? "4h0m0s" : "2h0m0s");
            } else {
                assertThat(at(timeout, "spec.to[0].default.idleTimeout")).as(name).isEqualTo("1h0m0s");
            }
            versions.put(timeout.getMetadata().getName(), timeout.getMetadata().getResourceVersion());
        }
        assertThat(owners).isEqualTo(expected);
        return versions;
    }

    private static String at(GenericKubernetesResource object, String path) {
        return String.valueOf(io.kumaops.operator.support.TreePath.at(object.getAdditionalProperties(), path));
    }

    @Test
    void aSecondProfileWithOtherSidecarResourcesLeavesTheSharedContainerPatchToTheFirst() {
        String base = TestCluster.uniqueName("shared");
        String first = base + "-a";
        String second = base + "-b";
        String namespace = systemNamespace(base);
        String spec = """
                controlPlane: {systemNamespace: %s}
                deletionPolicy: Delete
                mtls: {enabled: true, enabledBackend: ca-1, backends: [{name: ca-1, type: Builtin}]}
                sidecar: {requests: {cpu: %s, memory: 128Mi}}
                """;
        apply(client, TestProfiles.fromSpec(first, spec.formatted(namespace, "100m")));
        awaitPhase(client, first, Phase.Ready);
        apply(client, TestProfiles.fromSpec(second, spec.formatted(namespace, "300m")));

        KumaProductionProfile blocked = awaitPhase(client, second, Phase.Blocked);
        assertThat(condition(blocked, "Ready").orElseThrow().getReason()).isEqualTo("BlockedByFinding");
        assertThat(blocked.getStatus().findings).anyMatch(f -> f.code.equals("SharedControlPlaneSettingConflict")
                && f.message.contains("is managed by profile " + first));
        assertThat(blocked.getStatus().completedSteps).as("the steps before the patch's are in place").contains("1-mesh", "3-mtls");
        assertPatchOf(namespace, first, "100m");

        client.resources(KumaProductionProfile.class).withName(second).delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> ItSupport.get(client, second) == null);
        assertThat(client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(second).get()).as("the second's own Mesh is deleted").isNull();
        assertPatchOf(namespace, first, "100m");
        awaitFreshPasses(operator.runner(), first, 2);
        assertThat(ItSupport.get(client, first).getStatus().phase).isEqualTo(Phase.Ready);
    }

    private static void assertPatchOf(String namespace, String profile, String cpu) {
        GenericKubernetesResource patch = client.genericKubernetesResources(KubeKinds.kuma("ContainerPatch")).inNamespace(namespace)
                .withName("kuma-production-sidecar").get();
        assertThat(patch).as("the shared ContainerPatch").isNotNull();
        assertThat(patch.getMetadata().getLabels()).containsEntry(Labels.PROFILE, profile);
        assertThat(String.valueOf(io.kumaops.operator.support.TreePath.at(patch.getAdditionalProperties(), "spec.sidecarPatch[0].value")))
                .contains("\"cpu\":\"" + cpu + "\"");
    }
}
