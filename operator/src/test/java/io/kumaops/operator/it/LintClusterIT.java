package io.kumaops.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.cli.CliRunner;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.model.GeneratedNames;
import io.kumaops.operator.model.Labels;
import io.kumaops.operator.observe.ClusterFixtures;
import io.kumaops.operator.support.ProjectPaths;
import io.kumaops.operator.support.TestProfiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lint --cluster}: the operator's rules on the live cluster, read-only, in the offline lint's formats and
 * exit codes. Runs the CLI in-process against the shared real API server; no operator runs in this class.
 */
class LintClusterIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static KubernetesClient client;
    private static String profileName;
    private static String system;

    @TempDir
    Path temp;

    /** One anti-pattern cluster for every test: memory store, 2 replicas, no PDB, 30 Dataplanes; profile stored. */
    @BeforeAll
    static void seed() {
        client = TestCluster.get().client();
        profileName = TestCluster.uniqueName("lint-live");
        system = profileName + "-system";
        String apps = profileName + "-apps";
        ClusterFixtures.namespace(client, system);
        ClusterFixtures.namespace(client, apps);
        Map<String, String> env = ClusterFixtures.helmDefaultEnv(system);
        env.put("KUMA_STORE_TYPE", "memory");
        ClusterFixtures.createAsHelm(client, ClusterFixtures.helmControlPlane(system, "kuma-control-plane", 2, env, "500m", "256Mi"));
        ClusterFixtures.dataplanes(client, List.of(apps), profileName, "dp", 30, 2);
        client.resource(profile(profileName)).create();
    }

    private static KumaProductionProfile profile(String name) {
        return TestProfiles.fromSpec(name, """
                mesh: {name: %s}
                controlPlane:
                  systemNamespace: %s
                """.formatted(profileName, system));
    }

    private Path adminKubeconfig() throws IOException {
        return ItSupport.adminKubeconfig(temp);
    }

    private static List<JsonNode> findingsOf(String json, String profile) throws IOException {
        JsonNode root = JSON.readTree(json);
        List<JsonNode> result = new ArrayList<>();
        root.get("findings").forEach(f -> {
            if (profile.equals(f.at("/resource/name").asText())) {
                result.add(f);
            }
        });
        return result;
    }

    private static Set<String> codes(List<JsonNode> findings) {
        Set<String> codes = new TreeSet<>();
        findings.forEach(f -> codes.add(f.get("code").asText() + "@" + f.get("path").asText()));
        return codes;
    }

    @Test
    void everyStoredProfileIsJudgedAgainstTheLiveCluster() throws IOException {
        CliRunner.Result run = CliRunner.run("lint", "--cluster", "--kubeconfig", adminKubeconfig().toString(), "-o", "json");

        assertThat(run.err()).doesNotContain("Exception");
        assertThat(run.exitCode()).as("an Error finding (InMemoryStore) fails the run").isEqualTo(1);
        List<JsonNode> findings = findingsOf(run.out(), profileName);
        assertThat(findings).extracting(f -> f.get("code").asText())
                .contains("InMemoryStore", "EvenControlPlaneReplicas", "MissingControlPlaneDisruptionBudget", "UnderProvisionedControlPlane");
        JsonNode memoryStore = findings.stream().filter(f -> f.get("code").asText().equals("InMemoryStore")).findFirst().orElseThrow();
        assertThat(memoryStore.get("source").asText()).isEqualTo("Cluster");
        assertThat(memoryStore.get("path").asText()).isEqualTo("Deployment " + system + "/kuma-control-plane env KUMA_STORE_TYPE");
        assertThat(memoryStore.at("/resource/file").asText()).isEqualTo("kumaproductionprofiles/" + profileName);
        JsonNode sizing = findings.stream().filter(f -> f.get("code").asText().equals("UnderProvisionedControlPlane")).findFirst().orElseThrow();
        assertThat(sizing.get("message").asText()).contains("30 observed data planes");

        // The same rules offline see none of that.
        Path file = temp.resolve("profile.yaml");
        Files.writeString(file, Serialization.asYaml(profile(profileName)));
        CliRunner.Result offline = CliRunner.run("lint", "-f", file.toString(), "-o", "json");
        assertThat(findingsOf(offline.out(), profileName)).extracting(f -> f.get("code").asText())
                .doesNotContain("InMemoryStore", "EvenControlPlaneReplicas", "MissingControlPlaneDisruptionBudget");
    }

    @Test
    void aZoneProfileOnAServerWithoutValidatingAdmissionPolicyGetsTheMissingFenceFromLintToo() throws IOException {
        String zoneProfile = TestCluster.uniqueName("lint-zone");
        client.resource(TestProfiles.fromSpec(zoneProfile, """
                mesh: {name: %s}
                controlPlane:
                  role: Zone
                  zoneName: east
                  systemNamespace: %s
                multiZone: {enabled: true, globalKdsAddress: "grpcs://global.example:5685"}
                """.formatted(zoneProfile, system))).create();
        try {
            CliRunner.Result run = CliRunner.run("lint", "--cluster", "--kubeconfig", adminKubeconfig().toString(), "-o", "json",
                    "--fail-on", "never");
            // kube-apiserver 1.20 serves admissionregistration.k8s.io/v1 but no ValidatingAdmissionPolicy.
            List<JsonNode> fence = findingsOf(run.out(), zoneProfile).stream()
                    .filter(f -> f.get("code").asText().equals("ZonePolicyFenceMissing")).toList();
            assertThat(fence).hasSize(1);
            assertThat(fence.get(0).get("source").asText()).isEqualTo("Cluster");
            assertThat(fence.get(0).get("message").asText()).contains("does not serve admissionregistration.k8s.io/v1 ValidatingAdmissionPolicy");
        } finally {
            client.resources(KumaProductionProfile.class).withName(zoneProfile).delete();
        }
    }

    @Test
    void kumaResourcesInFilesAreJudgedByTheRunningControlPlane() throws IOException {
        // The tier's stand-in runs kuma-system/kuma-control-plane with kumahq/kuma-cp:2.14.3: open-source Kuma judges,
        // whatever --distribution says (Kuma pkg/core/resources/apis/mesh/mesh_validator.go, one backend).
        Path file = temp.resolve("mesh.yaml");
        Files.writeString(file, """
                apiVersion: kuma.io/v1alpha1
                kind: Mesh
                metadata: {name: two-cas}
                spec:
                  mtls:
                    enabledBackend: ca-1
                    backends: [{name: ca-1, type: builtin}, {name: ca-2, type: builtin}]
                """);
        CliRunner.Result run = CliRunner.run("lint", "--cluster", "--kubeconfig", adminKubeconfig().toString(), "-f", file.toString(),
                "-o", "json", "--distribution", "KongMesh");
        assertThat(run.err()).contains("judged as Kuma 2.14, the running control plane");
        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        assertThat(JSON.readTree(run.out()).get("findings")).anySatisfy(f -> {
            assertThat(f.get("code").asText()).isEqualTo("KumaWouldRefuse");
            assertThat(f.get("message").asText()).contains("cannot have more than 1 backends");
        });
    }

    @Test
    void textAndSarifOutputsAreTheOfflineOnes() throws IOException {
        String kubeconfig = adminKubeconfig().toString();
        CliRunner.Result text = CliRunner.run("lint", "--cluster", "--kubeconfig", kubeconfig, "--fail-on", "never");
        assertThat(text.exitCode()).isZero();
        assertThat(text.out()).contains("Error [InMemoryStore] " + profileName + " Deployment " + system
                + "/kuma-control-plane env KUMA_STORE_TYPE: the control plane runs with KUMA_STORE_TYPE=memory");
        assertThat(text.out()).containsPattern("\\d+ profiles?");

        CliRunner.Result sarif = CliRunner.run("lint", "--cluster", "--kubeconfig", kubeconfig, "-o", "sarif", "--fail-on", "never");
        JsonNode results = JSON.readTree(sarif.out()).at("/runs/0/results");
        assertThat(StreamSupport.stream(results.spliterator(), false)
                .map(r -> r.at("/locations/0/physicalLocation/artifactLocation/uri").asText()))
                .contains("kumaproductionprofiles/" + profileName);
    }

    @Test
    void htmlOutputShowsTheLiveFindingsAndThePlanOfEveryStoredProfile() throws IOException {
        String kubeconfig = adminKubeconfig().toString();
        CliRunner.Result html = CliRunner.run("lint", "--cluster", "--kubeconfig", kubeconfig, "-o", "html", "--fail-on", "never");
        CliRunner.Result json = CliRunner.run("lint", "--cluster", "--kubeconfig", kubeconfig, "-o", "json", "--fail-on", "never");
        assertThat(html.exitCode()).as(html.err()).isZero();
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(html.out());
        org.jsoup.nodes.Element entry = page.select("article.entry").stream()
                .filter(e -> e.attr("data-name").equals(profileName)).findFirst().orElseThrow();
        assertThat(entry.select(".source code").text()).isEqualTo("kumaproductionprofiles/" + profileName + ":1");
        assertThat(entry.select("li.finding")).hasSize(findingsOf(json.out(), profileName).size());
        org.jsoup.nodes.Element memory = entry.selectFirst("section.severity[data-severity=Error] li.finding[data-code=InMemoryStore]");
        assertThat(memory.select(".path").text()).isEqualTo("Deployment " + system + "/kuma-control-plane env KUMA_STORE_TYPE");
        assertThat(memory.select(".location")).as("a stored profile has no file to point into").isEmpty();
        assertThat(entry.attr("data-ready")).isEqualTo("false");
        assertThat(entry.select("section.plan ol.timeline > li.step")).hasSize(7);
        assertThat(page.select("li.finding")).hasSize(JSON.readTree(json.out()).get("findings").size());
    }

    @Test
    void filesAreJudgedAgainstTheClusterWithFileLocations() throws IOException {
        Path file = temp.resolve("candidate.yaml");
        KumaProductionProfile candidate = profile("candidate-not-in-cluster");
        candidate.getSpec().controlPlane.replicas = 3;
        Files.writeString(file, Serialization.asYaml(candidate));

        CliRunner.Result run = CliRunner.run("lint", "--cluster", "--kubeconfig", adminKubeconfig().toString(), "-f", file.toString(), "-o", "json");
        JsonNode root = JSON.readTree(run.out());
        assertThat(root.at("/summary/profiles").asInt()).as("only the file, not the stored profiles").isEqualTo(1);
        List<JsonNode> findings = findingsOf(run.out(), "candidate-not-in-cluster");
        assertThat(findings).extracting(f -> f.at("/resource/file").asText()).containsOnly(file.toString());
        assertThat(findings).extracting(f -> f.get("code").asText())
                // The file says 3, the cluster runs 2: the contradiction, and the even count seen live under its own code.
                .contains("InMemoryStore", "ProfileContradictsCluster", "EvenControlPlaneReplicas");
        assertThat(findings).filteredOn(f -> f.get("code").asText().equals("EvenControlPlaneReplicas"))
                .allSatisfy(f -> assertThat(f.get("source").asText()).isEqualTo("Cluster"));
        assertThat(run.exitCode()).isEqualTo(1);
    }

    @Test
    void noReachableClusterIsAUsageErrorWithAClearMessage() throws IOException {
        Path unreachable = temp.resolve("unreachable.kubeconfig");
        Files.writeString(unreachable, """
                apiVersion: v1
                kind: Config
                clusters: [{name: nowhere, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]
                users: [{name: u, user: {token: t}}]
                contexts: [{name: nowhere, context: {cluster: nowhere, user: u}}]
                current-context: nowhere
                """);
        long started = System.nanoTime();
        CliRunner.Result run = CliRunner.run("lint", "--cluster", "--kubeconfig", unreachable.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("no Kubernetes API server reachable at https://127.0.0.1:1").contains("--kubeconfig");
        assertThat((System.nanoTime() - started) / 1_000_000_000).as("fails fast, no retry back-off").isLessThan(15);

        assertThat(CliRunner.run("lint", "--cluster", "--kubeconfig", temp.resolve("missing").toString()).err()).contains("file not readable");
        CliRunner.Result badContext = CliRunner.run("lint", "--cluster", "--kubeconfig", adminKubeconfig().toString(), "--context", "nope");
        assertThat(badContext.exitCode()).isEqualTo(2);
        assertThat(badContext.err()).contains("--context nope: not found in the kubeconfig");
        CliRunner.Result withoutCluster = CliRunner.run("lint", "--kubeconfig", adminKubeconfig().toString());
        assertThat(withoutCluster.exitCode()).isEqualTo(2);
        assertThat(withoutCluster.err()).contains("need --cluster");
    }

    /**
     * Objects another profile wrote under the names this profile's plan uses, with other content: the operator's
     * one-owner check (plan/OwnershipGate) would block those steps with GeneratedNameCollision and
     * SharedControlPlaneSettingConflict, and lint --cluster reports the same, for the admin and for the chart's lint role.
     */
    @Test
    void objectsAnotherProfileOwnsGetTheOperatorsOwnershipFindings() throws Exception {
        String name = TestCluster.uniqueName("lint-owned");
        String namespace = name + "-system";
        String other = name + "-other";
        ClusterFixtures.namespace(client, namespace);
        client.genericKubernetesResources(KubeKinds.kuma("MeshTimeout")).inNamespace(namespace).resource(ownedBy(other, "MeshTimeout",
                namespace, GeneratedNames.meshTimeout(name), Map.of(Labels.KUMA_MESH, name), Map.of("targetRef", Map.of("kind", "Mesh"),
                        "to", List.of(Map.of("targetRef", Map.of("kind", "Mesh"), "default", Map.of("idleTimeout", "2h"))))))
                .create();
        client.genericKubernetesResources(KubeKinds.kuma("ContainerPatch")).inNamespace(namespace).resource(ownedBy(other,
                "ContainerPatch", namespace, "kuma-production-sidecar", Map.of(), Map.of("sidecarPatch", List.of(Map.of("op", "add",
                        "path", "/resources", "value", "{\"requests\":{\"cpu\":\"100m\"}}")))))
                .create();
        Path file = temp.resolve("owned.yaml");
        Files.writeString(file, Serialization.asYaml(TestProfiles.fromSpec(name, """
                mesh: {name: %s}
                controlPlane: {systemNamespace: %s}
                policies:
                  timeout: {connectionTimeout: 5s, idleTimeout: 1h}
                sidecar: {requests: {cpu: 300m, memory: 128Mi}}
                """.formatted(name, namespace))));
        ClusterRole role = chartLintRole();
        role.getMetadata().setName(name + "-lint");
        role.getMetadata().setLabels(null);
        client.rbac().clusterRoles().resource(role).serverSideApply();
        Path ciKubeconfig = ItSupport.serviceAccountKubeconfig(client, namespace, "ci-lint", name + "-lint", temp);

        for (Path kubeconfig : List.of(adminKubeconfig(), ciKubeconfig)) {
            CliRunner.Result run = CliRunner.run("lint", "-f", file.toString(), "--cluster", "--kubeconfig", kubeconfig.toString(),
                    "-o", "json", "--fail-on", "never");
            assertThat(run.err()).doesNotContain("Exception");
            List<JsonNode> findings = findingsOf(run.out(), name);
            assertThat(codes(findings)).as(kubeconfig.getFileName().toString())
                    .contains("GeneratedNameCollision@spec.policies", "SharedControlPlaneSettingConflict@spec.sidecar.containerPatchName");
            assertThat(findings).filteredOn(f -> f.get("code").asText().startsWith("SharedControlPlane")).singleElement()
                    .satisfies(f -> assertThat(f.get("message").asText()).contains("is managed by profile " + other))
                    .satisfies(f -> assertThat(f.get("severity").asText()).isEqualTo("Error"));
        }
    }

    private static GenericKubernetesResource ownedBy(String profile, String kind, String namespace, String name, Map<String, String> labels,
                                                     Map<String, Object> spec) {
        GenericKubernetesResource object = new GenericKubernetesResource();
        object.setApiVersion("kuma.io/v1alpha1");
        object.setKind(kind);
        object.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName(name).withNamespace(namespace)
                .addToLabels(labels).addToLabels(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE)
                .addToLabels(Labels.PROFILE, GeneratedNames.profileLabel(profile)).build());
        object.setAdditionalProperty("spec", spec);
        return object;
    }

    /**
     * The chart's lintRole (lint-clusterrole.yaml) grants what lint --cluster reads except the Helm certificate
     * Secret, and lint writes nothing: run as a ServiceAccount bound to exactly that role, the findings equal the
     * admin's and the one refused read is named on stderr.
     */
    @Test
    void theChartsLintRoleIsEnoughAndLintWritesNothing() throws Exception {
        String roleName = profileName + "-lint";
        ClusterRole role = chartLintRole();
        role.getMetadata().setName(roleName);
        role.getMetadata().setLabels(null);
        client.rbac().clusterRoles().resource(role).serverSideApply();
        Path ciKubeconfig = ItSupport.serviceAccountKubeconfig(client, system, "ci-lint", roleName, temp);

        String deploymentVersion = client.apps().deployments().inNamespace(system).withName("kuma-control-plane").get()
                .getMetadata().getResourceVersion();
        String profileVersion = client.resources(KumaProductionProfile.class).withName(profileName).get().getMetadata().getResourceVersion();

        CliRunner.Result asCi = CliRunner.run("lint", "--cluster", "--kubeconfig", ciKubeconfig.toString(), "-o", "json", "--fail-on", "never");
        CliRunner.Result asAdmin = CliRunner.run("lint", "--cluster", "--kubeconfig", adminKubeconfig().toString(), "-o", "json", "--fail-on", "never");
        assertThat(asCi.exitCode()).as(asCi.err()).isZero();
        assertThat(asAdmin.err()).doesNotContain("not allowed to read");
        // The one read the chart's lintRole does not grant: the Helm certificate Secret (ArgoCdCertificateDrift's
        // cluster evidence). Every other fact is observed, so the findings are the admin's.
        assertThat(asCi.err().lines().filter(line -> line.startsWith("note: not allowed to read")))
                .containsExactly("note: not allowed to read the control-plane TLS Secret (get secrets). Those facts were not observed"
                        + " and the rules that need them stayed silent (see docs/observation.md).");
        assertThat(codes(findingsOf(asCi.out(), profileName))).isEqualTo(codes(findingsOf(asAdmin.out(), profileName)));

        assertThat(client.apps().deployments().inNamespace(system).withName("kuma-control-plane").get().getMetadata().getResourceVersion())
                .isEqualTo(deploymentVersion);
        assertThat(client.resources(KumaProductionProfile.class).withName(profileName).get().getMetadata().getResourceVersion())
                .isEqualTo(profileVersion);
    }

    /** The lint ClusterRole as the chart renders it with lintRole.create (helm template through helm-java). */
    static ClusterRole chartLintRole() throws IOException {
        Path chart = ProjectPaths.root().resolve("deploy/helm/kuma-production-operator");
        Path values = Files.createTempFile("lint-values", ".yaml");
        try {
            Files.writeString(values, "lintRole: {create: true}\n");
            String rendered = new Helm(chart).template().withName("kpo").withNamespace("kpo").withValuesFile(values).call();
            YAMLMapper yaml = new YAMLMapper();
            for (JsonNode document : yaml.readValues(yaml.getFactory().createParser(rendered), JsonNode.class).readAll()) {
                if (document != null && "ClusterRole".equals(document.path("kind").asText())
                        && document.at("/metadata/name").asText().endsWith("-lint")) {
                    return Serialization.jsonMapper().treeToValue(document, ClusterRole.class);
                }
            }
            throw new AssertionError("the chart renders no lint ClusterRole with lintRole.create=true");
        } finally {
            Files.deleteIfExists(values);
        }
    }
}
