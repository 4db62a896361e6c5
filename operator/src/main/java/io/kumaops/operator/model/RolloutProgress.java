package io.kumaops.operator.model;

import io.kumaops.operator.api.v1alpha1.ManagedResource;
import java.util.List;
import java.util.Map;

/**
 * Where the rollout of one profile stands after a pass.
 *
 * @param completed steps whose resources are observed as desired, in order
 * @param current   the step being worked on, or null when all are done (or nothing ran, as in Audit)
 * @param outcome   what stopped the pass
 * @param reason    the condition reason the pass ends with
 * @param message   a human explanation naming the step and objects
 * @param managed   objects observed for the completed steps
 * @param writes    applies and deletes sent in this pass
 * @param meshAfterPass the profile's Mesh as the pass last observed it (read or stored by an apply), or null when
 *                  the pass did not get to it: the status reports mTLS from this rather than from before the pass
 */
public record RolloutProgress(List<Step> completed, Step current, Outcome outcome, ConditionReason reason, String message,
                              List<ManagedResource> managed, int writes, Map<String, Object> meshAfterPass) {

    public RolloutProgress(List<Step> completed, Step current, Outcome outcome, ConditionReason reason, String message,
                           List<ManagedResource> managed, int writes) {
        this(completed, current, outcome, reason, message, managed, writes, null);
    }

    public RolloutProgress withMeshAfterPass(Map<String, Object> mesh) {
        return new RolloutProgress(completed, current, outcome, reason, message, managed, writes, mesh);
    }

    public enum Outcome {
        /** Every step is observed as desired. */
        Done,
        /** Writes were sent or are pending; the next pass observes them. */
        Waiting,
        /** An Error finding makes the current step unsafe. */
        Blocked,
        /** The API server refused a write (conflict, validation, permission). */
        Failed,
        /** Enforcement Audit: nothing was written. */
        Audit
    }
}
