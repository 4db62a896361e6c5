package io.kumaops.operator.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.schema.CrdSchemas;
import io.kumaops.operator.schema.StructuralSchemaValidator;
import io.kumaops.operator.validate.ProfileValidator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads profiles from files, directories and stdin, checks them against the same schema the API server
 * enforces (stricter: unknown fields are errors) and then against the cross-field rules of
 * {@link ProfileValidator}. Nothing half-valid comes out: either every profile is valid or an exception names
 * the first document that is not.
 */
public final class ProfileLoader {

    public static final String STDIN = "-";
    private static final Pattern DOCUMENT_SEPARATOR = Pattern.compile("^---(\\s.*)?$");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper BINDER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private final StructuralSchemaValidator schemaValidator =
            new StructuralSchemaValidator(CrdSchemas.schemaOf(CrdSchemas.profileCrd()));
    private final boolean skipOtherKinds;
    private final List<LoadedKumaResource> kumaResources = new ArrayList<>();

    private ProfileLoader(boolean skipOtherKinds) {
        this.skipOtherKinds = skipOtherKinds;
    }

    /** A loader for {@code render}: a document of another kind is an error. */
    public static ProfileLoader strict() {
        return new ProfileLoader(false);
    }

    /** A loader for {@code lint}: documents of other kinds are skipped. */
    public static ProfileLoader skippingOtherKinds() {
        return new ProfileLoader(true);
    }

    public List<LoadedProfile> load(List<String> sources, InputStream stdin) throws ProfileInputException {
        List<LoadedProfile> profiles = new ArrayList<>();
        for (String source : sources) {
            if (STDIN.equals(source)) {
                profiles.addAll(parse("<stdin>", readAll(stdin)));
                continue;
            }
            Path path = Path.of(source);
            if (Files.isDirectory(path)) {
                for (Path file : yamlFilesUnder(path)) {
                    profiles.addAll(parse(file.toString(), read(file)));
                }
            } else if (Files.isRegularFile(path)) {
                profiles.addAll(parse(source, read(path)));
            } else {
                throw new ProfileInputException(source, List.of("no such file or directory"));
            }
        }
        return profiles;
    }

    private static final com.fasterxml.jackson.core.type.TypeReference<java.util.Map<String, Object>> MAP = new com.fasterxml.jackson.core.type.TypeReference<>() {
    };

    /** The Kuma resources (kuma.io kinds) met among the documents this loader skipped, in the order read. */
    public List<LoadedKumaResource> kumaResources() {
        return List.copyOf(kumaResources);
    }

    /** Parses every profile document in one text. */
    public List<LoadedProfile> parse(String source, String text) throws ProfileInputException {
        List<LoadedProfile> profiles = new ArrayList<>();
        int documentIndex = 0;
        for (Document document : split(text)) {
            documentIndex++;
            String location = source + " (document " + documentIndex + ", line " + document.line + ")";
            JsonNode node;
            try {
                node = YAML.readTree(document.text);
            } catch (JsonProcessingException e) {
                throw new ProfileInputException(location, List.of("not valid YAML: " + e.getOriginalMessage()
                        + (e.getLocation() == null ? "" : " at line " + (document.line + e.getLocation().getLineNr() - 1))));
            }
            if (node == null || node.isNull() || node.isMissingNode()) {
                continue;
            }
            if (!node.isObject()) {
                throw new ProfileInputException(location, List.of("a Kubernetes object (a YAML mapping) is expected"));
            }
            String kind = node.path("kind").asText("");
            String apiVersion = node.path("apiVersion").asText("");
            if (!KumaProductionProfile.KIND.equals(kind)) {
                if (skipOtherKinds) {
                    if (apiVersion.startsWith("kuma.io/")) {
                        kumaResources.add(new LoadedKumaResource(BINDER.convertValue(node, MAP), source, documentIndex, document.line));
                    }
                    continue;
                }
                throw new ProfileInputException(location, List.of("kind: \"" + kind + "\" is not a "
                        + KumaProductionProfile.KIND + "; set kind: " + KumaProductionProfile.KIND));
            }
            if (!KumaProductionProfile.API_VERSION.equals(apiVersion)) {
                throw new ProfileInputException(location, List.of("apiVersion: \"" + apiVersion
                        + "\" is not served; set apiVersion: " + KumaProductionProfile.API_VERSION));
            }
            profiles.add(new LoadedProfile(toProfile(location, (ObjectNode) node), source, documentIndex, document.line));
        }
        return profiles;
    }

    /** Validates and binds one object node; also used for objects read from the API server. */
    public KumaProductionProfile toProfile(String location, ObjectNode node) throws ProfileInputException {
        List<String> problems = new ArrayList<>();
        String name = node.path("metadata").path("name").asText("");
        if (name.isBlank()) {
            problems.add("metadata.name: is required");
        }
        ObjectNode forSchema = node.deepCopy();
        forSchema.remove(List.of("apiVersion", "kind", "metadata", "status"));
        problems.addAll(schemaValidator.validate(forSchema, ""));
        if (!problems.isEmpty()) {
            throw new ProfileInputException(location, problems);
        }
        KumaProductionProfile profile;
        try {
            ObjectNode bindable = node.deepCopy();
            bindable.remove("status");
            profile = BINDER.treeToValue(bindable, KumaProductionProfile.class);
        } catch (JsonProcessingException e) {
            throw new ProfileInputException(location, List.of(e.getOriginalMessage()));
        }
        profile.withDefaultedSpec();
        List<String> semanticProblems = ProfileValidator.validate(profile);
        if (!semanticProblems.isEmpty()) {
            throw new ProfileInputException(location, semanticProblems);
        }
        return profile;
    }

    private static List<Path> yamlFilesUnder(Path directory) throws ProfileInputException {
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new ProfileInputException(directory.toString(), List.of("cannot list directory: " + e.getMessage()));
        }
    }

    private static String read(Path file) throws ProfileInputException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProfileInputException(file.toString(), List.of("cannot read: " + e.getMessage()));
        }
    }

    private static String readAll(InputStream in) throws ProfileInputException {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProfileInputException("<stdin>", List.of("cannot read: " + e.getMessage()));
        }
    }

    private record Document(String text, int line) {
    }

    /** Splits multi-document YAML on {@code ---} lines, remembering where each document starts. */
    private static List<Document> split(String text) {
        List<Document> documents = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int start = 1;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (DOCUMENT_SEPARATOR.matcher(lines[i]).matches()) {
                documents.add(new Document(current.toString(), start));
                current.setLength(0);
                start = i + 2;
            } else {
                current.append(lines[i]).append('\n');
            }
        }
        documents.add(new Document(current.toString(), start));
        return documents;
    }
}
