package io.kumaops.operator.it;

import static io.kumaops.operator.observe.ClusterFixtures.awaitProfile;
import static io.kumaops.operator.support.TreePath.mapAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.kube.KubeAccess;
import io.kumaops.operator.observe.ClusterFixtures;
import io.kumaops.operator.support.TestProfiles;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * controlPlane.manage: true on a control plane installed by Helm. The operator may change exactly what it owns —
 * odd replicas, the control-plane container's resources and its env entries, its own marks — and create the PDB;
 * everything else of the Deployment stays byte for byte, and managedFields prove who owns what.
 */
class ManagedControlPlaneObservationIT {

    private static KubernetesClient client;
    private static TestCluster.RunningOperator operator;
    private static final List<String> PROFILES = new ArrayList<>();

    /** The env entries this profile makes the operator set (reachable services, Argo Rollouts, Argo CD). */
    private static final Set<String> OPERATOR_ENV = Set.of("KUMA_EXPERIMENTAL_AUTO_REACHABLE_SERVICES",
            "KUMA_RUNTIME_KUBERNETES_INJECTOR_IGNORED_SERVICE_SELECTOR_LABELS", "KUMA_RUNTIME_KUBERNETES_SKIP_MESH_OWNER_REFERENCE");

    @BeforeAll
    static void start() {
        client = TestCluster.get().client();
        operator = TestCluster.get().startOperator(TestCluster.testOptions());
    }

    @AfterAll
    static void stop() {
        PROFILES.forEach(name -> ClusterFixtures.deleteProfile(client, name));
        await().atMost(Duration.ofSeconds(60)).until(() -> PROFILES.stream()
                .allMatch(name -> client.resources(KumaProductionProfile.class).withName(name).get() == null));
        operator.close();
    }

    @Test
    void theOperatorChangesOnlyTheFieldsItOwnsOnAHelmInstalledControlPlane() {
        String name = TestCluster.uniqueName("managed-cp");
        String system = name + "-system";
        ClusterFixtures.namespace(client, system);
        Deployment installed = ClusterFixtures.createAsHelm(client, ClusterFixtures.helmControlPlane(system, "kuma-control-plane", 1,
                ClusterFixtures.helmDefaultEnv(system), "500m", "256Mi"));
        GenericKubernetesResource before = deployment(system);

        PROFILES.add(name);
        ClusterFixtures.applyProfile(client, TestProfiles.fromSpec(name, """
                mesh: {name: %s}
                gitOps: {argoCD: true, argoRollouts: true}
                controlPlane:
                  systemNamespace: %s
                  manage: true
                  forceOwnership: true
                  replicas: 2
                  reachableServices: Enabled
                  resources:
                    requests: {cpu: "2", memory: 1Gi}
                    limits: {memory: 2Gi}
                """.formatted(name, system)));
        KumaProductionProfile done = awaitProfile(client, name, Duration.ofSeconds(90),
                p -> p.getStatus().completedSteps.contains(io.kumaops.operator.model.Step.CONTROL_PLANE.id()));
        assertThat(done.getStatus().findings).extracting(f -> f.code).contains("EvenControlPlaneReplicas");

        Deployment managed = client.apps().deployments().inNamespace(system).withName("kuma-control-plane").get();
        // What the operator is there to change.
        assertThat(managed.getSpec().getReplicas()).as("an even request is rounded up").isEqualTo(3);
        var container = managed.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getResources().getRequests()).containsEntry("cpu", new io.fabric8.kubernetes.api.model.Quantity("2"))
                .containsEntry("memory", new io.fabric8.kubernetes.api.model.Quantity("1Gi"));
        assertThat(container.getResources().getLimits()).containsEntry("memory", new io.fabric8.kubernetes.api.model.Quantity("2Gi"));
        assertThat(container.getEnv()).extracting(e -> e.getName() + "=" + e.getValue()).contains(
                "KUMA_EXPERIMENTAL_AUTO_REACHABLE_SERVICES=true",
                "KUMA_RUNTIME_KUBERNETES_INJECTOR_IGNORED_SERVICE_SELECTOR_LABELS=rollouts-pod-template-hash",
                "KUMA_RUNTIME_KUBERNETES_SKIP_MESH_OWNER_REFERENCE=true");
        // Helm's env entries and the valueFrom entry are kept, in place.
        assertThat(container.getEnv()).extracting(e -> e.getName()).containsSubsequence(
                installed.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream().map(e -> e.getName()).toArray(String[]::new));

        GenericKubernetesResource pdb = client.genericKubernetesResources("policy/v1beta1", "PodDisruptionBudget")
                .inNamespace(system).withName("kuma-control-plane-pdb").get();
        assertThat(pdb).as("PDB created (policy/v1beta1 on 1.20)").isNotNull();
        assertThat(mapAt(pdb.getAdditionalProperties(), "spec.selector.matchLabels")).containsEntry("app", "kuma-control-plane");

        // Everything else is exactly as Helm left it (but see helmKeepsItsManagedByLabel: a known planner defect).
        GenericKubernetesResource after = deployment(system);
        assertThat(withoutOperatorFields(after, true)).isEqualTo(withoutOperatorFields(before, true));

        // managedFields: the operator's apply owns only its fields; Helm keeps the rest.
        ManagedFieldsEntry operatorEntry = after.getMetadata().getManagedFields().stream()
                .filter(e -> KubeAccess.FIELD_MANAGER.equals(e.getManager())).findFirst().orElseThrow();
        assertThat(operatorEntry.getOperation()).isEqualTo("Apply");
        Set<String> owned = leafPaths(Serialization.jsonMapper().valueToTree(operatorEntry.getFieldsV1()));
        assertThat(owned).isNotEmpty().allSatisfy(path -> assertThat(path).as("operator-owned field").matches(
                "f:spec\\.f:replicas"
                        + "|f:spec\\.f:template\\.f:spec\\.f:containers\\.k:\\{\"name\":\"control-plane\"\\}\\.(\\.|f:name|f:resources\\..*|f:env\\.k:\\{\"name\":\"("
                        + String.join("|", OPERATOR_ENV) + ")\"\\}\\..*)"
                        + "|f:metadata\\.f:labels\\.f:(app\\.kubernetes\\.io/managed-by|kumaops\\.io/profile)"
                        + "|f:metadata\\.f:annotations\\.f:kumaops\\.io/step"
                        + "|f:metadata\\.f:(labels|annotations)\\.\\."));
        ManagedFieldsEntry helmEntry = after.getMetadata().getManagedFields().stream()
                .filter(e -> ClusterFixtures.HELM_MANAGER.equals(e.getManager())).findFirst().orElseThrow();
        Set<String> helmOwned = leafPaths(Serialization.jsonMapper().valueToTree(helmEntry.getFieldsV1()));
        assertThat(helmOwned).contains("f:spec.f:selector", "f:spec.f:template.f:metadata.f:labels.f:app")
                .noneMatch(path -> path.startsWith("f:spec.f:replicas"));
    }

    /**
     * Reachable services, one setting of the control plane: Auto does not turn it on while a mesh it serves has data
     * planes and no MeshTrafficPermission that allows anything (with it on, Kuma gives them no outbounds), and names
     * that mesh; once the mesh has an allowing permission the mesh is no longer named.
     */
    @Test
    void reachableServicesWaitUntilEveryMeshHasAnAllowingPermission() {
        String name = TestCluster.uniqueName("reach");
        String system = name + "-system";
        String legacy = name + "-legacy";
        ClusterFixtures.namespace(client, system);
        ClusterFixtures.createAsHelm(client, ClusterFixtures.helmControlPlane(system, "kuma-control-plane", 1,
                ClusterFixtures.helmDefaultEnv(system), "500m", "256Mi"));
        ItSupport.dataplane(client, system, legacy, legacy + "-web", "web_" + system + "_svc_80");

        PROFILES.add(name);
        String spec = """
                mesh: {name: %s}
                controlPlane: {systemNamespace: %s, manage: true, forceOwnership: true, expectedDataplanes: %d}
                """;
        ClusterFixtures.applyProfile(client, TestProfiles.fromSpec(name, spec.formatted(name, system, 1000)));
        KumaProductionProfile held = awaitProfile(client, name, Duration.ofSeconds(90),
                p -> p.getStatus().completedSteps.contains(io.kumaops.operator.model.Step.CONTROL_PLANE.id()));
        assertThat(held.getStatus().findings).filteredOn(f -> f.code.equals("ReachableServicesDropOutbounds")).singleElement()
                .satisfies(f -> assertThat(f.message).contains("stay off", legacy));
        assertThat(reachableServicesEnv(system)).as("Auto at 1000 data planes, held off for " + legacy).isEqualTo("false");

        GenericKubernetesResource allow = new GenericKubernetesResource();
        allow.setApiVersion("kuma.io/v1alpha1");
        allow.setKind("MeshTrafficPermission");
        allow.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(legacy + "-allow").withNamespace(system)
                .addToLabels("kuma.io/mesh", legacy).build());
        allow.setAdditionalProperty("spec", Map.of("targetRef", Map.of("kind", "Mesh"),
                "from", List.of(Map.of("targetRef", Map.of("kind", "Mesh"), "default", Map.of("action", "Allow")))));
        client.genericKubernetesResources(io.kumaops.operator.kube.KubeKinds.kuma("MeshTrafficPermission")).inNamespace(system)
                .resource(allow).create();
        // A new generation brings a pass; the count stays above the threshold.
        ClusterFixtures.applyProfile(client, TestProfiles.fromSpec(name, spec.formatted(name, system, 1001)));
        KumaProductionProfile after = awaitProfile(client, name, Duration.ofSeconds(90), p -> p.getStatus().observedGeneration != null
                && p.getStatus().observedGeneration.equals(p.getMetadata().getGeneration())
                && p.getStatus().findings.stream().noneMatch(f -> f.message != null && f.message.contains(legacy)));
        // Meshes other tests left on this API server may still hold it off; without any, it is on.
        boolean stillHeld = after.getStatus().findings.stream().anyMatch(f -> f.code.equals("ReachableServicesDropOutbounds"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(reachableServicesEnv(system)).isEqualTo(stillHeld ? "false" : "true"));
    }

    private static String reachableServicesEnv(String system) {
        return client.apps().deployments().inNamespace(system).withName("kuma-control-plane").get().getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv().stream().filter(e -> e.getName().equals("KUMA_EXPERIMENTAL_AUTO_REACHABLE_SERVICES"))
                .map(e -> e.getValue()).findFirst().orElse(null);
    }

    /**
     * The Deployment belongs to Helm; the operator only patches fields of it. Today the planner also stamps
     * app.kubernetes.io/managed-by: kuma-production-operator on it (and the Orphan deletion path removes that label),
     * so Helm's own "managed-by: Helm" is overwritten. Reported to the planner's owner; enable once fixed.
     */
    @Test
    void helmKeepsItsManagedByLabel() {
        String name = TestCluster.uniqueName("managed-label");
        String system = name + "-system";
        ClusterFixtures.namespace(client, system);
        ClusterFixtures.createAsHelm(client, ClusterFixtures.helmControlPlane(system, "kuma-control-plane", 1,
                ClusterFixtures.helmDefaultEnv(system), "500m", "256Mi"));
        GenericKubernetesResource before = deployment(system);
        PROFILES.add(name);
        ClusterFixtures.applyProfile(client, TestProfiles.fromSpec(name, """
                mesh: {name: %s}
                controlPlane: {systemNamespace: %s, manage: true, forceOwnership: true, replicas: 3}
                """.formatted(name, system)));
        awaitProfile(client, name, Duration.ofSeconds(90), p -> p.getStatus().completedSteps.contains(io.kumaops.operator.model.Step.CONTROL_PLANE.id()));
        assertThat(withoutOperatorFields(deployment(system), false)).isEqualTo(withoutOperatorFields(before, false));
    }

    private static GenericKubernetesResource deployment(String namespace) {
        return client.genericKubernetesResources("apps/v1", "Deployment").inNamespace(namespace).withName("kuma-control-plane").get();
    }

    /** The Deployment as JSON minus what the operator owns and what the server maintains on every write. */
    private static JsonNode withoutOperatorFields(GenericKubernetesResource deployment, boolean ignoreManagedByLabel) {
        ObjectNode json = Serialization.jsonMapper().valueToTree(deployment);
        ObjectNode metadata = (ObjectNode) json.get("metadata");
        for (String serverField : List.of("resourceVersion", "generation", "managedFields")) {
            metadata.remove(serverField);
        }
        removeKey(metadata.get("labels"), "kumaops.io/profile");
        if (ignoreManagedByLabel) {
            removeKey(metadata.get("labels"), "app.kubernetes.io/managed-by");
        }
        removeKey(metadata.get("annotations"), "kumaops.io/step");
        if (metadata.get("annotations") != null && metadata.get("annotations").isEmpty()) {
            metadata.remove("annotations");
        }
        json.remove("status");
        ObjectNode spec = (ObjectNode) json.get("spec");
        spec.remove("replicas");
        for (JsonNode container : spec.at("/template/spec/containers")) {
            if ("control-plane".equals(container.path("name").asText())) {
                ((ObjectNode) container).remove("resources");
                ArrayNode env = (ArrayNode) container.get("env");
                for (Iterator<JsonNode> it = env.elements(); it.hasNext(); ) {
                    if (OPERATOR_ENV.contains(it.next().path("name").asText())) {
                        it.remove();
                    }
                }
            }
        }
        return json;
    }

    private static void removeKey(JsonNode node, String key) {
        if (node instanceof ObjectNode object) {
            object.remove(key);
        }
    }

    /** Dotted paths of every leaf of a fieldsV1 tree, e.g. {@code f:spec.f:replicas}. */
    private static Set<String> leafPaths(JsonNode fields) {
        Set<String> paths = new TreeSet<>();
        collect(fields, "", paths);
        return paths;
    }

    private static void collect(JsonNode node, String prefix, Set<String> paths) {
        if (node == null || !node.isObject() || node.isEmpty()) {
            paths.add(prefix);
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            collect(field.getValue(), prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey(), paths);
        }
    }
}
