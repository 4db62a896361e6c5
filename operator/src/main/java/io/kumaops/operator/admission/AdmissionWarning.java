package io.kumaops.operator.admission;

/**
 * A warning Kuma returns with an admitted object: a deprecated shape, what replaces it and when it goes.
 *
 * @param replacement what to write instead, or null when Kuma names none
 * @param removedIn   the Kuma version that removes the shape, or null when not announced
 * @param kumaSource  the Kuma source file that emits the warning
 */
public record AdmissionWarning(String field, String message, String replacement, String removedIn, String kumaSource) {

    @Override
    public String toString() {
        return (field == null || field.isEmpty() ? "" : field + ": ") + message;
    }
}
