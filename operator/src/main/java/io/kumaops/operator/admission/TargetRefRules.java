package io.kumaops.operator.admission;

import io.kumaops.operator.model.KumaVersion;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The targetRef and match rules every new policy shares (Kuma {@code pkg/core/resources/apis/mesh/validators.go}:
 * {@code ValidateTargetRef}, {@code ValidateMatch}, the tag and name character sets), as each minor from 2.9 to 2.14
 * has them. Violations are relative to the targetRef or match; the caller puts them under its path.
 */
public final class TargetRefRules {

    public static final String MESH = "Mesh";
    public static final String MESH_SUBSET = "MeshSubset";
    public static final String MESH_SERVICE = "MeshService";
    public static final String MESH_SERVICE_SUBSET = "MeshServiceSubset";
    public static final String MESH_GATEWAY = "MeshGateway";
    public static final String MESH_HTTP_ROUTE = "MeshHTTPRoute";
    public static final String MESH_EXTERNAL_SERVICE = "MeshExternalService";
    public static final String MESH_MULTI_ZONE_SERVICE = "MeshMultiZoneService";
    public static final String DATAPLANE = "Dataplane";

    /** Go sorts strings by their UTF-8 bytes, which is code point order. */
    static final Comparator<String> GO_STRING_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    };

    // Kuma pkg/core/resources/apis/mesh/validators.go: the character sets (Go's $ is the end of the text: matches())
    private static final Pattern NAME_CHARACTERS = Pattern.compile("[0-9a-z.\\-_]*");
    private static final Pattern TAG_NAME_CHARACTERS = Pattern.compile("[a-zA-Z0-9.\\-_:/]*");
    private static final Pattern TAG_VALUE_CHARACTERS = Pattern.compile("[a-zA-Z0-9.\\-_:]*");
    private static final Pattern SELECTOR_VALUE_CHARACTERS = Pattern.compile("[a-zA-Z0-9.\\-_:/]*|\\*");

    // k8s.io/apimachinery pkg/util/validation/validation.go IsDNS1123Subdomain, which Kuma uses for SNI values
    private static final String DNS1123_LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    private static final String DNS1123_SUBDOMAIN = DNS1123_LABEL + "(\\." + DNS1123_LABEL + ")*";
    private static final Pattern DNS1123_SUBDOMAIN_PATTERN = Pattern.compile(DNS1123_SUBDOMAIN);

    private static final String SERVICE_TAG = "kuma.io/service";

    private TargetRefRules() {
    }

    /**
     * What one policy field accepts.
     *
     * @param gatewayListenerTagsAllowed a MeshGateway targetRef may carry listener tags
     * @param inboundPolicy              the policy configures inbounds (Kuma {@code inbound.AffectsInbounds}), which
     *                                   is what lets a Dataplane targetRef name a {@code sectionName}
     */
    public record Options(List<String> supportedKinds, boolean gatewayListenerTagsAllowed, boolean inboundPolicy) {

        public static Options of(String... kinds) {
            return new Options(List.of(kinds), false, false);
        }

        public Options withGatewayListenerTags() {
            return new Options(supportedKinds, true, inboundPolicy);
        }

        public Options inbound(boolean inbound) {
            return new Options(supportedKinds, gatewayListenerTagsAllowed, inbound);
        }
    }

    /** Kuma {@code ValidateTargetRef} at the given minor. */
    public static ValidationErrors validate(Map<String, Object> ref, Options options, KumaVersion version) {
        ValidationErrors err = new ValidationErrors();
        String kind = text(ref, "kind");
        if (kind.isEmpty()) {
            err.addViolation("kind", "must be defined");
            return err;
        }
        if (!options.supportedKinds().contains(kind)) {
            // Kuma 2.13 started naming the kind
            err.addViolation("kind", version.atLeast(2, 13) ? "value '" + kind + "' is not supported" : "value is not supported");
            return err;
        }
        boolean v210 = version.atLeast(2, 10);
        String name = text(ref, "name");
        Map<String, String> labels = Tree.stringMap(ref.get("labels"));
        Map<String, String> tags = Tree.stringMap(ref.get("tags"));
        switch (kind) {
            case MESH -> {
                if (!name.isEmpty()) {
                    err.addViolation("name", "using name with kind " + kind + " is not yet supported");
                }
                disallowed(err, "mesh", !text(ref, "mesh").isEmpty(), kind);
                disallowed(err, "tags", !tags.isEmpty(), kind);
                disallowed(err, "labels", !labels.isEmpty(), kind);
                disallowed(err, "namespace", !text(ref, "namespace").isEmpty(), kind);
                disallowed(err, "sectionName", !text(ref, "sectionName").isEmpty(), kind);
                if (v210) {
                    proxyTypesNotEmpty(err, ref);
                }
            }
            case DATAPLANE -> {
                // 2.9 has no rules of its own for Dataplane (and no policy of 2.9 accepts the kind)
                if (v210) {
                    disallowed(err, "tags", !tags.isEmpty(), kind);
                    disallowed(err, "mesh", !text(ref, "mesh").isEmpty(), kind);
                    disallowed(err, "proxyTypes", hasProxyTypes(ref), kind);
                    if (!labels.isEmpty() && (!name.isEmpty() || !text(ref, "namespace").isEmpty())) {
                        err.addViolation("labels", "either labels or name and namespace must be specified");
                    }
                    if (!options.inboundPolicy() && !text(ref, "sectionName").isEmpty()) {
                        err.addViolation("sectionName", "can only be used with inbound policies");
                    }
                }
            }
            case MESH_SUBSET -> {
                disallowed(err, "name", !name.isEmpty(), kind);
                disallowed(err, "mesh", !text(ref, "mesh").isEmpty(), kind);
                err.addAll(tags(FieldPath.rootedAt("tags"), tags, false));
                disallowed(err, "labels", !labels.isEmpty(), kind);
                disallowed(err, "namespace", !text(ref, "namespace").isEmpty(), kind);
                disallowed(err, "sectionName", !text(ref, "sectionName").isEmpty(), kind);
                if (v210) {
                    proxyTypesNotEmpty(err, ref);
                }
            }
            case MESH_SERVICE, MESH_HTTP_ROUTE -> serviceOrRoute(err, ref, kind, name, labels, tags, version);
            case MESH_SERVICE_SUBSET, MESH_GATEWAY -> {
                required(err, "name", !name.isEmpty(), kind, version);
                validName(err, name);
                disallowed(err, "mesh", !text(ref, "mesh").isEmpty(), kind);
                disallowed(err, "proxyTypes", hasProxyTypes(ref), kind);
                // 2.10 let subset and gateway tags select with "*"
                err.addAll(tags(FieldPath.rootedAt("tags"), tags, v210));
                if (kind.equals(MESH_GATEWAY) && !tags.isEmpty() && !options.gatewayListenerTagsAllowed()) {
                    disallowed(err, "tags", true, kind);
                }
                disallowed(err, "labels", !labels.isEmpty(), kind);
                disallowed(err, "namespace", !text(ref, "namespace").isEmpty(), kind);
                disallowed(err, "sectionName", !text(ref, "sectionName").isEmpty(), kind);
            }
            case MESH_EXTERNAL_SERVICE -> {
                validName(err, name);
                disallowed(err, "mesh", !text(ref, "mesh").isEmpty(), kind);
                disallowed(err, "tags", !tags.isEmpty(), kind);
                disallowed(err, "proxyTypes", hasProxyTypes(ref), kind);
                nameOrLabels(err, name, labels, kind, version);
                if (!labels.isEmpty() && (!name.isEmpty() || !text(ref, "namespace").isEmpty())) {
                    err.addViolation("labels", "either labels or name must be specified");
                }
                disallowed(err, "sectionName", !text(ref, "sectionName").isEmpty(), kind);
            }
            default -> {
                // a supported kind without rules of its own (MeshMultiZoneService): Kuma checks nothing more
            }
        }
        return err;
    }

    private static void serviceOrRoute(ValidationErrors err, Map<String, Object> ref, String kind, String name,
                                       Map<String, String> labels, Map<String, String> tags, KumaVersion version) {
        // until 2.11 MeshService and MeshHTTPRoute shared one set of rules; 2.11 forbade sectionName on a route
        boolean route = kind.equals(MESH_HTTP_ROUTE);
        validName(err, name);
        disallowed(err, "mesh", !text(ref, "mesh").isEmpty(), kind);
        disallowed(err, "tags", !tags.isEmpty(), kind);
        disallowed(err, "proxyTypes", hasProxyTypes(ref), kind);
        if (route && version.atLeast(2, 11)) {
            disallowed(err, "sectionName", !text(ref, "sectionName").isEmpty(), kind);
        }
        nameOrLabels(err, name, labels, kind, version);
        if (!labels.isEmpty() && (!name.isEmpty() || !text(ref, "namespace").isEmpty())) {
            err.addViolation("labels", "either labels or name and namespace must be specified");
        }
        if (!version.atLeast(2, 10) && !labels.isEmpty() && !text(ref, "sectionName").isEmpty()) {
            err.addViolation("sectionName", "sectionName should not be combined with labels");
        }
    }

    /** 2.14 asks for a name or labels on the whole targetRef; earlier minors ask for the name when labels are absent. */
    private static void nameOrLabels(ValidationErrors err, String name, Map<String, String> labels, String kind, KumaVersion version) {
        if (version.atLeast(2, 14)) {
            if (labels.isEmpty() && name.isEmpty()) {
                err.addViolation("", "name or labels must be set when kind is " + kind);
            }
        } else if (labels.isEmpty()) {
            required(err, "name", !name.isEmpty(), kind, version);
        }
    }

    private static void disallowed(ValidationErrors err, String field, boolean set, String kind) {
        if (set) {
            err.addViolation(field, "must not be set with kind " + kind);
        }
    }

    private static void required(ValidationErrors err, String field, boolean set, String kind, KumaVersion version) {
        if (!set) {
            err.addViolation(field, (version.atLeast(2, 14) ? "must be set when kind is " : "must be set with kind ") + kind);
        }
    }

    private static void validName(ValidationErrors err, String name) {
        if (!NAME_CHARACTERS.matcher(name).matches()) {
            err.addViolation("name", "invalid characters: must consist of lower case alphanumeric characters, '-', '.' and '_'.");
        }
    }

    private static boolean hasProxyTypes(Map<String, Object> ref) {
        return !Tree.list(ref.get("proxyTypes")).isEmpty();
    }

    /** 2.10: a proxyTypes list that is written must name at least one type. */
    private static void proxyTypesNotEmpty(ValidationErrors err, Map<String, Object> ref) {
        if (ref.containsKey("proxyTypes") && !hasProxyTypes(ref)) {
            err.addViolation("proxyTypes", "must be undefined or have at least one element");
        }
    }

    /**
     * Kuma {@code ValidateTags} ({@code selector=false}) and {@code ValidateSelector} ({@code selector=true}, where a
     * value may also contain slashes or be {@code *}), with no extra options: keys in Go's sorted order.
     */
    static ValidationErrors tags(FieldPath path, Map<String, String> tags, boolean selector) {
        ValidationErrors err = new ValidationErrors();
        List<String> keys = new ArrayList<>(tags.keySet());
        keys.sort(GO_STRING_ORDER);
        for (String key : keys) {
            if (key.isEmpty()) {
                err.addViolation(path, "tag name must be non-empty");
            }
            if (!TAG_NAME_CHARACTERS.matcher(key).matches()) {
                err.addViolation(path.key(key), "tag name must consist of alphanumeric characters, dots, dashes, slashes and underscores");
            }
            String value = tags.get(key);
            if (value.isEmpty()) {
                err.addViolation(path.key(key), "tag value must be non-empty");
            }
            if (selector) {
                if (!SELECTOR_VALUE_CHARACTERS.matcher(value).matches()) {
                    err.addViolation(path.key(key), "tag value must consist of alphanumeric characters, dots, dashes, slashes and underscores or be \"*\"");
                }
            } else if (!TAG_VALUE_CHARACTERS.matcher(value).matches()) {
                err.addViolation(path.key(key), "tag value must consist of alphanumeric characters, dots, dashes and underscores");
            }
        }
        return err;
    }

    /**
     * Kuma {@code ValidateMatch}: a match's SPIFFE ID must parse (2.12; 2.14 adds the parser's reason) and, from 2.14,
     * an SNI match must be {@code Exact} with a DNS subdomain value.
     */
    public static ValidationErrors match(Map<String, Object> match, KumaVersion version) {
        ValidationErrors err = new ValidationErrors();
        if (match.containsKey("spiffeID")) {
            String reason = spiffeIdError(text(Tree.map(match.get("spiffeID")), "value"));
            if (reason != null) {
                err.addViolation("spiffeID", version.atLeast(2, 14) ? "must be a valid Spiffe ID: " + reason : "must be a valid Spiffe ID");
            }
        }
        if (version.atLeast(2, 14) && match.containsKey("sni")) {
            Map<String, Object> sni = Tree.map(match.get("sni"));
            String type = text(sni, "type");
            if (type.isEmpty()) {
                err.addViolation("sni.type", "must be set");
            } else if (!type.equals("Exact")) {
                err.addViolation("sni.type", "unrecognized type " + GoQuote.quote(type) + ", supported values are: Exact");
            }
            String value = text(sni, "value");
            if (value.isEmpty()) {
                err.addViolation("sni.value", "must be set");
            } else {
                dns1123Subdomain(value).forEach(reason -> err.addViolation("sni.value", reason));
            }
        }
        return err;
    }

    /** go-spiffe v2 {@code spiffeid.FromString} (without the charset back-compat build tag Kuma does not set): null when valid. */
    static String spiffeIdError(String id) {
        String scheme = "spiffe://";
        if (id.isEmpty()) {
            return "cannot be empty";
        }
        if (!id.startsWith(scheme)) {
            return "scheme is missing or invalid";
        }
        int pathStart = scheme.length();
        for (; pathStart < id.length(); pathStart++) {
            char c = id.charAt(pathStart);
            if (c == '/') {
                break;
            }
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_')) {
                return "trust domain characters are limited to lowercase letters, numbers, dots, dashes, and underscores";
            }
        }
        if (pathStart == scheme.length()) {
            return "trust domain is missing";
        }
        return spiffePathError(id.substring(pathStart));
    }

    private static String spiffePathError(String path) {
        if (path.isEmpty()) {
            return null;
        }
        if (path.charAt(0) != '/') {
            return "path must have a leading slash";
        }
        int segmentStart = 0;
        int end = 0;
        for (; end < path.length(); end++) {
            char c = path.charAt(end);
            if (c == '/') {
                String segment = path.substring(segmentStart, end);
                if (segment.equals("/")) {
                    return "path cannot contain empty segments";
                }
                if (segment.equals("/.") || segment.equals("/..")) {
                    return "path cannot contain dot segments";
                }
                segmentStart = end;
                continue;
            }
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_')) {
                return "path segment characters are limited to letters, numbers, dots, dashes, and underscores";
            }
        }
        String last = path.substring(segmentStart, end);
        if (last.equals("/")) {
            return "path cannot have a trailing slash";
        }
        if (last.equals("/.") || last.equals("/..")) {
            return "path cannot contain dot segments";
        }
        return null;
    }

    private static List<String> dns1123Subdomain(String value) {
        List<String> reasons = new ArrayList<>();
        if (value.getBytes(StandardCharsets.UTF_8).length > 253) {
            reasons.add("must be no more than 253 characters");
        }
        if (!DNS1123_SUBDOMAIN_PATTERN.matcher(value).matches()) {
            reasons.add("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                    + "and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '"
                    + DNS1123_SUBDOMAIN + "')");
        }
        return reasons;
    }

    /** Kuma {@code api/common/v1alpha1} {@code IncludesGateways}: the targetRef selects gateways too. */
    public static boolean includesGateways(Map<String, Object> ref) {
        String kind = text(ref, "kind");
        List<String> proxyTypes = Tree.list(ref.get("proxyTypes")).stream().map(String::valueOf).toList();
        boolean meshKind = kind.equals(MESH) || kind.equals(MESH_SUBSET);
        boolean gatewayInProxyTypes = proxyTypes.isEmpty() || proxyTypes.contains("Gateway");
        return kind.equals(MESH_GATEWAY) || meshKind && gatewayInProxyTypes || kind.equals(MESH_HTTP_ROUTE);
    }

    /** A string field as Go holds it after {@code pointer.Deref}: absent is empty. */
    static String text(Map<String, Object> map, String key) {
        String value = Tree.string(map.get(key));
        return value == null ? "" : value;
    }
}
