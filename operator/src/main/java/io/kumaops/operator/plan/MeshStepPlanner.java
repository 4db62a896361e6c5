package io.kumaops.operator.plan;

import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.model.Step;
import java.util.List;

import static io.kumaops.operator.plan.Bodies.*;
import static io.kumaops.operator.plan.Planner.*;

/** Step 1: the Mesh, as it already is (never switching mTLS off), with Kuma's own defaults skipped where ours replace them. */
final class MeshStepPlanner implements StepPlanner {

    @Override
    public Step step() {
        return Step.MESH;
    }

    @Override
    public PlannedStep plan(PlanContext c) {
        if (c.spec.controlPlane.role == ControlPlaneRole.Zone) {
            return empty(Step.MESH, "on a federated zone the Mesh is synced from the global control plane");
        }
        return new PlannedStep(Step.MESH, List.of(c.meshResource(Step.MESH, c.observedMtls())), List.of(), List.of());
    }
}
