package io.kumaops.operator.plan;

import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.api.v1alpha1.Finding;
import java.util.List;
import java.util.Optional;

/**
 * The ordered steps for one profile, plus findings the planner raised itself (e.g. a refused mTLS switch-off), and
 * where the multi-phase changes (CA rotation, policy canary) stand.
 */
public record Plan(String profileName, String meshName, List<PlannedStep> steps, List<Finding> findings, RolloutTracking tracking) {

    public Plan(String profileName, String meshName, List<PlannedStep> steps, List<Finding> findings) {
        this(profileName, meshName, steps, findings, RolloutTracking.none());
    }

    public List<DesiredResource> resources() {
        return steps.stream().flatMap(s -> s.apply().stream()).toList();
    }

    public Optional<PlannedStep> step(Step step) {
        return steps.stream().filter(s -> s.step() == step).findFirst();
    }
}
