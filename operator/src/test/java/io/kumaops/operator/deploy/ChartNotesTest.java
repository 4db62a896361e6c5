package io.kumaops.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.Release;
import io.kumaops.operator.cli.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chart's NOTES.txt, rendered by Helm (a client-only dry-run install), tells users commands they will copy: every
 * {@code kuma-production-operator …} line in it must run, through the CLI in-process, without a usage error.
 */
class ChartNotesTest {

    private static final String COMMAND = "kuma-production-operator ";
    private static String notes;

    @BeforeAll
    static void renderNotes() {
        Release release = new Helm(ChartSupport.chartDir()).install().withName(ChartSupport.RELEASE)
                .withNamespace(ChartSupport.NAMESPACE).dryRun().clientOnly().call();
        notes = release.getOutput();
    }

    /** The indented command lines of the notes, the way a user copies them. */
    static List<String> commandLines(String text) {
        return text.lines().map(String::strip)
                .filter(line -> line.startsWith(COMMAND))
                .filter(line -> text.lines().anyMatch(raw -> raw.startsWith("  ") && raw.strip().equals(line)))
                .toList();
    }

    @Test
    void notesAreRendered() {
        assertThat(notes).contains("NOTES:").contains("kubectl apply -f examples/minimal.yaml");
    }

    @Test
    void everyCliCommandInTheNotesRunsWithoutAUsageError() {
        List<String> commands = commandLines(notes);
        assertThat(commands).as("the notes show the CLI's render and lint").hasSizeGreaterThanOrEqualTo(2)
                .anyMatch(c -> c.startsWith(COMMAND + "render ")).anyMatch(c -> c.startsWith(COMMAND + "lint "));
        for (String command : commands) {
            String[] args = arguments(command.substring(COMMAND.length()));
            CliRunner.Result result = CliRunner.run(args);
            assertThat(result.exitCode()).as("%s%nstderr: %s", command, result.err()).isIn(0, 1);
        }
    }

    @Test
    void aCommandWithoutItsFlagWouldBeCaught() {
        // the check above would have failed on "render examples/minimal.yaml" (-f is required)
        assertThat(CliRunner.run(arguments("render examples/minimal.yaml")).exitCode()).isEqualTo(2);
    }

    /** Splits on spaces; relative paths are the repository's, as the notes say to run them from a checkout. */
    private static String[] arguments(String command) {
        List<String> args = new ArrayList<>();
        for (String arg : Arrays.asList(command.trim().split("\\s+"))) {
            Path inRepository = ChartSupport.projectRoot().resolve(arg);
            args.add(!arg.startsWith("-") && Files.exists(inRepository) ? inRepository.toString() : arg);
        }
        return args.toArray(String[]::new);
    }
}
