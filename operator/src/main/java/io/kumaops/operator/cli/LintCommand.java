package io.kumaops.operator.cli;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kumaops.operator.kube.KubeClients;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kumaops.operator.load.LoadedProfile;
import io.kumaops.operator.model.ResolvedProfile;
import io.kumaops.operator.observe.ClusterObserver;
import io.kumaops.operator.load.ProfileInputException;
import io.kumaops.operator.load.ProfileLoader;
import io.kumaops.operator.report.FindingReport;
import io.kumaops.operator.report.ProfileFindings;
import io.kumaops.operator.report.ReportFormat;
import io.kumaops.operator.report.ReportOptions;
import io.kumaops.operator.report.RolloutTimeline;
import io.kumaops.operator.report.YamlLocator;
import io.kumaops.operator.rules.FindingEngine;
import io.kumaops.operator.rules.FindingResult;
import io.kumaops.operator.rules.RuleContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
 * With {@code --cluster} the same rules also judge the live cluster, read-only: every profile in the cluster, or the
 * {@code -f} files against the cluster.
 */
@Command(name = "lint",
        mixinStandardHelpOptions = true,
        description = {"Report production anti-patterns in KumaProductionProfile files, offline (same rules as the operator).",
                "With --cluster, also judge the live cluster (read-only): the profiles stored in it, or the -f files against it."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:no unsuppressed finding reaches --fail-on",
                "1:an unsuppressed finding reaches --fail-on",
                "2:usage error, invalid input, or (--cluster) no cluster reachable"})
public class LintCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--filename"}, arity = "1..*", paramLabel = "FILE|DIR|-",
            description = "Profile files, directories (searched recursively for *.yaml / *.yml) or - for stdin. Repeatable."
                    + " Required unless --cluster is given.")
    // Paths rather than strings so completion scripts offer file names; '-' is read as stdin all the same.
    List<Path> sources = new ArrayList<>();

    @Option(names = "--cluster",
            description = "Judge the live cluster too (read-only): the profiles stored in it, or the -f files against it.")
    boolean cluster;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "With --cluster: kubeconfig to use (default: $KUBECONFIG, else ~/.kube/config, else in-cluster).")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "With --cluster: kubeconfig context (default: the current one).")
    String kubeContext;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", converter = FormatConverter.class,
            completionCandidates = FormatCandidates.class,
            description = "text, json, sarif or html (default: ${DEFAULT-VALUE}).")
    ReportFormat format = ReportFormat.TEXT;

    @Option(names = "--fail-on", paramLabel = "LEVEL", defaultValue = "error", converter = FailOnConverter.class,
            completionCandidates = FailOnCandidates.class,
            description = "Exit 1 when an unsuppressed finding is at least this severe: error, warning, info or never (default: ${DEFAULT-VALUE}).")
    FailOn failOn = FailOn.ERROR;

    @Option(names = "--distribution", paramLabel = "NAME", defaultValue = "Kuma", converter = DistributionConverter.class,
            completionCandidates = DistributionCandidates.class,
            description = "The control plane that judges Kuma resources in the files: Kuma or KongMesh (default: ${DEFAULT-VALUE}).")
    io.kumaops.operator.api.v1alpha1.Distribution distribution = io.kumaops.operator.api.v1alpha1.Distribution.Kuma;

    @Option(names = "--kuma-version", paramLabel = "MINOR", defaultValue = "2.14", converter = KumaVersionConverter.class,
            completionCandidates = KumaVersionCandidates.class,
            description = "The Kuma minor that judges Kuma resources in the files, 2.9 … 2.14 (default: ${DEFAULT-VALUE}).")
    io.kumaops.operator.model.KumaVersion kumaVersion = new io.kumaops.operator.model.KumaVersion(2, 14);

    @Option(names = "--include-suppressed",
            description = "With -o sarif: also write suppressed findings, marked with a SARIF suppression. GitHub code scanning"
                    + " ignores suppressions, so they are left out by default; text and json always list them.")
    boolean includeSuppressed;

    /** The text of every file read, to place findings at their fields. */
    private final SourceTexts texts = new SourceTexts();

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
        return CommandBoundary.run(spec.commandLine().getErr(), "lint", this::lint);
    }

    private int lint() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!cluster && (kubeconfig != null || kubeContext != null)) {
            return usage(err, "--kubeconfig and --context need --cluster");
        }
        if (!cluster && sources.isEmpty()) {
            return usage(err, "Missing required option: '--filename=FILE|DIR|-' (or --cluster)");
        }
        if (cluster) {
            return lintAgainstCluster(out, err);
        }
        io.kumaops.operator.load.ProfileLoader loader = io.kumaops.operator.load.ProfileLoader.skippingOtherKinds();
        List<LoadedProfile> loaded = loadSources(err, loader);
        if (loaded == null) {
            return ExitCodes.USAGE;
        }
        List<io.kumaops.operator.load.LoadedKumaResource> kumaResources = loader.kumaResources();
        if (loaded.isEmpty() && kumaResources.isEmpty()) {
            // A CI job pointed at the wrong path must not pass silently (render treats it the same way).
            err.println("error: no " + KumaProductionProfile.KIND + " found in " + String.join(", ", sourceNames())
                    + " (no document has kind: " + KumaProductionProfile.KIND + ")");
            err.flush();
            return ExitCodes.USAGE;
        }
        List<ProfileFindings> results = new ArrayList<>();
        io.kumaops.operator.plan.Planner planner = new io.kumaops.operator.plan.Planner();
        for (LoadedProfile profile : loaded) {
            FindingResult result = engine.evaluate(RuleContext.offline(profile.profile()));
            io.kumaops.operator.plan.Plan plan = planner.plan(profile.profile());
            // The same refusals the operator would block on: what Kuma would not admit of the profile's output.
            List<Finding> findings = new ArrayList<>(result.findings());
            findings.addAll(KumaResourceLint.refusals(plan));
            findings.sort(FindingEngine.ORDER);
            results.add(new ProfileFindings(profile.profile().getMetadata().getName(), profile.source(), profile.line(), findings)
                    .withLocator(texts.locator(profile.source(), profile.line()))
                    .withPlan(RolloutTimeline.of(plan, result.blockingCodes())));
        }
        KumaResourceLint kuma = new KumaResourceLint(io.kumaops.operator.admission.KumaAdmission.standard(),
                io.kumaops.operator.admission.AdmissionTarget.of(distribution, kumaVersion));
        for (io.kumaops.operator.load.LoadedKumaResource resource : kumaResources) {
            YamlLocator locator = texts.locator(resource.source(), resource.line());
            // Kuma's validators name a Mesh's fields from its spec (mtls.backends) and labels without metadata.
            results.add(kuma.judge(resource).withLocator(locator == null ? null : locator.alsoUnder("spec", "metadata")));
        }
        out.print(FindingReport.render(format, results, engine.catalog(), reportOptions()));
        out.flush();
        return failOn.reachedBy(results) ? ExitCodes.FINDINGS : ExitCodes.OK;
    }

    /**
     * What the operator's one-owner check would block on this cluster (the planner's OwnershipGate, on the objects other
     * profiles own). The check reads neither the clock nor other findings, so the offline signals plan it as a pass would.
     */
    private static List<Finding> ownershipFindings(io.kumaops.operator.plan.Plan plan) {
        return plan.findings().stream().filter(f -> io.kumaops.operator.plan.Planner.OWNERSHIP_FINDINGS.contains(f.code)).toList();
    }

    private List<String> sourceNames() {
        return sources.stream().map(Path::toString).toList();
    }

    private ReportOptions reportOptions() {
        return new ReportOptions(Path.of("").toAbsolutePath(), VersionProvider.version(), includeSuppressed);
    }

    /** The profiles in --filename, or null after saying on stderr why they cannot be read. */
    private List<LoadedProfile> loadSources(PrintWriter err) {
        return loadSources(err, ProfileLoader.skippingOtherKinds());
    }

    private List<LoadedProfile> loadSources(PrintWriter err, ProfileLoader loader) {
        try {
            InputStream in = stdin != null ? stdin : System.in;
            // Read stdin only when asked to: an interactive terminal would otherwise block the command.
            return loader.load(sourceNames(), sourceNames().contains(ProfileLoader.STDIN) ? texts.stdin(in) : in);
        } catch (ProfileInputException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return null;
        }
    }

    /**
     * The Kuma that runs in the cluster, read from its control-plane Deployment's image (the first profile's system
     * namespace and Deployment name, else Kuma's chart defaults); the flags when nothing says otherwise.
     */
    private io.kumaops.operator.admission.AdmissionTarget runningKuma(KubernetesClient client, List<LoadedProfile> profiles) {
        io.kumaops.operator.api.v1alpha1.ControlPlaneSpec controlPlane = profiles.isEmpty()
                ? new io.kumaops.operator.api.v1alpha1.ControlPlaneSpec() : profiles.get(0).profile().withDefaultedSpec().getSpec().controlPlane;
        io.kumaops.operator.admission.AdmissionTarget fallback = io.kumaops.operator.admission.AdmissionTarget.of(distribution, kumaVersion)
                .withNamespaceAndRole(controlPlane.systemNamespace, controlPlane.role);
        try {
            var deployment = client.apps().deployments().inNamespace(controlPlane.systemNamespace).withName(controlPlane.deploymentName).get();
            if (deployment == null) {
                return fallback;
            }
            return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                    .map(container -> io.kumaops.operator.model.KumaImage.parse(container.getImage()))
                    .flatMap(Optional::stream)
                    .filter(image -> io.kumaops.operator.admission.AdmissionTarget.supports(image.version()))
                    .findFirst()
                    .map(image -> new io.kumaops.operator.admission.AdmissionTarget(image.distribution(), image.version(),
                            controlPlane.systemNamespace, controlPlane.role))
                    .orElse(fallback);
        } catch (KubernetesClientException e) {
            return fallback;
        }
    }

    private int usage(PrintWriter err, String message) {
        err.println("error: " + message);
        err.println("see '" + spec.qualifiedName() + " --help'");
        err.flush();
        return ExitCodes.USAGE;
    }

    /** Read-only: the observer only gets and lists; nothing is written to the cluster. */
    private int lintAgainstCluster(PrintWriter out, PrintWriter err) {
        Connection connection = connect(kubeconfig, kubeContext);
        if (connection.error() != null) {
            err.println("error: " + connection.error());
            err.flush();
            return ExitCodes.USAGE;
        }
        try (KubernetesClient client = connection.client()) {
            List<LoadedProfile> loaded;
            List<io.kumaops.operator.load.LoadedKumaResource> kumaResources = List.of();
            if (!sources.isEmpty()) {
                ProfileLoader loader = ProfileLoader.skippingOtherKinds();
                loaded = loadSources(err, loader);
                if (loaded == null) {
                    return ExitCodes.USAGE;
                }
                kumaResources = loader.kumaResources();
            } else {
                try {
                    loaded = storedProfiles(client);
                } catch (KubernetesClientException e) {
                    err.println("error: " + describeListFailure(e, connection.server()));
                    err.flush();
                    return ExitCodes.USAGE;
                }
            }
            if (loaded.isEmpty() && kumaResources.isEmpty()) {
                err.println("error: no " + KumaProductionProfile.KIND + " found in "
                        + (sources.isEmpty() ? "the cluster at " + connection.server() : String.join(", ", sourceNames())));
                err.flush();
                return ExitCodes.USAGE;
            }
            List<ProfileFindings> results = new ArrayList<>();
            List<String> refusedProbes;
            io.kumaops.operator.plan.Planner planner = new io.kumaops.operator.plan.Planner();
            try (ClusterObserver observer = new ClusterObserver(client)) {
                for (LoadedProfile profile : loaded) {
                    KumaProductionProfile judged = profile.profile().withDefaultedSpec();
                    // The operator's own reading of the cluster: lint judges on the facts a pass would.
                    ResolvedProfile resolved = ResolvedProfile.of(judged, observer.factsForPlanning(judged));
                    FindingResult result = engine.evaluate(new RuleContext(resolved));
                    List<Finding> findings = new ArrayList<>(result.findings());
                    findings.addAll(ownershipFindings(planner.plan(resolved, io.kumaops.operator.plan.RolloutSignals.offline())));
                    findings.sort(FindingEngine.ORDER);
                    // The plan of a first rollout, as offline: the HTML report shows it, stopped where these findings block.
                    results.add(new ProfileFindings(judged.getMetadata().getName(), profile.source(), profile.line(), findings)
                            .withLocator(texts.locator(profile.source(), profile.line()))
                            .withPlan(RolloutTimeline.of(planner.plan(profile.profile()), result.blockingCodes())));
                }
                refusedProbes = List.copyOf(observer.refusedProbes());
            }
            if (!kumaResources.isEmpty()) {
                // The running control plane judges the files: its image says which distribution and minor it is.
                io.kumaops.operator.admission.AdmissionTarget target = runningKuma(client, loaded);
                err.println("note: Kuma resources judged as " + target + (target.equals(io.kumaops.operator.admission.AdmissionTarget
                        .of(distribution, kumaVersion)) ? "" : ", the running control plane (not --distribution/--kuma-version)"));
                err.flush();
                KumaResourceLint kuma = new KumaResourceLint(io.kumaops.operator.admission.KumaAdmission.standard(), target);
                for (io.kumaops.operator.load.LoadedKumaResource resource : kumaResources) {
                    YamlLocator locator = texts.locator(resource.source(), resource.line());
                    results.add(kuma.judge(resource).withLocator(locator == null ? null : locator.alsoUnder("spec", "metadata")));
                }
            }
            out.print(FindingReport.render(format, results, engine.catalog(), reportOptions()));
            out.flush();
            if (!refusedProbes.isEmpty()) {
                // Unknown facts silence their rules: say so, or a clean report would read as a clean cluster.
                err.println("note: not allowed to read " + String.join("; ", refusedProbes)
                        + ". Those facts were not observed and the rules that need them stayed silent (see docs/observation.md).");
                err.flush();
            }
            return failOn.reachedBy(results) ? ExitCodes.FINDINGS : ExitCodes.OK;
        }
    }

    /**
     * The texts the loader read, kept to locate fields: stdin is read once here and handed on, files are read again
     * (the loader keeps no text).
     */
    private static final class SourceTexts {
        private final Map<String, String> texts = new HashMap<>();

        InputStream stdin(InputStream in) throws ProfileInputException {
            try {
                byte[] bytes = in.readAllBytes();
                texts.put(STDIN_SOURCE, new String(bytes, StandardCharsets.UTF_8));
                return new ByteArrayInputStream(bytes);
            } catch (IOException e) {
                throw new ProfileInputException(STDIN_SOURCE, List.of("cannot read: " + e.getMessage()));
            }
        }

        /** Null when the text cannot be read again: the findings then point at the document's first line. */
        YamlLocator locator(String source, int line) {
            String text = texts.computeIfAbsent(source, s -> {
                try {
                    return Files.readString(Path.of(s), StandardCharsets.UTF_8);
                } catch (IOException | RuntimeException e) {
                    return null;
                }
            });
            return text == null ? null : YamlLocator.forDocument(text, line);
        }
    }

    /** How the loader names profiles read from stdin. */
    private static final String STDIN_SOURCE = "<stdin>";

    /** A client for the cluster, or why there is none. */
    record Connection(KubernetesClient client, String server, String error) {
    }

    /**
     * --kubeconfig, else fabric8's autoConfigure (KUBECONFIG, ~/.kube/config, in-cluster service account). The API
     * server is asked for its version before anything else, so "no cluster" is one clear error, not a stack trace.
     */
    static Connection connect(Path kubeconfig, String context) {
        Kubeconfigs.Loaded loaded = Kubeconfigs.load(kubeconfig, context, true);
        if (!loaded.ok()) {
            return new Connection(null, null, loaded.error());
        }
        Config config = loaded.config();
        // A CI job without a cluster should fail in seconds, not retry with back-off for minutes.
        config.setRequestRetryBackoffLimit(0);
        config.setConnectionTimeout(10_000);
        config.setRequestTimeout(30_000);
        KubernetesClient client = KubeClients.build(config);
        String server = config.getMasterUrl();
        try {
            client.getKubernetesVersion();
        } catch (RuntimeException e) {
            client.close();
            String how = kubeconfig != null ? "--kubeconfig " + kubeconfig
                    : "the default kubeconfig ($KUBECONFIG, ~/.kube/config or the in-cluster service account)";
            return new Connection(null, server, "no Kubernetes API server reachable at " + server + " (from " + how + "): "
                    + rootMessage(e) + "; pass --kubeconfig FILE (and --context NAME) of a reachable cluster");
        }
        return new Connection(client, server, null);
    }

    /** Every profile stored in the cluster, sorted by name; each is named kumaproductionprofiles/NAME in reports. */
    static List<LoadedProfile> storedProfiles(KubernetesClient client) {
        return client.resources(KumaProductionProfile.class).list().getItems().stream()
                .sorted(java.util.Comparator.comparing(p -> p.getMetadata().getName()))
                .map(p -> new LoadedProfile(p, "kumaproductionprofiles/" + p.getMetadata().getName(), 1, 1))
                .toList();
    }

    static String describeListFailure(KubernetesClientException e, String server) {
        return switch (e.getCode()) {
            case 403 -> "not allowed to list kumaproductionprofiles.kumaops.io at " + server
                    + " (bind the chart's lint ClusterRole, lintRole.create): " + e.getMessage();
            case 404 -> "the KumaProductionProfile CRD is not installed in the cluster at " + server
                    + "; lint files against it with -f FILE --cluster";
            default -> "cannot list KumaProductionProfiles at " + server + ": " + rootMessage(e);
        };
    }

    /** The innermost cause, which names the real problem (fabric8's own message is often "An error has occurred."). */
    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getClass().getSimpleName() + ": " + root.getMessage();
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

    // Completion candidates, spelled as the flags take them (picocli would offer the enum constants' names).
    static final class FormatCandidates extends ArrayList<String> {
        FormatCandidates() {
            super(Arrays.stream(ReportFormat.values()).map(ReportFormat::flag).toList());
        }
    }

    static final class FailOnCandidates extends ArrayList<String> {
        FailOnCandidates() {
            super(Arrays.stream(FailOn.values()).map(level -> level.name().toLowerCase(Locale.ROOT)).toList());
        }
    }

    static final class DistributionCandidates extends ArrayList<String> {
        DistributionCandidates() {
            super(Arrays.stream(io.kumaops.operator.api.v1alpha1.Distribution.values()).map(Enum::name).toList());
        }
    }

    static final class KumaVersionCandidates extends ArrayList<String> {
        KumaVersionCandidates() {
            super(List.of("2.9", "2.10", "2.11", "2.12", "2.13", "2.14"));
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

    static final class DistributionConverter implements ITypeConverter<io.kumaops.operator.api.v1alpha1.Distribution> {
        @Override
        public io.kumaops.operator.api.v1alpha1.Distribution convert(String value) {
            for (io.kumaops.operator.api.v1alpha1.Distribution d : io.kumaops.operator.api.v1alpha1.Distribution.values()) {
                if (d.name().equalsIgnoreCase(value)) {
                    return d;
                }
            }
            throw new TypeConversionException("'" + value + "' is not a distribution; use Kuma or KongMesh");
        }
    }

    static final class KumaVersionConverter implements ITypeConverter<io.kumaops.operator.model.KumaVersion> {
        @Override
        public io.kumaops.operator.model.KumaVersion convert(String value) {
            if (value == null || !value.matches("\\A2\\.(9|1[0-4])\\z")) {
                throw new TypeConversionException("'" + value + "' is not a supported Kuma minor; use 2.9 … 2.14");
            }
            return io.kumaops.operator.model.KumaVersion.parse(value);
        }
    }
}
