package io.kumaops.operator.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kumaops.operator.yaml.YamlInputException;
import io.kumaops.operator.yaml.YamlStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the openAPIV3Schema of a CustomResourceDefinition file. */
public final class CrdSchemas {

    /** The profile CRD, generated into the jar by the build. */
    public static final String PROFILE_CRD_RESOURCE = "META-INF/fabric8/kumaproductionprofiles.kumaops.io-v1.yml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private CrdSchemas() {
    }

    public static JsonNode profileCrd() {
        try (InputStream in = CrdSchemas.class.getClassLoader().getResourceAsStream(PROFILE_CRD_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the profile CRD " + PROFILE_CRD_RESOURCE + " is missing from the classpath; build with mvn package");
            }
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first document of a CRD file, read like every other YAML from outside. */
    public static JsonNode readCrd(Path file) {
        try {
            return new YamlStream(Integer.MAX_VALUE - 1).readAll(YamlStream.decodeUtf8(Files.readAllBytes(file))).stream()
                    .filter(document -> !document.isEmpty()).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(file + ": no document")).node();
        } catch (YamlInputException e) {
            throw new IllegalArgumentException(file + " (line " + e.line() + "): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The schema of the served version of a CRD (the first version that is served). */
    public static JsonNode schemaOf(JsonNode crd) {
        for (JsonNode version : crd.path("spec").path("versions")) {
            if (version.path("served").asBoolean(true)) {
                return version.path("schema").path("openAPIV3Schema");
            }
        }
        throw new IllegalArgumentException("CRD " + crd.path("metadata").path("name").asText() + " serves no version");
    }
}
