package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.Step;
import java.util.List;
import java.util.Set;

/**
 * One production anti-pattern check. Pure: it reads the profile and, when present, the cluster observation,
 * and never does I/O. Each rule has one documentation entry in docs/findings.md.
 */
public interface Rule {

    /** Stable identifier, e.g. {@code InMemoryStore}. */
    String code();

    Severity severity();

    /**
     * The severity a finding of this rule takes in the worse case its doc names (e.g. where Kuma refuses what is
     * otherwise only a risk); for most rules the same as {@link #severity()}. A finding carries one of the two.
     */
    default Severity escalatedSeverity() {
        return severity();
    }

    /** One-line summary, why it matters, how to fix, and whether it needs the live cluster. */
    RuleDoc doc();

    /** The rollout steps an unsuppressed finding of this rule makes unsafe; empty when it blocks nothing. */
    default Set<Step> blocks() {
        return Set.of();
    }

    /** The findings for this profile (and observation); empty when the profile is fine. */
    List<Finding> evaluate(RuleContext context);
}
