package io.kumaops.operator.support;

import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.load.LoadedProfile;
import io.kumaops.operator.load.ProfileInputException;
import io.kumaops.operator.load.ProfileLoader;
import java.nio.file.Path;
import java.util.List;

/** Builds profiles for tests from YAML, through the same loader users go through. */
public final class TestProfiles {

    /** mTLS on with one builtin backend: the shape open-source Kuma admits. */
    public static final String MTLS_SPEC = """
            mtls:
              enabled: true
              enabledBackend: ca-1
              backends:
                - {name: ca-1, type: Builtin}
            """;


    private TestProfiles() {
    }

    /** A profile named {@code name} whose spec is the given YAML block (indented by the caller or not). */
    public static KumaProductionProfile fromSpec(String name, String specYaml) {
        String indented = specYaml.isBlank() ? "  {}" : specYaml.stripIndent().lines().map(l -> "  " + l)
                .reduce((a, b) -> a + "\n" + b).orElse("");
        return fromYaml("""
                apiVersion: kumaops.io/v1alpha1
                kind: KumaProductionProfile
                metadata:
                  name: %s
                spec:
                %s
                """.formatted(name, indented));
    }

    public static KumaProductionProfile fromYaml(String yaml) {
        try {
            List<LoadedProfile> loaded = ProfileLoader.strict().parse("test", yaml);
            return loaded.get(0).profile();
        } catch (ProfileInputException e) {
            throw new AssertionError("test profile is invalid: " + e.getMessage(), e);
        }
    }

    public static KumaProductionProfile example(String file) {
        try {
            return ProfileLoader.strict().load(List.of(ProjectPaths.root().resolve("examples").resolve(file).toString()), System.in)
                    .get(0).profile();
        } catch (ProfileInputException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    public static List<Path> examples() {
        try (var files = java.nio.file.Files.list(ProjectPaths.root().resolve("examples"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
