package io.kumaops.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.cli.CliRunner;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.model.Labels;
import io.kumaops.operator.observe.ClusterFixtures;
import io.kumaops.operator.support.TestProfiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The namespace findings on the real API server through {@code lint --cluster}: namespaces and Dataplanes are created
 * as Kuma 2.14 would find them (kumahq/kuma-cp:2.14.3 runs in the profile's system namespace), then labelled the
 * way Kuma expects, and read once more by an identity that may not list namespaces.
 */
class NamespaceFindingsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static KubernetesClient client;
    private static String mesh;
    private static String system;

    @TempDir
    Path temp;

    /**
     * Mesh {@code <mesh>}: its system namespace unlabelled; {@code -apps} unlabelled with 3 Dataplanes; {@code -edge}
     * unlabelled with a builtin gateway only; {@code -shop} labelled, shared with mesh {@code <mesh>-billing}'s Dataplane;
     * {@code -web} labelled for injection and with {@code kuma.io/mesh: <mesh>-ads}; {@code -solo} labelled, this mesh's alone.
     */
    @BeforeAll
    static void seed() {
        client = TestCluster.get().client();
        mesh = TestCluster.uniqueName("ns-findings");
        system = mesh + "-system";
        ClusterFixtures.namespace(client, system);
        ClusterFixtures.createAsHelm(client, ClusterFixtures.helmControlPlane(system, "kuma-control-plane", 3,
                ClusterFixtures.helmDefaultEnv(system), "500m", "256Mi"));
        namespace(mesh + "-apps", Map.of());
        namespace(mesh + "-edge", Map.of());
        namespace(mesh + "-shop", Map.of(Labels.KUMA_SIDECAR_INJECTION, "enabled"));
        namespace(mesh + "-web", Map.of(Labels.KUMA_SIDECAR_INJECTION, "enabled", Labels.KUMA_MESH, mesh + "-ads"));
        namespace(mesh + "-solo", Map.of(Labels.KUMA_SIDECAR_INJECTION, "disabled"));
        ClusterFixtures.dataplanes(client, List.of(mesh + "-apps"), mesh, "app", 3, 1);
        ClusterFixtures.dataplanes(client, List.of(mesh + "-shop", mesh + "-web", mesh + "-solo"), mesh, "svc", 3, 1);
        ClusterFixtures.dataplanes(client, List.of(mesh + "-shop"), mesh + "-billing", "billing", 1, 1);
        client.genericKubernetesResources(KubeKinds.kuma("Dataplane")).inNamespace(mesh + "-edge").resource(builtinGateway(mesh + "-edge")).create();
        client.resource(TestProfiles.fromSpec(mesh, """
                mesh: {name: %s}
                controlPlane: {systemNamespace: %s, replicas: 3}
                """.formatted(mesh, system))).create();
    }

    private static void namespace(String name, Map<String, String> labels) {
        client.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(name)
                .withLabels(labels).endMetadata().build()).serverSideApply();
    }

    /** A builtin gateway's Dataplane, as Kuma's gateway instance controller makes it: no inbound, networking.gateway BUILTIN. */
    private static GenericKubernetesResource builtinGateway(String namespace) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("apiVersion", "kuma.io/v1alpha1");
        body.put("kind", "Dataplane");
        body.put("mesh", mesh);
        body.put("metadata", Map.of("name", "edge-gateway", "namespace", namespace, "labels", Map.of(Labels.KUMA_MESH, mesh)));
        body.put("spec", Map.of("networking", Map.of("address", "10.0.0.2",
                "gateway", Map.of("type", "BUILTIN", "tags", Map.of("kuma.io/service", "edge-gateway_" + namespace + "_svc")))));
        return Serialization.jsonMapper().convertValue(body, GenericKubernetesResource.class);
    }

    private Path adminKubeconfig() throws IOException {
        return ItSupport.adminKubeconfig(temp);
    }

    private static Map<String, JsonNode> findings(CliRunner.Result run) throws IOException {
        Map<String, JsonNode> byCode = new LinkedHashMap<>();
        JSON.readTree(run.out()).get("findings").forEach(f -> {
            if (mesh.equals(f.at("/resource/name").asText())) {
                byCode.put(f.get("code").asText(), f);
            }
        });
        return byCode;
    }

    private CliRunner.Result lint(Path kubeconfig) {
        return CliRunner.run("lint", "--cluster", "--kubeconfig", kubeconfig.toString(), "-o", "json", "--fail-on", "never");
    }

    @Test
    void theNamespaceFindingsFollowTheLabelsKumaReadsAndTheControlPlanesSetting() throws IOException {
        Map<String, JsonNode> findings = findings(lint(adminKubeconfig()));

        assertThat(findings).containsKeys("NamespaceMissingInjectionLabel", "SystemNamespaceNotLabelled", "MultipleMeshesInNamespace");
        JsonNode missing = findings.get("NamespaceMissingInjectionLabel");
        assertThat(missing.get("severity").asText()).isEqualTo("Warning");
        assertThat(missing.get("source").asText()).isEqualTo("Cluster");
        // -edge holds a builtin gateway only; the system namespace has a rule of its own.
        assertThat(missing.get("path").asText()).isEqualTo("Namespace " + mesh + "-apps label kuma.io/sidecar-injection");
        assertThat(missing.get("message").asText()).contains("namespace " + mesh + "-apps (3) holds injected data planes of mesh " + mesh,
                "the control plane runs Kuma 2.14");
        assertThat(findings.get("SystemNamespaceNotLabelled").get("remediation").asText())
                .isEqualTo("kubectl label namespace " + system + " kuma.io/sidecar-injection=false");
        JsonNode shared = findings.get("MultipleMeshesInNamespace");
        assertThat(shared.get("severity").asText()).isEqualTo("Warning");
        assertThat(shared.get("path").asText()).isEqualTo("Namespaces " + mesh + "-shop and " + mesh + "-web");
        assertThat(shared.get("message").asText()).contains(mesh + "-shop (Dataplanes of mesh " + mesh + "-billing)",
                mesh + "-web (labelled kuma.io/mesh: " + mesh + "-ads)");

        // Labelled as Kuma expects, and the control plane refuses pods that would mix meshes.
        client.namespaces().withName(system).patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"kuma.io/sidecar-injection\":\"false\"}}}");
        client.namespaces().withName(mesh + "-apps").patch(PatchContext.of(PatchType.JSON_MERGE),
                "{\"metadata\":{\"labels\":{\"kuma.io/sidecar-injection\":\"enabled\"}}}");
        Map<String, String> env = ClusterFixtures.helmDefaultEnv(system);
        env.put("KUMA_RUNTIME_KUBERNETES_DISALLOW_MULTIPLE_MESHES_PER_NAMESPACE", "true");
        client.apps().deployments().inNamespace(system).withName("kuma-control-plane").delete();
        ClusterFixtures.createAsHelm(client, ClusterFixtures.helmControlPlane(system, "kuma-control-plane", 3, env, "500m", "256Mi"));
        try {
            CliRunner.Result strict = CliRunner.run("lint", "--cluster", "--kubeconfig", adminKubeconfig().toString(), "-o", "json");
            Map<String, JsonNode> after = findings(strict);
            assertThat(after).doesNotContainKeys("NamespaceMissingInjectionLabel", "SystemNamespaceNotLabelled");
            assertThat(after.get("MultipleMeshesInNamespace").get("severity").asText()).isEqualTo("Error");
            assertThat(after.get("MultipleMeshesInNamespace").get("message").asText())
                    .contains("KUMA_RUNTIME_KUBERNETES_DISALLOW_MULTIPLE_MESHES_PER_NAMESPACE=true");
            assertThat(strict.exitCode()).as("an Error finding fails lint").isEqualTo(1);
        } finally {
            client.namespaces().withName(system).patch(PatchContext.of(PatchType.JSON), "[{\"op\":\"remove\",\"path\":\"/metadata/labels/kuma.io~1sidecar-injection\"}]");
            client.namespaces().withName(mesh + "-apps").patch(PatchContext.of(PatchType.JSON),
                    "[{\"op\":\"remove\",\"path\":\"/metadata/labels/kuma.io~1sidecar-injection\"}]");
            client.apps().deployments().inNamespace(system).withName("kuma-control-plane").delete();
            ClusterFixtures.createAsHelm(client, ClusterFixtures.helmControlPlane(system, "kuma-control-plane", 3,
                    ClusterFixtures.helmDefaultEnv(system), "500m", "256Mi"));
        }
    }

    /** Without list on namespaces the facts stay unknown: the three rules say nothing and lint names the refused read. */
    @Test
    void anIdentityThatMayNotListNamespacesGetsNoNamespaceFinding() throws IOException {
        ClusterRole role = LintClusterIT.chartLintRole();
        String roleName = mesh + "-no-namespaces";
        role.getMetadata().setName(roleName);
        role.getMetadata().setLabels(null);
        List<PolicyRule> rules = new ArrayList<>();
        for (PolicyRule rule : role.getRules()) {
            List<String> resources = new ArrayList<>(rule.getResources());
            resources.remove("namespaces");
            rule.setResources(resources);
            rules.add(rule);
        }
        role.setRules(rules);
        client.rbac().clusterRoles().resource(role).serverSideApply();
        Path kubeconfig = ItSupport.serviceAccountKubeconfig(client, system, "no-namespaces", roleName, temp);

        CliRunner.Result run = lint(kubeconfig);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(findings(run)).doesNotContainKeys("NamespaceMissingInjectionLabel", "SystemNamespaceNotLabelled", "MultipleMeshesInNamespace")
                .containsKey("UnderProvisionedControlPlane");
        assertThat(run.err()).contains("note: not allowed to read namespaces (list namespaces)");
        assertThat(findings(lint(adminKubeconfig()))).containsKeys("NamespaceMissingInjectionLabel", "SystemNamespaceNotLabelled");
    }

    @Test
    void offlineTheSameProfileHasNoNamespaceFinding() throws IOException {
        Path file = temp.resolve("profile.yaml");
        KumaProductionProfile profile = client.resources(KumaProductionProfile.class).withName(mesh).get();
        profile.getMetadata().setManagedFields(null);
        Files.writeString(file, Serialization.asYaml(profile));
        CliRunner.Result offline = CliRunner.run("lint", "-f", file.toString(), "-o", "json", "--fail-on", "never");
        assertThat(findings(offline)).doesNotContainKeys("NamespaceMissingInjectionLabel", "SystemNamespaceNotLabelled", "MultipleMeshesInNamespace");
    }
}
