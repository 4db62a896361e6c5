package io.kumaops.operator.rules;

import io.kumaops.operator.model.Step;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes docs/findings.md from the rule catalog, so the page cannot drift from the rules: FindingsDocTest fails
 * when the committed file differs from what this produces.
 *
 * <p>Run: {@code mvn -B -o -q test -Dtest=FindingsDocTest -Dkumaops.regenerateDocs=true}, or call
 * {@link #main(String[])} with the output path.
 */
public final class FindingsDocGenerator {

    /** The command printed when the page is stale. */
    public static final String REGENERATE_COMMAND = "mvn -B -o -q test -Dtest=FindingsDocTest -Dkumaops.regenerateDocs=true";

    private FindingsDocGenerator() {
    }

    /** Writes the page to the given path (default {@code docs/findings.md}). */
    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "docs/findings.md");
        if (target.getParent() != null) {
            Files.createDirectories(target.getParent());
        }
        Files.writeString(target, generate(RuleCatalog.standard()), StandardCharsets.UTF_8);
    }

    public static String generate(RuleCatalog catalog) {
        StringBuilder out = new StringBuilder();
        out.append("# Findings\n\n");
        out.append("<!-- Generated from the rule catalog by io.kumaops.operator.rules.FindingsDocGenerator; do not edit by hand.\n");
        out.append("     Regenerate: ").append(REGENERATE_COMMAND).append(" -->\n\n");
        out.append("Every finding the operator writes to `status.findings`, and `kuma-production-operator lint` prints, has a\n");
        out.append("stable code documented below. Severities: **Error** (unsafe; may block rollout steps), **Warning**\n");
        out.append("(a production risk), **Info** (worth knowing).\n\n");
        out.append("**Evidence** says what a rule reads: *profile* — the profile alone, so `lint` finds it offline;\n");
        out.append("*cluster* — only what the operator observes in the live cluster; *both* — the profile, refined by the\n");
        out.append("cluster (explicit profile fields win; empty ones fall back to what is observed, and a contradiction is\n");
        out.append("reported as `ProfileContradictsCluster`).\n\n");
        out.append("**Blocks** lists the rollout steps an unsuppressed finding stops; other steps continue.\n\n");
        out.append("To accept a finding on purpose, list it in `spec.suppress` with a reason, or in the annotation\n");
        out.append("`").append(SuppressionAnnotation.KEY).append(": \"CodeA,CodeB\"`. Suppressed findings stay in the status and\n");
        out.append("in `lint` output, marked as suppressed, and no longer count or block.\n\n");

        out.append("| Code | Severity | Evidence | Blocks |\n|---|---|---|---|\n");
        for (Rule rule : catalog.rules()) {
            out.append("| [").append(rule.code()).append("](#").append(rule.code().toLowerCase(Locale.ROOT)).append(") | ")
                    .append(severity(rule)).append(" | ").append(evidence(rule.doc().needsCluster())).append(" | ")
                    .append(blocks(rule, "—")).append(" |\n");
        }
        out.append('\n');

        for (Rule rule : catalog.rules()) {
            RuleDoc doc = rule.doc();
            out.append("## ").append(rule.code()).append("\n\n");
            out.append("**Severity:** ").append(severity(rule))
                    .append(" · **Evidence:** ").append(evidence(doc.needsCluster()))
                    .append(" · **Blocks:** ").append(blocks(rule, "nothing")).append("\n\n");
            out.append(doc.title()).append("\n\n");
            out.append("**Why.** ").append(doc.why()).append("\n\n");
            out.append("**Fix.** ").append(doc.fix()).append("\n\n");
            out.append("**Source.** ").append(doc.source()).append("\n\n");
        }

        out.append("## Raised by the planner\n\n");
        out.append("These need the plan or the live Mesh, so the planner raises them, in `render`, `lint` and the operator alike;\n");
        out.append("they guard writes and cannot be suppressed.\n\n");
        for (io.kumaops.operator.plan.PlannerFindingDocs.Entry entry : io.kumaops.operator.plan.PlannerFindingDocs.ENTRIES) {
            out.append("### ").append(entry.code()).append("\n\n");
            out.append("**Severity:** ").append(entry.severity()).append(" · **Blocks:** ").append(entry.blocks()).append("\n\n");
            out.append(entry.title()).append("\n\n");
            out.append("**Why.** ").append(entry.why()).append("\n\n");
            out.append("**Fix.** ").append(entry.fix()).append("\n\n");
            out.append("**Source.** ").append(entry.source()).append("\n\n");
        }

        out.append("## Raised by `lint` for Kuma resources\n\n");
        out.append("`lint` puts every Kuma resource in the files (`apiVersion: kuma.io/…`) to Kuma's admission as modelled\n");
        out.append("([kuma-admission.md](kuma-admission.md)). A refusal is [KumaWouldRefuse](#kumawouldrefuse), naming the field and\n");
        out.append("Kuma's message; a deprecation Kuma warns about is:\n\n");
        io.kumaops.operator.report.RuleHelp deprecated = io.kumaops.operator.report.RuleHelp.KUMA_DEPRECATED_HELP;
        out.append("### ").append(deprecated.code()).append("\n\n");
        out.append("**Severity:** ").append(deprecated.severity()).append(" · **Blocks:** ").append(deprecated.blocks()).append("\n\n");
        out.append(deprecated.title()).append("\n\n");
        out.append("**Why.** ").append(deprecated.why()).append("\n\n");
        out.append("**Fix.** ").append(deprecated.fix()).append("\n\n");
        out.append("**Source.** ").append(deprecated.source()).append("\n\n");

        out.append("## Thresholds\n\n");
        out.append("The numbers above live in `ProductionThresholds`:\n\n");
        out.append("| Threshold | Value |\n|---|---|\n");
        threshold(out, "Control-plane base memory (Kuma Helm default request)",
                Quantities.formatBytes(ProductionThresholds.CONTROL_PLANE_BASE_MEMORY_BYTES));
        threshold(out, "Control-plane memory per data plane",
                Quantities.formatBytes(ProductionThresholds.CONTROL_PLANE_MEMORY_PER_DATAPLANE_BYTES));
        threshold(out, "Large mesh (data planes)", Integer.toString(ProductionThresholds.LARGE_MESH_DATAPLANES));
        threshold(out, "Control plane on a large mesh",
                Quantities.formatMillis(ProductionThresholds.LARGE_MESH_CONTROL_PLANE_CPU_MILLIS) + " CPU / "
                        + Quantities.formatBytes(ProductionThresholds.LARGE_MESH_CONTROL_PLANE_MEMORY_BYTES));
        threshold(out, "Reachable services needed from (data planes)",
                Integer.toString(ProductionThresholds.REACHABLE_SERVICES_DATAPLANES));
        threshold(out, "Minimum sidecar requests",
                Quantities.formatMillis(ProductionThresholds.SIDECAR_MIN_CPU_REQUEST_MILLIS) + " CPU / "
                        + Quantities.formatBytes(ProductionThresholds.SIDECAR_MIN_MEMORY_REQUEST_BYTES));
        threshold(out, "Minimum sidecar limits",
                Quantities.formatMillis(ProductionThresholds.SIDECAR_MIN_CPU_LIMIT_MILLIS) + " CPU / "
                        + Quantities.formatBytes(ProductionThresholds.SIDECAR_MIN_MEMORY_LIMIT_BYTES));
        return out.toString();
    }

    private static void threshold(StringBuilder out, String name, String value) {
        out.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    /** The severity, and the escalated one where the rule has one (its entry says when). */
    private static String severity(Rule rule) {
        return rule.escalatedSeverity() == rule.severity() ? rule.severity().toString()
                : rule.severity() + " (" + rule.escalatedSeverity() + " where the entry says)";
    }

    private static String evidence(RuleDoc.Evidence evidence) {
        return switch (evidence) {
            case Profile -> "profile";
            case Cluster -> "cluster";
            case Both -> "both";
        };
    }

    private static String blocks(Rule rule, String none) {
        if (rule.blocks().isEmpty()) {
            return none;
        }
        return rule.blocks().stream().sorted().map(Step::id).map(id -> "`" + id + "`").collect(Collectors.joining(", "));
    }
}
