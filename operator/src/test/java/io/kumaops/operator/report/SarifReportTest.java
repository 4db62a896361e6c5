package io.kumaops.operator.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.plan.PlannerFindingDocs;
import io.kumaops.operator.rules.RuleCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class SarifReportTest {

    static final ReportOptions OPTIONS = new ReportOptions(Path.of("/repo"), "1.2.3", false);

    static JsonNode render(List<ProfileFindings> profiles, ReportOptions options) throws Exception {
        return new ObjectMapper().readTree(SarifReport.render(profiles, RuleCatalog.standard(), options));
    }

    private static JsonNode render() throws Exception {
        return render(ReportFixtures.twoProfiles(), OPTIONS);
    }

    private static JsonNode rule(JsonNode root, String id) {
        return StreamSupport.stream(root.at("/runs/0/tool/driver/rules").spliterator(), false)
                .filter(rule -> rule.path("id").asText().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no rule " + id));
    }

    @Test
    void documentHasSchemaVersionAndOneRun() throws Exception {
        JsonNode root = render();
        assertThat(root.path("$schema").asText()).isEqualTo("https://json.schemastore.org/sarif-2.1.0.json");
        assertThat(root.path("version").asText()).isEqualTo("2.1.0");
        assertThat(root.path("runs")).hasSize(1);
    }

    @Test
    void driverNamesTheToolAndItsVersion() throws Exception {
        JsonNode driver = render().at("/runs/0/tool/driver");
        assertThat(driver.path("name").asText()).isEqualTo("kuma-production-operator");
        assertThat(driver.path("version").asText()).isEqualTo("1.2.3");
        assertThat(driver.path("informationUri").asText()).startsWith("https://");
    }

    @Test
    void driverDescribesEveryCodeAFindingMayCarry() throws Exception {
        JsonNode root = render();
        List<String> ids = new ArrayList<>();
        root.at("/runs/0/tool/driver/rules").forEach(rule -> ids.add(rule.path("id").asText()));
        List<String> expected = new ArrayList<>(RuleCatalog.standard().codes());
        PlannerFindingDocs.ENTRIES.forEach(entry -> expected.add(entry.code()));
        expected.add("KumaDeprecated");
        assertThat(ids).containsExactlyElementsOf(expected);

        JsonNode inMemory = rule(root, "InMemoryStore");
        assertThat(inMemory.path("shortDescription").path("text").asText()).isNotBlank();
        assertThat(inMemory.path("fullDescription").path("text").asText()).isNotBlank();
        assertThat(inMemory.path("help").path("text").asText()).isNotBlank();
        assertThat(inMemory.path("helpUri").asText()).endsWith("/docs/findings.md#inmemorystore");
        assertThat(inMemory.path("defaultConfiguration").path("level").asText()).isEqualTo("error");
        assertThat(rule(root, "LowSidecarLimits").path("defaultConfiguration").path("level").asText()).isEqualTo("note");
    }

    @Test
    void everyRuleHasMarkdownHelpFromItsDocs() throws Exception {
        JsonNode root = render();
        root.at("/runs/0/tool/driver/rules").forEach(rule -> assertThat(rule.at("/help/markdown").asText())
                .as(rule.path("id").asText()).contains("**Why.** ").contains("**Fix.** ").contains(rule.path("helpUri").asText()));
        assertThat(rule(root, "InMemoryStore").at("/help/markdown").asText())
                .contains(RuleCatalog.standard().find("InMemoryStore").orElseThrow().doc().fix());
        assertThat(rule(root, "KumaWouldRefuse").at("/help/markdown").asText())
                .contains("**Blocks:** the step that emits the object").contains("Kuma resource (apiVersion kuma.io/…) in the files");
        JsonNode deprecated = rule(root, "KumaDeprecated");
        assertThat(deprecated.at("/defaultConfiguration/level").asText()).isEqualTo("warning");
        assertThat(deprecated.path("helpUri").asText()).endsWith("#kumadeprecated");
        assertThat(rule(root, "MtlsDisableRefused").path("helpUri").asText()).endsWith("#mtlsdisablerefused");
    }

    @Test
    void securityRelevantRulesCarryASecuritySeverity() throws Exception {
        JsonNode root = render();
        JsonNode permissive = rule(root, "PermissiveMtlsMode").path("properties");
        assertThat(permissive.path("security-severity").asText()).isEqualTo("7.5");
        assertThat(permissive.path("tags")).extracting(JsonNode::asText).contains("security");
        assertThat(rule(root, "CrossZoneWithoutMtls").at("/properties/security-severity").asText()).isEqualTo("8.0");
        assertThat(rule(root, "ZonePolicyFenceMissing").at("/properties/security-severity").asText()).isNotEmpty();
        assertThat(rule(root, "CiliumExclusiveCni").at("/properties/security-severity").asText()).isNotEmpty();
        assertThat(rule(root, "AllowAllTrafficPermission").at("/properties/security-severity").asText()).isNotEmpty();

        JsonNode inMemory = rule(root, "InMemoryStore").path("properties");
        assertThat(inMemory.has("security-severity")).isFalse();
        assertThat(inMemory.path("tags")).extracting(JsonNode::asText).doesNotContain("security");
        List<String> known = RuleHelp.all(RuleCatalog.standard()).stream().map(RuleHelp::code).toList();
        assertThat(known).containsAll(SarifReport.SECURITY_SEVERITY.keySet());
        assertThat(SarifReport.SECURITY_SEVERITY.values()).allSatisfy(score ->
                assertThat(Double.parseDouble(score)).isBetween(0.1, 10.0));
    }

    @Test
    void docsListTheSecuritySeverityOfEveryCode() throws Exception {
        String cli = java.nio.file.Files.readString(io.kumaops.operator.support.ProjectPaths.root().resolve("docs/cli.md"));
        SarifReport.SECURITY_SEVERITY.forEach((code, score) ->
                assertThat(cli).as("docs/cli.md's security-severity table").contains("| `" + code + "` | " + score + " |"));
        long rows = cli.lines().filter(line -> line.matches("\\| `\\w+` \\| \\d+\\.\\d \\|.*")).count();
        assertThat(rows).as("no code in the table that has no security severity").isEqualTo(SarifReport.SECURITY_SEVERITY.size());
    }

    @Test
    void resultsPointAtTheFieldsLineAndColumn() throws Exception {
        JsonNode run = render().path("runs").get(0);
        JsonNode results = run.path("results");
        assertThat(results).hasSize(3);
        JsonNode first = results.get(0);
        assertThat(first.path("ruleId").asText()).isEqualTo("InMemoryStore");
        int index = first.path("ruleIndex").asInt();
        assertThat(run.path("tool").path("driver").path("rules").get(index).path("id").asText()).isEqualTo("InMemoryStore");
        assertThat(first.path("level").asText()).isEqualTo("error");
        assertThat(first.path("message").path("text").asText()).contains("payments").contains("spec.controlPlane.store.type is Memory");
        JsonNode location = first.path("locations").get(0).path("physicalLocation");
        assertThat(location.path("artifactLocation").path("uri").asText()).isEqualTo("profiles/payments.yaml");
        assertThat(location.path("artifactLocation").path("uriBaseId").asText()).isEqualTo("%SRCROOT%");
        assertThat(location.path("region").path("startLine").asInt()).isEqualTo(9);
        assertThat(location.path("region").path("startColumn").asInt()).isEqualTo(7);
        JsonNode replicas = results.get(1).at("/locations/0/physicalLocation/region");
        assertThat(replicas.path("startLine").asInt()).isEqualTo(7);
        assertThat(replicas.path("startColumn").asInt()).isEqualTo(5);
        assertThat(results.get(1).path("level").asText()).isEqualTo("warning");
        assertThat(results.get(2).path("level").asText()).isEqualTo("note");
        assertThat(first.has("suppressions")).isFalse();
        assertThat(run.at("/originalUriBaseIds/%SRCROOT%/uri").isMissingNode()).as("no absolute path of this machine").isTrue();
    }

    @Test
    void withoutSourceTextAResultIsAtItsDocumentsFirstLine() throws Exception {
        ProfileFindings noText = new ProfileFindings("stored", "kumaproductionprofiles/stored", 1, List.of(
                ReportFixtures.finding("InMemoryStore", Severity.Error, "spec.controlPlane.store.type", "m", "r")));
        JsonNode region = render(List.of(noText), OPTIONS).at("/runs/0/results/0/locations/0/physicalLocation/region");
        assertThat(region.path("startLine").asInt()).isEqualTo(1);
        assertThat(region.path("startColumn").asInt()).isEqualTo(1);
    }

    @Test
    void suppressedFindingsAreLeftOutBecauseGitHubIgnoresSuppressions() throws Exception {
        JsonNode results = render().at("/runs/0/results");
        assertThat(results).extracting(r -> r.path("ruleId").asText()).doesNotContain("SingleCaBackend");
    }

    @Test
    void includeSuppressedWritesThemWithAnInSourceSuppression() throws Exception {
        JsonNode results = render(ReportFixtures.twoProfiles(), new ReportOptions(Path.of("/repo"), "1.2.3", true)).at("/runs/0/results");
        assertThat(results).hasSize(4);
        JsonNode suppressed = results.get(3);
        assertThat(suppressed.path("ruleId").asText()).isEqualTo("SingleCaBackend");
        assertThat(suppressed.path("suppressions")).hasSize(1);
        assertThat(suppressed.path("suppressions").get(0).path("kind").asText()).isEqualTo("inSource");
        assertThat(suppressed.path("suppressions").get(0).path("justification").asText()).isEqualTo("one CA by policy");
        JsonNode region = suppressed.at("/locations/0/physicalLocation/region");
        assertThat(region.path("startLine").asInt()).isEqualTo(20);
        assertThat(region.path("startColumn").asInt()).isEqualTo(5);
    }

    @Test
    void fingerprintsAreStableWhenLinesMoveAndDifferPerFinding() throws Exception {
        JsonNode before = render().at("/runs/0/results");
        List<ProfileFindings> shifted = ReportFixtures.twoProfiles().stream()
                .map(p -> p.profileName().equals("payments")
                        ? p.withLocator(YamlLocator.forDocument("# a comment\n\n" + ReportFixtures.PAYMENTS_YAML, 3)) : p)
                .toList();
        JsonNode after = render(shifted, OPTIONS).at("/runs/0/results");
        assertThat(after.get(0).at("/locations/0/physicalLocation/region/startLine").asInt()).isEqualTo(11);
        assertThat(after.get(0).path("partialFingerprints")).isEqualTo(before.get(0).path("partialFingerprints"));
        assertThat(before.get(0).at("/partialFingerprints/kumaopsFinding~1v1").asText()).hasSize(32)
                .isNotEqualTo(before.get(1).at("/partialFingerprints/kumaopsFinding~1v1").asText());
        assertThat(before.get(0).path("partialFingerprints").has("primaryLocationLineHash"))
                .as("GitHub computes that one itself").isFalse();
    }

    @Test
    void artifactUrisAreRelativeSlashedAndEncoded() {
        assertThat(SarifReport.artifactUri("/repo/profiles/a b.yaml", Path.of("/repo"))).isEqualTo("profiles/a%20b.yaml");
        assertThat(SarifReport.artifactUri("./profiles/../kpp/p.yml", Path.of("/repo"))).isEqualTo("kpp/p.yml");
        assertThat(SarifReport.artifactUri("/tmp/p.yaml", Path.of("/repo"))).isEqualTo("../tmp/p.yaml");
        assertThat(SarifReport.artifactUri("<stdin>", Path.of("/repo"))).isEqualTo("stdin");
    }
}
