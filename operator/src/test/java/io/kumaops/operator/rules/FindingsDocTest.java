package io.kumaops.operator.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** docs/findings.md is generated from the catalog; this fails when the committed page is stale. */
class FindingsDocTest {

    static Path projectRoot() {
        String configured = System.getProperty("kumaops.projectRoot");
        return Path.of(configured != null && !configured.isBlank() ? configured : "..").toAbsolutePath().normalize();
    }

    @Test
    void committedPageMatchesTheCatalog() throws IOException {
        Path page = projectRoot().resolve("docs/findings.md");
        String expected = FindingsDocGenerator.generate(RuleCatalog.standard());
        if (Boolean.getBoolean("kumaops.regenerateDocs")) {
            Files.createDirectories(page.getParent());
            Files.writeString(page, expected, StandardCharsets.UTF_8);
        }
        if (!Files.exists(page)) {
            fail(page + " is missing; generate it with: " + FindingsDocGenerator.REGENERATE_COMMAND);
        }
        String actual = Files.readString(page, StandardCharsets.UTF_8);
        if (!actual.equals(expected)) {
            fail("docs/findings.md is out of date with the rule catalog; regenerate it with: "
                    + FindingsDocGenerator.REGENERATE_COMMAND);
        }
    }

    @Test
    void everyCodeHasAHeadingMatchingItsDocsUrlAnchor() {
        String page = FindingsDocGenerator.generate(RuleCatalog.standard());
        for (Rule rule : RuleCatalog.standard().rules()) {
            assertThat(page).contains("\n## " + rule.code() + "\n");
            String anchor = RuleCatalog.docsUrl(rule.code()).substring(io.kumaops.operator.model.DocsLinks.finding("").length());
            assertThat(anchor).isEqualTo(rule.code().toLowerCase(Locale.ROOT));
            assertThat(page).contains("(#" + anchor + ")");
        }
    }

    @Test
    void entriesCarrySeverityEvidenceBlocksAndSource() {
        String page = FindingsDocGenerator.generate(RuleCatalog.standard());
        assertThat(page).contains("## EnabledBackendNotDefined\n\n**Severity:** Error · **Evidence:** profile · **Blocks:** `3-mtls`");
        assertThat(page).contains("## PolicyFragmentation\n\n**Severity:** Warning · **Evidence:** cluster · **Blocks:** nothing");
        assertThat(page).contains("**Source.** ");
        assertThat(page).contains("| Control-plane base memory (Kuma Helm default request) | 256Mi |");
    }
}
