package io.kumaops.operator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

class CompletionCommandTest {

    /** Every subcommand, and every option of the root and of each subcommand, from picocli's model. */
    private static List<String> subcommandsAndOptions() {
        CommandSpec root = Main.newCommandLine().getCommandSpec();
        List<String> names = new ArrayList<>(root.subcommands().keySet());
        root.options().forEach(option -> names.addAll(List.of(option.names())));
        for (CommandLine sub : root.subcommands().values()) {
            for (OptionSpec option : sub.getCommandSpec().options()) {
                names.addAll(List.of(option.names()));
            }
        }
        return names;
    }

    @Test
    void bashScriptNamesEverySubcommandAndOption() {
        CliRunner.Result result = CliRunner.run("completion", "bash");
        assertThat(result.exitCode()).isZero();
        String script = result.out();
        assertThat(script).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_kuma-production-operator");
        assertThat(subcommandsAndOptions()).contains("render", "lint", "run", "completion", "--include-suppressed", "--settle-timeout")
                .allSatisfy(name -> assertThat(script).as("bash completion").contains(name.startsWith("-")
                        ? "'" + name + "'" : "function _picocli_kuma-production-operator_" + name + "()"));
        assertThat(script).contains("local commands=\"render lint run completion help\"");
        // the candidates of lint's options, spelled as the flags take them
        assertThat(script).contains("(\"text\" \"json\" \"sarif\" \"html\")").contains("(\"error\" \"warning\" \"info\" \"never\")");
    }

    @Test
    void bashScriptOffersFileNamesAfterFilename() {
        String script = CliRunner.run("completion", "bash").out();
        String lint = script.substring(script.indexOf("function _picocli_kuma-production-operator_lint()"));
        assertThat(lint.substring(lint.indexOf("'-f'|'--filename')"), lint.indexOf(";;"))).contains("compgen -f");
    }

    @Test
    void zshGetsTheBashScriptWhichEnablesBashcompinit() {
        CliRunner.Result result = CliRunner.run("completion", "zsh");
        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).isEqualTo(CliRunner.run("completion", "bash").out()).contains("bashcompinit");
    }

    @Test
    void fishScriptNamesEverySubcommandAndOption() {
        CliRunner.Result result = CliRunner.run("completion", "fish");
        assertThat(result.exitCode()).isZero();
        String script = result.out();
        for (String name : subcommandsAndOptions()) {
            String fish = name.startsWith("--") ? "-l " + name.substring(2) : name.startsWith("-") ? "-s " + name.substring(1) : "-a '" + name + "'";
            assertThat(script).as("fish completion of %s", name).contains(fish);
        }
        assertThat(script).contains("-n '__fish_seen_subcommand_from lint' -l fail-on -x -a 'error warning info never'")
                .contains("-n '__fish_seen_subcommand_from lint' -s f -l filename -r -F")
                .contains("-l leader-election -l no-leader-election")
                .contains("-n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'");
    }

    @Test
    void unknownShellIsAUsageError() {
        CliRunner.Result result = CliRunner.run("completion", "powershell");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).contains("powershell").contains("bash, zsh, fish");
    }

    @Test
    void scriptsParseInTheirShellWhereInstalled(@TempDir Path dir) throws Exception {
        for (String shell : List.of("bash", "zsh", "fish")) {
            Path binary = Path.of("/usr/bin", shell);
            if (!Files.isExecutable(binary)) {
                continue;
            }
            Path script = dir.resolve("completion." + shell);
            Files.writeString(script, CliRunner.run("completion", shell).out());
            Process check = new ProcessBuilder(binary.toString(), "-n", script.toString()).redirectErrorStream(true).start();
            assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(check.exitValue()).as("%s -n: %s", shell, new String(check.getInputStream().readAllBytes())).isZero();
        }
    }
}
