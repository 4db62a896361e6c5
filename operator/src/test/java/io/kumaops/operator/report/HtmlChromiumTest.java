package io.kumaops.operator.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.cli.CliRunner;
import io.kumaops.operator.support.ProjectPaths;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * lint's HTML page as a real browser shows it: Debian's headless Chromium loads the report of examples/ (and of a
 * file with hostile text) from disk, and the tests read the DOM Chromium built and the screenshot it took.
 *
 * <p>Without /usr/bin/chromium the class skips, saying so; where Chromium must be there (.ci/run installs it and sets
 * {@code KUMAOPS_REQUIRE_CHROMIUM=true}) a missing one fails the run instead.
 */
class HtmlChromiumTest {

    /** Debian's chromium package; {@code -Dkumaops.chromium=PATH} for another build. */
    static final Path CHROMIUM = Path.of(System.getProperty("kumaops.chromium", "/usr/bin/chromium"));
    static final String REQUIRE = "KUMAOPS_REQUIRE_CHROMIUM";
    static final long TIMEOUT_SECONDS = 60;

    /** Would add an element {@code <kpo-injected>} if it ran; the names and reasons below carry it. */
    static final String SCRIPT = "<script>document.body.appendChild(document.createElement('kpo-injected'))</script>";

    /** A Kuma resource named with a script, and a profile whose suppression reason is markup with a handler. */
    static final String HOSTILE = """
            apiVersion: kumaops.io/v1alpha1
            kind: KumaProductionProfile
            metadata:
              name: lab
            spec:
              controlPlane:
                replicas: 1
              suppress:
                - code: SingleControlPlaneReplica
                  reason: "<img src=x onerror=\\"document.body.appendChild(document.createElement('kpo-injected'))\\"> one replica in the lab"
            ---
            apiVersion: kuma.io/v1alpha1
            kind: Mesh
            metadata:
              name: "%s"
            spec:
              mtls:
                enabledBackend: ca-1
                backends: [{name: ca-1, type: builtin}, {name: ca-2, type: builtin}]
            """.formatted(SCRIPT.replace("\"", "\\\""));

    @TempDir
    static Path temp;

    static Path report;
    static JsonNode json;

    /** Skips the calling test without Chromium, or fails it where Chromium is required. */
    static void requireChromium() {
        if (Files.isExecutable(CHROMIUM)) {
            return;
        }
        String required = System.getenv(REQUIRE);
        if ("true".equalsIgnoreCase(required == null ? "" : required.trim())) {
            throw new IllegalStateException("no " + CHROMIUM + ", but " + REQUIRE + "=true: this machine should have Debian's"
                    + " chromium package (.ci/run installs it); the browser test would have passed with nothing tested");
        }
        System.out.println("SKIPPED HtmlChromiumTest: no " + CHROMIUM + " (apt-get install chromium to run it)");
        Assumptions.abort("no " + CHROMIUM + ": the headless-browser test of the HTML report needs Debian's chromium package");
    }

    @BeforeAll
    static void renderTheReport() throws IOException {
        // A file name is input too: were it written unescaped, the page would hold a <kpo-injected> element.
        Path hostile = Files.writeString(temp.resolve("lab\"><kpo-injected>.yaml"), HOSTILE);
        String examples = ProjectPaths.root().resolve("examples").toString();
        CliRunner.Result html = CliRunner.run("lint", "-f", examples, hostile.toString(), "-o", "html", "--fail-on", "never");
        assertThat(html.exitCode()).as(html.err()).isZero();
        report = Files.writeString(temp.resolve("report.html"), html.out());
        CliRunner.Result machine = CliRunner.run("lint", "-f", examples, hostile.toString(), "-o", "json", "--fail-on", "never");
        json = new ObjectMapper().readTree(machine.out());
    }

    /** Runs Chromium headless on a fresh profile, no network beyond the file, and returns what it printed on stdout. */
    static String chromium(String... args) throws IOException, InterruptedException {
        requireChromium();
        Path profile = Files.createTempDirectory(temp, "chromium-profile");
        Path stdout = temp.resolve("chromium-" + System.nanoTime() + ".out");
        Path stderr = temp.resolve("chromium-" + System.nanoTime() + ".err");
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile,
                // Containers (GitHub's job container among them) give /dev/shm 64 MiB, too little for Chromium.
                "--disable-dev-shm-usage"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        // Nothing of the machine's own configuration or caches is read or written.
        builder.environment().put("XDG_CONFIG_HOME", profile.resolve("config").toString());
        builder.environment().put("XDG_CACHE_HOME", profile.resolve("cache").toString());
        Process process = builder.start();
        try {
            boolean finished = process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertThat(finished).as("chromium finished within %d s; stderr: %s", TIMEOUT_SECONDS, tail(stderr)).isTrue();
            assertThat(process.exitValue()).as("chromium's exit code; stderr: %s", tail(stderr)).isZero();
            return Files.readString(stdout, StandardCharsets.UTF_8);
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String tail(Path file) throws IOException {
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        return text.length() > 2000 ? "…" + text.substring(text.length() - 2000) : text;
    }

    static Document dom(Path page) throws IOException, InterruptedException {
        return Jsoup.parse(chromium("--dump-dom", page.toUri().toString()));
    }

    @Test
    void chromiumRunsScriptsHereSoTheirAbsenceInTheReportMeansSomething() throws Exception {
        Path control = Files.writeString(temp.resolve("control.html"), "<!DOCTYPE html><html><body><p>control</p>" + SCRIPT + "</body></html>");
        assertThat(dom(control).select("kpo-injected")).as("a script in a page without escaping runs").hasSize(1);
    }

    @Test
    void theDomChromiumBuiltHasEverySectionAndTheFindingsOfTheJson() throws Exception {
        Document dom = dom(report);
        assertThat(dom.getElementById("summary")).isNotNull();
        assertThat(dom.getElementById("score-rule").text()).contains(ReadinessScore.RULE);
        assertThat(dom.select("#contents tbody tr")).hasSize(json.at("/summary/profiles").asInt());
        assertThat(dom.select("article.entry")).hasSize(json.at("/summary/profiles").asInt());
        assertThat(dom.select("li.finding")).hasSize(json.get("findings").size());
        assertThat(dom.select("section.suppressed li.finding")).hasSize(json.at("/summary/suppressed").asInt()).isNotEmpty();
        assertThat(dom.select("section.severity[data-severity=Error] li.finding")).hasSize(json.at("/summary/errors").asInt());
        assertThat(dom.select("section.severity[data-severity=Warning] li.finding")).hasSize(json.at("/summary/warnings").asInt());
        assertThat(dom.select("section.severity[data-severity=Info] li.finding")).hasSize(json.at("/summary/infos").asInt());
        for (Element entry : dom.select("article.entry")) {
            assertThat(entry.select("section.severity")).as(entry.attr("data-name")).hasSize(3);
            assertThat(entry.select("p.score .value").text()).isEqualTo(entry.attr("data-score"));
            boolean profile = entry.attr("data-kind").equals(KumaProductionProfile.KIND);
            assertThat(entry.select("section.plan ol.timeline > li.step")).as(entry.attr("data-name")).hasSize(profile ? 7 : 0);
        }
        Element payments = dom.selectFirst("article.entry[data-name=payments]");
        assertThat(payments.select(".source code").text()).endsWith("examples/production.yaml:4");
        assertThat(payments.select("li.step[data-step=6-restrict] .deletes li").text()).contains("MeshTrafficPermission kuma-system/allow-all-payments");
    }

    @Test
    void noScriptInANameReasonOrFileNameRan() throws Exception {
        Document dom = dom(report);
        assertThat(dom.select("kpo-injected")).as("an element the injected markup would have added").isEmpty();
        assertThat(dom.select("script, img")).isEmpty();
        // Shown as the text it is.
        assertThat(dom.select("article.entry[data-kind=Mesh] h2 .name").text()).isEqualTo(SCRIPT);
        assertThat(dom.select("article.entry[data-name=lab] .reason").text()).startsWith("Suppressed: <img src=x onerror=");
        assertThat(dom.select("article.entry[data-name=lab] .source code").text()).endsWith("lab\"><kpo-injected>.yaml:1");
    }

    @Test
    void theScreenshotIsAPageOfTheRequestedSize() throws Exception {
        Path png = temp.resolve("report.png");
        chromium("--screenshot=" + png, "--window-size=1280,2000", report.toUri().toString());
        assertThat(png).exists();
        assertThat(Files.size(png)).isPositive();
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("a PNG ImageIO reads").isNotNull();
        assertThat(image.getWidth()).isEqualTo(1280);
        assertThat(image.getHeight()).isEqualTo(2000);
        // Text, boxes and colours were drawn: not a blank page.
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                colours.add(image.getRGB(x, y));
            }
        }
        assertThat(colours).hasSizeGreaterThan(20);
    }

    @Test
    void ciInstallsChromiumAndRequiresIt() throws IOException {
        String ci = Files.readString(ProjectPaths.root().resolve(".ci/run"));
        assertThat(ci).contains("missing+=(chromium").contains("export " + REQUIRE + "=true");
    }
}
