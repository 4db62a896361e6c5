package io.kumaops.operator.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kumaops.operator.rules.RuleCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SarifReportTest {

    private JsonNode render() throws Exception {
        return new ObjectMapper().readTree(SarifReport.render(ReportFixtures.twoProfiles(), RuleCatalog.standard(), Path.of("/repo")));
    }

    @Test
    void documentHasSchemaVersionAndOneRun() throws Exception {
        JsonNode root = render();
        assertThat(root.path("$schema").asText()).isEqualTo("https://json.schemastore.org/sarif-2.1.0.json");
        assertThat(root.path("version").asText()).isEqualTo("2.1.0");
        assertThat(root.path("runs")).hasSize(1);
    }

    @Test
    void driverDescribesEveryCatalogRule() throws Exception {
        JsonNode driver = render().path("runs").get(0).path("tool").path("driver");
        assertThat(driver.path("name").asText()).isEqualTo("kuma-production-operator");
        assertThat(driver.path("informationUri").asText()).startsWith("https://");
        List<String> ids = new ArrayList<>();
        driver.path("rules").forEach(rule -> ids.add(rule.path("id").asText()));
        assertThat(ids).containsExactlyElementsOf(RuleCatalog.standard().codes());
        JsonNode inMemory = driver.path("rules").get(ids.indexOf("InMemoryStore"));
        assertThat(inMemory.path("shortDescription").path("text").asText()).isNotBlank();
        assertThat(inMemory.path("fullDescription").path("text").asText()).isNotBlank();
        assertThat(inMemory.path("help").path("text").asText()).isNotBlank();
        assertThat(inMemory.path("helpUri").asText()).endsWith("#inmemorystore");
        assertThat(inMemory.path("defaultConfiguration").path("level").asText()).isEqualTo("error");
        JsonNode limits = driver.path("rules").get(ids.indexOf("LowSidecarLimits"));
        assertThat(limits.path("defaultConfiguration").path("level").asText()).isEqualTo("note");
    }

    @Test
    void resultsPointAtTheFileAndDocumentLine() throws Exception {
        JsonNode run = render().path("runs").get(0);
        JsonNode results = run.path("results");
        assertThat(results).hasSize(4);
        JsonNode first = results.get(0);
        assertThat(first.path("ruleId").asText()).isEqualTo("InMemoryStore");
        int index = first.path("ruleIndex").asInt();
        assertThat(run.path("tool").path("driver").path("rules").get(index).path("id").asText()).isEqualTo("InMemoryStore");
        assertThat(first.path("level").asText()).isEqualTo("error");
        assertThat(first.path("message").path("text").asText()).contains("payments").contains("spec.controlPlane.store.type is Memory");
        JsonNode location = first.path("locations").get(0).path("physicalLocation");
        assertThat(location.path("artifactLocation").path("uri").asText()).isEqualTo("profiles/payments.yaml");
        assertThat(location.path("region").path("startLine").asInt()).isEqualTo(1);
        assertThat(results.get(1).path("level").asText()).isEqualTo("warning");
        assertThat(results.get(2).path("level").asText()).isEqualTo("note");
        assertThat(results.get(3).path("locations").get(0).path("physicalLocation").path("region").path("startLine").asInt()).isEqualTo(14);
        assertThat(first.has("suppressions")).isFalse();
    }

    @Test
    void suppressedFindingsCarryAnInSourceSuppression() throws Exception {
        JsonNode suppressed = render().path("runs").get(0).path("results").get(3);
        assertThat(suppressed.path("suppressions")).hasSize(1);
        assertThat(suppressed.path("suppressions").get(0).path("kind").asText()).isEqualTo("inSource");
        assertThat(suppressed.path("suppressions").get(0).path("justification").asText()).isEqualTo("one CA by policy");
    }

    @Test
    void artifactUrisAreRelativeSlashedAndEncoded() {
        assertThat(SarifReport.artifactUri("/repo/profiles/a b.yaml", Path.of("/repo"))).isEqualTo("profiles/a%20b.yaml");
        assertThat(SarifReport.artifactUri("./profiles/../kpp/p.yml", Path.of("/repo"))).isEqualTo("kpp/p.yml");
        assertThat(SarifReport.artifactUri("/elsewhere/p.yaml", Path.of("/repo"))).isEqualTo("/elsewhere/p.yaml");
        assertThat(SarifReport.artifactUri("<stdin>", Path.of("/repo"))).isEqualTo("stdin");
    }
}
