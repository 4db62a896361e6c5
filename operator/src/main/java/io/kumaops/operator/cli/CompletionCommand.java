package io.kumaops.operator.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code completion bash|zsh|fish}: a completion script for the command line, generated from picocli's model of it,
 * so it cannot drift from the options. bash and zsh get picocli's script (it enables zsh's bashcompinit itself);
 * fish gets one written here from the same model.
 */
@Command(name = "completion",
        mixinStandardHelpOptions = true,
        description = {"Print a shell completion script for kuma-production-operator: bash, zsh or fish.",
                "bash:  source <(kuma-production-operator completion bash)",
                "zsh:   source <(kuma-production-operator completion zsh)",
                "fish:  kuma-production-operator completion fish > ~/.config/fish/completions/kuma-production-operator.fish"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "2:usage error (an unknown shell)"})
public final class CompletionCommand implements Callable<Integer> {

    enum Shell { bash, zsh, fish }

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash, zsh or fish.")
    Shell shell;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine root = spec.root().commandLine();
        String name = spec.root().name();
        PrintWriter out = spec.commandLine().getOut();
        out.print(switch (shell) {
            case bash, zsh -> AutoComplete.bash(name, root);
            case fish -> fish(name, root.getCommandSpec());
        });
        out.flush();
        return ExitCodes.OK;
    }

    /** One {@code complete} line per subcommand and per option, options offered only after their subcommand. */
    static String fish(String name, CommandSpec root) {
        StringBuilder out = new StringBuilder();
        out.append("# fish completion for ").append(name).append(", generated from its command line model\n");
        out.append("# install: ").append(name).append(" completion fish > ~/.config/fish/completions/").append(name).append(".fish\n");
        out.append("complete -c ").append(name).append(" -f\n");
        List<String> subcommands = new ArrayList<>(root.subcommands().keySet());
        String noSubcommandYet = "__fish_use_subcommand";
        for (var entry : root.subcommands().entrySet()) {
            out.append("complete -c ").append(name).append(" -n ").append(quote(noSubcommandYet))
                    .append(" -a ").append(quote(entry.getKey()))
                    .append(" -d ").append(quote(firstSentence(entry.getValue().getCommandSpec().usageMessage().description())))
                    .append('\n');
        }
        for (OptionSpec option : root.options()) {
            option(out, name, noSubcommandYet, option);
        }
        for (var entry : root.subcommands().entrySet()) {
            String after = "__fish_seen_subcommand_from " + entry.getKey();
            CommandSpec sub = entry.getValue().getCommandSpec();
            for (OptionSpec option : sub.options()) {
                option(out, name, after, option);
            }
            if (sub.userObject() instanceof CommandLine.HelpCommand) {
                out.append("complete -c ").append(name).append(" -n ").append(quote(after))
                        .append(" -a ").append(quote(String.join(" ", subcommands))).append('\n');
            }
            for (var positional : sub.positionalParameters()) {
                if (positional.completionCandidates() != null) {
                    out.append("complete -c ").append(name).append(" -n ").append(quote(after))
                            .append(" -a ").append(quote(String.join(" ", positional.completionCandidates()))).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static void option(StringBuilder out, String name, String condition, OptionSpec option) {
        if (option.hidden()) {
            return;
        }
        out.append("complete -c ").append(name).append(" -n ").append(quote(condition));
        for (String flag : option.names()) {
            if (flag.startsWith("--")) {
                out.append(" -l ").append(flag.substring(2));
            } else if (flag.startsWith("-") && flag.length() == 2) {
                out.append(" -s ").append(flag.substring(1));
            } else {
                out.append(" -o ").append(flag.substring(1));
            }
        }
        if (option.negatable()) {
            for (String flag : option.names()) {
                if (flag.startsWith("--")) {
                    out.append(" -l no-").append(flag.substring(2));
                }
            }
        }
        if (option.arity().max() > 0) {
            // -x: a value is required and no file names are offered; -r -F: a value, and file names
            if (option.completionCandidates() != null) {
                out.append(" -x -a ").append(quote(String.join(" ", option.completionCandidates())));
            } else if (takesPath(option)) {
                out.append(" -r -F");
            } else {
                out.append(" -x");
            }
        }
        String description = option.description().length == 0 ? "" : option.description()[0]
                .replace("${DEFAULT-VALUE}", String.valueOf(option.defaultValue()));
        out.append(" -d ").append(quote(firstSentence(new String[] {description}))).append('\n');
    }

    /** Files and directories: typed as paths, or named so (-f FILE|DIR|-). */
    private static boolean takesPath(OptionSpec option) {
        String label = option.paramLabel().toUpperCase(Locale.ROOT);
        return Path.class.isAssignableFrom(option.type()) || java.io.File.class.isAssignableFrom(option.type())
                || label.contains("FILE") || label.contains("DIR");
    }

    /** The first line of a description, without picocli's %n and a closing full stop (fish shows it in a column). */
    private static String firstSentence(String[] description) {
        if (description == null || description.length == 0) {
            return "";
        }
        String text = description[0].replace("%n", " ").strip();
        return text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
    }

    /** A fish single-quoted string: only \ and ' are special inside. */
    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
