package io.kumaops.operator.plan;

import java.util.List;

/**
 * What one step does: objects to apply (server-side apply), then objects to delete once the applies are observed.
 *
 * @param notes human-readable remarks, e.g. why the step has nothing to do
 */
public record PlannedStep(Step step, List<DesiredResource> apply, List<ResourceRef> delete, List<String> notes) {

    public boolean isEmpty() {
        return apply.isEmpty() && delete.isEmpty();
    }
}
