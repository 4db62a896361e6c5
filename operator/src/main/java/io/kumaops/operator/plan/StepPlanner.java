package io.kumaops.operator.plan;

import io.kumaops.operator.model.Step;

/** Plans one rollout step: what it applies and deletes, its notes and what blocks it. Pure. */
interface StepPlanner {

    Step step();

    PlannedStep plan(PlanContext context);
}
