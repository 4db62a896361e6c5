package io.kumaops.operator.admission;

import io.kumaops.operator.api.v1alpha1.Distribution;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Kuma's admission of a Mesh, in the order Kuma's webhook runs it: first the spec rules of every resource (the
 * generic validating handler), and only when they pass the Mesh webhook's own checks of the operation: name and CA
 * backends on create, the CA change on update, attached Dataplanes on delete. The first handler that refuses
 * answers alone (Kuma {@code pkg/plugins/common/k8s/composite_validator.go}).
 *
 * <p>Violations are rooted at the spec without a {@code spec.} prefix, as Kuma's own Mesh tests report them.
 */
final class MeshValidator implements KindValidator {

    static final String SPEC_RULES = "pkg/core/resources/apis/mesh/mesh_validator.go";
    static final String OPERATION_RULES = "pkg/core/managers/apis/mesh/mesh_validator.go";
    static final String WEBHOOK = "pkg/plugins/runtime/k8s/webhooks/mesh_validator.go";
    static final String BUILTIN_CA = "pkg/plugins/ca/builtin/manager.go";
    static final String PROVIDED_CA = "pkg/plugins/ca/provided/manager.go";
    static final String DEPRECATIONS = "pkg/core/resources/apis/mesh/deprecated.go";

    /** Open-source Kuma's {@code AllowedMTLSBackends} (the same at every tag from v2.9 to v2.14). */
    static final int KUMA_ALLOWED_MTLS_BACKENDS = 1;

    private static final Pattern DNS_NAME =
            Pattern.compile("([a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})(\\.[a-zA-Z0-9_][a-zA-Z0-9_-]{0,62})*[._]?");
    private static final Pattern DNS_1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

    @Override
    public String kind() {
        return "Mesh";
    }

    @Override
    public void validate(AdmissionRequest request, ValidationErrors errors, List<AdmissionWarning> warnings) {
        if (request.operation() == AdmissionRequest.Operation.DELETE) {
            validateDelete(request, errors, warnings);
            return;
        }
        Map<String, Object> spec = request.spec();
        // Kuma decodes the spec into its protobuf Mesh first; a spec it cannot decode is refused as it stands.
        String decodeError = MeshShapes.MESH.check(spec);
        if (decodeError != null) {
            errors.addViolation("", decodeError);
            errors.citing("pkg/util/proto/proto.go");
            return;
        }
        ValidationErrors specErrors = validateSpec(spec, request.target());
        if (specErrors.hasViolations()) {
            errors.addAll(specErrors.citing(SPEC_RULES));
            return;
        }
        List<AdmissionWarning> operationWarnings = new ArrayList<>();
        ValidationErrors operationErrors = new ValidationErrors();
        if (request.operation() == AdmissionRequest.Operation.UPDATE && request.previousSpec() != null) {
            operationErrors.addAll(validateBackendChange(request));
        } else if (request.name() != null && request.name().length() > 63) {
            // Kuma ValidateCreate, pkg/core/managers/apis/mesh/mesh_validator.go
            operationErrors.addViolation("name", "cannot be longer than 63 characters");
        }
        operationErrors.citing(OPERATION_RULES);
        operationErrors.addAll(validateBackends(request, operationWarnings));
        if (operationErrors.hasViolations()) {
            errors.addAll(operationErrors);
            return;
        }
        warnings.addAll(deprecations(request));
        warnings.addAll(operationWarnings);
    }

    // --- spec rules: Kuma pkg/core/resources/apis/mesh/mesh_validator.go ---

    static ValidationErrors validateSpec(Map<String, Object> spec, AdmissionTarget target) {
        ValidationErrors errors = new ValidationErrors();
        errors.addAll("mtls", validateMtls(Tree.map(spec.get("mtls")), spec.get("mtls") != null, target));
        errors.addAll("logging", validateLogging(spec.get("logging")));
        errors.addAll("tracing", validateTracing(spec.get("tracing")));
        errors.addAll("metrics", validateMetrics(spec.get("metrics")));
        errors.addAll("constraints", validateConstraints(spec.get("constraints")));
        errors.addAll(validateZoneEgress(spec));
        return errors;
    }

    private static ValidationErrors validateMtls(Map<String, Object> mtls, boolean present, AdmissionTarget target) {
        ValidationErrors errors = new ValidationErrors();
        if (!present) {
            return errors;
        }
        List<Object> backends = Tree.list(mtls.get("backends"));
        // Kong Mesh admits several CA backends at once (that is how it rotates a CA); this is Kong Mesh's documented
        // behaviour, not read from its source, which is not public. Every other rule is kept.
        if (target.distribution() != Distribution.KongMesh && backends.size() > KUMA_ALLOWED_MTLS_BACKENDS) {
            errors.addViolation(FieldPath.rootedAt("backends"), "cannot have more than " + KUMA_ALLOWED_MTLS_BACKENDS + " backends");
        }
        String enabled = text(mtls.get("enabledBackend"));
        Set<String> names = new HashSet<>();
        List<Violation> expirations = new ArrayList<>();
        for (int i = 0; i < backends.size(); i++) {
            Map<String, Object> backend = Tree.map(backends.get(i));
            String name = text(backend.get("name"));
            if (!names.add(name)) {
                errors.addViolation(FieldPath.rootedAt("backends").index(i).field("name"),
                        GoQuote.quote(name) + " name is already used for another backend");
            }
            if (backend.get("dpCert") != null) {
                String expiration = text(Tree.map(Tree.map(backend.get("dpCert")).get("rotation")).get("expiration"));
                if (!KumaDurations.isValid(expiration)) {
                    // Kuma names this field without the backend's index, in lower case.
                    Violation violation = new Violation("dpcert.rotation.expiration", "has to be a valid format");
                    if (target.atLeast(2, 13)) {
                        errors.addViolation(violation.field(), violation.message());
                    } else {
                        expirations.add(violation);
                    }
                }
            }
        }
        if (!enabled.isEmpty() && !names.contains(enabled)) {
            errors.addViolation("enabledBackend", "has to be set to one of the backends in the mesh");
        }
        // Up to 2.12 Kuma checked the expirations in a loop of their own, after enabledBackend.
        expirations.forEach(v -> errors.addViolation(v.field(), v.message()));
        return errors;
    }

    private static ValidationErrors validateLogging(Object value) {
        ValidationErrors errors = new ValidationErrors();
        if (value == null) {
            return errors;
        }
        Map<String, Object> logging = Tree.map(value);
        List<Object> backends = Tree.list(logging.get("backends"));
        Set<String> names = new HashSet<>();
        for (int i = 0; i < backends.size(); i++) {
            Map<String, Object> backend = Tree.map(backends.get(i));
            FieldPath path = FieldPath.rootedAt("backends").index(i);
            errors.addAll(path, validateLoggingBackend(backend));
            String name = text(backend.get("name"));
            if (!names.add(name)) {
                errors.addViolation(path.field("name"), GoQuote.quote(name) + " name is already used for another backend");
            }
        }
        String defaultBackend = text(logging.get("defaultBackend"));
        if (!defaultBackend.isEmpty() && !names.contains(defaultBackend)) {
            errors.addViolation("defaultBackend", "has to be set to one of the logging backend in mesh");
        }
        return errors;
    }

    private static ValidationErrors validateLoggingBackend(Map<String, Object> backend) {
        ValidationErrors errors = new ValidationErrors();
        if (text(backend.get("name")).isEmpty()) {
            errors.addViolation("name", "cannot be empty");
        }
        switch (text(backend.get("type"))) {
            case "file" -> errors.addAll("config", typedConf(backend, MeshShapes.FILE_LOGGING, "could not parse config: ", conf -> {
                ValidationErrors e = new ValidationErrors();
                if (text(conf.get("path")).isEmpty()) {
                    e.addViolation("path", "cannot be empty");
                }
                return e;
            }));
            case "tcp" -> errors.addAll("config", typedConf(backend, MeshShapes.TCP_LOGGING, "could not parse config: ", conf -> {
                ValidationErrors e = new ValidationErrors();
                String address = text(conf.get("address"));
                if (address.isEmpty()) {
                    e.addViolation("address", "cannot be empty");
                    return e;
                }
                String[] hostPort = GoNetParsing.splitHostPort(address);
                if (hostPort == null || hostPort[0].isEmpty() || hostPort[1].isEmpty()) {
                    e.addViolation("address", "has to be in format of HOST:PORT");
                }
                return e;
            }));
            default -> errors.addViolation("type", "unknown backend type. Available backends: \"tcp\", \"file\"");
        }
        return errors;
    }

    private static ValidationErrors validateTracing(Object value) {
        ValidationErrors errors = new ValidationErrors();
        if (value == null) {
            return errors;
        }
        Map<String, Object> tracing = Tree.map(value);
        List<Object> backends = Tree.list(tracing.get("backends"));
        Set<String> names = new HashSet<>();
        for (int i = 0; i < backends.size(); i++) {
            Map<String, Object> backend = Tree.map(backends.get(i));
            FieldPath path = FieldPath.rootedAt("backends").index(i);
            errors.addAll(path, validateTracingBackend(backend));
            String name = text(backend.get("name"));
            if (!names.add(name)) {
                errors.addViolation(path.field("name"), GoQuote.quote(name) + " name is already used for another backend");
            }
        }
        String defaultBackend = text(tracing.get("defaultBackend"));
        if (!defaultBackend.isEmpty() && !names.contains(defaultBackend)) {
            errors.addViolation("defaultBackend", "has to be set to one of the tracing backend in mesh");
        }
        return errors;
    }

    private static ValidationErrors validateTracingBackend(Map<String, Object> backend) {
        ValidationErrors errors = new ValidationErrors();
        if (text(backend.get("name")).isEmpty()) {
            errors.addViolation("name", "cannot be empty");
        }
        double sampling = number(backend.get("sampling"));
        if (sampling < 0.0 || sampling > 100.0) {
            errors.addViolation("sampling", "has to be in [0.0 - 100.0] range");
        }
        switch (text(backend.get("type"))) {
            case "zipkin" -> errors.addAll("config", typedConf(backend, MeshShapes.ZIPKIN, "could not parse config: ", MeshValidator::validateZipkin));
            case "datadog" -> errors.addAll("config", typedConf(backend, MeshShapes.DATADOG, "could not parse config: ", conf -> {
                ValidationErrors e = new ValidationErrors();
                if (text(conf.get("address")).isEmpty()) {
                    e.addViolation("address", "cannot be empty");
                }
                long port = (long) number(conf.get("port"));
                if (port == 0 || port > 65535) {
                    e.addViolation("port", "port must be in the range [1, 65535]");
                }
                return e;
            }));
            default -> errors.addViolation("type", "unknown backend type. Available backends: \"zipkin\", \"datadog\"");
        }
        return errors;
    }

    private static ValidationErrors validateZipkin(Map<String, Object> conf) {
        ValidationErrors errors = new ValidationErrors();
        String apiVersion = text(conf.get("apiVersion"));
        if (!apiVersion.isEmpty() && !List.of("httpJsonV1", "httpJson", "httpProto").contains(apiVersion)) {
            errors.addViolation("apiVersion", "has invalid value. Allowed values: httpJsonV1, httpJson, httpProto");
        }
        String url = text(conf.get("url"));
        if (url.isEmpty()) {
            errors.addViolation("url", "cannot be empty");
            return errors;
        }
        String port = GoNetParsing.requestUriPort(url);
        if (port == null) {
            errors.addViolation("url", "invalid URL");
        } else if (port.isEmpty()) {
            errors.addViolation("url", "port has to be explicitly specified");
        }
        return errors;
    }

    private static ValidationErrors validateMetrics(Object value) {
        ValidationErrors errors = new ValidationErrors();
        if (value == null) {
            return errors;
        }
        Map<String, Object> metrics = Tree.map(value);
        List<Object> backends = Tree.list(metrics.get("backends"));
        Set<String> names = new HashSet<>();
        for (int i = 0; i < backends.size(); i++) {
            Map<String, Object> backend = Tree.map(backends.get(i));
            FieldPath path = FieldPath.rootedAt("backends").index(i);
            String name = text(backend.get("name"));
            if (names.contains(name)) {
                errors.addViolation(path.field("name"), GoQuote.quote(name) + " name is already used for another backend");
            }
            if (!"prometheus".equals(text(backend.get("type")))) {
                errors.addViolation(path.field("type"), "unknown backend type. Available backends: \"prometheus\"");
            } else {
                errors.addAll(path.field("conf"), typedConf(backend, MeshShapes.PROMETHEUS, "could not parse config: ", MeshValidator::validatePrometheus));
            }
            names.add(name);
        }
        String enabled = text(metrics.get("enabledBackend"));
        if (!enabled.isEmpty() && !names.contains(enabled)) {
            errors.addViolation("enabledBackend", "has to be set to one of the backends in the mesh");
        }
        return errors;
    }

    private static ValidationErrors validatePrometheus(Map<String, Object> conf) {
        ValidationErrors errors = new ValidationErrors();
        if (conf.get("skipMTLS") != null && conf.get("tls") != null) {
            boolean skip = Boolean.TRUE.equals(conf.get("skipMTLS"));
            String mode = prometheusTlsMode(Tree.map(conf.get("tls")).get("mode"));
            boolean same = (!skip && mode.equals("activeMTLSBackend")) || (skip && mode.equals("disabled"));
            if (!same) {
                errors.addViolation("", "skipMTLS and tls configuration cannot be defined together");
                return errors;
            }
        }
        String regexError = GoRegexSyntax.error(text(Tree.map(conf.get("envoy")).get("filterRegex")));
        if (regexError != null) {
            errors.addViolation(FieldPath.rootedAt("envoy").field("filterRegex"), "provided regexp isn't correct: " + regexError);
            return errors;
        }
        Set<String> names = new HashSet<>();
        List<Object> aggregate = Tree.list(conf.get("aggregate"));
        for (int i = 0; i < aggregate.size(); i++) {
            String name = text(Tree.map(aggregate.get(i)).get("name"));
            if (!names.add(name)) {
                errors.addViolation(FieldPath.rootedAt("aggregate").index(i).field("name"),
                        "duplicate entry: " + name + ", values have to be unique");
            }
        }
        return errors;
    }

    private static String prometheusTlsMode(Object mode) {
        if (mode instanceof Number number) {
            return switch (number.intValue()) {
                case 1 -> "providedTLS";
                case 2 -> "disabled";
                case 0 -> "activeMTLSBackend";
                default -> "";
            };
        }
        return mode == null ? "activeMTLSBackend" : String.valueOf(mode);
    }

    private static ValidationErrors validateConstraints(Object value) {
        ValidationErrors errors = new ValidationErrors();
        Object proxy = Tree.map(value).get("dataplaneProxy");
        if (value == null || proxy == null) {
            return errors;
        }
        ValidationErrors proxyErrors = new ValidationErrors();
        for (String list : List.of("requirements", "restrictions")) {
            List<Object> rules = Tree.list(Tree.map(proxy).get(list));
            for (int i = 0; i < rules.size(); i++) {
                proxyErrors.addAll(TagRules.validateSelector(FieldPath.rootedAt(list).index(i).field("tags"),
                        Tree.stringMap(Tree.map(rules.get(i)).get("tags")), TagRules.Options.AT_LEAST_ONE_TAG));
            }
        }
        errors.addAll("dataplaneProxy", proxyErrors);
        return errors;
    }

    private static ValidationErrors validateZoneEgress(Map<String, Object> spec) {
        ValidationErrors errors = new ValidationErrors();
        if (spec.get("routing") == null) {
            return errors;
        }
        boolean zoneEgress = Boolean.TRUE.equals(Tree.map(spec.get("routing")).get("zoneEgress"));
        if (zoneEgress && text(Tree.map(spec.get("mtls")).get("enabledBackend")).isEmpty()) {
            errors.addViolation("mtls", "has to be set when zoneEgress enabled");
        }
        return errors;
    }

    /** Kuma reads a backend's free-form {@code conf} into a typed config, and reports when it cannot. */
    private static ValidationErrors typedConf(Map<String, Object> backend, ProtoJsonShape shape, String failurePrefix,
                                              java.util.function.Function<Map<String, Object>, ValidationErrors> rules) {
        Object conf = backend.get("conf");
        String error = conf == null ? null : shape.check(conf);
        if (error != null) {
            ValidationErrors errors = new ValidationErrors();
            errors.addViolation("", failurePrefix + error);
            return errors;
        }
        return rules.apply(Tree.map(conf));
    }

    // --- operation rules: Kuma pkg/core/managers/apis/mesh/mesh_validator.go ---

    private static ValidationErrors validateBackendChange(AdmissionRequest request) {
        ValidationErrors errors = new ValidationErrors();
        // Kong Mesh switches enabledBackend under mTLS to rotate a CA: its documented behaviour (its source is not
        // public); open-source Kuma forbids it.
        if (request.target().distribution() == Distribution.KongMesh) {
            return errors;
        }
        String before = text(Tree.map(request.previousSpec().get("mtls")).get("enabledBackend"));
        String after = text(Tree.map(request.spec().get("mtls")).get("enabledBackend"));
        if (!before.isEmpty() && !after.isEmpty() && !before.equals(after)) {
            errors.addViolation("mtls.enabledBackend",
                    "Changing CA when mTLS is enabled is forbidden. Disable mTLS first and then change the CA");
        }
        return errors;
    }

    /** Kuma {@code ValidateMTLSBackends}: each backend's CA plugin checks its own configuration. */
    private static ValidationErrors validateBackends(AdmissionRequest request, List<AdmissionWarning> warnings) {
        ValidationErrors errors = new ValidationErrors();
        Map<String, Object> mtls = Tree.map(request.spec().get("mtls"));
        boolean skipValidation = Boolean.TRUE.equals(mtls.get("skipValidation"));
        List<Object> backends = Tree.list(mtls.get("backends"));
        boolean kongMesh = request.target().distribution() == Distribution.KongMesh;
        FieldPath path = FieldPath.rootedAt("mtls").field("backends");
        for (int i = 0; i < backends.size(); i++) {
            Map<String, Object> backend = Tree.map(backends.get(i));
            String type = text(backend.get("type"));
            boolean known = type.equals("builtin") || type.equals("provided")
                    || (kongMesh && List.of("vault", "acmpca", "certmanager").contains(type));
            if (!known) {
                errors.addViolation(path.index(i).field("type"), "could not find installed plugin for this type");
                // Kuma stops at the first backend whose plugin is missing.
                return errors.citing(OPERATION_RULES);
            }
            if (skipValidation) {
                continue;
            }
            FieldPath conf = path.index(i).field("conf");
            switch (type) {
                case "builtin" -> errors.addAll(conf, validateBuiltin(request.name(), backend).citing(BUILTIN_CA));
                case "provided" -> {
                    ValidationErrors provided = validateProvided(backend).citing(PROVIDED_CA);
                    errors.addAll(conf, provided);
                    if (!provided.hasViolations()) {
                        warnings.add(new AdmissionWarning(conf.toString(),
                                "not judged: Kuma loads the provided CA's certificate and key at admission and checks them as a CA key pair",
                                null, null, PROVIDED_CA));
                    }
                }
                default -> warnings.add(new AdmissionWarning(conf.toString(),
                        "not judged: the rules of Kong Mesh's " + type + " CA backend are not modelled", null, null, null));
            }
        }
        return errors;
    }

    private static ValidationErrors validateBuiltin(String mesh, Map<String, Object> backend) {
        ValidationErrors errors = new ValidationErrors();
        Object conf = backend.get("conf");
        String decodeError = conf == null ? null : MeshShapes.BUILTIN_CA.check(conf);
        if (decodeError != null) {
            errors.addViolation("", "could not convert backend config: " + decodeError);
        }
        // caCert.expiration is not checked here: Kuma parses it only when it generates the CA, so a bad value is
        // admitted and then no CA is ever created.
        String secretName = mesh + ".ca-builtin-cert-" + text(backend.get("name"));
        // Kuma names this field without the backend's index.
        FieldPath name = FieldPath.rootedAt("mtls").field("backends").field("name");
        if (secretName.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
            errors.addViolation(name, "Backend name is too long. Max length: 255");
        }
        if (!isDnsName(secretName) || !secretName.equals(secretName.toLowerCase(java.util.Locale.ROOT))) {
            errors.addViolation(name, GoQuote.quote(text(backend.get("name"))) + " name must be valid dns name");
        }
        return errors;
    }

    /** govalidator's {@code IsDNSName}, as Kuma's builtin CA calls it. */
    private static boolean isDnsName(String name) {
        if (name.isEmpty() || name.replace(".", "").getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
            return false;
        }
        return DNS_NAME.matcher(name).matches() && !looksLikeIp(name);
    }

    private static boolean looksLikeIp(String name) {
        return name.matches("(\\d{1,3}\\.){3}\\d{1,3}") || (name.contains(":") && name.matches("[0-9a-fA-F:.]+"));
    }

    private static ValidationErrors validateProvided(Map<String, Object> backend) {
        ValidationErrors errors = new ValidationErrors();
        Object conf = backend.get("conf");
        String decodeError = conf == null ? null : MeshShapes.PROVIDED_CA.check(conf);
        if (decodeError != null) {
            errors.addViolation("", "could not convert backend config: " + decodeError);
            return errors;
        }
        for (String field : List.of("cert", "key")) {
            Object source = Tree.map(conf).get(field);
            if (source == null) {
                errors.addViolation(field, "has to be defined");
            } else {
                errors.addAll(field, validateDataSource(Tree.map(source)));
            }
        }
        return errors;
    }

    /** Kuma {@code pkg/core/datasource/validator.go}: a data source is one of secret, file, inline. */
    private static ValidationErrors validateDataSource(Map<String, Object> source) {
        ValidationErrors errors = new ValidationErrors();
        List<String> set = new ArrayList<>();
        for (String key : List.of("secret", "file", "inline", "inlineString")) {
            if (source.get(key) != null) {
                set.add(key);
            }
        }
        if (set.isEmpty()) {
            errors.addViolation("", "data source has to be chosen. Available sources: secret, file, inline");
            return errors;
        }
        // jsonpb keeps the last member of the oneof it reads, in declaration order.
        String chosen = set.get(set.size() - 1);
        switch (chosen) {
            case "secret", "file" -> {
                if (text(source.get(chosen)).isEmpty()) {
                    errors.addViolation(chosen, "cannot be empty");
                }
            }
            case "inline" -> {
                if (text(source.get("inline")).isEmpty()) {
                    errors.addViolation("inline", "cannot be empty");
                }
            }
            default -> {
            }
        }
        return errors;
    }

    private static void validateDelete(AdmissionRequest request, ValidationErrors errors, List<AdmissionWarning> warnings) {
        Integer dataplanes = request.facts().dataplanesInMesh();
        if (dataplanes == null) {
            warnings.add(new AdmissionWarning("mesh",
                    "not judged: Kuma refuses to delete a Mesh that still has Dataplanes, and how many this one has is not known here",
                    null, null, OPERATION_RULES));
            return;
        }
        if (dataplanes > 0) {
            errors.addViolation("mesh", "unable to delete mesh, there are still some dataplanes attached");
            errors.citing(OPERATION_RULES);
        }
    }

    /** Kuma 2.10+ warns of Mesh names that are not DNS-1035 labels (Kuma {@code deprecated.go}). */
    private static List<AdmissionWarning> deprecations(AdmissionRequest request) {
        String name = request.name();
        if (!request.target().atLeast(2, 10) || name == null) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        if (name.length() > 63) {
            problems.add("must be no more than 63 characters");
        }
        if (!DNS_1035_LABEL.matcher(name).matches()) {
            problems.add("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic"
                    + " character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for"
                    + " validation is '[a-z]([-a-z0-9]*[a-z0-9])?')");
        }
        if (problems.isEmpty()) {
            return List.of();
        }
        return List.of(new AdmissionWarning("metadata.name", "Invalid Mesh resource name: '" + name
                + "'. It does not conform to the DNS format (RFC 1035). This is deprecated. Errors: " + String.join("; ", problems),
                "a name that is a DNS-1035 label", null, DEPRECATIONS));
    }

    /** A protobuf string field as Go reads it: absent or null is empty. */
    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }

    private static double number(Object value) {
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            try {
                return Double.parseDouble(s);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /** The protobuf messages Kuma decodes a Mesh and its backends' {@code conf} into (Kuma {@code api/mesh/v1alpha1}). */
    static final class MeshShapes {

        private MeshShapes() {
        }

        static final ProtoJsonShape.Message CA_BACKEND = ProtoJsonShape.Message.of(
                "name", ProtoJsonShape.STRING,
                "type", ProtoJsonShape.STRING,
                "dpCert", ProtoJsonShape.Message.of(
                        "rotation", ProtoJsonShape.Message.of("expiration", ProtoJsonShape.STRING),
                        "requestTimeout", ProtoJsonShape.DURATION),
                "conf", ProtoJsonShape.STRUCT,
                "mode", new ProtoJsonShape.Enum("kuma.mesh.v1alpha1.CertificateAuthorityBackend.Mode", List.of("STRICT", "PERMISSIVE")),
                "rootChain", ProtoJsonShape.Message.of("requestTimeout", ProtoJsonShape.DURATION));

        static final ProtoJsonShape.Message NAMED_BACKEND = ProtoJsonShape.Message.of(
                "name", ProtoJsonShape.STRING,
                "format", ProtoJsonShape.STRING,
                "type", ProtoJsonShape.STRING,
                "conf", ProtoJsonShape.STRUCT);

        static final ProtoJsonShape.Message MESH = ProtoJsonShape.Message.of(
                "mtls", ProtoJsonShape.Message.of(
                        "enabledBackend", ProtoJsonShape.STRING,
                        "backends", new ProtoJsonShape.Repeated(CA_BACKEND),
                        "skipValidation", ProtoJsonShape.BOOL),
                "tracing", ProtoJsonShape.Message.of(
                        "defaultBackend", ProtoJsonShape.STRING,
                        "backends", new ProtoJsonShape.Repeated(ProtoJsonShape.Message.of(
                                "name", ProtoJsonShape.STRING,
                                "sampling", ProtoJsonShape.DOUBLE_VALUE,
                                "type", ProtoJsonShape.STRING,
                                "conf", ProtoJsonShape.STRUCT))),
                "logging", ProtoJsonShape.Message.of(
                        "defaultBackend", ProtoJsonShape.STRING,
                        "backends", new ProtoJsonShape.Repeated(NAMED_BACKEND)),
                "metrics", ProtoJsonShape.Message.of(
                        "enabledBackend", ProtoJsonShape.STRING,
                        "backends", new ProtoJsonShape.Repeated(ProtoJsonShape.Message.of(
                                "name", ProtoJsonShape.STRING,
                                "type", ProtoJsonShape.STRING,
                                "conf", ProtoJsonShape.STRUCT))),
                "networking", ProtoJsonShape.Message.of(
                        "outbound", ProtoJsonShape.Message.of("passthrough", ProtoJsonShape.BOOL_VALUE)),
                "routing", ProtoJsonShape.Message.of(
                        "localityAwareLoadBalancing", ProtoJsonShape.BOOL,
                        "zoneEgress", ProtoJsonShape.BOOL,
                        "defaultForbidMeshExternalServiceAccess", ProtoJsonShape.BOOL),
                "constraints", ProtoJsonShape.Message.of(
                        "dataplaneProxy", ProtoJsonShape.Message.of(
                                "requirements", new ProtoJsonShape.Repeated(ProtoJsonShape.Message.of("tags", ProtoJsonShape.STRING_MAP)),
                                "restrictions", new ProtoJsonShape.Repeated(ProtoJsonShape.Message.of("tags", ProtoJsonShape.STRING_MAP)))),
                "skipCreatingInitialPolicies", new ProtoJsonShape.Repeated(ProtoJsonShape.STRING),
                "meshServices", ProtoJsonShape.Message.of(
                        "mode", new ProtoJsonShape.Enum("kuma.mesh.v1alpha1.Mesh.MeshServices.Mode",
                                List.of("Disabled", "Everywhere", "ReachableBackends", "Exclusive"))));

        static final ProtoJsonShape.Message FILE_LOGGING = ProtoJsonShape.Message.of("path", ProtoJsonShape.STRING);
        static final ProtoJsonShape.Message TCP_LOGGING = ProtoJsonShape.Message.of("address", ProtoJsonShape.STRING);
        static final ProtoJsonShape.Message DATADOG = ProtoJsonShape.Message.of(
                "address", ProtoJsonShape.STRING,
                "port", ProtoJsonShape.UINT32,
                "splitService", ProtoJsonShape.BOOL);
        static final ProtoJsonShape.Message ZIPKIN = ProtoJsonShape.Message.of(
                "url", ProtoJsonShape.STRING,
                "traceId128bit", ProtoJsonShape.BOOL,
                "apiVersion", ProtoJsonShape.STRING,
                "sharedSpanContext", ProtoJsonShape.BOOL_VALUE);
        static final ProtoJsonShape.Message PROMETHEUS = ProtoJsonShape.Message.of(
                "port", ProtoJsonShape.UINT32,
                "path", ProtoJsonShape.STRING,
                "tags", ProtoJsonShape.STRING_MAP,
                "skipMTLS", ProtoJsonShape.BOOL_VALUE,
                "aggregate", new ProtoJsonShape.Repeated(ProtoJsonShape.Message.of(
                        "name", ProtoJsonShape.STRING,
                        "port", ProtoJsonShape.UINT32,
                        "path", ProtoJsonShape.STRING,
                        "enabled", ProtoJsonShape.BOOL_VALUE,
                        "address", ProtoJsonShape.STRING)),
                "envoy", ProtoJsonShape.Message.of(
                        "filterRegex", ProtoJsonShape.STRING,
                        "usedOnly", ProtoJsonShape.BOOL_VALUE),
                "tls", ProtoJsonShape.Message.of(
                        "mode", new ProtoJsonShape.Enum("kuma.mesh.v1alpha1.PrometheusTlsConfig.Mode",
                                List.of("activeMTLSBackend", "providedTLS", "disabled"))));
        static final ProtoJsonShape.Message BUILTIN_CA = ProtoJsonShape.Message.of(
                "caCert", ProtoJsonShape.Message.of(
                        "RSAbits", ProtoJsonShape.UINT32_VALUE,
                        "expiration", ProtoJsonShape.STRING));
        private static final ProtoJsonShape.Message DATA_SOURCE = ProtoJsonShape.Message.of(
                "secret", ProtoJsonShape.STRING,
                "file", ProtoJsonShape.STRING,
                "inline", ProtoJsonShape.STRING,
                "inlineString", ProtoJsonShape.STRING);
        static final ProtoJsonShape.Message PROVIDED_CA = ProtoJsonShape.Message.of(
                "cert", DATA_SOURCE,
                "key", DATA_SOURCE);
    }
}
