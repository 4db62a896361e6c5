package io.kumaops.operator.admission;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "Would Kuma admit this object?" — Kuma's validating admission modelled as pure code, for a target distribution
 * and minor. The operator asks it before every write, {@code lint} asks it for users' files and for rendered
 * profiles, and the control-plane stand-in of the test tier serves it as a real validating webhook.
 *
 * <p>A request is judged in Kuma's order. First {@link ResourceAdmissionRules}, the namespace, label and user rules
 * Kuma's webhooks apply to every policy kind, MeshIdentity, MeshTrust and Zone whatever the kind's own validator says;
 * then, if they let it through, the kind's {@link KindValidator}. Kuma stops at the first refusal, so a refusal by the
 * rules is the whole verdict. The verdict is {@link AdmissionVerdict#modelled() modelled} when the kind has a
 * validator, or when the rules alone settle it: they refused it, or it is a delete of a namespaced kind (Kuma checks
 * nothing else on delete, so the kind's validator is not asked). A create or update of a kind with no validator that the
 * rules let through stays unmodelled: its spec rules are unknown.
 *
 * <p>What is modelled, for which versions, and its limits: {@code docs/kuma-admission.md}.
 */
public final class KumaAdmission {

    private final Map<String, KindValidator> validators = new LinkedHashMap<>();

    public KumaAdmission(List<KindValidator> kindValidators) {
        for (KindValidator validator : kindValidators) {
            if (validators.putIfAbsent(validator.kind(), validator) != null) {
                throw new IllegalArgumentException("two validators for " + validator.kind());
            }
        }
    }

    /** Every kind whose rules are modelled. */
    public static KumaAdmission standard() {
        return new KumaAdmission(KumaValidators.all());
    }

    public boolean models(String kind) {
        return validators.containsKey(kind);
    }

    public List<String> modelledKinds() {
        return List.copyOf(validators.keySet());
    }

    public AdmissionVerdict review(AdmissionRequest request) {
        KindValidator kindValidator = validators.get(request.kind());
        if (request.isDelete() && kindValidator != null) {
            // Kuma webhooks/validation.go decodes the stored object before anything else, also for a delete: a stored
            // spec that does not decode is refused before the namespace and origin rules are asked.
            ValidationErrors decodeErrors = new ValidationErrors();
            kindValidator.validate(request, decodeErrors, new ArrayList<>());
            if (decodeErrors.hasViolations()) {
                return new AdmissionVerdict(request.kind(), decodeErrors.violations(), List.of(), true);
            }
        }
        var rules = ResourceAdmissionRules.judge(request);
        if (rules.isPresent() && rules.get().settled()) {
            return new AdmissionVerdict(request.kind(), rules.get().violations(), List.of(), true);
        }
        KindValidator validator = validators.get(request.kind());
        if (validator == null) {
            return AdmissionVerdict.notModelled(request.kind());
        }
        ValidationErrors errors = new ValidationErrors();
        List<AdmissionWarning> warnings = new ArrayList<>();
        validator.validate(request, errors, warnings);
        return new AdmissionVerdict(request.kind(), errors.violations(), warnings, true);
    }
}
