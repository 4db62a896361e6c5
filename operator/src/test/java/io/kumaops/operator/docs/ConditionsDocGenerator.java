package io.kumaops.operator.docs;

import io.kumaops.operator.model.ConditionReason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the reason tables of docs/conditions.md from {@link ConditionReason}, between the page's generated-region
 * markers; the prose around them (phases, findings in the status, multi-phase records) stays hand-written.
 */
final class ConditionsDocGenerator {

    static final String BEGIN = "<!-- BEGIN GENERATED from io.kumaops.operator.model.ConditionReason by ConditionsDocGenerator;"
            + " do not edit by hand. Regenerate: " + ConditionsDocGenerator.REGENERATE_COMMAND + " -->";
    static final String END = "<!-- END GENERATED -->";
    static final String REGENERATE_COMMAND = "mvn -B -o -q test -Dtest=ConditionReasonsDocTest -Dkumaops.regenerateDocs=true";

    /** Each condition type, in the page's order, with the sentence that opens its section. */
    private static final Map<String, String> CONDITIONS = new LinkedHashMap<>();

    static {
        CONDITIONS.put("Ready", "The one condition to wait on. `True` only when the rollout is complete and no unsuppressed Error"
                + " finding is open.");
        CONDITIONS.put("Progressing", "`True` while the operator is actively moving the rollout forward.");
        CONDITIONS.put("Degraded", "`True` only when a write or the pass itself failed.");
        CONDITIONS.put("MtlsEnabled", "Whether mTLS is on for the mesh. Not set when the spec is invalid or Kuma is not installed.");
        CONDITIONS.put("TrafficPermitted", "Whether a MeshTrafficPermission from this profile is in place, so traffic keeps flowing"
                + " under mTLS.");
        CONDITIONS.put("KumaInstalled", "Whether Kuma's CRDs are served. Not set when the spec is invalid (the check runs after"
                + " validation) or when the pass failed (`ReconcileError`).");
    }

    /** Conditions whose reasons mostly mirror Ready's: those rows say "as for Ready" instead of repeating it. */
    private static final List<String> MIRRORS_READY = List.of("Progressing", "Degraded");

    private ConditionsDocGenerator() {
    }

    /** The page with its generated region written anew. */
    static String regenerate(String page) {
        int begin = page.indexOf(BEGIN);
        int end = page.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException("docs/conditions.md lacks the generated-region markers " + BEGIN + " … " + END);
        }
        return page.substring(0, begin + BEGIN.length()) + "\n\n" + tables() + page.substring(end);
    }

    static String tables() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, String> condition : CONDITIONS.entrySet()) {
            String type = condition.getKey();
            out.append("## `").append(type).append("`\n\n").append(condition.getValue()).append("\n\n");
            if (MIRRORS_READY.contains(type)) {
                mirroring(out, type);
            } else {
                full(out, type);
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static void full(StringBuilder out, String type) {
        out.append("| Status | Reason | Meaning | What to do |\n|---|---|---|---|\n");
        for (ConditionReason reason : carrying(type)) {
            out.append("| ").append(status(reason, type)).append(" | `").append(reason.name()).append("` | ").append(reason.meaning())
                    .append(" | ").append(reason.action().isEmpty() ? "Nothing." : reason.action()).append(" |\n");
        }
    }

    /** Reasons shared with Ready in one row per status; the condition's own reasons in rows of their own. */
    private static void mirroring(StringBuilder out, String type) {
        out.append("| Status | Reason | Meaning |\n|---|---|---|\n");
        for (String status : List.of("True", "False")) {
            List<String> shared = new ArrayList<>();
            for (ConditionReason reason : carrying(type)) {
                if (!status(reason, type).equals(status)) {
                    continue;
                }
                if (reason.appearsWith().containsKey("Ready")) {
                    shared.add("`" + reason.name() + "`");
                } else {
                    out.append("| ").append(status).append(" | `").append(reason.name()).append("` | ").append(reason.meaning()).append(" |\n");
                }
            }
            if (!shared.isEmpty()) {
                out.append("| ").append(status).append(" | ").append(String.join(", ", shared)).append(" | as for `Ready` above |\n");
            }
        }
    }

    private static List<ConditionReason> carrying(String type) {
        List<ConditionReason> reasons = new ArrayList<>(Arrays.stream(ConditionReason.values())
                .filter(reason -> reason.appearsWith().containsKey(type)).toList());
        // True rows first, then False, each in the enum's order.
        reasons.sort((a, b) -> Boolean.compare(!a.appearsWith().get(type), !b.appearsWith().get(type)));
        return reasons;
    }

    private static String status(ConditionReason reason, String type) {
        return reason.appearsWith().get(type) ? "True" : "False";
    }
}
