package io.kumaops.operator.report;

import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.plan.Plan;
import io.kumaops.operator.plan.PlannedStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A profile's rollout plan as a report shows it: each step in apply order with what it applies and deletes, and where
 * the rollout stops. A step is blocked by the unsuppressed findings that block it (the rules' and the planner's own,
 * as the operator's executor sees them); the steps after a blocked one are not reached.
 *
 * @param meshName the mesh the plan is for
 */
public record RolloutTimeline(String meshName, List<Entry> steps) {

    /** What happens to a step in this rollout. */
    public enum State {
        /** The step writes what it lists. */
        APPLIES("applies"),
        /** The step has nothing to write (its notes say why). */
        NOTHING("nothing to do"),
        /** A finding makes the step unsafe: nothing of it is written. */
        BLOCKED("blocked"),
        /** An earlier step is blocked, so this one is never reached. */
        NOT_REACHED("not reached");

        private final String label;

        State(String label) {
            this.label = label;
        }

        /** The state in words, as the report prints it. */
        public String label() {
            return label;
        }
    }

    /**
     * One step.
     *
     * @param blockedBy the codes that block it (empty unless {@link State#BLOCKED})
     * @param applies   the objects it applies, as {@code Kind namespace/name (apiVersion)}
     * @param deletes   the objects it deletes once its applies are observed, same form
     * @param holds     what the step waits for, or where a multi-phase change stops it (none offline)
     */
    public record Entry(String id, String title, State state, List<String> blockedBy, List<String> applies,
                        List<String> deletes, List<String> notes, List<String> holds) {
        public Entry {
            blockedBy = List.copyOf(blockedBy);
            applies = List.copyOf(applies);
            deletes = List.copyOf(deletes);
            notes = List.copyOf(notes);
            holds = List.copyOf(holds);
        }
    }

    public RolloutTimeline {
        steps = List.copyOf(steps);
    }

    /** @param blockingCodes the steps the rule findings block, with their codes (a {@code FindingResult}'s) */
    public static RolloutTimeline of(Plan plan, Map<Step, List<String>> blockingCodes) {
        List<Entry> entries = new ArrayList<>();
        boolean stopped = false;
        for (PlannedStep step : plan.steps()) {
            TreeSet<String> blocking = new TreeSet<>(blockingCodes.getOrDefault(step.step(), List.of()));
            blocking.addAll(step.blockedBy());
            State state;
            if (stopped) {
                state = State.NOT_REACHED;
            } else if (!blocking.isEmpty()) {
                state = State.BLOCKED;
                stopped = true;
            } else {
                state = step.isEmpty() ? State.NOTHING : State.APPLIES;
            }
            List<String> holds = new ArrayList<>();
            if (step.waitBefore() != null) {
                holds.add(step.waitBefore().message());
            }
            if (step.hold() != null) {
                holds.add(step.hold().message());
            }
            entries.add(new Entry(step.step().id(), step.step().title(), state,
                    state == State.BLOCKED ? List.copyOf(blocking) : List.of(),
                    step.apply().stream().map(DesiredResource::ref).map(RolloutTimeline::describe).toList(),
                    step.delete().stream().map(RolloutTimeline::describe).toList(), step.notes(), holds));
        }
        return new RolloutTimeline(plan.meshName(), entries);
    }

    private static String describe(ResourceRef ref) {
        return ref + " (" + ref.apiVersion() + ")";
    }
}
