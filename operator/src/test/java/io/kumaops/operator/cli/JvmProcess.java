package io.kumaops.operator.cli;

import io.kumaops.operator.support.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The shaded jar started as a user starts it — {@code java -jar} or the launcher {@code bin/kuma-production-operator} —
 * from the repository root, with what it printed, its wall time and its CPU time (its own and its children's, as the
 * kernel accounts them to this JVM once it has waited for the process: {@code /proc/self/stat}'s cutime and cstime).
 */
final class JvmProcess {

    /** The kernel's clock ticks for /proc times (USER_HZ): 100 on every Linux architecture this runs on. */
    private static final long TICKS_PER_SECOND = 100;
    private static final long TIMEOUT_SECONDS = 120;

    record Run(List<String> command, int exitCode, byte[] out, String err, long wallMillis, long cpuMillis) {
        String describe() {
            return String.join(" ", command) + " exited " + exitCode + "; stderr: " + err;
        }
    }

    private JvmProcess() {
    }

    static Path jar() {
        Path jar = ProjectPaths.root().resolve("operator/target/kuma-production-operator.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the shaded jar is missing: mvn -B -q -DskipTests package first (" + jar + ")");
        }
        return jar;
    }

    static Path launcher() {
        return ProjectPaths.root().resolve("bin/kuma-production-operator");
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The invocation before the launcher: {@code java -jar …/kuma-production-operator.jar ARGS}. */
    static List<String> javaJar(List<String> args) {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", jar().toString()));
        command.addAll(args);
        return command;
    }

    static List<String> viaLauncher(List<String> args) {
        List<String> command = new ArrayList<>(List.of(launcher().toString()));
        command.addAll(args);
        return command;
    }

    /**
     * Runs one command to its end, alone (the CPU figure is this JVM's children's time before and after). The launcher
     * gets this JVM's java and the shaded jar; {@code environment} adds to or overrides that.
     */
    static synchronized Run run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        Path out = Files.createTempFile("jvm-process-", ".out");
        Path err = Files.createTempFile("jvm-process-", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(ProjectPaths.root().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            builder.environment().remove("JAVA_OPTS");
            builder.environment().put("KPO_JAVA", java());
            builder.environment().put("KPO_JAR", jar().toString());
            builder.environment().putAll(environment);
            long cpuBefore = childrenCpuMillis();
            long started = System.nanoTime();
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(String.join(" ", command) + " did not end within " + TIMEOUT_SECONDS + " s");
            }
            long wallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            long cpuMillis = childrenCpuMillis() - cpuBefore;
            return new Run(command, process.exitValue(), Files.readAllBytes(out), Files.readString(err), wallMillis, cpuMillis);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** User and system time of this JVM's children that it has waited for: fields 16 and 17 of /proc/self/stat. */
    static long childrenCpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        // The name (field 2) is in parentheses and may hold spaces: count the fields after its closing one (field 3 first).
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        long ticks = Long.parseLong(fields[16 - 3]) + Long.parseLong(fields[17 - 3]);
        return ticks * 1000 / TICKS_PER_SECOND;
    }
}
