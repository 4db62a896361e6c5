package io.kumaops.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/kuma-production-operator}, the launcher that starts the shaded jar with a class-data sharing archive and
 * the JVM options of a short-lived process (docs/performance.md#start-up): it prints byte for byte what
 * {@code java -jar} prints, maps the archive that {@code package} recorded, keeps the JVM's defaults for {@code run},
 * and starts without the archive, silently, when the JVM refuses it. A few JVM starts: seconds.
 */
class LauncherIT {

    private static final List<String> LINT_EXAMPLES = List.of("lint", "-f", "examples/");
    /** {@code java -jar … lint -f examples/}, run once for the tests that compare with it. */
    private static JvmProcess.Run plainLint;

    @BeforeAll
    static void archiveIsRecorded() throws Exception {
        // package records it; should it have been skipped (-Dkumaops.skipCds=true), the launcher's first start does.
        JvmProcess.Run first = JvmProcess.run(JvmProcess.viaLauncher(List.of("--version")), Map.of());
        assertThat(first.exitCode()).as(first.describe()).isZero();
        plainLint = JvmProcess.run(JvmProcess.javaJar(LINT_EXAMPLES), Map.of());
    }

    @Test
    void theLauncherPrintsByteForByteWhatJavaJarPrints() throws Exception {
        for (List<String> args : List.of(LINT_EXAMPLES, List.of("render", "-f", "examples/production.yaml"),
                List.of("lint", "-f", "examples/no-such-profile.yaml"))) {
            JvmProcess.Run plain = args == LINT_EXAMPLES ? plainLint : JvmProcess.run(JvmProcess.javaJar(args), Map.of());
            JvmProcess.Run launched = JvmProcess.run(JvmProcess.viaLauncher(args), Map.of());
            assertThat(launched.exitCode()).as(launched.describe()).isEqualTo(plain.exitCode());
            assertThat(launched.out()).as(launched.describe()).isEqualTo(plain.out());
            assertThat(launched.err()).as(launched.describe()).isEqualTo(plain.err());
        }
    }

    @Test
    void theOfflineCommandsMapTheirClassesFromTheArchive(@TempDir Path temp) throws Exception {
        Path classLog = temp.resolve("classes.log");
        JvmProcess.Run lint = JvmProcess.run(JvmProcess.viaLauncher(LINT_EXAMPLES), Map.of("JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog));
        assertThat(lint.exitCode()).as(lint.describe()).isZero();
        List<String> operatorClasses;
        try (Stream<String> lines = Files.lines(classLog)) {
            operatorClasses = lines.filter(l -> l.contains(" io.kumaops.operator.") && !l.contains("$$Lambda$")).toList();
        }
        // Only the launcher's archive holds them: the JDK's own has no class of this project.
        List<String> fromTheArchive = operatorClasses.stream().filter(l -> l.contains("source: shared objects file")).toList();
        assertThat(fromTheArchive).as("operator classes loaded from the archive the training run recorded").hasSizeGreaterThan(200);
        // The JVM archives no class that implements an interface of picocli's, which is compiled for Java 5.
        assertThat(operatorClasses).filteredOn(l -> !fromTheArchive.contains(l))
                .allSatisfy(line -> assertThat(implementsPicocli(line.split(" ")[1])).as(line).isTrue());
    }

    private static boolean implementsPicocli(String className) {
        try {
            return Stream.of(Class.forName(className, false, LauncherIT.class.getClassLoader()).getInterfaces())
                    .anyMatch(i -> i.getName().startsWith("picocli."));
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void onlyRunKeepsTheJvmDefaults() throws Exception {
        JvmProcess.Run lint = JvmProcess.run(JvmProcess.viaLauncher(List.of("lint", "--help")), Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags"));
        assertThat(new String(lint.out())).contains("-XX:TieredStopAtLevel=1").contains("-XX:+UseSerialGC").contains("-XX:SharedArchiveFile=");
        JvmProcess.Run run = JvmProcess.run(JvmProcess.viaLauncher(List.of("run", "--help")), Map.of("JAVA_OPTS", "-XX:+PrintCommandLineFlags"));
        assertThat(new String(run.out())).doesNotContain("TieredStopAtLevel").doesNotContain("-XX:+UseSerialGC").contains("-XX:SharedArchiveFile=");
    }

    @Test
    void anArchiveTheJvmRefusesIsIgnoredSilently(@TempDir Path temp) throws Exception {
        JvmProcess.Run plain = plainLint;
        // A jar replaced within the second the archive was recorded in looks fresh to the launcher; the JVM refuses the
        // archive, recorded for another file, and the command runs as with java -jar (the JVM's messages about
        // archives, which go to stdout, are off).
        Path jar = Files.copy(JvmProcess.jar(), temp.resolve("kuma-production-operator.jar")).toRealPath();
        Path cache = Files.createDirectory(temp.resolve("cds"));
        Path recorded = recordedArchive();
        Path misplaced = Files.copy(recorded, cache.resolve(archiveName(jar)));
        Files.copy(recorded.resolveSibling(recorded.getFileName() + ".size"), cache.resolve(misplaced.getFileName() + ".size"));

        JvmProcess.Run launched = JvmProcess.run(JvmProcess.viaLauncher(LINT_EXAMPLES),
                Map.of("KPO_JAR", jar.toString(), "KPO_CDS_DIR", cache.toString(), "JAVA_OPTS", "-XX:+PrintCommandLineFlags"));
        assertThat(launched.exitCode()).as(launched.describe()).isEqualTo(plain.exitCode());
        String out = new String(launched.out(), StandardCharsets.UTF_8);
        assertThat(out).as("the launcher passed the archive").contains("-XX:SharedArchiveFile=" + misplaced);
        // The flags line aside, the same bytes, and nothing from the JVM about the archive.
        assertThat(out.substring(out.indexOf('\n') + 1)).isEqualTo(new String(plain.out(), StandardCharsets.UTF_8));
        assertThat(launched.err()).isEqualTo(plain.err());
    }

    /** The archive package recorded for the shaded jar and this JVM's java. */
    private static Path recordedArchive() throws Exception {
        Path archive = JvmProcess.jar().resolveSibling("cds").resolve(archiveName(JvmProcess.jar().toRealPath()));
        assertThat(archive).as("recorded by package or the launcher's first start").exists();
        return archive;
    }

    /** The launcher's name for a jar's archive: the POSIX checksum of the jar's and the java's real paths. */
    private static String archiveName(Path jar) throws Exception {
        String java = Path.of(JvmProcess.java()).toRealPath().toString();
        Process cksum = new ProcessBuilder("sh", "-c", "printf '%s\\n%s\\n' \"$1\" \"$2\" | cksum", "sh", jar.toString(), java).start();
        String sum = new String(cksum.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).split(" ")[0];
        assertThat(cksum.waitFor()).isZero();
        return "kuma-production-operator-" + sum + ".jsa";
    }
}
