package io.kumaops.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.databind.MappingIterator;
import io.kumaops.operator.support.ProjectPaths;
import io.kumaops.operator.support.TestProfiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderCommandTest {

    private static final Path GOLDEN = ProjectPaths.root().resolve("operator/src/test/resources/golden");

    private static String example(String name) {
        return ProjectPaths.root().resolve("examples").resolve(name).toString();
    }

    /** Each example renders exactly as its golden file; -Dgolden.update=true rewrites them after a deliberate change. */
    @Test
    void examplesRenderAsTheirGoldenFiles() throws Exception {
        boolean update = Boolean.getBoolean("golden.update");
        List<String> stale = new ArrayList<>();
        for (Path example : TestProfiles.examples()) {
            CliRunner.Result result = CliRunner.run("render", "-f", example.toString());
            assertThat(result.exitCode()).as(result.err()).isZero();
            Path golden = GOLDEN.resolve(example.getFileName());
            if (update) {
                Files.createDirectories(GOLDEN);
                Files.writeString(golden, result.out());
            } else if (!Files.exists(golden) || !Files.readString(golden).equals(result.out())) {
                stale.add(example.getFileName().toString());
            }
        }
        assertThat(stale).as("golden files differ; review the diff and rerun with -Dgolden.update=true").isEmpty();
    }

    @Test
    void everyDocumentCarriesItsStepAndStepsAreInOrder() throws Exception {
        CliRunner.Result result = CliRunner.run("render", "-f", example("production.yaml"));
        List<String> steps = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = new ObjectMapper(new YAMLFactory()).readerFor(JsonNode.class).readValues(result.out())) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isEmpty()) {
                    continue;
                }
                steps.add(doc.at("/metadata/annotations").get("kumaops.io/step").asText());
            }
        }
        assertThat(steps).isNotEmpty().isSorted();
        assertThat(steps).contains("2-traffic-permission", "3-mtls");
        assertThat(result.out()).contains("then delete MeshTrafficPermission kuma-system/allow-all-payments");
    }

    @Test
    void jsonOutputIsAListInTheSameOrder() throws Exception {
        CliRunner.Result result = CliRunner.run("render", "-f", example("minimal.yaml"), "-o", "json");
        assertThat(result.exitCode()).isZero();
        JsonNode list = new ObjectMapper().readTree(result.out());
        assertThat(list.get("kind").asText()).isEqualTo("List");
        assertThat(list.get("items")).extracting(i -> i.get("kind").asText())
                .containsExactly("Mesh", "MeshTrafficPermission", "Mesh", "ContainerPatch");
    }

    @Test
    void readsStdin() {
        CliRunner.Result result = CliRunner.runWithStdin(
                "apiVersion: kumaops.io/v1alpha1\nkind: KumaProductionProfile\nmetadata: {name: s}\nspec: {}\n", "render", "-f", "-");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("kind: Mesh").contains("name: allow-all-s");
    }

    @Test
    void badInputExitsTwoWithTheFieldOnStderrAndNothingOnStdout() {
        CliRunner.Result result = CliRunner.runWithStdin(
                "apiVersion: kumaops.io/v1alpha1\nkind: KumaProductionProfile\nmetadata: {name: s}\nspec: {controlPlane: {replicas: -1}}\n",
                "render", "-f", "-");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("<stdin>").contains("spec.controlPlane.replicas");

        CliRunner.Result wrongKind = CliRunner.runWithStdin("apiVersion: v1\nkind: Secret\nmetadata: {name: s}\n", "render", "-f", "-");
        assertThat(wrongKind.exitCode()).isEqualTo(2);
        assertThat(wrongKind.out()).isEmpty();
        assertThat(wrongKind.err()).contains("kind: \"Secret\"");
    }

    @Test
    void usageErrorsExitTwoAndHelpWorks() {
        assertThat(CliRunner.run("render").exitCode()).isEqualTo(2);
        assertThat(CliRunner.run("render", "-f", example("minimal.yaml"), "-o", "xml").exitCode()).isEqualTo(2);
        CliRunner.Result help = CliRunner.run("render", "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("Usage: kuma-production-operator render").contains("--output");
        assertThat(CliRunner.run("--help").out()).contains("render");
    }
}
