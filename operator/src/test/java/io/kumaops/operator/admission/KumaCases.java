package io.kumaops.operator.admission;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kuma's own admission cases (vendored from Kuma's v2.14.3 validator tests) and the project's own cases in the same
 * shape, read from the test classpath.
 */
public final class KumaCases {

    /** The ten kinds of Kuma's vendored cases. */
    public static final List<String> KUMA_KINDS = List.of("Mesh", "MeshCircuitBreaker", "MeshHealthCheck", "MeshIdentity",
            "MeshRateLimit", "MeshRetry", "MeshTLS", "MeshTimeout", "MeshTrafficPermission", "MeshTrust");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * One case: a spec (or a whole object), Kuma's verdict and, for refusals, the violations.
     *
     * @param source the file the case came from (Kuma's test, or the project's case file)
     */
    public record Case(String source, String name, String kind, Map<String, Object> spec, boolean valid, List<Violation> violations,
                       Map<String, Object> raw) {

        @Override
        public String toString() {
            return kind + ": " + name;
        }
    }

    private KumaCases() {
    }

    /**
     * The project's own cases ({@code src/test/resources/kuma/cases/*.yaml}): the same shape as Kuma's, plus what
     * Kuma's spec-only cases leave out. Optional keys: {@code distribution} (Kuma|KongMesh, default Kuma),
     * {@code kumaVersion} (default 2.14), {@code role} (Standalone|Zone|Global), {@code metadata} (name, namespace,
     * labels, annotations; default: name {@code case} in the system namespace), {@code operation}
     * (CREATE|UPDATE|DELETE), {@code previousSpec} (the stored object's spec, for UPDATE/DELETE), {@code user}
     * (the requesting user: {@code username} and optional {@code groups}; default an ordinary user), {@code warnings}
     * (the expected warnings' fields), {@code facts} (what is known of the cluster, as {@link AdmissionFacts}: {@code
     * dataplanesInMesh}; default unknown), and {@code kumaSource} (required: the Kuma file the rule comes from).
     */
    public static List<Case> own() {
        try (var files = java.nio.file.Files.list(ownCasesDir())) {
            List<Case> all = new ArrayList<>();
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                all.addAll(read("kuma/cases/" + file.getFileName()));
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static java.nio.file.Path ownCasesDir() {
        try {
            return java.nio.file.Path.of(KumaCases.class.getClassLoader().getResource("kuma/cases").toURI());
        } catch (java.net.URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resources kuma/cases missing", e);
        }
    }

    /** The request a case describes: its target, operation, object, previous object and requesting user. */
    public static AdmissionRequest requestOf(Case c) {
        Map<String, Object> raw = c.raw();
        AdmissionTarget target = new AdmissionTarget(
                io.kumaops.operator.api.v1alpha1.Distribution.valueOf(String.valueOf(raw.getOrDefault("distribution", "Kuma"))),
                io.kumaops.operator.model.KumaVersion.parse(String.valueOf(raw.getOrDefault("kumaVersion", "2.14"))),
                null,
                io.kumaops.operator.api.v1alpha1.ControlPlaneRole.valueOf(String.valueOf(raw.getOrDefault("role", "Standalone"))));
        Map<String, Object> object = objectOf(c, target.systemNamespace());
        if (raw.get("metadata") != null) {
            object.put("metadata", new LinkedHashMap<>(Tree.map(raw.get("metadata"))));
        }
        AdmissionRequest.Operation operation = AdmissionRequest.Operation.valueOf(String.valueOf(raw.getOrDefault("operation", "CREATE")));
        Map<String, Object> previous = null;
        if (raw.get("previousSpec") != null) {
            previous = new LinkedHashMap<>(object);
            previous.put("spec", Tree.map(raw.get("previousSpec")));
        }
        AdmissionRequest.UserInfo user = null;
        if (raw.get("user") != null) {
            Map<String, Object> userInfo = Tree.map(raw.get("user"));
            user = new AdmissionRequest.UserInfo(String.valueOf(userInfo.get("username")),
                    Tree.list(userInfo.get("groups")).stream().map(String::valueOf).toList());
        }
        Map<String, Object> facts = Tree.map(raw.get("facts"));
        Object dataplanes = facts.get("dataplanesInMesh");
        AdmissionFacts known = dataplanes == null ? AdmissionFacts.unknown()
                : AdmissionFacts.dataplanesInMesh(Integer.parseInt(String.valueOf(dataplanes)));
        return new AdmissionRequest(target, operation, object, previous, user, known);
    }

    /** Fields of the warnings a case expects (empty when it names none). */
    public static List<String> expectedWarnings(Case c) {
        List<String> fields = new ArrayList<>();
        for (Object w : Tree.list(c.raw().get("warnings"))) {
            fields.add(String.valueOf(w));
        }
        return fields;
    }

    /** Kuma's vendored cases for one kind. */
    public static List<Case> kuma(String kind) {
        return read("kuma/v2.14.3/validation-cases/" + kind + ".yaml");
    }

    @SuppressWarnings("unchecked")
    public static List<Case> read(String resource) {
        try (InputStream in = KumaCases.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing: " + resource);
            }
            List<Map<String, Object>> items = YAML.readValue(in, List.class);
            List<Case> cases = new ArrayList<>();
            for (Map<String, Object> item : items) {
                List<Violation> violations = new ArrayList<>();
                for (Object v : Tree.list(item.get("violations"))) {
                    Map<String, Object> violation = Tree.map(v);
                    violations.add(new Violation(String.valueOf(violation.get("field")), String.valueOf(violation.get("message"))));
                }
                cases.add(new Case(resource, String.valueOf(item.get("name")), String.valueOf(item.get("kind")),
                        item.get("spec") == null ? new LinkedHashMap<>() : Tree.map(item.get("spec")),
                        Boolean.TRUE.equals(item.get("valid")), violations, item));
            }
            return cases;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The object Kuma's test judges: Kuma's validator tests give a spec alone, with no labels (so a policy is a system
     * policy, Kuma {@code pkg/core/resources/model/resource.go} {@code PolicyRole}) in the system namespace.
     */
    public static Map<String, Object> objectOf(Case c, String systemNamespace) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", "case");
        if (!"Mesh".equals(c.kind()) && !"Zone".equals(c.kind())) {
            metadata.put("namespace", systemNamespace);
        }
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("apiVersion", "kuma.io/v1alpha1");
        object.put("kind", c.kind());
        object.put("metadata", metadata);
        object.put("spec", c.spec());
        return object;
    }
}
