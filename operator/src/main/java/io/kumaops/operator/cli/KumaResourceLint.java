package io.kumaops.operator.cli;

import io.kumaops.operator.admission.AdmissionRequest;
import io.kumaops.operator.admission.AdmissionTarget;
import io.kumaops.operator.admission.AdmissionVerdict;
import io.kumaops.operator.admission.AdmissionWarning;
import io.kumaops.operator.admission.KumaAdmission;
import io.kumaops.operator.admission.Violation;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.load.LoadedKumaResource;
import io.kumaops.operator.plan.Planner;
import io.kumaops.operator.report.ProfileFindings;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code lint} of Kuma's own resources, as {@code istioctl analyze} reads Istio's: each kuma.io object in the files
 * is put to Kuma's admission as modelled ({@link KumaAdmission}); a refusal is {@code KumaWouldRefuse} (Error), a
 * deprecation Kuma warns about is {@code KumaDeprecated} (Warning, with the replacement and the version that removes it).
 */
final class KumaResourceLint {

    static final String DEPRECATED = io.kumaops.operator.report.RuleHelp.KUMA_DEPRECATED;

    private final KumaAdmission admission;
    private final AdmissionTarget target;

    KumaResourceLint(KumaAdmission admission, AdmissionTarget target) {
        this.admission = admission;
        this.target = target;
    }

    ProfileFindings judge(LoadedKumaResource resource) {
        AdmissionVerdict verdict = admission.review(AdmissionRequest.create(target, resource.object()));
        String what = resource.kind() + " " + resource.name();
        List<Finding> findings = new ArrayList<>();
        for (Violation violation : verdict.violations()) {
            findings.add(finding(Planner.KUMA_WOULD_REFUSE, Severity.Error, violation.field(),
                    target + " would refuse " + what + ": " + violation
                            + (violation.kumaSource() == null ? "" : " (Kuma " + violation.kumaSource() + ")"),
                    "change " + (violation.field().isEmpty() ? "the object" : violation.field()) + " as Kuma's message says"));
        }
        for (AdmissionWarning warning : verdict.warnings()) {
            findings.add(finding(DEPRECATED, Severity.Warning, warning.field() == null ? "" : warning.field(),
                    target + " warns on " + what + ": " + warning.message()
                            + (warning.removedIn() == null ? "" : " (removed in Kuma " + warning.removedIn() + ")"),
                    warning.replacement() == null ? "follow Kuma's warning" : "use " + warning.replacement() + " instead"));
        }
        return new ProfileFindings(resource.name(), resource.source(), resource.line(), findings, resource.kind());
    }

    /** The planner's KumaWouldRefuse findings in a profile's plan: what the operator would refuse to write. */
    static List<Finding> refusals(io.kumaops.operator.plan.Plan plan) {
        return plan.findings().stream().filter(f -> Planner.KUMA_WOULD_REFUSE.equals(f.code)).toList();
    }

    private static Finding finding(String code, Severity severity, String path, String message, String remediation) {
        Finding finding = new Finding(code, severity, path, message, remediation);
        finding.source = FindingSource.Profile;
        finding.docsUrl = io.kumaops.operator.model.DocsLinks.page("kuma-admission.md");
        finding.suppressed = false;
        return finding;
    }
}
