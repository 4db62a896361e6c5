package io.kumaops.operator.plan;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.GatePassStatus;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.DocsLinks;
import io.kumaops.operator.model.Labels;
import io.kumaops.operator.model.Step;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Break-glass for one stuck gate: the annotation {@code kumaops.io/pass-gate: "<step>: <reason>"} lets the named step
 * pass the gate that holds it (Kuma's evidence, the control plane's rollout), once, on purpose. It never overrides a
 * blocking finding. The pass is a Warning finding (hence an Event), recorded in status.lastGatePass; the operator
 * removes the annotation once the step is in place.
 */
final class GatePass {

    static final String PASSED = "GatePassedByHand";
    static final String IGNORED = "GatePassAnnotationIgnored";
    private static final String PATH = "metadata.annotations[\"" + Labels.PASS_GATE + "\"]";

    private GatePass() {
    }

    /** @param planned the steps as planned; @param gated the same steps after the gates held some */
    static List<PlannedStep> apply(PlanContext c, List<PlannedStep> planned, List<PlannedStep> gated) {
        String annotation = annotation(c);
        if (annotation == null) {
            return gated;
        }
        int colon = annotation.indexOf(':');
        String stepId = colon < 0 ? annotation.trim() : annotation.substring(0, colon).trim();
        String reason = colon < 0 ? "" : annotation.substring(colon + 1).trim();
        Step step = Arrays.stream(Step.values()).filter(s -> s.id().equals(stepId)).findFirst().orElse(null);
        if (step == null || reason.isEmpty()) {
            c.findings.add(finding(IGNORED, Severity.Warning, "the annotation " + Labels.PASS_GATE + " is \"" + annotation + "\"; it must"
                    + " name a step and a reason, e.g. \"3-mtls: Kuma's insights are down for the upgrade, traffic checked by hand\"",
                    "write it as <step>: <reason> with a step of " + String.join(", ", Arrays.stream(Step.values()).map(Step::id).toList())
                            + ", or remove it"));
            return gated;
        }
        List<PlannedStep> passed = new ArrayList<>(gated);
        for (int i = 0; i < gated.size(); i++) {
            PlannedStep held = gated.get(i);
            if (held.step() != step || held == planned.get(i) || !held.blockedBy().isEmpty()) {
                continue;
            }
            PlannedStep.Hold hold = held.waitBefore() != null ? held.waitBefore() : held.hold();
            passed.set(i, planned.get(i));
            record(c, step, reason, hold == null ? "its gate" : hold.message());
        }
        return passed;
    }

    /**
     * The reason given when the annotation names {@code step}, else null: for a step whose planner judges its own waits
     * (the CA rotation) and asks here whether they are passed by hand. A malformed annotation is reported by {@link #apply}.
     */
    static String reasonFor(PlanContext c, Step step) {
        String annotation = annotation(c);
        int colon = annotation == null ? -1 : annotation.indexOf(':');
        if (colon < 0 || !annotation.substring(0, colon).trim().equals(step.id())) {
            return null;
        }
        String reason = annotation.substring(colon + 1).trim();
        return reason.isEmpty() ? null : reason;
    }

    /** Records that {@code step} passed what it waited for by hand: the Warning finding and status.lastGatePass, once a pass. */
    static void record(PlanContext c, Step step, String reason, String waitedFor) {
        if (c.gatePassed != null && step.id().equals(c.gatePassed.step)) {
            return;
        }
        // The same pass asked again (the step is not in place yet) keeps its first time, so the status stays still.
        GatePassStatus previous = c.profile.getStatus() == null ? null : c.profile.getStatus().lastGatePass;
        String at = previous != null && step.id().equals(previous.step) && reason.equals(previous.reason) && previous.at != null
                ? previous.at : java.time.format.DateTimeFormatter.ISO_INSTANT.format(c.signals.now());
        c.gatePassed = new GatePassStatus(step.id(), reason, waitedFor, at);
        c.findings.add(finding(PASSED, Severity.Warning, "step " + step.id() + " passed its gate by hand (" + reason
                + "); the gate was waiting for: " + waitedFor, "nothing; the operator removes the annotation once step "
                + step.id() + " is in place"));
    }

    private static String annotation(PlanContext c) {
        Map<String, String> annotations = c.profile.getMetadata() == null ? null : c.profile.getMetadata().getAnnotations();
        String value = annotations == null ? null : annotations.get(Labels.PASS_GATE);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Finding finding(String code, Severity severity, String message, String fix) {
        Finding finding = new Finding(code, severity, PATH, message, fix);
        finding.source = FindingSource.Profile;
        finding.docsUrl = DocsLinks.finding(code);
        finding.suppressed = false;
        return finding;
    }
}
