package io.kumaops.operator.cli;

import io.kumaops.operator.kube.KubeAccess;
import io.kumaops.operator.model.ConditionReason;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.plan.Plan;
import io.kumaops.operator.plan.PlannedStep;
import io.kumaops.operator.reconcile.RolloutExecutor;
import io.kumaops.operator.rules.FindingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the operator would write next for a plan made from the live cluster: the executor's walk, read-only. Each step
 * in order, from the same plan a pass would make; objects already as desired are left out; the walk stops where the
 * operator's pass would (a blocking finding, a gate waiting for evidence, a phase of a multi-phase change, a patched
 * control plane rolling out).
 */
final class NextWrites {

    /** One step's outlook; {@code stop} is why the walk ends at this step, null when it goes on. */
    record StepOutlook(PlannedStep step, List<DesiredResource> apply, List<ResourceRef> delete, String stop) {
    }

    private NextWrites() {
    }

    /** @param controlPlaneGated the profile's gates are Kuma's (a patched control plane is waited for) */
    static List<StepOutlook> walk(Plan plan, FindingResult findings, KubeAccess kube, boolean controlPlaneGated) {
        List<StepOutlook> outlook = new ArrayList<>();
        for (PlannedStep step : plan.steps()) {
            List<String> blocking = new ArrayList<>(findings.blockingCodes().getOrDefault(step.step(), List.of()));
            step.blockedBy().stream().filter(code -> !blocking.contains(code)).forEach(blocking::add);
            if (!blocking.isEmpty()) {
                outlook.add(new StepOutlook(step, List.of(), List.of(), "blocked by " + String.join(", ", blocking)));
                return outlook;
            }
            if (step.waitBefore() != null) {
                outlook.add(new StepOutlook(step, List.of(), List.of(), "waits (" + step.waitBefore().reason() + "): "
                        + step.waitBefore().message()));
                return outlook;
            }
            List<DesiredResource> apply = new ArrayList<>();
            for (DesiredResource desired : step.apply()) {
                Optional<Map<String, Object>> live = kube.get(desired.ref());
                if (live.isEmpty() || !RolloutExecutor.inPlace(desired, live.get())) {
                    apply.add(desired);
                }
            }
            List<ResourceRef> delete = step.delete().stream().filter(ref -> kube.get(ref).isPresent()).toList();
            String stop = null;
            if (step.hold() != null) {
                stop = "then holds (" + step.hold().reason() + "): " + step.hold().message();
            } else if (step.step() == Step.CONTROL_PLANE && !apply.isEmpty() && controlPlaneGated) {
                stop = "then waits for the patched control-plane Deployment to roll out (" + ConditionReason.WaitingForControlPlaneRollout + ")";
            }
            outlook.add(new StepOutlook(step, apply, delete, stop));
            if (stop != null) {
                return outlook;
            }
        }
        return outlook;
    }
}
