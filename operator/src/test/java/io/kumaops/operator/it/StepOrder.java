package io.kumaops.operator.it;

import io.kumaops.operator.model.Step;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The safe order of a rollout judged from a {@link WriteLog}, however many operators wrote it: the steps' writes come
 * in step order (no write of a step once a later step has written), and an object the rollout deleted (the allow-all,
 * in {@code 6-restrict}) is never created again.
 *
 * <p>A write belongs to the step its {@code kumaops.io/step} annotation names when that annotation is new on the object
 * (its creation, or a later step taking the object over, as {@code 3-mtls} takes the Mesh); writes that leave the
 * annotation as it was (Kuma's own, e.g. its mark on the Mesh) belong to no step. A deletion belongs to
 * {@code 6-restrict}, the only step that deletes during a rollout.
 */
public final class StepOrder {

    /** One write that broke the order, and why. */
    public record Violation(WriteLog.Write write, String reason) {
        @Override
        public String toString() {
            return "revision " + write.revision() + " " + write.type() + " " + write.kind() + " " + write.name() + ": " + reason;
        }
    }

    /** A write the order is judged on: the step it belongs to. */
    public record StepWrite(WriteLog.Write write, Step step) {
    }

    private StepOrder() {
    }

    /** The writes that belong to a step, in revision order. */
    public static List<StepWrite> stepWrites(List<WriteLog.Write> ordered) {
        Map<String, String> lastStep = new HashMap<>();
        List<StepWrite> result = new ArrayList<>();
        for (WriteLog.Write write : ordered) {
            String key = write.kind() + "/" + write.name();
            if (write.type().equals("DELETED")) {
                lastStep.remove(key);
                result.add(new StepWrite(write, Step.RESTRICT));
                continue;
            }
            String step = write.step();
            if (step != null && !step.equals(lastStep.put(key, step))) {
                result.add(new StepWrite(write, Step.fromId(step)));
            }
        }
        return result;
    }

    public static List<Violation> violations(List<WriteLog.Write> ordered) {
        List<Violation> violations = new ArrayList<>();
        Step latest = null;
        Set<String> deleted = new HashSet<>();
        for (StepWrite stepWrite : stepWrites(ordered)) {
            WriteLog.Write write = stepWrite.write();
            String key = write.kind() + "/" + write.name();
            if (write.type().equals("DELETED")) {
                deleted.add(key);
            } else if (write.type().equals("ADDED") && deleted.contains(key)) {
                violations.add(new Violation(write, "created again after the rollout deleted it"));
            }
            if (latest != null && stepWrite.step().compareTo(latest) < 0) {
                violations.add(new Violation(write, "a write of step " + stepWrite.step().id() + " after step " + latest.id() + " had written"));
            } else {
                latest = stepWrite.step();
            }
        }
        return violations;
    }

    /** The latest step that has written by {@code revision} (inclusive), or null. */
    public static Step latestStepBy(List<WriteLog.Write> ordered, long revision) {
        Step latest = null;
        for (StepWrite stepWrite : stepWrites(ordered)) {
            if (stepWrite.write().revision() <= revision && (latest == null || stepWrite.step().compareTo(latest) > 0)) {
                latest = stepWrite.step();
            }
        }
        return latest;
    }
}
