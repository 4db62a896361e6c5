package io.kumaops.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.cli.CliRunner;
import io.kumaops.operator.kube.KubeKinds;
import io.kumaops.operator.support.TestProfiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code render --cluster}: what the operator would write next given what the cluster and Kuma report now, read-only,
 * against the real API server with the Kuma stand-in. No operator runs in this class.
 */
class RenderClusterIT {

    private static KubernetesClient client;

    @TempDir
    Path temp;

    @BeforeAll
    static void connect() {
        client = TestCluster.get().client();
    }

    private Path kubeconfig() throws IOException {
        Path file = temp.resolve("admin.kubeconfig");
        Files.writeString(file, TestCluster.get().kubeconfigYaml());
        return file;
    }

    private Path profileFile(String name) throws IOException {
        Path file = temp.resolve(name + ".yaml");
        Files.writeString(file, """
                apiVersion: kumaops.io/v1alpha1
                kind: KumaProductionProfile
                metadata: {name: %s}
                spec:
                  mtls:
                    enabled: true
                    enabledBackend: ca-1
                    backends:
                      - {name: ca-1, type: Builtin}
                """.formatted(name));
        return file;
    }

    @Test
    void aNewMeshWouldGetItsMeshAndThenWaitForKumaToReportIt() throws IOException {
        String name = TestCluster.uniqueName("render-next");
        var result = CliRunner.run("render", "--cluster", "--kubeconfig", kubeconfig().toString(), "-f", profileFile(name).toString());
        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("kind: Mesh\n").contains("name: " + name + "\n")
                .contains("# step 2-traffic-permission: waits (WaitingForKuma): waiting for Kuma's control plane to report mesh " + name)
                .doesNotContain("MeshTrafficPermission");
        assertThat(result.err()).contains("note: " + name + ": step 2-traffic-permission waits (WaitingForKuma)");
        assertThat(client.genericKubernetesResources(KubeKinds.kuma("Mesh")).withName(name).get()).as("read-only").isNull();
    }

    @Test
    void objectsAlreadyInPlaceAreLeftOut() throws IOException {
        String name = TestCluster.uniqueName("render-placed");
        Path file = profileFile(name);
        // The Mesh exists as step 1-mesh writes it: render --cluster says so and goes on to the next step.
        var first = CliRunner.run("render", "--cluster", "--kubeconfig", kubeconfig().toString(), "-f", file.toString(), "-o", "json");
        assertThat(first.exitCode()).as(first.err()).isZero();
        var mesh = new com.fasterxml.jackson.databind.ObjectMapper().readTree(first.out()).path("items").get(0);
        client.genericKubernetesResources(KubeKinds.kuma("Mesh")).resource(
                io.fabric8.kubernetes.client.utils.Serialization.unmarshal(mesh.toString(), io.fabric8.kubernetes.api.model.GenericKubernetesResource.class))
                .serverSideApply();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                client.genericKubernetesResources(KubeKinds.kuma("MeshInsight")).withName(name).get() != null);

        var second = CliRunner.run("render", "--cluster", "--kubeconfig", kubeconfig().toString(), "-f", file.toString());
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("# step 1-mesh: in place").contains("kind: MeshTrafficPermission\n")
                .contains("name: allow-all-" + name + "\n");
        assertThat(second.out()).as("the Mesh is in place, so not printed again").doesNotContain("apiVersion: kuma.io/v1alpha1\nkind: Mesh\n");
    }

    @Test
    void withoutClusterTheFlagsOfTheClusterAreRefused() {
        var result = CliRunner.run("render", "--kubeconfig", "x");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("--kubeconfig and --context need --cluster");
    }
}
