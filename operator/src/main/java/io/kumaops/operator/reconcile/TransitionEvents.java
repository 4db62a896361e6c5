package io.kumaops.operator.reconcile;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileStatus;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.status.StatusAggregator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Events on transitions only: a new phase, a step newly in place, a finding code newly open. */
final class TransitionEvents {

    private final EventRecorder events;

    TransitionEvents(EventRecorder events) {
        this.events = events;
    }

    void announce(KumaProductionProfile profile, KumaProductionProfileStatus before, KumaProductionProfileStatus after) {
        Phase oldPhase = before == null ? null : before.phase;
        Set<String> oldSteps = before == null ? Set.of() : new HashSet<>(before.completedSteps);
        List<String> newSteps = after.completedSteps.stream().filter(step -> !oldSteps.contains(step)).toList();
        // One event per pass: a fresh profile completes every step within milliseconds, and seven events saying so
        // would only crowd `kubectl describe`; steps that complete pass by pass still get one event each.
        if (newSteps.size() == 1) {
            events.normal(profile, "StepCompleted", "step " + newSteps.get(0) + " is in place");
        } else if (!newSteps.isEmpty()) {
            events.normal(profile, "StepCompleted", "steps " + String.join(", ", newSteps) + " are in place");
        }
        Set<String> oldCodes = before == null ? Set.of() : openCodes(before);
        for (Finding finding : after.findings) {
            if (!finding.isSuppressed() && !oldCodes.contains(finding.code)) {
                events.warning(profile, "Finding" + finding.code, finding.severity + " " + finding.path + ": " + finding.message);
            }
        }
        if (!Objects.equals(oldPhase, after.phase)) {
            String message = after.conditions.stream().filter(c -> c.getType().equals(StatusAggregator.READY)).findFirst()
                    .map(c -> c.getReason() + ": " + c.getMessage()).orElse("");
            if (after.phase == Phase.Degraded || after.phase == Phase.Blocked) {
                events.warning(profile, "Phase" + after.phase, message);
            } else {
                events.normal(profile, "Phase" + after.phase, message);
            }
        }
    }

    private static Set<String> openCodes(KumaProductionProfileStatus status) {
        Set<String> codes = new HashSet<>();
        status.findings.stream().filter(f -> !f.isSuppressed()).forEach(f -> codes.add(f.code));
        return codes;
    }
}
