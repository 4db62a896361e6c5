package io.kumaops.operator.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.model.Quoted;
import io.kumaops.operator.schema.CrdSchemas;
import io.kumaops.operator.schema.StructuralSchemaValidator;
import io.kumaops.operator.validate.ProfileValidator;
import io.kumaops.operator.yaml.YamlInputException;
import io.kumaops.operator.yaml.YamlStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads profiles from files, directories and stdin, checks them against the same schema the API server
 * enforces (stricter: unknown fields are errors) and then against the cross-field rules of
 * {@link ProfileValidator}. Nothing half-valid comes out: either every profile is valid or an exception names
 * the first document that is not. Input beyond {@link InputLimits} is refused before it is parsed.
 */
public final class ProfileLoader {

    public static final String STDIN = "-";
    private static final String STDIN_NAME = "<stdin>";

    private static final ObjectMapper BINDER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final StructuralSchemaValidator schemaValidator =
            new StructuralSchemaValidator(CrdSchemas.schemaOf(CrdSchemas.profileCrd()));
    private final boolean skipOtherKinds;
    private final InputLimits limits;
    private final YamlStream yaml;
    private final List<LoadedKumaResource> kumaResources = new ArrayList<>();
    private long bytesRead;
    private int documentsRead;
    private int profilesRead;

    private ProfileLoader(boolean skipOtherKinds, InputLimits limits) {
        this.skipOtherKinds = skipOtherKinds;
        this.limits = limits;
        this.yaml = new YamlStream((int) Math.min(Integer.MAX_VALUE - 1, limits.maxFileBytes()));
    }

    /** A loader for {@code render}: a document of another kind is an error. */
    public static ProfileLoader strict() {
        return new ProfileLoader(false, InputLimits.DEFAULT);
    }

    public static ProfileLoader strict(InputLimits limits) {
        return new ProfileLoader(false, limits);
    }

    /** A loader for {@code lint}: documents of other kinds are skipped. */
    public static ProfileLoader skippingOtherKinds() {
        return new ProfileLoader(true, InputLimits.DEFAULT);
    }

    public static ProfileLoader skippingOtherKinds(InputLimits limits) {
        return new ProfileLoader(true, limits);
    }

    public List<LoadedProfile> load(List<String> sources, InputStream stdin) throws ProfileInputException {
        List<LoadedProfile> profiles = new ArrayList<>();
        for (String source : sources) {
            if (STDIN.equals(source)) {
                profiles.addAll(parse(STDIN_NAME, readStdin(stdin)));
                continue;
            }
            Path path = Path.of(source);
            if (Files.isDirectory(path)) {
                for (Path file : yamlFilesUnder(path)) {
                    profiles.addAll(parse(file.toString(), read(file)));
                }
            } else if (Files.isRegularFile(path)) {
                profiles.addAll(parse(source, read(path)));
            } else if (Files.exists(path)) {
                throw new ProfileInputException(source, List.of("not a regular file or a directory; pass a file, a directory or - for stdin"));
            } else {
                throw new ProfileInputException(source, List.of("no such file or directory"));
            }
        }
        return profiles;
    }

    /** The Kuma resources (kuma.io kinds) met among the documents this loader skipped, in the order read. */
    public List<LoadedKumaResource> kumaResources() {
        return List.copyOf(kumaResources);
    }

    /** Parses every profile document in one text. */
    public List<LoadedProfile> parse(String source, String text) throws ProfileInputException {
        if (text.length() > limits.maxFileBytes()) {
            throw new ProfileInputException(source, List.of(tooLarge(Long.toString(text.length()))));
        }
        List<LoadedProfile> profiles = new ArrayList<>();
        try {
            yaml.read(text, document -> accept(source, document, profiles));
        } catch (YamlInputException e) {
            throw new ProfileInputException(location(source, e.documentIndex(), e.line()), List.of(e.getMessage()));
        }
        return profiles;
    }

    private void accept(String source, YamlStream.Document document, List<LoadedProfile> profiles) throws ProfileInputException {
        String location = location(source, document.index(), document.line());
        if (++documentsRead > limits.maxDocuments()) {
            throw new ProfileInputException(location, List.of("more than " + limits.maxDocuments()
                    + " YAML documents in one run, the input limit (docs/reliability.md#input-limits); read fewer files at once"));
        }
        if (document.isEmpty()) {
            return;
        }
        JsonNode node = document.node();
        if (!node.isObject()) {
            throw new ProfileInputException(location, List.of("a Kubernetes object (a YAML mapping) is expected"));
        }
        String kind = node.path("kind").isTextual() ? node.path("kind").asText() : "";
        String apiVersion = node.path("apiVersion").isTextual() ? node.path("apiVersion").asText() : "";
        if (!KumaProductionProfile.KIND.equals(kind)) {
            boolean ourGroup = apiVersion.equals(KumaProductionProfile.GROUP) || apiVersion.startsWith(KumaProductionProfile.GROUP + "/");
            if (skipOtherKinds && !ourGroup) {
                if (apiVersion.startsWith("kuma.io/")) {
                    kumaResources.add(new LoadedKumaResource(BINDER.convertValue(node, MAP), source, document.index(), document.line()));
                }
                return;
            }
            // A misspelled kind in our own group is a mistake, not another kind: lint must not pass it silently.
            throw new ProfileInputException(location, List.of("kind: " + Quoted.of(kind) + " is not a "
                    + KumaProductionProfile.KIND + (ourGroup ? " (the only kind of " + KumaProductionProfile.GROUP + ")" : "")
                    + "; set kind: " + KumaProductionProfile.KIND));
        }
        if (!KumaProductionProfile.API_VERSION.equals(apiVersion)) {
            throw new ProfileInputException(location, List.of("apiVersion: " + Quoted.of(apiVersion)
                    + " is not served; set apiVersion: " + KumaProductionProfile.API_VERSION));
        }
        if (++profilesRead > limits.maxProfiles()) {
            throw new ProfileInputException(location, List.of("more than " + limits.maxProfiles()
                    + " profiles in one run, the input limit (docs/reliability.md#input-limits); read fewer files at once"));
        }
        profiles.add(new LoadedProfile(toProfile(location, (ObjectNode) node), source, document.index(), document.line()));
    }

    private static String location(String source, int documentIndex, int line) {
        if (documentIndex <= 0) {
            return line > 0 ? source + " (line " + line + ")" : source;
        }
        return source + " (document " + documentIndex + ", line " + line + ")";
    }

    /** Validates and binds one object node; also used for objects read from the API server. */
    public KumaProductionProfile toProfile(String location, ObjectNode node) throws ProfileInputException {
        List<String> problems = new ArrayList<>();
        JsonNode metadata = node.path("metadata");
        if (!metadata.isObject()) {
            problems.add(metadata.isMissingNode() || metadata.isNull() ? "metadata.name: is required" : "metadata: must be an object");
        } else if (!metadata.path("name").isTextual() || metadata.path("name").asText().isBlank()) {
            problems.add(metadata.path("name").isMissingNode() || metadata.path("name").isNull()
                    || metadata.path("name").asText().isBlank() ? "metadata.name: is required" : "metadata.name: must be a string");
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
            throw new ProfileInputException(location, List.of(bindingProblem(e)));
        }
        profile.withDefaultedSpec();
        List<String> semanticProblems = ProfileValidator.validate(profile);
        if (!semanticProblems.isEmpty()) {
            throw new ProfileInputException(location, semanticProblems);
        }
        return profile;
    }

    /** A binding failure as {@code path: problem}: Jackson's own message names no field. */
    static String bindingProblem(JsonProcessingException e) {
        StringBuilder path = new StringBuilder();
        if (e instanceof JsonMappingException mapping) {
            for (JsonMappingException.Reference reference : mapping.getPath()) {
                if (reference.getFieldName() != null) {
                    path.replace(0, path.length(), Quoted.field(path.toString(), reference.getFieldName()));
                } else if (reference.getIndex() >= 0) {
                    path.append('[').append(reference.getIndex()).append(']');
                }
            }
        }
        String message = String.valueOf(e.getOriginalMessage());
        if (message.contains("Invalid quantity string format")) {
            message = "not a Kubernetes quantity; write e.g. 500m, 2, 128Mi or 1Gi";
        } else {
            int end = message.indexOf('\n');
            message = Quoted.oneLine(end < 0 ? message : message.substring(0, end));
        }
        return (path.length() == 0 ? "the object" : path) + ": " + message;
    }

    private List<Path> yamlFilesUnder(Path directory) throws ProfileInputException {
        List<Path> files = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try {
            Files.walkFileTree(directory, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    String name = file.getFileName().toString();
                    if (attributes.isRegularFile() && (name.endsWith(".yaml") || name.endsWith(".yml"))) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    // An unreadable subdirectory would otherwise hide its profiles: say which one.
                    failures.add(file + ": cannot read: " + describe(e));
                    return FileVisitResult.TERMINATE;
                }
            });
        } catch (IOException e) {
            throw new ProfileInputException(directory.toString(), List.of("cannot list directory: " + describe(e)));
        }
        if (!failures.isEmpty()) {
            throw new ProfileInputException(directory.toString(), failures);
        }
        files.sort(null);
        return files;
    }

    private String read(Path file) throws ProfileInputException {
        try {
            long size = Files.size(file);
            if (size > limits.maxFileBytes()) {
                throw new ProfileInputException(file.toString(), List.of(tooLarge(Long.toString(size))));
            }
            checkTotal(file.toString(), size);
            try (InputStream in = Files.newInputStream(file)) {
                return decode(file.toString(), readBounded(file.toString(), in));
            }
        } catch (IOException e) {
            throw new ProfileInputException(file.toString(), List.of("cannot read: " + describe(e)));
        }
    }

    private String readStdin(InputStream in) throws ProfileInputException {
        try {
            return decode(STDIN_NAME, readBounded(STDIN_NAME, in));
        } catch (IOException e) {
            throw new ProfileInputException(STDIN_NAME, List.of("cannot read: " + describe(e)));
        }
    }

    /** Reads at most one byte past the limit, so a growing file or an endless pipe is refused, not buffered. */
    private byte[] readBounded(String source, InputStream in) throws IOException, ProfileInputException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxFileBytes() + 1));
        if (bytes.length > limits.maxFileBytes()) {
            throw new ProfileInputException(source, List.of(tooLarge("more")));
        }
        checkTotal(source, bytes.length);
        bytesRead += bytes.length;
        return bytes;
    }

    private void checkTotal(String source, long more) throws ProfileInputException {
        if (bytesRead + more > limits.maxTotalBytes()) {
            throw new ProfileInputException(source, List.of("reading it would pass " + InputLimits.bytes(limits.maxTotalBytes())
                    + " of input in one run, the input limit (docs/reliability.md#input-limits); read fewer files at once"));
        }
    }

    private String tooLarge(String size) {
        return size + " bytes, more than the input limit of " + InputLimits.bytes(limits.maxFileBytes())
                + " per file (docs/reliability.md#input-limits); split it";
    }

    private static String decode(String source, byte[] bytes) throws ProfileInputException {
        try {
            return YamlStream.decodeUtf8(bytes);
        } catch (YamlInputException e) {
            throw new ProfileInputException(location(source, 0, e.line()), List.of(e.getMessage()));
        }
    }

    private static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        return Quoted.oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }
}
