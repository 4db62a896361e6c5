package io.kumaops.operator.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.plan.Planner;
import io.kumaops.operator.rules.RuleCatalog;
import io.kumaops.operator.support.TestProfiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;

/** lint's HTML page, parsed as a browser parses it (jsoup follows the HTML5 parsing algorithm). */
class HtmlReportTest {

    static final ReportOptions OPTIONS = new ReportOptions(Path.of("/repo"), "1.2.3", false);

    /** What a hostile file may put in a name or a reason: a script, a tag with a handler, a quote that ends an attribute. */
    static final String SCRIPT = "<script>document.body.appendChild(document.createElement('kpo-injected'))</script>";
    static final String HANDLER = "\"><img src=x onerror=\"document.title='owned'\">";

    /** payments and orders of ReportFixtures, payments with its rollout plan, and a Kuma Mesh with a hostile name. */
    static List<ProfileFindings> documents() {
        List<ProfileFindings> documents = new ArrayList<>(ReportFixtures.twoProfiles());
        KumaProductionProfile payments = TestProfiles.fromSpec("payments", "mtls: {enabled: true, enabledBackend: ca-9, backends: [{name: ca-1, type: Builtin}]}");
        documents.set(0, documents.get(0).withPlan(RolloutTimeline.of(new Planner().plan(payments),
                Map.of(Step.MTLS, List.of("EnabledBackendNotDefined")))));
        documents.add(new ProfileFindings(SCRIPT, "mesh" + HANDLER + ".yaml", 3, List.of(
                ReportFixtures.suppressed(ReportFixtures.finding("KumaDeprecated", Severity.Warning, "mtls.backends[0]",
                        "Kuma warns on Mesh " + SCRIPT, "use " + HANDLER + " instead"), HANDLER + SCRIPT)), "Mesh"));
        return documents;
    }

    static Document render(List<ProfileFindings> documents) {
        return Jsoup.parse(HtmlReport.render(documents, RuleCatalog.standard(), OPTIONS));
    }

    private static Element entry(Document page, String name) {
        return page.select("article.entry").stream().filter(e -> e.attr("data-name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no entry " + name));
    }

    @Test
    void oneEntryPerDocumentWithItsSourceAndAContentsTable() {
        Document page = render(documents());
        assertThat(page.select("article.entry")).extracting(e -> e.attr("data-name")).containsExactly("payments", "orders", SCRIPT);
        assertThat(page.select("article.entry")).extracting(e -> e.attr("data-kind"))
                .containsExactly(KumaProductionProfile.KIND, KumaProductionProfile.KIND, "Mesh");
        assertThat(entry(page, "orders").select(".source code").text()).isEqualTo("profiles/orders.yaml:14");
        assertThat(page.select("#contents tbody tr")).hasSize(3);
        assertThat(page.select("#contents tbody tr a")).extracting(a -> a.attr("href")).containsExactly("#entry-1", "#entry-2", "#entry-3");
        assertThat(page.getElementById("summary").text()).isEqualTo("3 profiles: 1 error, 1 warning, 1 info, 2 suppressed");
        assertThat(page.select("meta[name=generator]").attr("content")).isEqualTo("kuma-production-operator 1.2.3");
    }

    @Test
    void openFindingsAreGroupedBySeverityWithPathLocationFixAndDocs() {
        Element payments = entry(render(documents()), "payments");
        assertThat(payments.select("section.severity")).extracting(s -> s.attr("data-severity")).containsExactly("Error", "Warning", "Info");
        for (String severity : List.of("Error", "Warning", "Info")) {
            Elements findings = payments.select("section.severity[data-severity=" + severity + "] li.finding");
            assertThat(findings).hasSize(1).allSatisfy(f -> assertThat(f.attr("data-severity")).isEqualTo(severity));
        }
        Element memory = payments.selectFirst("li.finding[data-code=InMemoryStore]");
        assertThat(memory.select(".code").text()).isEqualTo("InMemoryStore");
        assertThat(memory.select(".title").text())
                .isEqualTo(RuleCatalog.standard().find("InMemoryStore").orElseThrow().doc().title());
        assertThat(memory.select(".message").text()).isEqualTo("spec.controlPlane.store.type is Memory");
        assertThat(memory.select(".path").text()).isEqualTo("spec.controlPlane.store.type");
        assertThat(memory.select(".location").text()).isEqualTo("profiles/payments.yaml:9:7");
        assertThat(memory.select(".fix").text()).isEqualTo("Fix: set spec.controlPlane.store.type: Kubernetes");
        assertThat(memory.select(".docs a").attr("href")).isEqualTo(RuleCatalog.docsUrl("InMemoryStore"));
        assertThat(payments.select("h3").eachText()).contains("Error (1)", "Warning (1)", "Info (1)", "Suppressed (0)");
    }

    @Test
    void suppressedFindingsAreApartWithTheirReasonAndCountNowhereElse() {
        Element orders = entry(render(documents()), "orders");
        assertThat(orders.select("section.severity li.finding")).isEmpty();
        Elements suppressed = orders.select("section.suppressed li.finding");
        assertThat(suppressed).hasSize(1);
        assertThat(suppressed.get(0).attr("data-code")).isEqualTo("SingleCaBackend");
        assertThat(suppressed.get(0).select(".reason").text()).isEqualTo("Suppressed: one CA by policy");
        assertThat(orders.attr("data-score")).isEqualTo("100");
        assertThat(orders.attr("data-ready")).isEqualTo("true");
    }

    @Test
    void theScoreAndItsRuleAreWritten() {
        Document page = render(documents());
        assertThat(page.getElementById("score-rule").text()).contains(ReadinessScore.RULE);
        Element payments = entry(page, "payments");
        // One Error (25) and one Warning (5); the Info costs nothing.
        assertThat(payments.attr("data-score")).isEqualTo("70");
        assertThat(payments.attr("data-ready")).isEqualTo("false");
        assertThat(payments.select("p.score").hasClass("not-ready")).isTrue();
        assertThat(payments.select("p.score .value").text()).isEqualTo("70");
        assertThat(payments.select("p.score .verdict").text()).isEqualTo("not ready");
        assertThat(payments.select("p.score .why").text()).isEqualTo("100 − 1 × 25 − 1 × 5 = 70");
    }

    @Test
    void theRolloutPlanIsATimelineThatStopsAtTheBlockedStep() {
        Element plan = entry(render(documents()), "payments").selectFirst("section.plan");
        Elements steps = plan.select("ol.timeline > li.step");
        assertThat(steps).extracting(s -> s.attr("data-step"))
                .containsExactly("0-control-plane", "1-mesh", "2-traffic-permission", "3-mtls", "4-defaults", "5-multi-zone", "6-restrict");
        assertThat(steps).extracting(s -> s.attr("data-state"))
                .containsExactly("nothing", "applies", "applies", "blocked", "not-reached", "not-reached", "not-reached");
        assertThat(steps.get(0).select(".notes li").text()).startsWith("controlPlane.manage is false");
        assertThat(steps.get(1).select(".step-title").text()).isEqualTo(Step.MESH.title());
        assertThat(steps.get(1).select(".applies li").eachText()).containsExactly("Mesh payments (kuma.io/v1alpha1)");
        assertThat(steps.get(2).select(".applies li").eachText())
                .containsExactly("MeshTrafficPermission kuma-system/allow-all-payments (kuma.io/v1alpha1)");
        assertThat(steps.get(3).select(".blocked-by").text()).startsWith("Blocked by EnabledBackendNotDefined");
        assertThat(steps.get(3).select(".notes li").text()).contains("enabledBackend");
        assertThat(plan.select("h3").text()).isEqualTo("Rollout plan for mesh payments");
    }

    @Test
    void aBlockedStepShowsWhatItWouldHaveApplied() {
        KumaProductionProfile profile = TestProfiles.fromSpec("orders", "controlPlane: {manage: false}");
        ProfileFindings blocked = new ProfileFindings("orders", "orders.yaml", 1, List.of())
                .withPlan(RolloutTimeline.of(new Planner().plan(profile), Map.of(Step.MESH, List.of("SomeError", "AnotherError"))));
        Elements steps = render(List.of(blocked)).select("li.step");
        assertThat(steps.get(1).attr("data-state")).isEqualTo("blocked");
        assertThat(steps.get(1).select(".blocked-by").text()).startsWith("Blocked by AnotherError, SomeError:");
        assertThat(steps.get(1).select(".applies .label").text()).isEqualTo("Would apply");
        assertThat(steps.get(1).select(".applies li").eachText()).containsExactly("Mesh orders (kuma.io/v1alpha1)");
        assertThat(steps.get(2).select(".applies .label").text()).isEqualTo("Would apply");
    }

    @Test
    void aKumaResourceAndAProfileWithoutPlanSayWhyThereIsNone() {
        Document page = render(documents());
        assertThat(entry(page, SCRIPT).select("section.plan ol.timeline")).isEmpty();
        assertThat(entry(page, SCRIPT).select("section.plan .none").text()).contains("Kuma resource");
        assertThat(entry(page, "orders").select("section.plan .none").text()).isEqualTo("No rollout plan was made for this profile.");
    }

    @Test
    void everyTextFromTheInputIsEscapedAndNothingCanRun() {
        String html = HtmlReport.render(documents(), RuleCatalog.standard(), OPTIONS);
        Document page = Jsoup.parse(html);
        assertThat(page.select("script")).isEmpty();
        assertThat(page.select("img")).isEmpty();
        assertThat(page.select("kpo-injected")).isEmpty();
        assertThat(page.getAllElements()).allSatisfy(e -> assertThat(e.attributes().asList())
                .noneMatch(a -> a.getKey().toLowerCase().startsWith("on")));
        assertThat(page.title()).doesNotContain("owned");
        // The hostile text arrives as text, whole, where it belongs.
        Element mesh = entry(page, SCRIPT);
        assertThat(mesh.select("h2 .name").text()).isEqualTo(SCRIPT);
        assertThat(mesh.select(".source code").text()).isEqualTo("mesh" + HANDLER + ".yaml:3");
        assertThat(mesh.select(".message").text()).isEqualTo("Kuma warns on Mesh " + SCRIPT);
        assertThat(mesh.select(".reason").text()).isEqualTo("Suppressed: " + HANDLER + SCRIPT);
        assertThat(html).doesNotContain("<script").doesNotContain("<img");
    }

    @Test
    void thePageIsSelfContained() {
        Document page = render(documents());
        assertThat(page.select("link, script, img, iframe, object, embed, base, form")).isEmpty();
        assertThat(page.select("meta[http-equiv=Content-Security-Policy]").attr("content"))
                .isEqualTo(HtmlReport.CONTENT_SECURITY_POLICY).contains("default-src 'none'");
        assertThat(page.select("style").html()).doesNotContain("url(").doesNotContain("@import").doesNotContain("@font-face");
        // The only links: the contents' anchors and the findings' documentation.
        assertThat(page.select("a[href]")).allSatisfy(a -> assertThat(a.attr("href")).matches("#entry-\\d+|https://github\\.com/kumaops/.*"));
        assertThat(page.select("[style], [src]")).isEmpty();
    }

    @Test
    void onlyHttpsDocumentationIsLinked() {
        var finding = ReportFixtures.finding("InMemoryStore", Severity.Error, "spec", "m", "f");
        finding.docsUrl = "javascript:alert(1)";
        assertThat(HtmlReport.docsUrl(finding)).isNull();
        finding.docsUrl = null;
        assertThat(HtmlReport.docsUrl(finding)).isEqualTo(RuleCatalog.docsUrl("InMemoryStore"));
    }

    @Test
    void escapeCoversTheFiveCharacters() {
        assertThat(HtmlReport.escape("<a href=\"x\" title='y'>&</a>"))
                .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
        assertThat(HtmlReport.escape(null)).isEmpty();
        // Beyond ASCII as references, so the page survives any stdout encoding; controls HTML forbids as U+FFFD.
        assertThat(HtmlReport.escape("2.9 \u2026 2.14 \uD83D\uDE80\u0007\tok")).isEqualTo("2.9 &#x2026; 2.14 &#x1F680;&#xFFFD;\tok");
    }

    @Test
    void thePageIsAsciiAndReadsTheSameInAnyEncoding() {
        String html = HtmlReport.render(documents(), RuleCatalog.standard(), OPTIONS);
        assertThat(html.chars()).allMatch(c -> c < 0x80);
        assertThat(Jsoup.parse(html).getElementById("score-rule").text()).contains("100 \u2212 25 \u00D7 open Errors");
    }

    @Test
    void noDocumentsWithoutFindingsStillMakeAPage() {
        Document page = render(List.of(new ProfileFindings("clean", "clean.yaml", 1, List.of())));
        assertThat(page.select("li.finding")).isEmpty();
        assertThat(page.select("article.entry").attr("data-score")).isEqualTo("100");
        assertThat(page.select("article.entry p.score .why").text()).isEqualTo("no open Error or Warning");
        assertThat(page.select("section.severity .none").eachText()).containsExactly(
                "No open Error finding.", "No open Warning finding.", "No open Info finding.");
    }
}
