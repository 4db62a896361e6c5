package io.kumaops.operator.plan;

import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.kumaops.operator.plan.Bodies.*;
import static io.kumaops.operator.plan.Planner.*;

/** Step 2: the allow-all MeshTrafficPermission that keeps traffic flowing while mTLS comes on. */
final class TrafficPermissionStepPlanner implements StepPlanner {

    @Override
    public Step step() {
        return Step.TRAFFIC_PERMISSION;
    }

    @Override
    public PlannedStep plan(PlanContext c) {
        if (c.restrictedRulesInPlace()) {
            return empty(Step.TRAFFIC_PERMISSION, "restricted MeshTrafficPermissions are in place; the allow-all is not needed");
        }
        return new PlannedStep(Step.TRAFFIC_PERMISSION, List.of(allowAll(c, Step.TRAFFIC_PERMISSION)), List.of(), List.of());
    }

    private static DesiredResource allowAll(PlanContext c, Step step) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("targetRef", map("kind", "Mesh"));
        spec.put("from", List.of(map("targetRef", map("kind", "Mesh"), "default", map("action", "Allow"))));
        return c.kumaPolicy(step, "MeshTrafficPermission", allowAllName(c.mesh), spec);
    }
}
