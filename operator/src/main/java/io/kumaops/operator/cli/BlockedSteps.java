package io.kumaops.operator.cli;

import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.plan.Step;
import java.util.Map;

/** TEMPORARY until the finding engine lands: no step is blocked. */
final class BlockedSteps {
    private BlockedSteps() {
    }

    static Map<Step, String> of(KumaProductionProfile profile) {
        return Map.of();
    }
}
