package io.kumaops.operator.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one artifact: the operator ({@code run}) and the offline tools ({@code render}, {@code lint}). */
@Command(name = "kuma-production-operator",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Rolls out production-grade Kuma configuration in a safe order, and lints profiles.",
        subcommands = {RenderCommand.class, LintCommand.class, RunCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        String logFormat = System.getenv("LOG_FORMAT");
        if (logFormat != null && !logFormat.equals("text") && !logFormat.equals("json")) {
            // Logback would silently log nothing with an unknown appender name.
            System.err.println("error: LOG_FORMAT=" + logFormat + " is not supported; use text or json");
            System.exit(ExitCodes.USAGE);
        }
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return newCommandLine().execute(args);
    }

    public static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new Main());
        // A usage error exits 2, like a parse error of the input files.
        commandLine.setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
        commandLine.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage());
            e.getCommandLine().getErr().println("see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'");
            return ExitCodes.USAGE;
        });
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
