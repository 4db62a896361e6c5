package io.kumaops.operator.admission;

/**
 * One reason Kuma would refuse an object: the field as Kuma names it and Kuma's own message.
 *
 * @param kumaSource the file in Kuma's source (at the release tags) whose rule this is, for the finding and the docs
 */
public record Violation(String field, String message, String kumaSource) {

    public Violation(String field, String message) {
        this(field, message, null);
    }

    @Override
    public String toString() {
        return (field.isEmpty() ? "" : field + ": ") + message;
    }
}
