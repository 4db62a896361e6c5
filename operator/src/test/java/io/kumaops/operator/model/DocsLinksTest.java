package io.kumaops.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.plan.PlannerFindingDocs;
import io.kumaops.operator.rules.RuleCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every link the product prints lands on a page and a heading that exist, and links are built in one place. */
class DocsLinksTest {

    private static final Pattern SECTION = Pattern.compile("DocsLinks\\.section\\(\"([^\"]+)\", \"([^\"]+)\"\\)");
    private static final Pattern PAGE = Pattern.compile("DocsLinks\\.page\\(\"([^\"]+)\"\\)");

    @Test
    void everyFindingCodeHasItsEntryInFindingsMd() throws IOException {
        Set<String> anchors = anchors(root().resolve("docs/findings.md"));
        List<String> codes = new ArrayList<>(RuleCatalog.standard().codes());
        PlannerFindingDocs.ENTRIES.forEach(entry -> codes.add(entry.code()));
        for (String code : codes) {
            String link = DocsLinks.finding(code);
            assertThat(anchors).as(link).contains(link.substring(link.indexOf('#') + 1));
        }
    }

    @Test
    void everySectionAndPageNamedInTheSourcesExists() throws IOException {
        int checked = 0;
        for (Path source : sources()) {
            String text = Files.readString(source);
            Matcher section = SECTION.matcher(text);
            while (section.find()) {
                Path page = root().resolve("docs").resolve(section.group(1));
                assertThat(page).as(source + " links " + section.group()).exists();
                assertThat(anchors(page)).as(source + " links " + section.group()).contains(section.group(2));
                checked++;
            }
            Matcher page = PAGE.matcher(text);
            while (page.find()) {
                assertThat(root().resolve("docs").resolve(page.group(1))).as(source + " links " + page.group()).exists();
                checked++;
            }
        }
        assertThat(checked).as("links found in the sources").isGreaterThanOrEqualTo(3);
    }

    @Test
    void noOtherClassSpellsTheDocsAddress() throws IOException {
        List<String> spelled = sources().stream().filter(source -> !source.endsWith("DocsLinks.java"))
                .filter(source -> read(source).contains("/blob/main/docs/")).map(Path::toString).toList();
        assertThat(spelled).as("use model.DocsLinks").isEmpty();
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(root().resolve("operator/src/main/java"))) {
            return files.filter(path -> path.toString().endsWith(".java")).toList();
        }
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Heading anchors as GitHub derives them: lowercase, punctuation dropped, spaces to hyphens. */
    static Set<String> anchors(Path page) throws IOException {
        return Files.readAllLines(page).stream().filter(line -> line.startsWith("#"))
                .map(line -> line.replaceFirst("^#+\\s*", "").trim().toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
    }

    private static Path root() {
        String configured = System.getProperty("kumaops.projectRoot");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        return Files.exists(start.resolve("docs")) ? start : start.getParent();
    }
}
