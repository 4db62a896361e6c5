package io.kumaops.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kumaops.operator.support.TestProfiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's training run, in-process from the classes directory: every step ends as expected, silently. */
class StartupTrainingTest {

    @Test
    void theTrainingRunsEveryStepAndPrintsNothing(@TempDir Path work) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true));
        try {
            StartupTraining.train(work);
        } finally {
            System.setOut(out);
        }
        assertThat(printed.toString()).isEmpty();
    }

    @Test
    void itTrainsOnEveryExampleTheJarCarries(@TempDir Path work) throws Exception {
        Path examples = StartupTraining.extractExamples(work.resolve("examples"));
        try (Stream<Path> copied = Files.list(examples)) {
            assertThat(copied.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(TestProfiles.examples().stream().map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aStepThatEndsOtherwiseFailsTheTraining(@TempDir Path work) throws Exception {
        Path examples = StartupTraining.extractExamples(work.resolve("examples"));
        Files.writeString(examples.resolve("broken.yaml"), "apiVersion: kumaops.io/v1alpha1\nkind: KumaProductionProfile\nmetadata: {name: x}\nspec: {bad: 1}\n");
        assertThatThrownBy(() -> StartupTraining.train(examples, work)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("render -f").hasMessageContaining("exited 2");
    }
}
