package io.kumaops.operator.report;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.rules.RuleCatalog;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One self-contained HTML page for people: the linted documents, each with its readiness score, its open findings
 * grouped by severity (code, message, field, fix and the entry in docs/findings.md), its suppressed findings apart with
 * their reasons, and for a profile its rollout plan as a step timeline.
 *
 * <p>Nothing is loaded from elsewhere: the style is inline, there is no script, and a Content-Security-Policy forbids
 * scripts, fetches and frames, so even a page opened from an untrusted run cannot do more than show text. The only
 * links are the findings' documentation. Every text of the page is escaped: profile names, messages and field values
 * come from the files linted.
 */
public final class HtmlReport {

    /** Scripts, connections, frames, fonts and images: none. Inline style only. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

    private static final List<Severity> SEVERITIES = List.of(Severity.Error, Severity.Warning, Severity.Info);

    private static final String STYLE = """
            :root { --error: #b42318; --warning: #b54708; --info: #175cd3; --ok: #067647; --muted: #667085; --line: #d0d5dd; }
            * { box-sizing: border-box; }
            body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #101828; background: #f9fafb; }
            header, main, footer { max-width: 1100px; margin: 0 auto; padding: 12px 24px; }
            h1 { font-size: 1.6em; margin: .3em 0; }
            h2 { font-size: 1.3em; margin: 0 0 .3em; overflow-wrap: anywhere; }
            h3 { font-size: 1.05em; margin: 1.2em 0 .4em; }
            code { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f2f4f7; padding: 1px 4px;
                   border-radius: 3px; overflow-wrap: anywhere; }
            a { color: var(--info); }
            .muted { color: var(--muted); }
            table { border-collapse: collapse; width: 100%; background: #fff; }
            th, td { text-align: left; padding: 4px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
            th { white-space: nowrap; }
            td { overflow-wrap: anywhere; }
            #contents td:nth-child(1), #contents td:nth-child(4) { white-space: nowrap; }
            td.number { text-align: right; }
            .rule { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 8px 16px; }
            article.entry { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 20px 0; }
            .kind { font-size: .75em; font-weight: 600; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; display: block; }
            .score { display: inline-flex; align-items: baseline; gap: .6em; padding: 4px 12px; border-radius: 6px; margin: .4em 0; }
            .score .value { font-size: 1.8em; font-weight: 700; }
            .score.ready { background: #ecfdf3; color: var(--ok); }
            .score.not-ready { background: #fef3f2; color: var(--error); }
            .verdict { font-weight: 700; }
            ol.findings { list-style: none; padding: 0; margin: 0; }
            li.finding { border-left: 4px solid var(--line); background: #fcfcfd; padding: 6px 12px; margin: 8px 0; }
            li.finding p { margin: .2em 0; }
            .severity-error li.finding { border-color: var(--error); }
            .severity-warning li.finding { border-color: var(--warning); }
            .severity-info li.finding { border-color: var(--info); }
            .suppressed li.finding { border-color: var(--muted); color: #344054; }
            .severity-error h3 { color: var(--error); }
            .severity-warning h3 { color: var(--warning); }
            .severity-info h3 { color: var(--info); }
            .badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 0 8px; border-radius: 10px; background: #f2f4f7; }
            .badge.Error { background: #fee4e2; color: var(--error); }
            .badge.Warning { background: #fef0c7; color: var(--warning); }
            .badge.Info { background: #d1e9ff; color: var(--info); }
            ol.timeline { list-style: none; margin: 0 0 0 10px; padding: 0; border-left: 3px solid var(--line); }
            li.step { position: relative; padding: 2px 0 14px 24px; }
            li.step::before { content: ""; position: absolute; left: -11px; top: 6px; width: 19px; height: 19px; border-radius: 50%;
                              background: #fff; border: 3px solid var(--ok); }
            li.step.state-nothing::before { border-color: var(--muted); }
            li.step.state-blocked::before { border-color: var(--error); background: var(--error); }
            li.step.state-not-reached { color: var(--muted); }
            li.step.state-not-reached::before { border-color: var(--line); }
            li.step p { margin: 0 0 .2em; }
            li.step ul { margin: 0 0 .2em; padding-left: 1.2em; }
            li.step .label { font-size: 12px; color: var(--muted); }
            .step-state { font-size: 12px; font-weight: 600; text-transform: uppercase; margin-left: .5em; }
            .state-blocked .step-state { color: var(--error); }
            @media print { body { background: #fff; } article.entry { break-inside: avoid-page; border: none; } }
            """;

    private HtmlReport() {
    }

    public static String render(List<ProfileFindings> documents, RuleCatalog catalog, ReportOptions options) {
        Map<String, String> titles = new HashMap<>();
        RuleHelp.all(catalog).forEach(rule -> titles.put(rule.code(), rule.title()));
        ReportSummary summary = ReportSummary.of(documents);
        Html out = new Html();
        out.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .raw("<meta http-equiv=\"Content-Security-Policy\" content=\"").text(CONTENT_SECURITY_POLICY).raw("\">\n")
                .raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .raw("<meta name=\"generator\" content=\"").text(generator(options)).raw("\">\n")
                .raw("<title>").text("Lint report: " + summary.describe()).raw("</title>\n")
                .raw("<style>\n").raw(STYLE).raw("</style>\n</head>\n<body>\n");
        header(out, documents, summary);
        out.raw("<main>\n");
        for (int i = 0; i < documents.size(); i++) {
            entry(out, documents.get(i), "entry-" + (i + 1), titles);
        }
        out.raw("</main>\n<footer class=\"muted\"><p>")
                .text("Written by " + generator(options) + " lint. Rollout plans are the offline plan of a first rollout,"
                        + " as render prints it: the operator also waits at each step for what it observes in the cluster.")
                .raw("</p></footer>\n</body>\n</html>\n");
        return out.toString();
    }

    private static String generator(ReportOptions options) {
        return SarifReport.TOOL_NAME + (options.toolVersion() == null ? "" : " " + options.toolVersion());
    }

    private static void header(Html out, List<ProfileFindings> documents, ReportSummary summary) {
        out.raw("<header>\n<h1>Lint report</h1>\n<p id=\"summary\" class=\"summary\">").text(summary.describe()).raw("</p>\n");
        out.raw("<section id=\"score-rule\" class=\"rule\"><h2>Readiness score</h2><p>").text(ReadinessScore.RULE).raw("</p></section>\n");
        out.raw("<nav id=\"contents\"><h2>Contents</h2>\n<table>\n<thead><tr><th>Kind</th><th>Name</th><th>Source</th>")
                .raw("<th>Score</th><th>Errors</th><th>Warnings</th><th>Info</th><th>Suppressed</th></tr></thead>\n<tbody>\n");
        for (int i = 0; i < documents.size(); i++) {
            ProfileFindings document = documents.get(i);
            ReadinessScore score = ReadinessScore.of(document);
            out.raw("<tr><td>").text(document.kind()).raw("</td><td><a href=\"#entry-" + (i + 1) + "\">").text(document.profileName())
                    .raw("</a></td><td><code>").text(document.file() + ":" + document.line()).raw("</code></td><td>")
                    .text(score.score() + " (" + score.verdict() + ")").raw("</td>");
            for (int count : List.of(score.counts().errors(), score.counts().warnings(), score.counts().infos(), score.counts().suppressed())) {
                out.raw("<td class=\"number\">" + count + "</td>");
            }
            out.raw("</tr>\n");
        }
        out.raw("</tbody>\n</table>\n</nav>\n</header>\n");
    }

    private static void entry(Html out, ProfileFindings document, String id, Map<String, String> titles) {
        ReadinessScore score = ReadinessScore.of(document);
        out.raw("<article class=\"entry\" id=\"" + id + "\" data-kind=\"").text(document.kind()).raw("\" data-name=\"")
                .text(document.profileName()).raw("\" data-score=\"" + score.score() + "\" data-ready=\"" + score.ready() + "\">\n");
        out.raw("<h2><span class=\"kind\">").text(document.kind()).raw("</span><span class=\"name\">").text(document.profileName())
                .raw("</span></h2>\n");
        out.raw("<p class=\"source\">from <code>").text(document.file() + ":" + document.line()).raw("</code></p>\n");
        out.raw("<p class=\"score " + (score.ready() ? "ready" : "not-ready") + "\"><span class=\"value\">" + score.score())
                .raw("</span><span>/ 100</span><span class=\"verdict\">").text(score.verdict()).raw("</span><span class=\"why\">")
                .text(score.explanation()).raw("</span></p>\n");
        for (Severity severity : SEVERITIES) {
            List<Finding> open = document.findings().stream()
                    .filter(f -> !f.isSuppressed() && (f.severity == null ? Severity.Info : f.severity) == severity).toList();
            String name = severity.name().toLowerCase(java.util.Locale.ROOT);
            out.raw("<section class=\"severity severity-" + name + "\" data-severity=\"" + severity.name() + "\">\n<h3>")
                    .text(severity.name() + " (" + open.size() + ")").raw("</h3>\n");
            findings(out, document, open, titles, "No open " + severity.name() + " finding.");
            out.raw("</section>\n");
        }
        List<Finding> suppressed = document.findings().stream().filter(Finding::isSuppressed).toList();
        out.raw("<section class=\"suppressed\">\n<h3>").text("Suppressed (" + suppressed.size() + ")").raw("</h3>\n")
                .raw("<p class=\"muted\">").text("Accepted in spec.suppress or the kumaops.io/suppress annotation: shown, never counted.")
                .raw("</p>\n");
        findings(out, document, suppressed, titles, "No suppressed finding.");
        out.raw("</section>\n");
        plan(out, document);
        out.raw("</article>\n");
    }

    private static void findings(Html out, ProfileFindings document, List<Finding> findings, Map<String, String> titles, String none) {
        if (findings.isEmpty()) {
            out.raw("<p class=\"none muted\">").text(none).raw("</p>\n");
            return;
        }
        out.raw("<ol class=\"findings\">\n");
        for (Finding finding : findings) {
            String severity = finding.severity == null ? "" : finding.severity.name();
            out.raw("<li class=\"finding\" data-code=\"").text(finding.code).raw("\" data-severity=\"").text(severity).raw("\">\n");
            out.raw("<p><span class=\"badge ").text(severity).raw("\">").text(severity).raw("</span> <code class=\"code\">")
                    .text(finding.code).raw("</code>");
            String title = titles.get(finding.code);
            if (title != null) {
                out.raw(" <span class=\"title\">").text(title).raw("</span>");
            }
            out.raw("</p>\n<p class=\"message\">").text(finding.message).raw("</p>\n");
            boolean hasPath = finding.path != null && !finding.path.isBlank();
            if (hasPath || document.locator() != null) {
                out.raw("<p class=\"where\">");
                if (hasPath) {
                    out.raw("<code class=\"path\">").text(finding.path).raw("</code>");
                }
                if (document.locator() != null) {
                    YamlLocator.Position position = document.position(finding);
                    out.raw(hasPath ? " at " : "at ").raw("<code class=\"location\">")
                            .text(document.file() + ":" + position.line() + ":" + position.column()).raw("</code>");
                }
                out.raw("</p>\n");
            }
            if (finding.remediation != null && !finding.remediation.isBlank()) {
                out.raw("<p class=\"fix\"><strong>Fix:</strong> ").text(finding.remediation).raw("</p>\n");
            }
            if (finding.isSuppressed()) {
                out.raw("<p class=\"reason\"><strong>Suppressed:</strong> ")
                        .text(finding.suppressionReason == null || finding.suppressionReason.isBlank() ? "no reason given" : finding.suppressionReason)
                        .raw("</p>\n");
            }
            String docs = docsUrl(finding);
            if (docs != null) {
                out.raw("<p class=\"docs\"><a href=\"").text(docs).raw("\" rel=\"noopener noreferrer\">").text(finding.code + " in the docs")
                        .raw("</a></p>\n");
            }
            out.raw("</li>\n");
        }
        out.raw("</ol>\n");
    }

    /** The finding's documentation, else its entry in docs/findings.md; only an https link is ever written. */
    static String docsUrl(Finding finding) {
        String url = finding.docsUrl != null ? finding.docsUrl : finding.code == null ? null : RuleCatalog.docsUrl(finding.code);
        return url != null && url.startsWith("https://") ? url : null;
    }

    private static void plan(Html out, ProfileFindings document) {
        RolloutTimeline timeline = document.plan();
        out.raw("<section class=\"plan\">\n");
        if (timeline == null) {
            out.raw("<h3>Rollout plan</h3>\n<p class=\"none muted\">")
                    .text(io.kumaops.operator.api.v1alpha1.KumaProductionProfile.KIND.equals(document.kind())
                            ? "No rollout plan was made for this profile."
                            : "A Kuma resource, judged as Kuma's admission would: it has no rollout plan of its own.")
                    .raw("</p>\n</section>\n");
            return;
        }
        out.raw("<h3>").text("Rollout plan for mesh " + timeline.meshName()).raw("</h3>\n<ol class=\"timeline\">\n");
        for (RolloutTimeline.Entry step : timeline.steps()) {
            String state = step.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            out.raw("<li class=\"step state-" + state + "\" data-step=\"").text(step.id()).raw("\" data-state=\"" + state + "\">\n")
                    .raw("<p><code class=\"step-id\">").text(step.id()).raw("</code> <span class=\"step-title\">").text(step.title())
                    .raw("</span><span class=\"step-state\">").text(step.state().label()).raw("</span></p>\n");
            if (!step.blockedBy().isEmpty()) {
                out.raw("<p class=\"blocked-by\">").text("Blocked by " + String.join(", ", step.blockedBy())
                        + ": nothing of this step is written, nor of the steps after it.").raw("</p>\n");
            }
            list(out, "applies", step.state() == RolloutTimeline.State.APPLIES ? "Applies" : "Would apply", step.applies());
            list(out, "deletes", "Then deletes, once the applies are observed", step.deletes());
            list(out, "notes", "Notes", step.notes());
            list(out, "holds", "Waits", step.holds());
            out.raw("</li>\n");
        }
        out.raw("</ol>\n</section>\n");
    }

    private static void list(Html out, String cssClass, String heading, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        out.raw("<div class=\"" + cssClass + "\"><span class=\"label\">").text(heading).raw("</span>\n<ul>\n");
        for (String item : items) {
            out.raw("<li>").text(item).raw("</li>\n");
        }
        out.raw("</ul></div>\n");
    }

    /**
     * Text for the page: the five characters HTML gives meaning to as entities, in text and in quoted attribute values
     * alike; everything beyond ASCII as a numeric reference, so the page reads the same whatever encoding stdout has;
     * control characters (which HTML does not allow) as U+FFFD.
     */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                case '\t', '\n', '\r' -> out.append((char) c);
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c < 0xa0)) {
                        out.append("&#xFFFD;");
                    } else if (c > 0x7e) {
                        out.append("&#x").append(Integer.toHexString(c).toUpperCase(java.util.Locale.ROOT)).append(';');
                    } else {
                        out.append((char) c);
                    }
                }
            }
        });
        return out.toString();
    }

    /** Markup written as is, text always escaped: what comes from the input can only reach {@link #text}. */
    private static final class Html {
        private final StringBuilder out = new StringBuilder();

        Html raw(String markup) {
            out.append(markup);
            return this;
        }

        Html text(String text) {
            out.append(escape(text));
            return this;
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
