package io.kumaops.operator.admission;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Zone (cluster-scoped, written by the global control plane when a zone connects). Kuma has no spec validator for it:
 * the spec only has to decode ({@code enabled} is a protobuf BoolValue), the name draws a deprecation warning from 2.10,
 * and a delete is refused while the zone is online, which needs the live ZoneInsight. The origin label rule comes from
 * {@link ResourceAdmissionRules}.
 */
final class ZoneValidator implements KindValidator {

    static final String DEPRECATED = "pkg/core/resources/apis/system/deprecated.go";
    static final String DELETE = "pkg/core/managers/apis/zone/zone_validator.go";

    private static final Pattern DNS_1035_LABEL = Pattern.compile("^[a-z]([-a-z0-9]*[a-z0-9])?$");

    @Override
    public String kind() {
        return "Zone";
    }

    @Override
    public void validate(AdmissionRequest request, ValidationErrors errors, List<AdmissionWarning> warnings) {
        if (request.isDelete()) {
            // Kuma looks the ZoneInsight up and refuses while it reports the zone online, unless KUMA_STORE_UNSAFE_DELETE
            // is set (pkg/plugins/runtime/k8s/webhooks/zone_validator.go); the model cannot see it.
            warnings.add(new AdmissionWarning("zone",
                    "refused while the zone is online: \"unable to delete Zone, Zone CP is still connected, please shut it down first\""
                            + " (Kuma reads the zone's ZoneInsight; not judged here)",
                    "shut the zone's control plane down, then delete", null, DELETE));
            return;
        }
        Map<String, Object> spec = request.spec();
        Object enabled = spec.get("enabled");
        if (enabled != null && !(enabled instanceof Boolean)) {
            // The webhook decodes the spec with jsonpb before anything else and answers with the decoder's error
            // (pkg/plugins/runtime/k8s/webhooks/validation.go, github.com/golang/protobuf jsonpb).
            errors.addViolation("", "json: cannot unmarshal " + jsonType(enabled) + " into Go value of type bool");
            errors.citing("pkg/plugins/runtime/k8s/webhooks/validation.go");
            return;
        }
        if (request.target().atLeast(2, 10)) {
            nameDeprecation(request).ifPresent(warnings::add);
        }
    }

    /** Kuma warns about a name that is no DNS-1035 label, with apimachinery's messages. */
    private static Optional<AdmissionWarning> nameDeprecation(AdmissionRequest request) {
        String displayName = request.labels().getOrDefault("kuma.io/display-name", "");
        String name = displayName.isEmpty() ? request.name() : displayName;
        name = name == null ? "" : name;
        List<String> problems = new ArrayList<>();
        if (name.getBytes(StandardCharsets.UTF_8).length > 63) {
            problems.add("must be no more than 63 characters");
        }
        if (!DNS_1035_LABEL.matcher(name).matches()) {
            problems.add("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character,"
                    + " and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is"
                    + " '[a-z]([-a-z0-9]*[a-z0-9])?')");
        }
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AdmissionWarning("metadata.name",
                "Invalid Zone resource name: '" + name + "'. It does not conform to the DNS format (RFC 1035). This is deprecated. Errors: "
                        + String.join("; ", problems),
                "a name that starts with a letter and has only lowercase letters, digits and '-'", null, DEPRECATED));
    }

    private static String jsonType(Object value) {
        if (value instanceof Map<?, ?>) {
            return "object";
        }
        if (value instanceof List<?>) {
            return "array";
        }
        return value instanceof Number ? "number" : "string";
    }
}
