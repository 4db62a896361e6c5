package io.kumaops.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.support.TestProfiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * deploy/flux: the Kustomizations and the HelmRelease are the API versions and fields Flux serves (source.toolkit
 * v1, kustomize.toolkit v1, helm.toolkit v2), their order holds, the health checks name a real profile by the CRD's
 * group and version, and the HelmRelease's values are values the chart accepts.
 */
class FluxExamplesTest {

    static Path flux() {
        return ChartSupport.projectRoot().resolve("deploy/flux");
    }

    private static List<JsonNode> read(String file) {
        return ChartSupport.documents(ChartSupport.read(flux().resolve(file)));
    }

    @Test
    void theProfilesWaitForTheOperatorWhichWaitsForKuma() {
        List<JsonNode> documents = read("kustomizations.yaml");
        JsonNode git = ChartSupport.get(documents, "GitRepository", "kuma-production");
        JsonNode operator = ChartSupport.get(documents, "Kustomization", "kuma-production-operator");
        JsonNode profiles = ChartSupport.get(documents, "Kustomization", "kuma-production-profiles");

        assertThat(git.path("apiVersion").asText()).isEqualTo("source.toolkit.fluxcd.io/v1");
        assertThat(git.path("spec").path("url").asText()).contains("<your-org>");
        for (JsonNode kustomization : List.of(operator, profiles)) {
            assertThat(kustomization.path("apiVersion").asText()).isEqualTo("kustomize.toolkit.fluxcd.io/v1");
            assertThat(kustomization.path("spec").path("sourceRef").path("name").asText()).isEqualTo("kuma-production");
            assertThat(kustomization.path("spec").path("prune").asBoolean()).isTrue();
        }
        assertThat(operator.path("spec").path("dependsOn").findValuesAsText("name")).containsExactly("kuma");
        assertThat(operator.path("spec").path("wait").asBoolean()).as("the HelmRelease is health-checked").isTrue();
        assertThat(profiles.path("spec").path("dependsOn").findValuesAsText("name"))
                .containsExactly("kuma-production-operator");
        // With wait: true Flux ignores healthChecks; the profiles name theirs.
        assertThat(profiles.path("spec").has("wait")).isFalse();
    }

    @Test
    void theHealthCheckNamesAProfileByTheCrdsGroupAndVersion() {
        JsonNode profiles = ChartSupport.get(read("kustomizations.yaml"), "Kustomization", "kuma-production-profiles");
        JsonNode crd = ChartSupport.documents(ChartSupport.read(ChartSupport.chartCrd())).get(0);
        String apiVersion = crd.path("spec").path("group").asText() + "/" + crd.path("spec").path("versions").get(0).path("name").asText();

        JsonNode check = profiles.path("spec").path("healthChecks").get(0);
        assertThat(check.path("apiVersion").asText()).as("Flux takes a missing apiVersion for apps/v1").isEqualTo(apiVersion);
        assertThat(check.path("kind").asText()).isEqualTo(crd.path("spec").path("names").path("kind").asText());
        assertThat(crd.path("spec").path("scope").asText()).isEqualTo("Cluster");
        assertThat(check.has("namespace")).as("profiles are cluster-scoped").isFalse();
        KumaProductionProfile minimal = TestProfiles.example("minimal.yaml");
        assertThat(check.path("name").asText()).as("the profile of examples/minimal.yaml, which the comment suggests")
                .isEqualTo(minimal.getMetadata().getName());

        JsonNode expressions = profiles.path("spec").path("healthCheckExprs").get(0);
        assertThat(expressions.path("apiVersion").asText()).isEqualTo(apiVersion);
        assertThat(expressions.path("current").asText()).isNotEmpty();
    }

    @Test
    void theHelmReleaseInstallsTheChartFromAPlaceholderRegistryWithItsCrd() throws Exception {
        List<JsonNode> documents = read("operator-helmrelease.yaml");
        JsonNode source = ChartSupport.get(documents, "OCIRepository", "kuma-production-operator");
        JsonNode release = ChartSupport.get(documents, "HelmRelease", "kuma-production-operator");

        assertThat(source.path("apiVersion").asText()).isEqualTo("source.toolkit.fluxcd.io/v1");
        assertThat(source.path("spec").path("url").asText()).as("no real registry in the example")
                .startsWith("oci://registry.example/").endsWith("/" + ChartSupport.RELEASE);
        assertThat(source.path("spec").path("layerSelector").path("mediaType").asText())
                .isEqualTo("application/vnd.cncf.helm.chart.content.v1.tar+gzip");
        JsonNode chart = ChartSupport.documents(ChartSupport.read(ChartSupport.chartDir().resolve("Chart.yaml"))).get(0);
        String semver = source.path("spec").path("ref").path("semver").asText();
        assertThat(chart.path("version").asText()).as("the chart's version matches %s", semver)
                .startsWith(semver.replace(".x", "."));

        assertThat(release.path("apiVersion").asText()).isEqualTo("helm.toolkit.fluxcd.io/v2");
        assertThat(release.path("spec").path("chartRef").path("kind").asText()).isEqualTo("OCIRepository");
        assertThat(release.path("spec").path("chartRef").path("name").asText()).isEqualTo(source.path("metadata").path("name").asText());
        assertThat(release.path("spec").path("targetNamespace").asText()).isEqualTo(ChartSupport.NAMESPACE);
        assertThat(release.path("spec").path("install").path("crds").asText()).isEqualTo("CreateReplace");
        assertThat(release.path("spec").path("upgrade").path("crds").asText()).as("Helm alone never upgrades crds/")
                .isEqualTo("CreateReplace");

        @SuppressWarnings("unchecked")
        Map<String, Object> values = new ObjectMapper().convertValue(release.path("spec").path("values"), Map.class);
        List<JsonNode> rendered = ChartSupport.documents(ChartSupport.template(values));
        JsonNode deployment = ChartSupport.get(rendered, "Deployment", ChartSupport.RELEASE);
        assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(ChartSupport.ofKind(rendered, "PodDisruptionBudget")).hasSize(1);
    }
}
