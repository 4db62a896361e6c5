package io.kumaops.operator.report;

import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.plan.Planner;
import io.kumaops.operator.plan.PlannerFindingDocs;
import io.kumaops.operator.rules.Rule;
import io.kumaops.operator.rules.RuleCatalog;
import java.util.ArrayList;
import java.util.List;

/**
 * The documentation of one finding code as reports describe it (SARIF's rule list): every catalog rule, the planner's
 * findings and the codes {@code lint} gives Kuma's own resources, each with the text of its entry in docs/findings.md.
 *
 * @param blocks what an unsuppressed finding stops, in words (null for the catalog's rules, whose entry says it)
 */
public record RuleHelp(String code, Severity severity, String title, String why, String fix, String source, String blocks) {

    public static final String KUMA_DEPRECATED = "KumaDeprecated";

    /** lint's warning on a Kuma resource in the files that uses what Kuma deprecates; documented in docs/findings.md. */
    public static final RuleHelp KUMA_DEPRECATED_HELP = new RuleHelp(KUMA_DEPRECATED, Severity.Warning,
            "A Kuma resource in the files uses something Kuma deprecates.",
            "Kuma admits the object but warns: the field or value is removed in a later Kuma version (the finding names"
                    + " it), so an upgrade would refuse the object, or silently drop what it configures.",
            "Use the replacement the finding names before upgrading to the version that removes it.",
            "Kuma's admission warnings as modelled from Kuma's source (docs/kuma-admission.md).",
            "nothing (lint only)");

    /** Said of KumaWouldRefuse beside the planner's text: lint raises the same code for Kuma resources in the files. */
    static final String KUMA_WOULD_REFUSE_IN_FILES = "lint raises the same code for a Kuma resource (apiVersion kuma.io/…) in"
            + " the files that Kuma's admission would refuse, naming the field and Kuma's message: change that field.";

    /** Every code a report may carry: the catalog's rules in order, then the planner's findings, then KumaDeprecated. */
    public static List<RuleHelp> all(RuleCatalog catalog) {
        List<RuleHelp> all = new ArrayList<>();
        for (Rule rule : catalog.rules()) {
            all.add(new RuleHelp(rule.code(), rule.severity(), rule.doc().title(), rule.doc().why(), rule.doc().fix(),
                    rule.doc().source(), null));
        }
        for (PlannerFindingDocs.Entry entry : PlannerFindingDocs.ENTRIES) {
            all.add(new RuleHelp(entry.code(), entry.severity(), entry.title(), entry.why(), entry.fix(), entry.source(),
                    entry.blocks()));
        }
        all.add(KUMA_DEPRECATED_HELP);
        return List.copyOf(all);
    }

    /** The entry of docs/findings.md: GitHub anchors a heading by its lower-cased text. */
    public String helpUri() {
        return RuleCatalog.docsUrl(code);
    }

    /** The entry as Markdown, for viewers that render it (GitHub shows it under the alert). */
    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("**").append(title).append("**\n\n");
        out.append("**Why.** ").append(why).append("\n\n");
        out.append("**Fix.** ").append(fix).append("\n\n");
        if (blocks != null) {
            out.append("**Blocks:** ").append(blocks).append("\n\n");
        }
        if (Planner.KUMA_WOULD_REFUSE.equals(code)) {
            out.append(KUMA_WOULD_REFUSE_IN_FILES).append("\n\n");
        }
        out.append("**Source.** ").append(source).append("\n\n");
        out.append("[").append(code).append(" in docs/findings.md](").append(helpUri()).append(")\n");
        return out.toString();
    }

    /** The fix as plain text, for viewers without Markdown. */
    public String text() {
        return Planner.KUMA_WOULD_REFUSE.equals(code) ? fix + " " + KUMA_WOULD_REFUSE_IN_FILES : fix;
    }
}
