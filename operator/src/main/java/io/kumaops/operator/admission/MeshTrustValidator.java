package io.kumaops.operator.admission;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kuma's admission of a MeshTrust (Kuma {@code pkg/core/resources/apis/meshtrust/api/v1alpha1/validator.go}, the
 * same from 2.12 to 2.14): a trust domain and at least one PEM CA bundle. Violations are rooted at {@code spec}, as
 * Kuma's validator roots them.
 */
final class MeshTrustValidator implements KindValidator {

    static final String SOURCE = "pkg/core/resources/apis/meshtrust/api/v1alpha1/validator.go";
    private static final Set<String> PRIVATE_KEY_TYPES =
            Set.of("PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY");

    @Override
    public String kind() {
        return "MeshTrust";
    }

    @Override
    public void validate(AdmissionRequest request, ValidationErrors errors, List<AdmissionWarning> warnings) {
        if (MeshIdentityValidator.refuseBefore212(request, errors)) {
            return;
        }
        if (request.operation() == AdmissionRequest.Operation.DELETE) {
            return;
        }
        Map<String, Object> spec = request.spec();
        FieldPath path = FieldPath.rootedAt("spec");
        ValidationErrors found = new ValidationErrors();
        validateCaBundles(found, path.field("caBundles"), Tree.list(spec.get("caBundles")));
        String trustDomain = spec.get("trustDomain") == null ? "" : String.valueOf(spec.get("trustDomain"));
        if (trustDomain.isEmpty()) {
            found.addViolation(path.field("trustDomain"), "trustDomain needs to be defined");
        }
        if (trustDomain.getBytes(StandardCharsets.UTF_8).length > 253) {
            found.addViolation(path.field("trustDomain"), "must not be longer than 253 characters");
        }
        errors.addAll(found.citing(SOURCE));
        // Kuma 2.13 deprecated spec.origin for status.origin (Kuma .../meshtrust/api/v1alpha1/deprecated.go).
        if (!found.hasViolations() && request.target().atLeast(2, 13) && spec.get("origin") != null) {
            warnings.add(new AdmissionWarning("spec.origin", "setting spec.origin field is deprecated", "status.origin", null,
                    "pkg/core/resources/apis/meshtrust/api/v1alpha1/deprecated.go"));
        }
    }

    private static void validateCaBundles(ValidationErrors errors, FieldPath path, List<Object> bundles) {
        if (bundles.isEmpty()) {
            errors.addViolation(path, "must not be empty");
            return;
        }
        for (int i = 0; i < bundles.size(); i++) {
            Map<String, Object> bundle = Tree.map(bundles.get(i));
            String type = bundle.get("type") == null ? "" : String.valueOf(bundle.get("type"));
            if (!type.equals("Pem")) {
                errors.addViolation(path.index(i).field("type"), type + " must be one of: Pem");
                continue;
            }
            if (bundle.get("pem") == null) {
                errors.addViolation(path.index(i).field("pem"), "must be defined");
                continue;
            }
            Object value = Tree.map(bundle.get("pem")).get("value");
            if (!isPemCertificate(value == null ? "" : String.valueOf(value))) {
                errors.addViolation(path.index(i).field("pem").field("value"), "provided certificate has incorrect format");
            }
        }
    }

    /** Kuma's test: Go's {@code pem.Decode} finds a block, and it is not a private key. */
    static boolean isPemCertificate(String text) {
        String type = firstPemBlockType(text.getBytes(StandardCharsets.UTF_8));
        return type != null && !PRIVATE_KEY_TYPES.contains(type);
    }

    /** The type of the first well-formed PEM block, found the way Go's {@code encoding/pem} finds it, or null. */
    static String firstPemBlockType(byte[] data) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        int at = 0;
        while (true) {
            if (text.startsWith("-----BEGIN ", at)) {
                at += "-----BEGIN ".length();
            } else {
                int found = text.indexOf("\n-----BEGIN ", at);
                if (found < 0) {
                    return null;
                }
                at = found + "\n-----BEGIN ".length();
            }
            String[] typeLine = line(text, at);
            at = Integer.parseInt(typeLine[1]);
            if (!typeLine[0].endsWith("-----")) {
                continue;
            }
            String type = typeLine[0].substring(0, typeLine[0].length() - 5);
            boolean headers = false;
            int body = at;
            while (true) {
                if (body >= text.length()) {
                    return null;
                }
                String[] headerLine = line(text, body);
                if (headerLine[0].indexOf(':') < 0) {
                    break;
                }
                headers = true;
                body = Integer.parseInt(headerLine[1]);
            }
            int endIndex;
            int trailerIndex;
            if (!headers && text.startsWith("-----END ", body)) {
                endIndex = body;
                trailerIndex = body + "-----END ".length();
            } else {
                endIndex = text.indexOf("\n-----END ", body);
                trailerIndex = endIndex + "\n-----END ".length();
            }
            if (endIndex < 0) {
                at = body;
                continue;
            }
            String trailer = text.substring(trailerIndex);
            int trailerLength = type.length() + 5;
            if (trailer.length() < trailerLength || !trailer.startsWith(type) || !trailer.substring(0, trailerLength).endsWith("-----")
                    || !line(trailer, trailerLength)[0].isEmpty()) {
                at = body;
                continue;
            }
            String base64 = text.substring(body, endIndex).replaceAll("[ \t\r\n]", "");
            if (base64.length() % 4 != 0 || !decodes(base64)) {
                at = body;
                continue;
            }
            return new String(type.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        }
    }

    /** Go's {@code getLine}: the line from {@code at} without its end and trailing blanks, and where the next starts. */
    private static String[] line(String text, int at) {
        int newline = text.indexOf('\n', at);
        int end = newline < 0 ? text.length() : newline;
        int next = newline < 0 ? text.length() : newline + 1;
        if (newline > at && text.charAt(newline - 1) == '\r') {
            end--;
        }
        String line = text.substring(at, end).replaceAll("[ \t]+$", "");
        return new String[] {line, String.valueOf(next)};
    }

    private static boolean decodes(String base64) {
        try {
            Base64.getDecoder().decode(base64);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
