package io.kumaops.operator.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.kumaops.operator.model.ConditionReason;
import io.kumaops.operator.support.ProjectPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/conditions.md's reason tables are generated from {@link ConditionReason} and must not drift from it. */
class ConditionReasonsDocTest {

    private static final Pattern TABLE_REASON = Pattern.compile("^\\| (?:True|False) \\| `([A-Za-z]+)`", Pattern.MULTILINE);

    @Test
    void committedPageMatchesTheReasons() throws IOException {
        Path page = ProjectPaths.root().resolve("docs/conditions.md");
        String committed = Files.readString(page, StandardCharsets.UTF_8);
        String expected = ConditionsDocGenerator.regenerate(committed);
        if (Boolean.getBoolean("kumaops.regenerateDocs")) {
            Files.writeString(page, expected, StandardCharsets.UTF_8);
            committed = expected;
        }
        if (!committed.equals(expected)) {
            fail("docs/conditions.md is out of date with model.ConditionReason; regenerate it with: "
                    + ConditionsDocGenerator.REGENERATE_COMMAND);
        }
    }

    @Test
    void everyReasonIsInATableOfEveryConditionItAppearsWith() {
        String tables = ConditionsDocGenerator.tables();
        Set<String> documented = new TreeSet<>();
        Matcher matcher = TABLE_REASON.matcher(tables);
        while (matcher.find()) {
            documented.add(matcher.group(1));
        }
        for (ConditionReason reason : ConditionReason.values()) {
            assertThat(reason.meaning()).as(reason.name()).isNotBlank();
            assertThat(reason.appearsWith()).as(reason.name()).isNotEmpty();
            for (String type : reason.appearsWith().keySet()) {
                String section = tables.substring(tables.indexOf("## `" + type + "`"));
                section = section.substring(0, section.indexOf("\n## ") < 0 ? section.length() : section.indexOf("\n## "));
                assertThat(section).as(reason + " in " + type).contains("`" + reason.name() + "`");
            }
        }
        assertThat(documented).as("reasons with a row of their own")
                .isSubsetOf(Arrays.stream(ConditionReason.values()).map(Enum::name).toList());
    }
}
