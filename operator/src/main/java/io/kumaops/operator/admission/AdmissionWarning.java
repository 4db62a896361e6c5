package io.kumaops.operator.admission;

/**
 * A warning Kuma returns with an admitted object: a deprecated shape, what replaces it and when it goes. Also what
 * Kuma admits without a word but fails on later (a ContainerPatch value that is not JSON), or refuses on grounds the
 * model cannot see (a Zone still online); {@code kumaSource} then names where that happens.
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
