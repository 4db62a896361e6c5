package io.kumaops.operator.model;

/**
 * A Kuma minor version (2.9 … 2.14) and the resource shapes that depend on it.
 */
public record KumaVersion(int major, int minor) implements Comparable<KumaVersion> {

    /** The oldest and newest minors whose behaviour this operator models (admission rules, resource shapes). */
    public static final KumaVersion OLDEST_SUPPORTED = new KumaVersion(2, 9);
    public static final KumaVersion NEWEST_SUPPORTED = new KumaVersion(2, 14);

    public static KumaVersion parse(String text) {
        String[] parts = text.split("\\.");
        return new KumaVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }

    /** "2.14", "2.14.3" or " 2.9 " as a version; anything else (null, "latest", "2") gives {@code fallback}. */
    public static KumaVersion parseOr(String text, KumaVersion fallback) {
        String[] parts = text == null ? new String[0] : text.trim().split("\\.");
        try {
            return parts.length >= 2 ? new KumaVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1])) : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** Whether this minor is one whose behaviour is modelled (2.9 … 2.14). */
    public boolean supported() {
        return compareTo(OLDEST_SUPPORTED) >= 0 && compareTo(NEWEST_SUPPORTED) <= 0;
    }

    public boolean atLeast(int major, int minor) {
        return compareTo(new KumaVersion(major, minor)) >= 0;
    }

    /** Inbound policy configuration moved from {@code from[]} to {@code rules[]} in 2.10; {@code from[]} is deprecated since. */
    public boolean inboundRulesApi() {
        return atLeast(2, 10);
    }

    /** MeshIdentity / MeshTrust arrive in 2.12; Mesh.mtls is on its way out (removed in 3.0). */
    public boolean meshIdentityAvailable() {
        return atLeast(2, 12);
    }

    @Override
    public int compareTo(KumaVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
