package io.kumaops.operator.admission;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Collects violations the way Kuma's {@code validators.ValidationError} does: in order, nested errors joined under
 * their parent's path (Kuma {@code pkg/core/validators/types.go}). Mutable, one per validation.
 */
public final class ValidationErrors {

    private final List<Violation> violations = new ArrayList<>();

    public void addViolation(FieldPath path, String message) {
        violations.add(new Violation(path.toString(), message));
    }

    public void addViolation(String field, String message) {
        violations.add(new Violation(field, message));
    }

    /** Kuma's {@code AddErrorAt}: each nested violation's field is put under {@code path}. */
    public void addAll(FieldPath path, ValidationErrors nested) {
        for (Violation violation : nested.violations) {
            FieldPath field = violation.field().isEmpty() ? FieldPath.root() : FieldPath.rootedAt(violation.field());
            violations.add(new Violation(path.concat(field).toString(), violation.message(), violation.kumaSource()));
        }
    }

    /** Kuma's {@code Add}: nested violations kept as they are. */
    public void addAll(ValidationErrors nested) {
        addAll(FieldPath.root(), nested);
    }

    /** Kuma's {@code AddError(rootField, err)}. */
    public void addAll(String rootField, ValidationErrors nested) {
        addAll(rootField.isEmpty() ? FieldPath.root() : FieldPath.rootedAt(rootField), nested);
    }

    /** Tags every violation collected so far that names no source yet with the Kuma source file of the rule. */
    public ValidationErrors citing(String kumaSource) {
        violations.replaceAll(v -> v.kumaSource() == null ? new Violation(v.field(), v.message(), kumaSource) : v);
        return this;
    }

    public boolean hasViolations() {
        return !violations.isEmpty();
    }

    public List<Violation> violations() {
        return Collections.unmodifiableList(violations);
    }
}
