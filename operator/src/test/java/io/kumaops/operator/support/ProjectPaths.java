package io.kumaops.operator.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the repository and the shared Kuma data live, seen from a test. */
public final class ProjectPaths {

    private ProjectPaths() {
    }

    public static Path root() {
        String configured = System.getProperty("kumaops.projectRoot");
        Path root = configured != null ? Path.of(configured) : Path.of("..");
        return root.toAbsolutePath().normalize();
    }

    /** Kuma's real CRDs (../shared/kuma/crds-v2.14.3 beside the repository), when present. */
    public static Optional<Path> kumaCrds() {
        String configured = System.getenv("KUMA_CRDS_DIR");
        Path dir = configured != null ? Path.of(configured) : root().resolveSibling("shared").resolve("kuma").resolve("crds-v2.14.3");
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }
}
