package io.kumaops.operator.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every object name and label value the operator derives from a profile, in one place, so that they fit Kubernetes'
 * limits and two purposes never share a name.
 *
 * <p>Limits. Object names are DNS-1123 subdomains of at most {@value #MAX_NAME} characters (apimachinery
 * {@code pkg/util/validation/validation.go} IsDNS1123Subdomain; custom resources are held to it by apiextensions-apiserver
 * {@code pkg/registry/customresource/validator.go}, NameIsDNSSubdomain). Kuma 2.14.3's webhook sets no stricter limit
 * on the names of the kinds the operator writes ({@code pkg/plugins/runtime/k8s/webhooks/validation.go} checks the
 * mesh and origin labels and the spec, not the name; Kuma keeps its display name in an annotation because names may
 * be longer than a label, {@code pkg/plugins/resources/k8s/store.go} SplitLabelsAndAnnotations). Label values are at
 * most {@value #MAX_LABEL_VALUE} characters, alphanumeric at both ends (IsValidLabelValue). A name past its limit
 * keeps a readable prefix and ends with a hash of the whole name; a name that fits is left exactly as it is.
 *
 * <p>No shared names. A mesh-derived name is a fixed prefix, the mesh and a role suffix ({@code -inbound}, {@code -gateways}, and
 * {@code -canary} for a canary copy). A prefix and mesh that already end with a role suffix of that kind would read as
 * another mesh's name with the role ({@code x-inbound} against {@code x} + {@code -inbound}), or as a canary copy, so
 * the name is marked: the mesh is followed by a dot and a hash of it. Mesh and rule names are DNS labels and never hold a dot, so a marked
 * name cannot equal an unmarked one. The same goes for a rule's MeshTrafficPermission whose name would begin like an
 * allow-all ({@code allow} + {@code all-x} against {@code allow-all-} + {@code x}). Names that were already
 * unambiguous stay as they were, so objects written by earlier releases keep their names.
 */
public final class GeneratedNames {

    /** A DNS-1123 subdomain: what Kubernetes allows as the name of every kind the operator writes. */
    public static final int MAX_NAME = 253;
    /** A label value, and a DNS-1123 label (Kuma's zone names, pkg/config/multizone/multicluster.go ZoneConfig.Validate). */
    public static final int MAX_LABEL_VALUE = 63;
    /** Hex characters of the SHA-256 hash that shortened and marked names carry. */
    public static final int HASH_LENGTH = 8;

    public static final String INBOUND = "-inbound";
    public static final String GATEWAYS = "-gateways";
    public static final String CANARY = "-canary";
    static final String ALLOW_ALL_PREFIX = "allow-all-";
    static final String TIMEOUT_PREFIX = "kumaops-timeout-";
    static final String RETRY_PREFIX = "kumaops-retry-";
    static final String CIRCUIT_BREAKER_PREFIX = "kumaops-circuit-breaker-";
    static final String ZONE_POLICY_FENCE_PREFIX = "kumaops-zone-policy-fence-";
    static final String DISRUPTION_BUDGET_SUFFIX = "-pdb";
    /** The global control plane's NetworkPolicy: one per system namespace, whichever profile writes it. */
    public static final String GLOBAL_CONTROL_PLANE_FENCE = "kuma-global-control-plane-fence";

    /** The role suffixes a mesh-derived name of each default-policy kind can carry after the mesh. */
    private static final List<String> TIMEOUT_ROLES = List.of(INBOUND, GATEWAYS, CANARY);
    private static final List<String> CANARY_ONLY = List.of(CANARY);

    private static final Pattern LABEL_VALUE = Pattern.compile("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$");
    private static final Pattern NOT_LABEL_CHARACTER = Pattern.compile("[^-A-Za-z0-9_.]");

    private GeneratedNames() {
    }

    /** The MeshTrafficPermission that lets all traffic through while mTLS comes on. */
    public static String allowAll(String mesh) {
        return fit(ALLOW_ALL_PREFIX + mesh, "");
    }

    /** The MeshTrafficPermission of one restricted rule: {@code <mesh>-<rule>}, marked when it would read as an allow-all. */
    public static String permissionRule(String mesh, String rule) {
        String plain = mesh + "-" + rule;
        return fit(plain.startsWith(ALLOW_ALL_PREFIX) ? plain + "." + hash("MeshTrafficPermission", mesh, rule) : plain, "");
    }

    /** The mesh-wide outbound MeshTimeout (on Kuma 2.9, the one MeshTimeout with from and to). */
    public static String meshTimeout(String mesh) {
        return fit(meshDerived(TIMEOUT_PREFIX, mesh, TIMEOUT_ROLES), "");
    }

    /** The mesh-wide inbound MeshTimeout (Kuma 2.10+, rules[]). */
    public static String meshTimeoutInbound(String mesh) {
        return fit(meshDerived(TIMEOUT_PREFIX, mesh, TIMEOUT_ROLES), INBOUND);
    }

    /** The mesh-wide MeshTimeout of gateways ({@code proxyTypes: [Gateway]}). */
    public static String meshTimeoutGateways(String mesh) {
        return fit(meshDerived(TIMEOUT_PREFIX, mesh, TIMEOUT_ROLES), GATEWAYS);
    }

    public static String meshRetry(String mesh) {
        return fit(meshDerived(RETRY_PREFIX, mesh, CANARY_ONLY), "");
    }

    public static String meshCircuitBreaker(String mesh) {
        return fit(meshDerived(CIRCUIT_BREAKER_PREFIX, mesh, CANARY_ONLY), "");
    }

    /** The canary copy of a mesh-wide default policy; the suffix stays last even when the name is shortened. */
    public static String canaryCopy(String policy) {
        return fit(policy, CANARY);
    }

    /** Whether a default policy's name is a canary copy's: mesh-wide names never end with the suffix (see the class). */
    public static boolean isCanaryCopy(String policy) {
        return policy.endsWith(CANARY);
    }

    /** The PodDisruptionBudget of a Deployment the profile guards (the control plane, the zone ingress). */
    public static String disruptionBudget(String deployment) {
        return fit(deployment, DISRUPTION_BUDGET_SUFFIX);
    }

    /** The ValidatingAdmissionPolicy and its binding that fence a zone: profile names are unique in the cluster. */
    public static String zonePolicyFence(String profile) {
        return fit(ZONE_POLICY_FENCE_PREFIX + profile, "");
    }

    /**
     * The value of the {@link Labels#PROFILE} label for a profile: the name itself for every valid profile name (the
     * validator holds them to {@value #MAX_LABEL_VALUE} characters, since the watches map the label back to the profile).
     */
    public static String profileLabel(String profile) {
        return labelValue(profile);
    }

    /**
     * A label value: the value itself when it is one; otherwise its label characters, alphanumeric at both ends, cut to
     * leave room for a hash of the whole value. Not for values Kuma reads ({@code kuma.io/mesh}): those must be exact.
     */
    public static String labelValue(String value) {
        if (value.length() <= MAX_LABEL_VALUE && LABEL_VALUE.matcher(value).matches()) {
            return value;
        }
        String readable = NOT_LABEL_CHARACTER.matcher(value).replaceAll("-");
        readable = trimToAlphanumeric(readable.substring(0, Math.min(readable.length(), MAX_LABEL_VALUE - HASH_LENGTH - 1)));
        String hash = hash("label", value);
        return readable.isEmpty() ? hash : readable + "-" + hash;
    }

    /**
     * The prefix and the mesh, for a kind whose names can end with {@code roles}: marked with a dot and a hash of the
     * mesh when it already ends with one of them (mesh {@code x-inbound}, or mesh {@code canary} after the prefix's
     * dash), so that no other mesh's name with a role reads the same.
     */
    private static String meshDerived(String prefix, String mesh, List<String> roles) {
        String name = prefix + mesh;
        return roles.stream().anyMatch(name::endsWith) ? name + "." + hash("mesh", mesh) : name;
    }

    /**
     * {@code stem + suffix} when it fits in {@value #MAX_NAME} characters; otherwise the stem is cut, a hash of the whole
     * name follows it, and the suffix stays last, so the role of the name can still be read from its end.
     */
    static String fit(String stem, String suffix) {
        String name = stem + suffix;
        if (name.length() <= MAX_NAME) {
            return name;
        }
        String cut = trimToAlphanumeric(stem.substring(0, MAX_NAME - suffix.length() - HASH_LENGTH - 1));
        return cut + "-" + hash("name", name) + suffix;
    }

    /** Drops characters from both ends until each end is a letter or digit, as names and label values must be. */
    private static String trimToAlphanumeric(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && !alphanumeric(value.charAt(start))) {
            start++;
        }
        while (end > start && !alphanumeric(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(start, end);
    }

    private static boolean alphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }

    /**
     * The first {@value #HASH_LENGTH} hex characters of SHA-256 over the parts, each preceded by its length so that no
     * two tuples hash the same input. Pinned by tests: a change renames objects in every cluster.
     */
    static String hash(String... parts) {
        StringBuilder input = new StringBuilder();
        for (String part : parts) {
            input.append(part.length()).append(':').append(part).append(';');
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(input.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, HASH_LENGTH / 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
