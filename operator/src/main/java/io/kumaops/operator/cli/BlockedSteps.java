package io.kumaops.operator.cli;

import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.rules.FindingEngine;
import io.kumaops.operator.rules.RuleContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** The steps an offline render must stop at: the same Error findings that would block the operator. */
final class BlockedSteps {
    private BlockedSteps() {
    }

    static Map<Step, String> of(FindingEngine engine, KumaProductionProfile profile) {
        Map<Step, String> reasons = new LinkedHashMap<>();
        engine.evaluate(RuleContext.offline(profile)).blockingCodes()
                .forEach((step, codes) -> reasons.put(step, String.join(", ", codes)));
        return reasons;
    }
}
