package io.kumaops.operator.plan;

import io.kumaops.operator.api.v1alpha1.PermissionRule;
import io.kumaops.operator.api.v1alpha1.TargetRef;
import io.kumaops.operator.api.v1alpha1.TrafficPermissionMode;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.model.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.kumaops.operator.plan.Bodies.*;
import static io.kumaops.operator.plan.Planner.*;

/** Step 6: the restricted permissions, then the allow-all goes once they are observed. */
final class RestrictStepPlanner implements StepPlanner {

    @Override
    public Step step() {
        return Step.RESTRICT;
    }

    @Override
    public PlannedStep plan(PlanContext c) {
        if (c.spec.trafficPermissions.mode != TrafficPermissionMode.Restricted) {
            return empty(Step.RESTRICT, "trafficPermissions.mode is AllowAll");
        }
        List<DesiredResource> apply = new ArrayList<>();
        for (PermissionRule rule : c.spec.trafficPermissions.rules) {
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("targetRef", targetRef(rule.destination));
            spec.put("from", rule.sources.stream()
                    .map(source -> map("targetRef", targetRef(source), "default", map("action", rule.action.name())))
                    .toList());
            apply.add(c.kumaPolicy(Step.RESTRICT, "MeshTrafficPermission", ruleName(c.mesh, rule), spec));
        }
        if (!c.hasAllowRule()) {
            return new PlannedStep(Step.RESTRICT, apply, List.of(),
                    List.of("no Allow rule: the allow-all MeshTrafficPermission stays so traffic keeps flowing"));
        }
        ResourceRef allowAll = new ResourceRef(KUMA_API, "MeshTrafficPermission", c.systemNamespace, allowAllName(c.mesh));
        return new PlannedStep(Step.RESTRICT, apply, List.of(allowAll), List.of());
    }

    private static Map<String, Object> targetRef(TargetRef target) {
        Map<String, Object> ref = new LinkedHashMap<>();
        ref.put("kind", target.kind.name());
        if (target.name != null) {
            ref.put("name", target.name);
        }
        if (target.namespace != null) {
            ref.put("namespace", target.namespace);
        }
        if (target.tags != null && !target.tags.isEmpty()) {
            ref.put("tags", new LinkedHashMap<>(target.tags));
        }
        return ref;
    }
}
