package io.kumaops.operator.model;

/**
 * A Kuma minor version (2.9 … 2.14) and the resource shapes that depend on it.
 */
public record KumaVersion(int major, int minor) implements Comparable<KumaVersion> {

    public static KumaVersion parse(String text) {
        String[] parts = text.split("\\.");
        return new KumaVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
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
