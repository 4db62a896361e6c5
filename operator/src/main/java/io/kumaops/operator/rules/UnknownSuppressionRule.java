package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.api.v1alpha1.Suppression;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A suppression that names no rule is a typo or a renamed code: the finding it was meant to accept still fires,
 * or the suppression lingers after the rule is gone.
 */
public final class UnknownSuppressionRule extends AbstractRule {

    public static final String CODE = "UnknownSuppression";

    private final Set<String> knownCodes;

    /** @param knownCodes every code of the catalog, this one included */
    public UnknownSuppressionRule(Set<String> knownCodes) {
        super(CODE, Severity.Warning);
        this.knownCodes = Set.copyOf(knownCodes);
    }

    @Override
    public RuleDoc doc() {
        return new RuleDoc(
                "A suppression names a finding code that does not exist.",
                "Codes are case-sensitive. A misspelt code suppresses nothing, so the finding it was meant to accept keeps"
                        + " firing (and may block a step); a code of a removed rule is dead configuration.",
                "Correct the code in spec.suppress[].code or in the kumaops.io/suppress annotation (see the list of codes"
                        + " in this document), or remove the entry.",
                RuleDoc.Evidence.Profile,
                "This catalog.");
    }

    @Override
    public List<Finding> evaluate(RuleContext context) {
        List<Finding> findings = new ArrayList<>();
        List<Suppression> suppressions = EffectiveFacts.spec(context).suppress;
        if (suppressions != null) {
            for (int i = 0; i < suppressions.size(); i++) {
                Suppression suppression = suppressions.get(i);
                String code = suppression == null ? null : suppression.code;
                if (code != null && !knownCodes.contains(code)) {
                    findings.add(unknown("spec.suppress[" + i + "].code", code));
                }
            }
        }
        for (String code : SuppressionAnnotation.codes(context.profile())) {
            if (!knownCodes.contains(code)) {
                findings.add(unknown("metadata.annotations[" + SuppressionAnnotation.KEY + "]", code));
            }
        }
        return findings;
    }

    private Finding unknown(String path, String code) {
        return Findings.fromProfile(this, path,
                path + " names \"" + code + "\", which is not a finding code" + closestHint(code),
                "correct the code or remove it; the codes are listed in docs/findings.md");
    }

    /** Suggests a known code differing only in case, the commonest mistake. */
    private String closestHint(String code) {
        return knownCodes.stream().filter(known -> known.equalsIgnoreCase(code)).findFirst()
                .map(known -> " (did you mean " + known + "?)").orElse("");
    }
}
