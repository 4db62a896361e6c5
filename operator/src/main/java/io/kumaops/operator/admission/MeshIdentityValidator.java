package io.kumaops.operator.admission;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kuma's admission of a MeshIdentity (Kuma {@code pkg/core/resources/apis/meshidentity/api/v1alpha1/validator.go}
 * and the data sources of {@code api/common/v1alpha1/datasource/datasource.go}). Violations are rooted at
 * {@code spec}, as Kuma's validator roots them. Differences between minors are kept: 2.12 validates a provider even
 * when none is given and parses the trust domain in place of the path; the Extension provider arrives in 2.14.
 */
final class MeshIdentityValidator implements KindValidator {

    static final String SOURCE = "pkg/core/resources/apis/meshidentity/api/v1alpha1/validator.go";
    static final String DATA_SOURCE = "api/common/v1alpha1/datasource/datasource.go";

    @Override
    public String kind() {
        return "MeshIdentity";
    }

    /**
     * MeshIdentity and MeshTrust have no CRD before Kuma 2.12, so the API server answers "no matches for kind" before
     * any webhook of Kuma's is asked; this refusal is the API server's, not a rule of Kuma's validator.
     */
    static boolean refuseBefore212(AdmissionRequest request, ValidationErrors errors) {
        if (request.target().atLeast(2, 12)) {
            return false;
        }
        errors.addViolation("kind", request.kind() + " needs Kuma 2.12 or later; " + request.target() + " has no such kind");
        return true;
    }

    @Override
    public void validate(AdmissionRequest request, ValidationErrors errors, List<AdmissionWarning> warnings) {
        if (refuseBefore212(request, errors) || request.operation() == AdmissionRequest.Operation.DELETE) {
            return;
        }
        Map<String, Object> spec = request.spec();
        String decodeError = durationDecodeError(spec);
        if (decodeError != null) {
            // The webhook cannot decode the object; Kuma answers with the decoder's error alone.
            errors.addViolation("", decodeError);
            return;
        }
        AdmissionTarget target = request.target();
        FieldPath path = FieldPath.rootedAt("spec");
        ValidationErrors found = new ValidationErrors();
        found.addAll(path.field("spiffeID"), validateSpiffeId(Tree.map(spec.get("spiffeID")), target));
        // Up to 2.12 the provider was not optional in Kuma's Go type, so an absent one is validated as empty.
        if (spec.get("provider") != null || !target.atLeast(2, 13)) {
            found.addAll(path.field("provider"), validateProvider(Tree.map(spec.get("provider")), target));
        }
        errors.addAll(found.citing(SOURCE));
    }

    private static ValidationErrors validateSpiffeId(Map<String, Object> spiffeId, AdmissionTarget target) {
        ValidationErrors errors = new ValidationErrors();
        String trustDomain = text(spiffeId.get("trustDomain"));
        String path = text(spiffeId.get("path"));
        Set<String> functions = Set.of("label");
        if (!trustDomain.isEmpty()) {
            String error = GoTemplateSyntax.error(trustDomain, functions);
            if (error != null) {
                errors.addViolation("trustDomain", "couldn't parse template: " + error);
            }
        }
        if (!path.isEmpty()) {
            // Kuma 2.12 parsed the trust domain here instead of the path (fixed in 2.13).
            String parsed = target.atLeast(2, 13) ? path : trustDomain;
            String error = GoTemplateSyntax.error(parsed, functions);
            if (error != null) {
                errors.addViolation("path", "couldn't parse template: " + error);
            }
        }
        return errors;
    }

    private static ValidationErrors validateProvider(Map<String, Object> provider, AdmissionTarget target) {
        ValidationErrors errors = new ValidationErrors();
        String type = text(provider.get("type"));
        boolean extensions = target.atLeast(2, 14);
        switch (type) {
            case "Bundled" -> errors.addAll(validateBundled(FieldPath.rootedAt("bundled"), provider.get("bundled")));
            case "Spire" -> errors.addAll(validateSpire(FieldPath.rootedAt("spire"), provider.get("spire")));
            case "Extension" -> {
                if (extensions) {
                    errors.addAll(validateExtension(FieldPath.rootedAt("extension"), provider.get("extension")));
                } else {
                    errors.addViolation("type", mustBeOneOf(type, List.of("Bundled", "Spire")));
                }
            }
            default -> errors.addViolation("type", mustBeOneOf(type, extensions ? List.of("Bundled", "Spire", "Extension")
                    : List.of("Bundled", "Spire")));
        }
        return errors;
    }

    private static ValidationErrors validateBundled(FieldPath path, Object value) {
        ValidationErrors errors = new ValidationErrors();
        if (value == null) {
            errors.addViolation(path, "configuration needs to be defined");
            return errors;
        }
        Map<String, Object> bundled = Tree.map(value);
        Object creation = bundled.get("meshTrustCreation");
        if (creation != null && !List.of("Enabled", "Disabled").contains(String.valueOf(creation))) {
            errors.addViolation(path.field("meshTrustCreation"), mustBeOneOf(String.valueOf(creation), List.of("Enabled", "Disabled")));
        }
        boolean autogenerate = Boolean.TRUE.equals(Tree.map(bundled.get("autogenerate")).get("enabled"));
        Object ca = bundled.get("ca");
        if (autogenerate) {
            if (ca != null) {
                errors.addViolation(path.field("ca"), "shouldn't be defined once using autogenerated");
            }
        } else if (ca == null) {
            errors.addViolation(path.field("ca"), "must be defined");
        } else {
            for (String member : List.of("certificate", "privateKey")) {
                Object source = Tree.map(ca).get(member);
                FieldPath at = path.field("ca").field(member);
                if (source == null) {
                    errors.addViolation(at, "must be defined");
                } else {
                    errors.addAll(validateSecureDataSource(at, Tree.map(source)).citing(DATA_SOURCE));
                }
            }
        }
        Object expiry = Tree.map(bundled.get("certificateParameters")).get("expiry");
        if (expiry != null && io.kumaops.operator.model.GoDuration.parseResult(String.valueOf(expiry)).duration().isNegative()) {
            errors.addViolation(path.field("certificateParameters").field("expiry"), "must not be negative when defined");
        }
        return errors;
    }

    private static ValidationErrors validateSpire(FieldPath path, Object value) {
        ValidationErrors errors = new ValidationErrors();
        if (value == null) {
            errors.addViolation(path, "configuration needs to be defined");
            return errors;
        }
        Object agent = Tree.map(value).get("agent");
        if (agent != null) {
            Object timeout = Tree.map(agent).get("timeout");
            ValidationErrors agentErrors = new ValidationErrors();
            if (timeout != null && io.kumaops.operator.model.GoDuration.parseResult(String.valueOf(timeout)).duration().isNegative()) {
                // Kuma builds this path from the agent's path and then nests it under the agent's path again.
                agentErrors.addViolation(path.field("agent").field("timeout"), "must not be negative when defined");
            }
            errors.addAll(path.field("agent"), agentErrors);
        }
        return errors;
    }

    private static ValidationErrors validateExtension(FieldPath path, Object value) {
        ValidationErrors errors = new ValidationErrors();
        if (value == null) {
            errors.addViolation(path, "configuration needs to be defined");
            return errors;
        }
        if (text(Tree.map(value).get("name")).isEmpty()) {
            errors.addViolation(path.field("name"), "extension name needs to be defined");
        }
        return errors;
    }

    /** Kuma {@code SecureDataSource.ValidateSecureDataSource}. */
    static ValidationErrors validateSecureDataSource(FieldPath path, Map<String, Object> source) {
        ValidationErrors errors = new ValidationErrors();
        String type = text(source.get("type"));
        switch (type) {
            case "EnvVar" -> requireMember(errors, path, source, "envVar", "name");
            case "InsecureInline" -> requireMember(errors, path, source, "insecureInline", "value");
            case "File" -> {
                if (requireMember(errors, path, source, "file", "path")) {
                    String file = text(Tree.map(source.get("file")).get("path"));
                    if (file.contains("..")) {
                        errors.addViolation(path.field("file").field("path"), "file path contains directory traversal sequence: " + file);
                    } else if (!file.startsWith("/")) {
                        // The control plane runs on Linux: absolute means rooted at /.
                        errors.addViolation(path.field("file").field("path"), "file path must be absolute: " + file);
                    }
                }
            }
            case "Secret" -> {
                Object ref = source.get("secretRef");
                if (ref == null) {
                    errors.addViolation(path.field("secretRef"), "must be defined");
                } else {
                    String kind = text(Tree.map(ref).get("kind"));
                    if (!kind.equals("Secret")) {
                        errors.addViolation(path.field("secretRef").field("kind"), kind + " must be one of: Secret");
                    }
                    if (text(Tree.map(ref).get("name")).isEmpty()) {
                        errors.addViolation(path.field("secretRef").field("name"), "must be defined");
                    }
                }
            }
            default -> errors.addViolation(path.field("type"), type + " must be one of: EnvVar, InsecureInline, File, Secret");
        }
        return errors;
    }

    /** The member object must be there and its one field non-empty; true when both hold. */
    private static boolean requireMember(ValidationErrors errors, FieldPath path, Map<String, Object> source, String member, String field) {
        Object value = source.get(member);
        if (value == null) {
            errors.addViolation(path.field(member), "must be defined");
            return false;
        }
        if (text(Tree.map(value).get(field)).isEmpty()) {
            errors.addViolation(path.field(member).field(field), "must be defined");
            return false;
        }
        return true;
    }

    /** Kuma {@code validators.MakeFieldMustBeOneOfErr}. */
    private static String mustBeOneOf(String value, List<String> allowed) {
        List<String> quoted = new ArrayList<>();
        allowed.forEach(a -> quoted.add(GoQuote.quote(a)));
        return GoQuote.quote(value) + " must be one of [" + String.join(", ", quoted) + "]";
    }

    /**
     * The metav1.Duration fields are decoded with Go's {@code time.ParseDuration} before any rule runs; the first
     * that does not parse makes the object undecodable.
     */
    private static String durationDecodeError(Map<String, Object> spec) {
        Map<String, Object> provider = Tree.map(spec.get("provider"));
        List<Object> durations = List.of(
                nullToMissing(Tree.map(Tree.map(provider.get("bundled")).get("certificateParameters")).get("expiry")),
                nullToMissing(Tree.map(Tree.map(provider.get("spire")).get("agent")).get("timeout")));
        for (Object duration : durations) {
            if (duration == MISSING) {
                continue;
            }
            if (!(duration instanceof String text)) {
                return "json: cannot unmarshal " + (duration instanceof Number ? "number" : duration instanceof Boolean ? "bool" : "object")
                        + " into Go value of type string";
            }
            io.kumaops.operator.model.GoDuration.Parsed parsed = io.kumaops.operator.model.GoDuration.parseResult(text);
            if (!parsed.ok()) {
                return parsed.error();
            }
        }
        return null;
    }

    private static final Object MISSING = new Object();

    private static Object nullToMissing(Object value) {
        return value == null ? MISSING : value;
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }
}
