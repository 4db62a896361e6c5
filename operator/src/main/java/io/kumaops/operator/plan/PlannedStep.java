package io.kumaops.operator.plan;

import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.model.Step;
import java.util.List;

/**
 * What one step does: objects to apply (server-side apply), then objects to delete once the applies are observed.
 *
 * @param notes     human-readable remarks, e.g. why the step has nothing to do
 * @param blockedBy codes of findings the planner raised that make this step unsafe (it must not write at all)
 * @param waitBefore non-null when the step may not write yet: the evidence it waits for (Kuma's reports) is missing
 * @param hold      non-null when the step applies one phase of a multi-phase change: once the step is observed the
 *                  pass ends, and the next pass plans the next phase from what it then observes
 */
public record PlannedStep(Step step, List<DesiredResource> apply, List<ResourceRef> delete, List<String> notes,
                          List<String> blockedBy, Hold hold, Hold waitBefore) {

    public PlannedStep(Step step, List<DesiredResource> apply, List<ResourceRef> delete, List<String> notes) {
        this(step, apply, delete, notes, List.of(), null, null);
    }

    public PlannedStep(Step step, List<DesiredResource> apply, List<ResourceRef> delete, List<String> notes,
                       List<String> blockedBy, Hold hold) {
        this(step, apply, delete, notes, blockedBy, hold, null);
    }

    /** The same step, not to write anything until the evidence {@code wait} names is there. */
    public PlannedStep waitingFor(Hold wait) {
        return new PlannedStep(step, apply, delete, notes, blockedBy, hold, wait);
    }

    public PlannedStep {
        blockedBy = blockedBy == null ? List.of() : List.copyOf(blockedBy);
    }

    public boolean isEmpty() {
        return apply.isEmpty() && delete.isEmpty();
    }

    /** @param reason a condition reason (CamelCase), e.g. MtlsRotationSwitching; @param message what the next pass does */
    public record Hold(io.kumaops.operator.model.ConditionReason reason, String message) {
    }
}
