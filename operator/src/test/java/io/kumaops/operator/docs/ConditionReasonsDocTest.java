package io.kumaops.operator.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.model.ConditionReason;
import io.kumaops.operator.support.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/conditions.md names every reason the code can set, and no reason the code cannot set. */
class ConditionReasonsDocTest {

    private static final Pattern TABLE_REASON = Pattern.compile("^\\| (?:True|False) \\| `([A-Za-z]+)`", Pattern.MULTILINE);

    @Test
    void everyConditionReasonIsDocumentedAndEveryDocumentedReasonExists() throws IOException {
        String page = Files.readString(ProjectPaths.root().resolve("docs/conditions.md"));
        Set<String> documented = new TreeSet<>();
        Matcher matcher = TABLE_REASON.matcher(page);
        while (matcher.find()) {
            documented.add(matcher.group(1));
        }
        Set<String> inCode = new TreeSet<>(Arrays.stream(ConditionReason.values()).map(Enum::name).toList());
        assertThat(documented).as("reasons in docs/conditions.md tables").isEqualTo(inCode);
    }
}
