package io.kumaops.operator.plan;

import io.kumaops.operator.admission.AdmissionRequest;
import io.kumaops.operator.admission.AdmissionTarget;
import io.kumaops.operator.admission.AdmissionVerdict;
import io.kumaops.operator.admission.KumaAdmission;
import io.kumaops.operator.admission.Violation;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.KumaKinds;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts every Kuma object a step would write to Kuma's admission, as modelled in {@link KumaAdmission}, before
 * anything of the step is written: an object Kuma would refuse blocks its whole step with a {@code KumaWouldRefuse}
 * Error finding that names the object, the field and Kuma's message. The API server's schema cannot catch these:
 * only Kuma's webhook judges a Mesh's spec, policy semantics and labels.
 */
final class KumaAdmissionGate {

    static final String CODE = "KumaWouldRefuse";

    static final String DEPRECATED = "KumaDeprecated";

    private final KumaAdmission admission;

    KumaAdmissionGate(KumaAdmission admission) {
        this.admission = admission;
    }

    /** The Kuma that judges the pass's output: its distribution and minor (running when observed), system namespace, role. */
    static AdmissionTarget target(PlanContext context) {
        return new AdmissionTarget(context.distribution, context.version, context.spec.controlPlane.systemNamespace,
                context.spec.controlPlane.role);
    }

    /** The step as planned when Kuma would admit all of it; otherwise the same step, blocked, writing nothing. */
    PlannedStep judge(PlanContext context, PlannedStep step) {
        AdmissionTarget target = target(context);
        List<String> refusals = new ArrayList<>();
        for (DesiredResource resource : step.apply()) {
            if (!KumaKinds.KUMA_GROUP.equals(resource.ref().group())) {
                continue;
            }
            AdmissionVerdict verdict = admission.review(AdmissionRequest.apply(target, resource.body(), previous(context, resource)));
            for (io.kumaops.operator.admission.AdmissionWarning warning : verdict.warnings()) {
                // The operator's own output: the replacement often needs what the mesh does not use yet (MeshIdentity
                // for MeshTrafficPermission rules[]), so this is worth knowing, not a fault of the profile.
                Finding finding = new Finding(DEPRECATED, Severity.Info, resource.ref() + (warning.field() == null ? "" : " " + warning.field()),
                        target + " warns on " + resource.ref() + ": " + warning.message()
                                + (warning.removedIn() == null ? "" : " (removed in Kuma " + warning.removedIn() + ")"),
                        warning.replacement() == null ? "nothing to do now; follow Kuma's upgrade notes before upgrading"
                                : "nothing to do now; the replacement is " + warning.replacement());
                finding.source = FindingSource.Profile;
                finding.docsUrl = io.kumaops.operator.model.DocsLinks.finding(DEPRECATED);
                finding.suppressed = false;
                if (context.findings.stream().noneMatch(f -> f.code.equals(DEPRECATED) && f.message.equals(finding.message))) {
                    context.findings.add(finding);
                }
            }
            for (Violation violation : verdict.violations()) {
                Finding finding = new Finding(CODE, Severity.Error, resource.ref() + " " + violation.field(),
                        target + " would refuse " + resource.ref() + ": " + violation
                                + (violation.kumaSource() == null ? "" : " (Kuma " + violation.kumaSource() + ")"),
                        "change the profile so step " + step.step().id() + " emits what Kuma admits (see the field above), or"
                                + " check spec.kumaVersion and spec.distribution against the running control plane");
                finding.source = FindingSource.Profile;
                finding.docsUrl = io.kumaops.operator.model.DocsLinks.finding(CODE);
                finding.suppressed = false;
                context.findings.add(finding);
                refusals.add(finding.message);
            }
        }
        if (refusals.isEmpty()) {
            return step;
        }
        List<String> notes = new ArrayList<>(step.notes());
        notes.addAll(refusals);
        return new PlannedStep(step.step(), List.of(), List.of(), notes, List.of(CODE), null);
    }

    /** For the Mesh the live one is the previous object: Kuma judges a change of CA against it. */
    private static Map<String, Object> previous(PlanContext context, DesiredResource resource) {
        if (!"Mesh".equals(resource.ref().kind()) || context.state.meshSpec() == null) {
            return null;
        }
        Map<String, Object> previous = new LinkedHashMap<>(resource.body());
        previous.put("spec", context.state.meshSpec());
        return previous;
    }
}
