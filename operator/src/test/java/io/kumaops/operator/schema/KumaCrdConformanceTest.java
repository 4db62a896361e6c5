package io.kumaops.operator.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.plan.Planner;
import io.kumaops.operator.support.ProjectPaths;
import io.kumaops.operator.support.TestProfiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every Kuma resource the examples render must conform to Kuma's real CRD schemas (v2.14.3, read from
 * ../shared/kuma when present). Stricter than the API server: unknown fields fail instead of being pruned.
 */
class KumaCrdConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void renderedKumaResourcesConformToKumasCrds() throws IOException {
        var crdDir = ProjectPaths.kumaCrds();
        if (crdDir.isEmpty()) {
            System.out.println("SKIPPED KumaCrdConformanceTest: Kuma's CRDs not found beside the repository (../shared/kuma/crds-v2.14.3)");
        }
        Assumptions.assumeTrue(crdDir.isPresent(), "Kuma CRDs not present");
        Map<String, JsonNode> schemaByKind = new HashMap<>();
        try (Stream<Path> files = Files.list(crdDir.get())) {
            for (Path file : files.toList()) {
                JsonNode crd = CrdSchemas.readCrd(file);
                schemaByKind.put(crd.at("/spec/names/kind").asText(), CrdSchemas.schemaOf(crd));
            }
        }
        int checked = 0;
        List<String> problems = new ArrayList<>();
        for (Path example : TestProfiles.examples()) {
            for (DesiredResource resource : new Planner().plan(TestProfiles.example(example.getFileName().toString())).resources()) {
                if (!resource.ref().apiVersion().startsWith("kuma.io/")) {
                    continue;
                }
                JsonNode schema = schemaByKind.get(resource.ref().kind());
                assertThat(schema).as("Kuma serves kind " + resource.ref().kind()).isNotNull();
                JsonNode body = JSON.valueToTree(resource.body());
                JsonNode spec = body.get("spec");
                new StructuralSchemaValidator(schema.path("properties").path("spec"))
                        .validate(spec, "spec").forEach(p -> problems.add(example.getFileName() + " " + resource.ref() + ": " + p));
                checked++;
            }
        }
        System.out.println("KumaCrdConformanceTest: " + checked + " rendered Kuma resources checked against " + crdDir.get());
        assertThat(problems).isEmpty();
        assertThat(checked).isGreaterThan(10);
    }

    @Test
    void theValidatorCatchesWhatKumaWouldReject() throws IOException {
        var crdDir = ProjectPaths.kumaCrds();
        Assumptions.assumeTrue(crdDir.isPresent(), "Kuma CRDs not present");
        JsonNode mtp = CrdSchemas.schemaOf(CrdSchemas.readCrd(crdDir.get().resolve("kuma.io_meshtrafficpermissions.yaml")));
        JsonNode badSpec = JSON.readTree("{\"targetRef\":{\"kind\":\"Nope\"},\"from\":[{\"targetRef\":{\"kind\":\"Mesh\"},\"default\":{\"action\":\"Maybe\"}}],\"extra\":1}");
        List<String> problems = new StructuralSchemaValidator(mtp.path("properties").path("spec")).validate(badSpec, "spec");
        assertThat(problems).anyMatch(p -> p.startsWith("spec.targetRef.kind"))
                .anyMatch(p -> p.startsWith("spec.from[0].default.action"))
                .anyMatch(p -> p.startsWith("spec.extra: unknown field"));
    }
}
