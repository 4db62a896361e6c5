package io.kumaops.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No input makes render or lint exit with anything but 0, 1 or 2, nor print a stack trace. */
class CommandBoundaryTest {

    @TempDir
    Path dir;

    private static String boundary(Throwable thrown, int[] exit) {
        StringWriter err = new StringWriter();
        exit[0] = CommandBoundary.run(new PrintWriter(err), "render", () -> {
            if (thrown instanceof Error error) {
                throw error;
            }
            throw (Exception) thrown;
        });
        return err.toString();
    }

    @Test
    void errorsAndEscapedExceptionsBecomeOneLineAndExitTwo() {
        int[] exit = new int[1];
        assertThat(boundary(new OutOfMemoryError("Java heap space"), exit)).startsWith("error: render ran out of memory").hasLineCount(1);
        assertThat(exit[0]).isEqualTo(2);
        assertThat(boundary(new StackOverflowError(), exit)).startsWith("error: render ran out of stack").hasLineCount(1);
        assertThat(exit[0]).isEqualTo(2);
        assertThat(boundary(new IllegalStateException("boom\nmore"), exit))
                .isEqualTo("error: internal error in render (java.lang.IllegalStateException: boom); this is a bug, please report it with the input\n");
        assertThat(exit[0]).isEqualTo(2);
    }

    @Test
    void aFileOverTheSizeLimitIsRefusedAtOnce() throws IOException {
        Path big = dir.resolve("big.yaml");
        Files.writeString(big, "apiVersion: kumaops.io/v1alpha1\nkind: KumaProductionProfile\nmetadata: {name: p}\nspec: {suppress: [{code: A, reason: \""
                + "x".repeat(9 * 1024 * 1024) + "\"}]}\n");
        long start = System.nanoTime();
        CliRunner.Result render = CliRunner.run("render", "-f", big.toString());
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(render.exitCode()).isEqualTo(2);
        assertThat(render.err()).contains("big.yaml: ").contains("more than the input limit of 8 MiB per file");
        assertThat(millis).as("refused before parsing").isLessThan(5_000);
        CliRunner.Result lint = CliRunner.runWithStdin("x".repeat(9 * 1024 * 1024), "lint", "-f", "-");
        assertThat(lint.exitCode()).isEqualTo(2);
        assertThat(lint.err()).contains("<stdin>: more bytes, more than the input limit of 8 MiB per file");
    }

    /** A real OutOfMemoryError in a separate JVM with a tiny heap: exit 2 and one line, not exit 1 and a stack trace. */
    @Test
    void aJvmThatRunsOutOfHeapExitsTwo() throws Exception {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            many.append("---\napiVersion: kumaops.io/v1alpha1\nkind: KumaProductionProfile\nmetadata: {name: p").append(i)
                    .append("}\nspec: {mtls: {enabled: true, enabledBackend: ca, backends: [{name: ca, type: Builtin}]},"
                            + " policies: {timeout: {idleTimeout: 1h}, retry: {numRetries: 3}}}\n");
        }
        Path file = Files.writeString(dir.resolve("many.yaml"), many);
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx16m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "render", "-f", file.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isEqualTo(2);
        assertThat(err).contains("error: render ran out of memory").doesNotContain("\tat ");
    }
}
