package io.kumaops.operator.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonReportTest {

    @Test
    void findingsCarryEveryFieldAndTheirResource() throws Exception {
        JsonNode root = new ObjectMapper().readTree(JsonReport.render(ReportFixtures.twoProfiles()));
        assertThat(root.path("findings")).hasSize(4);
        JsonNode first = root.path("findings").get(0);
        assertThat(first.path("code").asText()).isEqualTo("InMemoryStore");
        assertThat(first.path("severity").asText()).isEqualTo("Error");
        assertThat(first.path("message").asText()).isEqualTo("spec.controlPlane.store.type is Memory");
        assertThat(first.path("remediation").asText()).isEqualTo("set spec.controlPlane.store.type: Kubernetes");
        assertThat(first.path("path").asText()).isEqualTo("spec.controlPlane.store.type");
        assertThat(first.path("docsUrl").asText()).endsWith("/docs/findings.md#inmemorystore");
        assertThat(first.path("suppressed").asBoolean()).isFalse();
        assertThat(first.has("suppressionReason")).isTrue();
        assertThat(first.path("suppressionReason").isNull()).isTrue();
        assertThat(first.path("resource").path("kind").asText()).isEqualTo("KumaProductionProfile");
        assertThat(first.path("resource").path("name").asText()).isEqualTo("payments");
        assertThat(first.path("resource").path("file").asText()).isEqualTo("profiles/payments.yaml");
        assertThat(first.path("resource").path("line").asInt()).as("where the document starts").isEqualTo(1);
        assertThat(first.path("location").path("line").asInt()).as("where the field is").isEqualTo(9);
        assertThat(first.path("location").path("column").asInt()).isEqualTo(7);

        JsonNode suppressed = root.path("findings").get(3);
        assertThat(suppressed.path("suppressed").asBoolean()).isTrue();
        assertThat(suppressed.path("suppressionReason").asText()).isEqualTo("one CA by policy");
        assertThat(suppressed.path("resource").path("line").asInt()).isEqualTo(14);
    }

    @Test
    void summaryCountsUnsuppressedFindings() throws Exception {
        JsonNode summary = new ObjectMapper().readTree(JsonReport.render(ReportFixtures.twoProfiles())).path("summary");
        assertThat(summary.path("profiles").asInt()).isEqualTo(2);
        assertThat(summary.path("errors").asInt()).isEqualTo(1);
        assertThat(summary.path("warnings").asInt()).isEqualTo(1);
        assertThat(summary.path("infos").asInt()).isEqualTo(1);
        assertThat(summary.path("suppressed").asInt()).isEqualTo(1);
    }
}
