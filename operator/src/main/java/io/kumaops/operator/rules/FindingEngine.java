package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.FindingSummary;
import io.kumaops.operator.api.v1alpha1.Suppression;
import io.kumaops.operator.model.Step;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Runs every rule of the catalog on one profile (and observation), completes each finding (source, docs URL),
 * applies suppressions, sorts, counts, and derives which rollout steps are blocked. The operator and {@code lint}
 * both use it, so they can never disagree.
 */
public final class FindingEngine {

    /** Severity (Error first), then code, then path. */
    public static final Comparator<Finding> ORDER = Comparator
            .comparing((Finding finding) -> finding.severity, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(finding -> finding.code, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(finding -> finding.path, Comparator.nullsLast(Comparator.naturalOrder()));

    private final RuleCatalog catalog;

    public FindingEngine(RuleCatalog catalog) {
        this.catalog = catalog;
    }

    public static FindingEngine standard() {
        return new FindingEngine(RuleCatalog.standard());
    }

    public RuleCatalog catalog() {
        return catalog;
    }

    public FindingResult evaluate(RuleContext context) {
        Map<String, String> suppressions = suppressions(context);
        List<Finding> findings = new ArrayList<>();
        for (Rule rule : catalog.rules()) {
            for (Finding finding : rule.evaluate(context)) {
                complete(rule, finding);
                String reason = suppressions.get(finding.code);
                finding.suppressed = reason != null;
                finding.suppressionReason = reason;
                findings.add(finding);
            }
        }
        findings.sort(ORDER);
        return new FindingResult(findings, FindingSummary.of(findings), blockingCodes(findings));
    }

    /** Fills what a rule may leave out; the code and severity always come from the rule (its escalated one when asked for). */
    private static void complete(Rule rule, Finding finding) {
        finding.code = rule.code();
        finding.severity = finding.severity == rule.escalatedSeverity() ? rule.escalatedSeverity() : rule.severity();
        if (finding.source == null) {
            finding.source = rule.doc().needsCluster() == RuleDoc.Evidence.Cluster ? FindingSource.Cluster : FindingSource.Profile;
        }
        finding.docsUrl = RuleCatalog.docsUrl(rule.code());
    }

    /** Code → reason. spec.suppress wins over the annotation because it carries a real reason. */
    static Map<String, String> suppressions(RuleContext context) {
        Map<String, String> reasons = new LinkedHashMap<>();
        List<Suppression> listed = EffectiveFacts.spec(context).suppress;
        if (listed != null) {
            for (int i = 0; i < listed.size(); i++) {
                Suppression suppression = listed.get(i);
                if (suppression == null || suppression.code == null) {
                    continue;
                }
                String reason = suppression.reason == null || suppression.reason.isBlank()
                        ? "spec.suppress[" + i + "] (no reason given)" : suppression.reason;
                reasons.putIfAbsent(suppression.code, reason);
            }
        }
        for (String code : SuppressionAnnotation.codes(context.profile())) {
            reasons.putIfAbsent(code, SuppressionAnnotation.REASON);
        }
        return reasons;
    }

    private Map<Step, List<String>> blockingCodes(List<Finding> findings) {
        Map<Step, TreeSet<String>> blocking = new EnumMap<>(Step.class);
        for (Finding finding : findings) {
            if (finding.isSuppressed()) {
                continue;
            }
            catalog.find(finding.code).ifPresent(rule -> rule.blocks()
                    .forEach(step -> blocking.computeIfAbsent(step, s -> new TreeSet<>()).add(finding.code)));
        }
        Map<Step, List<String>> result = new EnumMap<>(Step.class);
        blocking.forEach((step, codes) -> result.put(step, List.copyOf(codes)));
        return result;
    }
}
