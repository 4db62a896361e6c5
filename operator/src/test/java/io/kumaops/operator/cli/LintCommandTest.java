package io.kumaops.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kumaops.operator.rules.FindingEngine;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LintCommandTest {

    /** Only AllowAllTrafficPermission (Info) fires on this one. */
    static final String CLEAN = """
            apiVersion: kumaops.io/v1alpha1
            kind: KumaProductionProfile
            metadata:
              name: clean
            spec:
              controlPlane:
                replicas: 3
              sidecar:
                requests: {cpu: 100m, memory: 128Mi}
                limits: {cpu: "1", memory: 1Gi}
            """;

    /** InMemoryStore (Error) plus SingleControlPlaneReplica (Warning) and the sidecar findings. */
    static final String UNSAFE = """
            apiVersion: kumaops.io/v1alpha1
            kind: KumaProductionProfile
            metadata:
              name: payments
            spec:
              controlPlane:
                replicas: 1
                store:
                  type: Memory
            """;

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    static Run lint(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = new CommandLine(new LintCommand(
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), FindingEngine.standard()));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    @Test
    void errorFindingExitsOneAndPrintsText() throws IOException {
        Path file = write("payments.yaml", UNSAFE);
        Run run = lint("", "-f", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains(file + ":9:7: Error [InMemoryStore] payments spec.controlPlane.store.type: spec.controlPlane.store.type is Memory")
                .contains("    fix: set spec.controlPlane.store.type: Kubernetes")
                .contains(file + ":7:5: Warning [SingleControlPlaneReplica] payments spec.controlPlane.replicas:")
                .endsWith("1 profile: 1 error, 2 warnings, 2 info, 0 suppressed\n");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void infoOnlyExitsZeroByDefaultAndOneWithFailOnInfo() throws IOException {
        Path file = write("clean.yaml", CLEAN);
        assertThat(lint("", "-f", file.toString()).exitCode()).isZero();
        assertThat(lint("", "-f", file.toString(), "--fail-on", "warning").exitCode()).isZero();
        assertThat(lint("", "-f", file.toString(), "--fail-on", "info").exitCode()).isEqualTo(1);
    }

    @Test
    void failOnNeverAlwaysExitsZero() throws IOException {
        Path file = write("payments.yaml", UNSAFE);
        assertThat(lint("", "-f", file.toString(), "--fail-on", "never").exitCode()).isZero();
    }

    @Test
    void suppressedErrorsDoNotFail() throws IOException {
        Path file = write("payments.yaml", UNSAFE.replace("  name: payments\n",
                "  name: payments\n  annotations:\n    kumaops.io/suppress: InMemoryStore\n"));
        Run run = lint("", "-f", file.toString());
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("(suppressed: annotation kumaops.io/suppress)");
    }

    @Test
    void directoriesAreSearchedRecursivelyAndOtherKindsSkipped() throws IOException {
        write("a/clean.yaml", CLEAN);
        write("a/b/payments.yml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\n" + UNSAFE);
        write("a/notes.txt", "not yaml");
        Run run = lint("", "-f", dir.resolve("a").toString(), "-o", "json");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("\"profiles\" : 2");
    }

    @Test
    void textFromStdinNamesStdinAndADefaultedFieldsParent() {
        Run run = lint(UNSAFE + "  sidecar:\n    limits: {cpu: \"1\", memory: 1Gi}\n", "-f", "-");
        // spec.sidecar.requests is not written: the line is that of sidecar (line 10), where it would go
        assertThat(run.out()).contains("<stdin>:9:7: Error [InMemoryStore]")
                .containsPattern("(?m)^<stdin>:10:3: Warning \\[DefaultSidecarResources\\] payments spec.sidecar.requests: ");
    }

    @Test
    void stdinIsReadForADash() {
        Run run = lint(CLEAN, "-f", "-", "-o", "json");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("\"file\" : \"<stdin>\"");
    }

    @Test
    void jsonOutputParses() throws Exception {
        Path file = write("payments.yaml", UNSAFE);
        Run run = lint("", "-f", file.toString(), "-o", "json");
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertThat(root.path("summary").path("errors").asInt()).isEqualTo(1);
        assertThat(root.path("findings").get(0).path("code").asText()).isEqualTo("InMemoryStore");
        assertThat(root.path("findings").get(0).path("resource").path("name").asText()).isEqualTo("payments");
        assertThat(root.path("findings").get(0).path("resource").path("file").asText()).isEqualTo(file.toString());
    }

    @Test
    void htmlOutputIsOnePageWithTheFindingsOfTheJsonAndTheExitCodeOfTheText() throws Exception {
        Path file = write("payments.yaml", UNSAFE.replace("  name: payments\n",
                "  name: payments\n  annotations:\n    kumaops.io/suppress: SingleControlPlaneReplica\n"));
        Path mesh = write("mesh.yaml", LintKumaResourcesTest.TWO_BACKENDS.replace("name: payments", "name: two-cas"));
        Run html = lint("", "-f", file.toString(), mesh.toString(), "-o", "html");
        Run json = lint("", "-f", file.toString(), mesh.toString(), "-o", "json");
        assertThat(html.exitCode()).isEqualTo(1).isEqualTo(json.exitCode());
        assertThat(html.err()).isEmpty();
        assertThat(html.out()).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(html.out());
        assertThat(page.select("li.finding")).hasSize(new ObjectMapper().readTree(json.out()).path("findings").size());
        assertThat(page.select("article.entry")).extracting(e -> e.attr("data-name")).containsExactly("payments", "two-cas");
        org.jsoup.nodes.Element payments = page.selectFirst("article.entry[data-name=payments]");
        assertThat(payments.select("section.suppressed li.finding").eachAttr("data-code")).containsExactly("SingleControlPlaneReplica");
        assertThat(payments.select("li.finding[data-code=InMemoryStore] .location").text()).isEqualTo(file + ":11:7");
        assertThat(payments.select("ol.timeline > li.step")).hasSize(7);
        org.jsoup.nodes.Element kuma = page.selectFirst("article.entry[data-name=two-cas]");
        assertThat(kuma.attr("data-kind")).isEqualTo("Mesh");
        assertThat(kuma.select("li.finding").eachAttr("data-code")).containsExactly("KumaWouldRefuse");
        assertThat(kuma.select("ol.timeline")).isEmpty();
    }

    @Test
    void htmlFromStdinHasTheSameFindingsAsJson() throws Exception {
        Run html = lint(UNSAFE, "-f", "-", "-o", "html");
        Run json = lint(UNSAFE, "-f", "-", "-o", "json");
        org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(html.out());
        assertThat(page.select("li.finding")).hasSize(new ObjectMapper().readTree(json.out()).path("findings").size());
        assertThat(page.select("article.entry .source code").text()).isEqualTo("<stdin>:1");
    }

    private static JsonNode sarifResult(String sarif, String ruleId) throws IOException {
        for (JsonNode result : new ObjectMapper().readTree(sarif).at("/runs/0/results")) {
            if (result.path("ruleId").asText().equals(ruleId)) {
                return result;
            }
        }
        return null;
    }

    @Test
    void sarifOutputLocatesTheFieldInTheSecondDocument() throws Exception {
        Path file = write("two.yaml", CLEAN + "---\n" + UNSAFE);
        Run run = lint("", "-f", file.toString(), "-o", "sarif");
        assertThat(run.exitCode()).isEqualTo(1);
        JsonNode inMemory = sarifResult(run.out(), "InMemoryStore");
        assertThat(inMemory).isNotNull();
        JsonNode location = inMemory.path("locations").get(0).path("physicalLocation");
        // CLEAN, the separator, then UNSAFE whose "type: Memory" is its ninth line, indented by six
        assertThat(location.path("region").path("startLine").asInt()).isEqualTo(CLEAN.split("\n").length + 1 + 9);
        assertThat(location.path("region").path("startColumn").asInt()).isEqualTo(7);
        String uri = location.path("artifactLocation").path("uri").asText();
        assertThat(uri).endsWith("two.yaml").doesNotStartWith("/");
        assertThat(Path.of("").toAbsolutePath().resolve(uri).normalize()).isEqualTo(file.toAbsolutePath().normalize());
        assertThat(location.path("artifactLocation").path("uriBaseId").asText()).isEqualTo("%SRCROOT%");
    }

    @Test
    void sarifFromStdinLocatesFieldsAndNamesTheToolVersion() throws Exception {
        Run run = lint(UNSAFE, "-f", "-", "-o", "sarif");
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertThat(root.at("/runs/0/tool/driver/version").asText()).isEqualTo(VersionProvider.version());
        JsonNode replicas = sarifResult(run.out(), "SingleControlPlaneReplica").at("/locations/0/physicalLocation");
        assertThat(replicas.at("/artifactLocation/uri").asText()).isEqualTo("stdin");
        assertThat(replicas.at("/region/startLine").asInt()).isEqualTo(7);
        assertThat(replicas.at("/region/startColumn").asInt()).isEqualTo(5);
    }

    @Test
    void sarifLeavesSuppressedFindingsOutUnlessIncludeSuppressed() throws Exception {
        Path file = write("payments.yaml", UNSAFE.replace("  name: payments\n",
                "  name: payments\n  annotations:\n    kumaops.io/suppress: InMemoryStore\n"));
        Run run = lint("", "-f", file.toString(), "-o", "sarif");
        assertThat(run.exitCode()).isZero();
        assertThat(sarifResult(run.out(), "InMemoryStore")).isNull();
        assertThat(sarifResult(run.out(), "SingleControlPlaneReplica")).isNotNull();
        Run included = lint("", "-f", file.toString(), "-o", "sarif", "--include-suppressed");
        JsonNode suppressed = sarifResult(included.out(), "InMemoryStore");
        assertThat(suppressed).isNotNull();
        assertThat(suppressed.at("/suppressions/0/kind").asText()).isEqualTo("inSource");
        assertThat(lint("", "-f", file.toString(), "-o", "json").out()).contains("\"code\" : \"InMemoryStore\"");
    }

    @Test
    void invalidProfileExitsTwoNamingFileAndFieldWithNothingOnStdout() throws IOException {
        Path file = write("bad.yaml", UNSAFE.replace("replicas: 1", "replicas: many"));
        Run run = lint("", "-f", file.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("bad.yaml").contains("replicas");
    }

    @Test
    void missingFileExitsTwo() {
        Run run = lint("", "-f", dir.resolve("nope.yaml").toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("nope.yaml");
    }

    @Test
    void noProfileFoundExitsTwo() throws IOException {
        write("cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n");
        Run run = lint("", "-f", dir.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no KumaProductionProfile found");
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(lint("").exitCode()).isEqualTo(2);
        Run badFormat = lint("", "-f", "x.yaml", "-o", "xml");
        assertThat(badFormat.exitCode()).isEqualTo(2);
        assertThat(badFormat.err()).contains("xml");
        assertThat(badFormat.out()).isEmpty();
        assertThat(lint("", "-f", "x.yaml", "--fail-on", "sometimes").exitCode()).isEqualTo(2);
    }

    @Test
    void severalFilesAfterOneFlag() throws IOException {
        Path clean = write("clean.yaml", CLEAN);
        Path unsafe = write("payments.yaml", UNSAFE);
        Run run = lint("", "-f", clean.toString(), unsafe.toString());
        assertThat(run.out()).endsWith("2 profiles: 1 error, 2 warnings, 3 info, 0 suppressed\n");
    }
}
