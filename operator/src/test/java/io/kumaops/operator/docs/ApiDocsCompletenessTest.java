package io.kumaops.operator.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kumaops.operator.support.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every field of the committed CRD's spec is named in docs/api.md, so a new field cannot land undocumented. */
class ApiDocsCompletenessTest {

    @Test
    void everySpecFieldOfTheCrdIsDocumented() throws IOException {
        JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(
                ProjectPaths.root().resolve("crds/kumaproductionprofiles.kumaops.io-v1.yml").toFile());
        JsonNode spec = crd.at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
        List<String> fields = new ArrayList<>();
        collect(spec, "", fields);
        // The words of the page: its tables name fields as `store.postgres.host`, `backends[].name`, `{cpu, memory}`.
        java.util.Set<String> named = new java.util.HashSet<>(java.util.Arrays.asList(
                Files.readString(ProjectPaths.root().resolve("docs/api.md")).split("[^A-Za-z0-9]+")));
        List<String> missing = fields.stream().filter(path -> !named.contains(leaf(path))).toList();
        assertThat(fields).hasSizeGreaterThan(50);
        assertThat(missing).as("spec fields not named in docs/api.md").isEmpty();
    }

    private static String leaf(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private static void collect(JsonNode schema, String prefix, List<String> out) {
        JsonNode properties = schema.path("properties");
        if (schema.has("items")) {
            collect(schema.get("items"), prefix, out);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            out.add(path);
            collect(field.getValue(), path, out);
        }
    }
}
