package io.kumaops.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** YAML that a lenient reader gets wrong, through render and lint as a user runs them. */
class HostileYamlCliTest {

    private static final String HEADER = "apiVersion: kumaops.io/v1alpha1\nkind: KumaProductionProfile\n";

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
        return file;
    }

    private static List<String> meshNames(String rendered) {
        List<String> names = new ArrayList<>();
        String[] lines = rendered.split("\n");
        for (int i = 0; i + 3 < lines.length; i++) {
            if (lines[i].equals("kind: Mesh") && lines[i + 2].startsWith("  name: ")) {
                names.add(lines[i + 2].substring("  name: ".length()));
            }
        }
        return names;
    }

    @Test
    void anAliasIsRefusedInsteadOfBecomingTheAnchorsName() throws IOException {
        Path file = write("alias.yaml", HEADER + "metadata: {name: &n payments}\nspec: {mesh: {name: *n}}\n");
        CliRunner.Result render = CliRunner.run("render", "-f", file.toString());
        assertThat(render.exitCode()).isEqualTo(2);
        assertThat(render.out()).isEmpty();
        assertThat(render.err()).contains("alias.yaml (document 1, line 4)").contains("alias *n").contains("not supported");
    }

    @Test
    void aDuplicateKeyIsAnErrorNamingTheKeyAndLine() throws IOException {
        Path file = write("dup.yaml", HEADER + "metadata: {name: p}\nspec:\n  mesh: {name: a}\n  mesh: {name: b}\n");
        CliRunner.Result lint = CliRunner.run("lint", "-f", file.toString());
        assertThat(lint.exitCode()).isEqualTo(2);
        assertThat(lint.err()).contains("dup.yaml (document 1, line 6)").contains("duplicate key \"mesh\"");
    }

    @Test
    void everyDocumentOfAStreamIsRead() throws IOException {
        String p = HEADER + "metadata: {name: p}\n";
        String q = "{apiVersion: kumaops.io/v1alpha1, kind: KumaProductionProfile, metadata: {name: q}}";
        // After an explicit document end, on the marker's own line, and with CR-only line ends.
        for (String text : List.of(p + "...\n---\n" + q + "\n", p + "--- " + q + "\n", (p + "---\n" + q + "\n").replace("\n", "\r"))) {
            Path file = write("stream.yaml", text);
            CliRunner.Result render = CliRunner.run("render", "-f", file.toString());
            assertThat(render.exitCode()).as(render.err()).isZero();
            assertThat(meshNames(render.out())).as(text).containsExactly("p", "q");
        }
    }

    @Test
    void concatenatedJsonAndTrailingGarbageAreErrors() throws IOException {
        String json = "{\"apiVersion\":\"kumaops.io/v1alpha1\",\"kind\":\"KumaProductionProfile\",\"metadata\":{\"name\":\"p\"}}";
        for (String text : List.of(json + json, json + " trailing", json + "\n}")) {
            Path file = write("concat.yaml", text);
            CliRunner.Result render = CliRunner.run("render", "-f", file.toString());
            assertThat(render.exitCode()).as(text).isEqualTo(2);
            assertThat(render.err()).contains("concat.yaml (document 2, line").contains("not valid YAML");
        }
    }

    @Test
    void aMisspelledKindOfOurGroupFailsLint() throws IOException {
        write("profiles/ok.yaml", HEADER + "metadata: {name: ok}\n");
        write("profiles/typo.yaml", "apiVersion: kumaops.io/v1alpha1\nkind: KumaProductionProfle\nmetadata: {name: typo}\n");
        write("profiles/other.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n");
        CliRunner.Result lint = CliRunner.run("lint", "-f", dir.resolve("profiles").toString());
        assertThat(lint.exitCode()).isEqualTo(2);
        assertThat(lint.err()).contains("typo.yaml (document 1, line 1)").contains("kind: \"KumaProductionProfle\" is not a KumaProductionProfile");
    }

    @Test
    void aFileThatIsNotUtf8SaysSo() throws IOException {
        Path file = dir.resolve("latin1.yaml");
        Files.write(file, (HEADER + "metadata: {name: p}\nspec: {suppress: [{code: A, reason: \"caf\u00e9\"}]}\n").getBytes(StandardCharsets.ISO_8859_1));
        CliRunner.Result render = CliRunner.run("render", "-f", file.toString());
        assertThat(render.exitCode()).isEqualTo(2);
        assertThat(render.err()).contains("latin1.yaml (line 4)").contains("not UTF-8").doesNotContain("Input length");
    }

    /**
     * An unreadable subdirectory is an error naming it. Root reads any directory, so as root the command runs in a
     * user namespace of its own (unshare), where the permission bits apply again.
     */
    @Test
    void anUnreadableSubdirectoryIsNamed() throws Exception {
        write("tree/a.yaml", HEADER + "metadata: {name: a}\n");
        Path locked = Files.createDirectories(dir.resolve("tree/locked"));
        Files.writeString(locked.resolve("b.yaml"), HEADER + "metadata: {name: b}\n");
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            int exit;
            String err;
            if (!Files.isReadable(locked)) {
                CliRunner.Result lint = CliRunner.run("lint", "-f", dir.resolve("tree").toString());
                exit = lint.exitCode();
                err = lint.err();
            } else {
                assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "root without unshare cannot make a directory unreadable");
                Process process = new ProcessBuilder("/usr/bin/unshare", "--user", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "lint", "-f", dir.resolve("tree").toString())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                assumeTrue(process.waitFor(60, TimeUnit.SECONDS), "the lint subprocess did not finish");
                exit = process.exitValue();
                err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                assumeTrue(!err.contains("Operation not permitted") && !err.contains("Error: Could not"), "no user namespace here: " + err);
            }
            assertThat(exit).as(err).isEqualTo(2);
            assertThat(err).contains("locked").contains("cannot read: permission denied").doesNotContain("Exception");
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void aBrokenKumaCrdFileStopsTheLocalRunBeforeAnythingStarts() throws IOException {
        write("crds/a.yaml", "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: a}\nmetadata: {name: b}\n");
        CliRunner.Result run = CliRunner.run("run", "--kuma-crds", dir.resolve("crds").toString(), "--health-port", "-1");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--kuma-crds").contains("a.yaml (document 1, line 4)").contains("duplicate key \"metadata\"");
    }
}
