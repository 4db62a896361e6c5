package io.kumaops.operator.cli;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.load.LoadedProfile;
import io.kumaops.operator.load.ProfileInputException;
import io.kumaops.operator.load.ProfileLoader;
import io.kumaops.operator.report.FindingReport;
import io.kumaops.operator.report.ProfileFindings;
import io.kumaops.operator.report.ReportFormat;
import io.kumaops.operator.rules.FindingEngine;
import io.kumaops.operator.rules.FindingResult;
import io.kumaops.operator.rules.RuleContext;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code lint}: the operator's findings for profiles on disk, offline, for CI. Exit 0 when nothing reaches
 * {@code --fail-on}, 1 when something does, 2 for usage or input errors (message on stderr, nothing on stdout).
 */
@Command(name = "lint",
        mixinStandardHelpOptions = true,
        description = "Report production anti-patterns in KumaProductionProfile files, offline (same rules as the operator).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:no unsuppressed finding reaches --fail-on",
                "1:an unsuppressed finding reaches --fail-on",
                "2:usage error or invalid input"})
public class LintCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--filename"}, required = true, arity = "1..*", paramLabel = "FILE|DIR|-",
            description = "Profile files, directories (searched recursively for *.yaml / *.yml) or - for stdin. Repeatable.")
    List<String> sources = new ArrayList<>();

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", converter = FormatConverter.class,
            description = "text, json or sarif (default: ${DEFAULT-VALUE}).")
    ReportFormat format = ReportFormat.TEXT;

    @Option(names = "--fail-on", paramLabel = "LEVEL", defaultValue = "error", converter = FailOnConverter.class,
            description = "Exit 1 when an unsuppressed finding is at least this severe: error, warning, info or never (default: ${DEFAULT-VALUE}).")
    FailOn failOn = FailOn.ERROR;

    /** Null: read System.in when the command runs (tests swap it after the command line is built). */
    private final InputStream stdin;
    private final FindingEngine engine;

    public LintCommand() {
        this(null, FindingEngine.standard());
    }

    public LintCommand(InputStream stdin, FindingEngine engine) {
        this.stdin = stdin;
        this.engine = engine;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<LoadedProfile> loaded;
        try {
            loaded = ProfileLoader.skippingOtherKinds().load(sources, stdin != null ? stdin : System.in);
        } catch (ProfileInputException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        }
        if (loaded.isEmpty()) {
            // A CI job pointed at the wrong path must not pass silently (render treats it the same way).
            err.println("error: no " + KumaProductionProfile.KIND + " found in " + String.join(", ", sources));
            err.flush();
            return ExitCodes.USAGE;
        }
        List<ProfileFindings> results = new ArrayList<>();
        for (LoadedProfile profile : loaded) {
            FindingResult result = engine.evaluate(RuleContext.offline(profile.profile()));
            results.add(new ProfileFindings(profile.profile().getMetadata().getName(), profile.source(), profile.line(),
                    result.findings()));
        }
        out.print(FindingReport.render(format, results, engine.catalog(), Path.of("").toAbsolutePath()));
        out.flush();
        return failOn.reachedBy(results) ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    /** The least severe finding that fails the run; NEVER fails on nothing. */
    public enum FailOn {
        ERROR(Severity.Error), WARNING(Severity.Warning), INFO(Severity.Info), NEVER(null);

        private final Severity threshold;

        FailOn(Severity threshold) {
            this.threshold = threshold;
        }

        /** Severity's declaration order is Error, Warning, Info: a lower ordinal is more severe. */
        boolean reachedBy(List<ProfileFindings> results) {
            if (threshold == null) {
                return false;
            }
            return results.stream().flatMap(result -> result.findings().stream())
                    .filter(finding -> !finding.isSuppressed() && finding.severity != null)
                    .map((Finding finding) -> finding.severity)
                    .anyMatch(severity -> severity.ordinal() <= threshold.ordinal());
        }
    }

    static final class FormatConverter implements ITypeConverter<ReportFormat> {
        @Override
        public ReportFormat convert(String value) {
            try {
                return ReportFormat.fromFlag(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    static final class FailOnConverter implements ITypeConverter<FailOn> {
        @Override
        public FailOn convert(String value) {
            for (FailOn level : FailOn.values()) {
                if (level.name().equalsIgnoreCase(value.trim())) {
                    return level;
                }
            }
            throw new TypeConversionException("unknown level '" + value + "'; use one of "
                    + Arrays.stream(FailOn.values()).map(level -> level.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
        }
    }
}
