package io.kumaops.operator.plan;

import java.time.Instant;
import java.util.List;

/**
 * Inputs of the planner that are neither the profile nor the cluster: the time (multi-phase changes wait for
 * certificates to expire and canaries to bake) and the Error findings open in this pass (a canary is promoted only
 * while none is open). The profile's previous status, which records the phases, is on the profile itself.
 *
 * @param now           the reconciler's clock
 * @param errorFindings codes of unsuppressed Error findings from the rules
 * @param propagationWithoutDeployment the wait for Kuma's configuration refresh when the control-plane Deployment is not
 *                      observed; null for Kuma's defaults ({@link io.kumaops.operator.model.KumaConfigPropagation})
 */
public record RolloutSignals(Instant now, List<String> errorFindings, java.time.Duration propagationWithoutDeployment) {

    public RolloutSignals {
        errorFindings = errorFindings == null ? List.of() : List.copyOf(errorFindings);
    }

    public RolloutSignals(Instant now, List<String> errorFindings) {
        this(now, errorFindings, null);
    }

    /** For render and lint: no clock (a fixed instant keeps output stable) and no findings. */
    public static RolloutSignals offline() {
        return new RolloutSignals(Instant.EPOCH, List.of());
    }
}
