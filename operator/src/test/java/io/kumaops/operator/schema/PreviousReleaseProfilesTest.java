package io.kumaops.operator.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Profiles stored under the previous release's CRD (test resources upgrade/a8fa751/) are admitted by today's CRD
 * schema. The API server validates the whole object on every write, status and finalizer included, so a profile its
 * current schema refuses could get no status and could not be deleted (Kubernetes before 1.30, without validation
 * ratcheting): a stricter rule belongs in the operator's validation (InvalidSpec), not in the schema.
 */
class PreviousReleaseProfilesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> PROFILES = List.of("two-backends.yaml", "go-durations.yaml", "one-backend.yaml");

    @Test
    void everyProfileThePreviousCrdAdmittedIsAdmittedByTodaysSchema() throws IOException {
        StructuralSchemaValidator previous = new StructuralSchemaValidator(CrdSchemas.schemaOf(read("kumaproductionprofiles.kumaops.io-v1.yml")));
        StructuralSchemaValidator current = new StructuralSchemaValidator(CrdSchemas.schemaOf(CrdSchemas.profileCrd()));
        for (String file : PROFILES) {
            JsonNode profile = specOf(read("profiles/" + file));
            assertThat(previous.validate(profile, "")).as("%s under the previous CRD", file).isEmpty();
            assertThat(current.validate(profile, "")).as("%s under today's CRD", file).isEmpty();
        }
    }

    @Test
    void theSchemaStillRefusesWhatNoReleaseAdmitted() throws IOException {
        StructuralSchemaValidator current = new StructuralSchemaValidator(CrdSchemas.schemaOf(CrdSchemas.profileCrd()));
        JsonNode profile = specOf(read("profiles/go-durations.yaml"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) profile.path("spec").path("mtls").path("backends").get(0)).put("dpCertValidity", "1.5d");
        assertThat(current.validate(profile, "")).singleElement().asString().contains("dpCertValidity");
    }

    /** The part of a profile the schema covers (the API server checks apiVersion, kind and metadata itself). */
    private static JsonNode specOf(JsonNode profile) {
        return YAML.createObjectNode().set("spec", profile.path("spec"));
    }

    private static JsonNode read(String path) throws IOException {
        try (InputStream in = PreviousReleaseProfilesTest.class.getClassLoader().getResourceAsStream("upgrade/a8fa751/" + path)) {
            assertThat(in).as(path).isNotNull();
            return YAML.readTree(in);
        }
    }
}
