package io.kumaops.operator.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.support.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The workflows and the CI example users copy from docs/cli.md pin actions by version and agree on it, Dependabot
 * keeps both ecosystems current, and the k3s workflow requires Docker rather than skipping.
 */
class WorkflowActionsTest {

    private static final Pattern USES = Pattern.compile("uses:\\s*([\\w.-]+/[\\w./-]+)(?:@(\\S+))?");
    /** A release tag (v7, v4.2.1) or a commit SHA. */
    private static final Pattern PINNED = Pattern.compile("v\\d+(\\.\\d+){0,2}|[0-9a-f]{40}");

    private record Use(String where, String action, String ref) {
    }

    private static List<Use> uses(Path file) throws IOException {
        List<Use> uses = new ArrayList<>();
        Matcher matcher = USES.matcher(Files.readString(file));
        while (matcher.find()) {
            uses.add(new Use(ProjectPaths.root().relativize(file).toString(), matcher.group(1), matcher.group(2)));
        }
        return uses;
    }

    private static List<Path> workflows() throws IOException {
        try (Stream<Path> files = Files.list(ProjectPaths.root().resolve(".github/workflows"))) {
            return files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void everyActionIsPinnedToAVersion() throws IOException {
        List<Use> all = new ArrayList<>();
        for (Path workflow : workflows()) {
            all.addAll(uses(workflow));
        }
        all.addAll(uses(ProjectPaths.root().resolve("docs/cli.md")));
        assertThat(all).isNotEmpty().allSatisfy(use -> assertThat(use.ref())
                .as("%s: %s is pinned to a version, not a branch", use.where(), use.action())
                .isNotNull().matches(PINNED));
    }

    @Test
    void theDocsExampleUsesTheSameMajorVersionsAsTheWorkflows() throws IOException {
        Map<String, String> inWorkflows = new HashMap<>();
        for (Path workflow : workflows()) {
            for (Use use : uses(workflow)) {
                String earlier = inWorkflows.putIfAbsent(use.action(), major(use.ref()));
                assertThat(earlier == null ? major(use.ref()) : earlier).as("%s: one version of %s in all workflows", use.where(), use.action())
                        .isEqualTo(major(use.ref()));
            }
        }
        List<Use> documented = uses(ProjectPaths.root().resolve("docs/cli.md"));
        assertThat(documented).extracting(Use::action)
                .contains("actions/checkout", "actions/setup-java", "github/codeql-action/upload-sarif");
        for (Use use : documented) {
            if (inWorkflows.containsKey(use.action())) {
                assertThat(major(use.ref())).as("docs/cli.md: %s", use.action()).isEqualTo(inWorkflows.get(use.action()));
            }
        }
    }

    @Test
    void dependabotUpdatesMavenAndTheActions() throws IOException {
        Path config = ProjectPaths.root().resolve(".github/dependabot.yml");
        assertThat(config).exists();
        String text = Files.readString(config);
        assertThat(text).contains("version: 2").contains("package-ecosystem: maven").contains("package-ecosystem: github-actions");
    }

    @Test
    void theK3sWorkflowFailsWithoutDocker() throws IOException {
        assertThat(Files.readString(ProjectPaths.root().resolve(".github/workflows/e2e-k3s.yml")))
                .containsPattern("KUMAOPS_REQUIRE_DOCKER:\\s*\"true\"");
    }

    private static String major(String ref) {
        return ref == null ? "" : ref.replaceAll("^(v\\d+).*", "$1");
    }
}
