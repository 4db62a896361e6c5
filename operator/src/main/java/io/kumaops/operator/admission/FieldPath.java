package io.kumaops.operator.admission;

import java.util.ArrayList;
import java.util.List;

/**
 * A field path spelled the way Kuma's validators spell it ({@code spec.to[0].targetRef.kind},
 * {@code tags["app"]}), so violations compare one to one with Kuma's (Kuma {@code pkg/core/validators/types.go},
 * {@code PathBuilder}). Immutable: every step returns a new path.
 */
public final class FieldPath {

    private static final FieldPath ROOT = new FieldPath(List.of());

    private final List<String> elements;

    private FieldPath(List<String> elements) {
        this.elements = elements;
    }

    public static FieldPath root() {
        return ROOT;
    }

    public static FieldPath rootedAt(String name) {
        return new FieldPath(List.of(name));
    }

    public FieldPath field(String name) {
        return append(elements.isEmpty() ? name : "." + name);
    }

    public FieldPath index(int index) {
        return append("[" + index + "]");
    }

    /** A map key, quoted as Go's {@code %q} quotes it. */
    public FieldPath key(String key) {
        return append("[" + GoQuote.quote(key) + "]");
    }

    /** This path followed by {@code other}, as Kuma joins a nested error's fields under a prefix. */
    public FieldPath concat(FieldPath other) {
        if (other.elements.isEmpty()) {
            return this;
        }
        if (elements.isEmpty()) {
            return other;
        }
        List<String> joined = new ArrayList<>(elements);
        String first = other.elements.get(0);
        joined.add(first.startsWith("[") ? first : "." + first);
        joined.addAll(other.elements.subList(1, other.elements.size()));
        return new FieldPath(List.copyOf(joined));
    }

    public boolean isRoot() {
        return elements.isEmpty();
    }

    private FieldPath append(String element) {
        List<String> longer = new ArrayList<>(elements);
        longer.add(element);
        return new FieldPath(List.copyOf(longer));
    }

    @Override
    public String toString() {
        return String.join("", elements);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FieldPath path && path.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
