package io.kumaops.operator.rules;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSummary;
import io.kumaops.operator.model.Step;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the engine found for one profile.
 *
 * @param findings      every finding, suppressed ones included, sorted by severity, code and path
 * @param summary       counts for the status (unsuppressed by severity, and suppressed)
 * @param blockingCodes for each blocked step, the codes of the unsuppressed findings that block it (sorted)
 */
public record FindingResult(List<Finding> findings, FindingSummary summary, Map<Step, List<String>> blockingCodes) {

    public FindingResult {
        findings = List.copyOf(findings);
        EnumMap<Step, List<String>> copy = new EnumMap<>(Step.class);
        blockingCodes.forEach((step, codes) -> copy.put(step, List.copyOf(codes)));
        blockingCodes = Collections.unmodifiableMap(copy);
    }

    /** The steps that must not run, in rollout order. */
    public Set<Step> blockedSteps() {
        return blockingCodes.keySet();
    }

    public boolean blocks(Step step) {
        return blockingCodes.containsKey(step);
    }

    /** The unsuppressed findings only. */
    public List<Finding> active() {
        return findings.stream().filter(finding -> !finding.isSuppressed()).toList();
    }
}
