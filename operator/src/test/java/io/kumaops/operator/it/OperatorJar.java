package io.kumaops.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.support.ProjectPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The shaded jar started as its own JVM, the way a pod runs it ({@code java -jar … ARGS}, no shell in between, so the
 * process is the JVM and a signal reaches the operator itself), with its output in files of {@code dir}.
 */
public final class OperatorJar implements AutoCloseable {

    /** Exit code of a JVM ended by SIGKILL (128 + 9), which is what {@link Process#destroyForcibly()} sends on Linux. */
    public static final int KILLED_EXIT_CODE = 137;

    private final Path dir;
    private final List<Process> started = new ArrayList<>();

    public OperatorJar(Path dir) {
        this.dir = dir;
    }

    /** One started JVM: its identity (the {@code POD_NAME} it was given, or a name for its files) and its output. */
    public record Replica(Process process, String identity, Path out, Path err, long startedNanos) {
        public String stdout() {
            return read(out);
        }

        public String stderr() {
            return read(err);
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * SIGKILL, as a node lost or the OOM killer ends a pod: no shutdown hook runs, nothing is released. Returns once
         * the process is gone, after checking it was the JVM itself that died of the signal.
         */
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as(identity + " is gone 30 s after SIGKILL").isTrue();
            assertThat(process.exitValue()).as(identity + " died of SIGKILL; stderr:\n" + stderr()).isEqualTo(KILLED_EXIT_CODE);
        }
    }

    public static ProcessBuilder command(List<String> jvmOptions, List<String> args) {
        Path jar = ProjectPaths.root().resolve("operator/target/kuma-production-operator.jar");
        assertThat(jar).as("the shaded jar (mvn package)").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        // Never the in-cluster mode, whatever the machine running the tests sets.
        builder.environment().remove("KUBERNETES_SERVICE_HOST");
        builder.environment().remove("POD_NAME");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        return builder;
    }

    public Replica start(ProcessBuilder builder, String identity, String files) throws IOException {
        Path out = dir.resolve(files + ".out");
        Path err = dir.resolve(files + ".err");
        long startedNanos = System.nanoTime();
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        started.add(process);
        // /proc/PID/exe: the signal goes to the JVM, not to a shell around it (gone already when a command exits at once).
        process.info().command().ifPresent(executable -> assertThat(executable).as("the process is the JVM itself").endsWith("/java"));
        return new Replica(process, identity, out, err, startedNanos);
    }

    /** Ends whatever is still running, forcibly: a failed test leaves no operator behind. */
    @Override
    public void close() {
        for (Process process : started) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
