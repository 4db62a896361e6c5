package io.kumaops.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * deploy/manifests/install.yaml is the chart rendered with its defaults. Run with -Dkumaops.updateManifests=true
 * to rewrite it instead of comparing.
 */
class InstallManifestTest {

    @Test
    void installManifestIsTheRenderedChart() {
        String expected = ChartSupport.renderInstallManifest();
        if (Boolean.getBoolean("kumaops.updateManifests")) {
            ChartSupport.writeInstallManifest();
        }

        assertThat(ChartSupport.installManifest())
                .as("deploy/manifests/install.yaml is missing; generate it with: %s", ChartSupport.REGENERATE_COMMAND)
                .exists();
        assertThat(ChartSupport.read(ChartSupport.installManifest()))
                .as("deploy/manifests/install.yaml differs from what the chart renders; regenerate it with: %s",
                        ChartSupport.REGENERATE_COMMAND)
                .isEqualTo(expected);
    }

    @Test
    void installManifestHoldsEverythingForADefaultInstall() {
        List<JsonNode> documents = ChartSupport.documents(ChartSupport.read(ChartSupport.installManifest()));

        assertThat(documents.get(0).path("kind").asText()).isEqualTo("Namespace");
        assertThat(documents.get(0).path("metadata").path("labels").path("pod-security.kubernetes.io/enforce").asText())
                .isEqualTo("restricted");
        assertThat(documents.get(1).path("kind").asText()).isEqualTo("CustomResourceDefinition");
        assertThat(documents).extracting(d -> d.path("kind").asText()).contains(
                "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding", "Service", "Deployment");
        // Everything is in the operator's namespace but its writes' Role (Kuma's kuma-system) and its Events' Role (default).
        assertThat(documents).filteredOn(d -> d.path("metadata").has("namespace"))
                .filteredOn(d -> !d.path("kind").asText().startsWith("Role"))
                .allSatisfy(d -> assertThat(d.path("metadata").path("namespace").asText()).isEqualTo(ChartSupport.NAMESPACE));
        assertThat(documents).filteredOn(d -> d.path("kind").asText().equals("Role"))
                .extracting(d -> d.path("metadata").path("namespace").asText() + "/" + d.path("metadata").path("name").asText())
                .containsExactlyInAnyOrder("kuma-system/" + ChartSupport.RELEASE, "default/" + ChartSupport.RELEASE + "-events",
                        ChartSupport.NAMESPACE + "/" + ChartSupport.RELEASE + "-leader-election");
    }

    @Test
    void kustomizationListsTheInstallManifest() throws Exception {
        JsonNode kustomization = ChartSupport.documents(
                Files.readString(ChartSupport.projectRoot().resolve("deploy/manifests/kustomization.yaml"))).get(0);

        assertThat(kustomization.path("kind").asText()).isEqualTo("Kustomization");
        assertThat(HelmChartTest.texts(kustomization.path("resources"))).containsExactly("install.yaml");
    }
}
