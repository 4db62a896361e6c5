package io.kumaops.operator.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.kumaops.operator.support.ProjectPaths;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** crds/ is committed for users and GitOps; it must be exactly what the build generates from the Java types. */
class GeneratedCrdTest {

    private static final String FILE = "kumaproductionprofiles.kumaops.io-v1.yml";

    @Test
    void committedCrdMatchesTheGeneratedOne() throws Exception {
        String generated;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(CrdSchemas.PROFILE_CRD_RESOURCE)) {
            assertThat(in).as("generated CRD on the classpath").isNotNull();
            generated = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path committed = ProjectPaths.root().resolve("crds").resolve(FILE);
        assertThat(Files.readString(committed))
                .as("crds/%s is stale; regenerate with: mvn -q -pl operator process-classes && cp operator/target/classes/%s crds/",
                        FILE, CrdSchemas.PROFILE_CRD_RESOURCE)
                .isEqualTo(generated);
    }

    @Test
    void crdIsClusterScopedWithShortNameStatusAndDescriptions() {
        JsonNode crd = CrdSchemas.profileCrd();
        assertThat(crd.at("/spec/scope").asText()).isEqualTo("Cluster");
        assertThat(crd.at("/spec/names/shortNames/0").asText()).isEqualTo("kpp");
        JsonNode version = crd.at("/spec/versions/0");
        assertThat(version.at("/subresources/status").isObject()).isTrue();
        JsonNode spec = version.at("/schema/openAPIV3Schema/properties/spec");
        assertUndescribedFields(spec, "spec");
        assertThat(version.path("additionalPrinterColumns")).extracting(c -> c.get("name").asText())
                .contains("Mesh", "Phase", "Ready", "Errors", "Warnings", "Age");
    }

    /** kubectl explain teaches only what is described: every spec field carries a description. */
    private static void assertUndescribedFields(JsonNode schema, String path) {
        schema.path("properties").fields().forEachRemaining(field -> {
            String fieldPath = path + "." + field.getKey();
            assertThat(field.getValue().path("description").asText()).as("description of " + fieldPath).isNotBlank();
            assertUndescribedFields(field.getValue(), fieldPath);
            assertUndescribedFields(field.getValue().path("items"), fieldPath + "[]");
        });
    }
}
