package io.kumaops.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lint and run find their cluster the same way, and say in one line what is wrong. */
class KubeconfigsTest {

    @TempDir
    Path temp;

    @Test
    void aNamedKubeconfigAndContextAreUsed() throws IOException {
        Kubeconfigs.Loaded loaded = Kubeconfigs.load(kubeconfig(), "blue", true);
        assertThat(loaded.error()).isNull();
        assertThat(loaded.config().getMasterUrl()).startsWith("https://127.0.0.1:6443");
    }

    @Test
    void aMissingFileOrContextIsOneLineNamingTheFlag() throws IOException {
        assertThat(Kubeconfigs.load(temp.resolve("absent"), null, true).error())
                .isEqualTo("--kubeconfig " + temp.resolve("absent") + ": file not readable");
        assertThat(Kubeconfigs.load(kubeconfig(), "green", true).error())
                .startsWith("--context green: not found in the kubeconfig").doesNotContain("\n");
    }

    private Path kubeconfig() throws IOException {
        Path file = temp.resolve("config");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: c
                    cluster: {server: "https://127.0.0.1:6443"}
                users:
                  - name: u
                    user: {token: abc}
                contexts:
                  - name: blue
                    context: {cluster: c, user: u}
                current-context: blue
                """);
        return file;
    }
}
