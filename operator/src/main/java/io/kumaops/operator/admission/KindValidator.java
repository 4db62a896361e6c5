package io.kumaops.operator.admission;

import java.util.List;

/**
 * Kuma's admission rules for one kind. Implementations are pure (no I/O) and name, in a comment on each rule, the
 * Kuma source file (at the release tags) the rule comes from.
 */
public interface KindValidator {

    /** The Kuma kind this validator judges, e.g. {@code MeshTimeout}. */
    String kind();

    /**
     * Adds every violation Kuma would report for the request to {@code errors}, with Kuma's field paths, and every
     * warning Kuma would return to {@code warnings}.
     */
    void validate(AdmissionRequest request, ValidationErrors errors, List<AdmissionWarning> warnings);
}
