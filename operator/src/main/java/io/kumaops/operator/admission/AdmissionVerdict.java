package io.kumaops.operator.admission;

import java.util.List;

/**
 * Kuma's answer for one object: admitted or not, why not (field and Kuma's message), and the warnings it returns
 * with an admitted object.
 *
 * @param modelled false when no rules of Kuma's are modelled for the kind: the verdict then says nothing either way
 */
public record AdmissionVerdict(String kind, List<Violation> violations, List<AdmissionWarning> warnings, boolean modelled) {

    public AdmissionVerdict {
        violations = List.copyOf(violations);
        warnings = List.copyOf(warnings);
    }

    public static AdmissionVerdict notModelled(String kind) {
        return new AdmissionVerdict(kind, List.of(), List.of(), false);
    }

    public boolean allowed() {
        return violations.isEmpty();
    }

    /** Kuma's own one-line form: {@code field: message; field: message}. */
    public String message() {
        StringBuilder out = new StringBuilder();
        for (Violation violation : violations) {
            if (!out.isEmpty()) {
                out.append("; ");
            }
            out.append(violation);
        }
        return out.toString();
    }
}
