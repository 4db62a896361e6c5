package io.kumaops.operator.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import picocli.CommandLine;

/**
 * The workload the launcher ({@code bin/kuma-production-operator}) records once into a class-data sharing archive, so
 * that later starts map the classes the offline commands need instead of reading, parsing and verifying them again
 * (docs/performance.md#start-up): render and lint of the examples the jar carries in every output format, lint of the
 * Kuma resources render wrote, a refused file, help, the version and completion. Everything they print is discarded;
 * a command that ends with an unexpected exit code fails the run (exit 1), so an archive never silently misses a path.
 *
 * <p>{@code java -XX:ArchiveClassesAtExit=FILE -cp JAR io.kumaops.operator.cli.StartupTraining}
 */
public final class StartupTraining {

    private static final String BUNDLED_EXAMPLES = "local/examples/";
    private static final Set<Integer> LINT_EXITS = Set.of(ExitCodes.OK, ExitCodes.FINDINGS);

    private StartupTraining() {
    }

    public static void main(String[] args) throws IOException, URISyntaxException {
        Path work = Files.createTempDirectory("kuma-production-operator-training-");
        try {
            train(work);
        } catch (IllegalStateException e) {
            System.err.println("error: " + e.getMessage());
            delete(work);
            System.exit(1);
        }
        delete(work);
    }

    static void train(Path work) throws IOException, URISyntaxException {
        train(extractExamples(work.resolve("examples")), work);
    }

    static void train(Path examplesDir, Path work) throws IOException {
        String examples = examplesDir.toString();
        StringWriter rendered = new StringWriter();
        expect(Set.of(ExitCodes.OK), rendered, "render", "-f", examples);
        Path kumaResources = Files.writeString(work.resolve("rendered.yaml"), rendered.toString());
        expect(Set.of(ExitCodes.OK), null, "render", "-f", examples, "-o", "json");
        for (String format : List.of("text", "json", "sarif", "html")) {
            expect(LINT_EXITS, null, "lint", "-f", examples, "-o", format);
        }
        expect(LINT_EXITS, null, "lint", "-f", kumaResources.toString());
        Path refused = Files.writeString(work.resolve("refused.yaml"),
                "apiVersion: kumaops.io/v1alpha1\nkind: KumaProductionProfile\nmetadata: {name: refused}\nspec: {unknownField: 1}\n");
        expect(Set.of(ExitCodes.USAGE), null, "lint", "-f", refused.toString());
        expect(Set.of(ExitCodes.USAGE), null, "render", "--no-such-option");
        for (List<String> command : List.of(List.of("--help"), List.of("--version"), List.of("render", "--help"),
                List.of("lint", "--help"), List.of("completion", "bash"))) {
            expect(Set.of(ExitCodes.OK), null, command.toArray(String[]::new));
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void expect(Set<Integer> exits, Writer out, String... args) {
        CommandLine commandLine = Main.newCommandLine();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out == null ? Writer.nullWriter() : out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        if (!exits.contains(exit)) {
            throw new IllegalStateException("start-up training: " + String.join(" ", args) + " exited " + exit + ", expected one of "
                    + exits + ": " + err.toString().strip());
        }
    }

    /** The examples the jar carries (classes directory when run from the build), copied out: the commands read files. */
    static Path extractExamples(Path target) throws IOException, URISyntaxException {
        Files.createDirectories(target);
        Path source = Path.of(StartupTraining.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (Files.isDirectory(source)) {
            try (Stream<Path> files = Files.list(source.resolve(BUNDLED_EXAMPLES))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                    Files.copy(file, target.resolve(file.getFileName().toString()));
                }
            }
        } else {
            try (JarFile jar = new JarFile(source.toFile())) {
                for (JarEntry entry : jar.stream().filter(e -> e.getName().startsWith(BUNDLED_EXAMPLES) && e.getName().endsWith(".yaml")).toList()) {
                    try (InputStream in = jar.getInputStream(entry)) {
                        Files.copy(in, target.resolve(entry.getName().substring(BUNDLED_EXAMPLES.length())));
                    }
                }
            }
        }
        try (Stream<Path> copied = Files.list(target)) {
            if (copied.findAny().isEmpty()) {
                throw new IllegalStateException("start-up training: no examples under " + BUNDLED_EXAMPLES + " in " + source);
            }
        }
        return target;
    }
}
