package io.kumaops.operator.schema;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CRD's patterns are judged as the API server judges them: RE2, and anchored so a match is the whole value. */
class PatternSemanticsTest {

    private static void patterns(JsonNode schema, String path, Map<String, String> found) {
        if (schema.has("pattern")) {
            found.put(path, schema.get("pattern").asText());
        }
        schema.path("properties").fields().forEachRemaining(e -> patterns(e.getValue(), path + "." + e.getKey(), found));
        if (schema.has("items")) {
            patterns(schema.get("items"), path + "[]", found);
        }
        if (schema.path("additionalProperties").isObject()) {
            patterns(schema.get("additionalProperties"), path + "{}", found);
        }
    }

    @Test
    void everyPatternIsAnchoredAndCompilesAsRe2() {
        Map<String, String> found = new java.util.TreeMap<>();
        patterns(CrdSchemas.schemaOf(CrdSchemas.profileCrd()), "", found);
        assertThat(found).isNotEmpty();
        List<String> unanchored = new ArrayList<>();
        found.forEach((path, pattern) -> {
            Pattern.compile(pattern);
            if (!pattern.startsWith("^") || !pattern.endsWith("$") || pattern.endsWith("\\$")) {
                unanchored.add(path + ": " + pattern);
            }
        });
        assertThat(unanchored).as("a find() of an unanchored pattern accepts anything that contains a match").isEmpty();
    }

    @Test
    void aTrailingLineBreakDoesNotPassAPattern() {
        StructuralSchemaValidator validator = new StructuralSchemaValidator(CrdSchemas.schemaOf(CrdSchemas.profileCrd()));
        var spec = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        spec.putObject("spec").put("kumaVersion", "2.14\n");
        assertThat(validator.validate(spec, "")).singleElement().asString()
                .startsWith("spec.kumaVersion: \"2.14\\n\" does not match");
        spec.putObject("spec").put("kumaVersion", "2.14");
        assertThat(validator.validate(spec, "")).isEmpty();
    }
}
