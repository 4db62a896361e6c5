package io.kumaops.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * deploy/helm/kuma-production-operator/README.md is generated from Chart.yaml and values.yaml; this fails when the
 * committed file is stale. Run with -Dkumaops.regenerateDocs=true to rewrite it instead.
 */
class ChartReadmeTest {

    @Test
    void committedReadmeMatchesTheValues() throws Exception {
        String expected = ChartReadmeGenerator.generate();
        if (Boolean.getBoolean("kumaops.regenerateDocs")) {
            ChartReadmeGenerator.write();
        }
        if (!Files.exists(ChartReadmeGenerator.readme())) {
            fail("deploy/helm/kuma-production-operator/README.md is missing; generate it with: "
                    + ChartReadmeGenerator.REGENERATE_COMMAND);
        }
        if (!ChartSupport.read(ChartReadmeGenerator.readme()).equals(expected)) {
            fail("deploy/helm/kuma-production-operator/README.md is out of date with values.yaml; regenerate it with: "
                    + ChartReadmeGenerator.REGENERATE_COMMAND);
        }
    }

    @Test
    void everyValueIsDescribed() {
        List<ChartReadmeGenerator.Row> rows = ChartReadmeGenerator.rows(ChartSupport.read(ChartSupport.chartDir().resolve("values.yaml")));

        assertThat(rows).as("rows of the values table").hasSizeGreaterThan(40);
        assertThat(rows).filteredOn(r -> r.description().isBlank()).extracting(ChartReadmeGenerator.Row::key)
                .as("values without a '# --' comment in values.yaml").isEmpty();
    }

    @Test
    void rowsFollowTheCommentsTypesAndDefaults() {
        String values = String.join("\n",
                "# file header, not a description",
                "",
                "image:",
                "  # -- Its tag,",
                "  # over two lines.",
                "  # @default -- the appVersion",
                "  tag: \"\"",
                "  pullPolicy: IfNotPresent",
                "# -- A whole map in one row.",
                "context:",
                "  runAsNonRoot: true",
                "  # -- not a row of its own",
                "  nested: 1",
                "plain:",
                "  # -- A list.",
                "  ports:",
                "    - 443",
                "  # -- Pipes | escaped, <tags> too.",
                "  ratio: 0.5",
                "");

        assertThat(ChartReadmeGenerator.rows(values)).containsExactly(
                new ChartReadmeGenerator.Row("image.tag", "string", "the appVersion", "Its tag, over two lines."),
                new ChartReadmeGenerator.Row("image.pullPolicy", "string", "`\"IfNotPresent\"`", ""),
                new ChartReadmeGenerator.Row("context", "object", "`{\"runAsNonRoot\":true,\"nested\":1}`", "A whole map in one row."),
                new ChartReadmeGenerator.Row("plain.ports", "list", "`[443]`", "A list."),
                new ChartReadmeGenerator.Row("plain.ratio", "float", "`0.5`", "Pipes | escaped, <tags> too."));
    }
}
