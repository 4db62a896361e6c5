package io.kumaops.operator.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.kumaops.operator.cli.Main;
import io.kumaops.operator.support.ProjectPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option of every subcommand, as picocli knows it, is documented in docs/cli.md or docs/configuration.md: a
 * flag added to the code without a word in the docs fails here, naming it.
 */
class CliOptionsDocTest {

    private static final List<String> DOCUMENTED_IN = List.of("docs/cli.md", "docs/configuration.md");

    @Test
    void everyOptionOfEverySubcommandIsDocumented() throws IOException {
        StringBuilder docs = new StringBuilder();
        for (String page : DOCUMENTED_IN) {
            docs.append(Files.readString(ProjectPaths.root().resolve(page))).append('\n');
        }
        CommandLine root = Main.newCommandLine();
        assertThat(root.getSubcommands()).containsKeys("run", "lint", "render");
        List<String> missing = new ArrayList<>();
        root.getSubcommands().forEach((name, sub) -> {
            for (OptionSpec option : sub.getCommandSpec().options()) {
                for (String flag : option.names()) {
                    if (!documented(docs, flag, option.negatable())) {
                        missing.add(name + " " + flag);
                    }
                }
            }
        });
        assertThat(missing).as("options not named in %s", DOCUMENTED_IN).isEmpty();
    }

    /** The flag as a whole word (not --context inside --context-file); a negatable one may be written --[no-]flag. */
    private static boolean documented(CharSequence docs, String flag, boolean negatable) {
        String word = "(?<![\\w-])" + Pattern.quote(flag) + "(?![\\w-])";
        if (Pattern.compile(word).matcher(docs).find()) {
            return true;
        }
        return negatable && flag.startsWith("--")
                && Pattern.compile("(?<![\\w-])" + Pattern.quote("--[no-]" + flag.substring(2)) + "(?![\\w-])").matcher(docs).find();
    }
}
