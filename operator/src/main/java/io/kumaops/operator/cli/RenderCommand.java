package io.kumaops.operator.cli;

import io.kumaops.operator.load.LoadedProfile;
import io.kumaops.operator.load.ProfileInputException;
import io.kumaops.operator.load.ProfileLoader;
import io.kumaops.operator.plan.Plan;
import io.kumaops.operator.plan.Planner;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.render.ManifestRenderer;
import io.kumaops.operator.rules.FindingEngine;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "render",
        mixinStandardHelpOptions = true,
        description = {"Print every resource the profiles emit, in apply order, each annotated with its step (kumaops.io/step).",
                "Steps that an Error finding blocks, and every step after them, are left out and named in a comment.",
                "With --cluster: only what the operator would write next, given what the cluster and Kuma report now (read-only)."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:rendered", "2:usage error or invalid profile (message on stderr, nothing on stdout)"})
public final class RenderCommand implements Callable<Integer> {

    enum Format { yaml, json }

    @Option(names = {"-f", "--filename"}, paramLabel = "FILE",
            description = "Profile file or directory (recursive, *.yaml/*.yml); '-' reads stdin. Repeatable. Required"
                    + " unless --cluster (then the profiles stored in the cluster are rendered).")
    // Paths rather than strings so completion scripts offer file names; '-' is read as stdin all the same.
    List<java.nio.file.Path> files = new ArrayList<>();

    @Option(names = {"-o", "--output"}, defaultValue = "yaml", paramLabel = "FORMAT",
            description = "yaml (multi-document, default) or json (a v1 List).")
    Format format;

    @Option(names = "--cluster",
            description = "Plan from what the cluster and Kuma report now, read-only, and print only what the operator would"
                    + " write next: objects already in place are left out, and the output stops where a pass would"
                    + " (a blocking finding, a gate waiting for Kuma's evidence), saying why in a comment.")
    boolean cluster;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "With --cluster: kubeconfig to use (default: $KUBECONFIG, else ~/.kube/config, else in-cluster).")
    java.nio.file.Path kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "With --cluster: kubeconfig context to use.")
    String kubeContext;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return CommandBoundary.run(spec.commandLine().getErr(), "render", this::render);
    }

    private int render() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!cluster && (kubeconfig != null || kubeContext != null)) {
            err.println("error: --kubeconfig and --context need --cluster");
            return ExitCodes.USAGE;
        }
        if (cluster) {
            return renderFromCluster(out, err);
        }
        if (files.isEmpty()) {
            err.println("error: -f/--filename is required (or --cluster)");
            err.println("see '" + spec.qualifiedName() + " --help'");
            return ExitCodes.USAGE;
        }
        List<LoadedProfile> profiles;
        try {
            profiles = ProfileLoader.strict().load(files.stream().map(java.nio.file.Path::toString).toList(), System.in);
        } catch (ProfileInputException e) {
            err.println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (profiles.isEmpty()) {
            err.println("error: no KumaProductionProfile found in " + String.join(", ", files.stream().map(java.nio.file.Path::toString).toList())
                    + " (no document has kind: KumaProductionProfile)");
            return ExitCodes.USAGE;
        }
        Planner planner = new Planner();
        FindingEngine engine = FindingEngine.standard();
        List<Plan> plans = new ArrayList<>();
        Map<String, Map<Step, String>> blocked = new LinkedHashMap<>();
        for (LoadedProfile loaded : profiles) {
            Plan plan = planner.plan(loaded.profile());
            plans.add(plan);
            blocked.put(plan.profileName(), BlockedSteps.of(engine, loaded.profile()));
            blocked.get(plan.profileName()).forEach((step, reason) ->
                    err.println("note: " + plan.profileName() + ": step " + step.id() + " is blocked by " + reason));
        }
        out.print(format == Format.json ? ManifestRenderer.json(plans, blocked) : ManifestRenderer.yaml(plans, blocked));
        out.flush();
        return ExitCodes.OK;
    }

    /** Read-only: the same reading of the cluster a pass makes, the same plan, the executor's walk without its writes. */
    private int renderFromCluster(PrintWriter out, PrintWriter err) {
        LintCommand.Connection connection = LintCommand.connect(kubeconfig, kubeContext);
        if (connection.error() != null) {
            err.println("error: " + connection.error());
            return ExitCodes.USAGE;
        }
        try (io.fabric8.kubernetes.client.KubernetesClient client = connection.client();
             io.kumaops.operator.observe.ClusterObserver observer = new io.kumaops.operator.observe.ClusterObserver(client)) {
            List<LoadedProfile> profiles;
            try {
                profiles = files.isEmpty() ? LintCommand.storedProfiles(client)
                        : ProfileLoader.strict().load(files.stream().map(java.nio.file.Path::toString).toList(), System.in);
            } catch (ProfileInputException e) {
                err.println("error: " + e.getMessage());
                return ExitCodes.USAGE;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                err.println("error: " + LintCommand.describeListFailure(e, connection.server()));
                return ExitCodes.USAGE;
            }
            if (profiles.isEmpty()) {
                err.println("error: no KumaProductionProfile found in " + (files.isEmpty() ? "the cluster at " + connection.server()
                        : String.join(", ", files.stream().map(java.nio.file.Path::toString).toList())));
                return ExitCodes.USAGE;
            }
            Planner planner = new Planner();
            FindingEngine engine = FindingEngine.standard();
            io.kumaops.operator.kube.KubeAccess kube = new io.kumaops.operator.kube.KubeAccess(client);
            StringBuilder yaml = new StringBuilder();
            List<Object> items = new ArrayList<>();
            for (LoadedProfile loaded : profiles) {
                var profile = loaded.profile().withDefaultedSpec();
                var resolved = io.kumaops.operator.model.ResolvedProfile.of(profile, observer.facts(profile));
                var findings = engine.evaluate(new io.kumaops.operator.rules.RuleContext(resolved));
                List<String> errors = findings.active().stream().filter(f -> f.severity == io.kumaops.operator.api.v1alpha1.Severity.Error)
                        .map(f -> f.code).distinct().toList();
                Plan plan = planner.plan(resolved, new io.kumaops.operator.plan.RolloutSignals(java.time.Instant.now(), errors));
                List<NextWrites.StepOutlook> outlook = NextWrites.walk(plan, findings, kube,
                        io.kumaops.operator.reconcile.RolloutExecutor.controlPlaneGated(profile));
                yaml.append("# profile ").append(io.kumaops.operator.model.Quoted.oneLine(plan.profileName())).append(", mesh ")
                        .append(io.kumaops.operator.model.Quoted.oneLine(plan.meshName()))
                        .append(": what the operator would write next, given what the cluster and Kuma report now\n");
                int writes = 0;
                for (NextWrites.StepOutlook step : outlook) {
                    String id = step.step().step().id();
                    if (step.apply().isEmpty() && step.delete().isEmpty() && step.stop() == null) {
                        yaml.append("# step ").append(id).append(": in place\n");
                    }
                    for (var resource : step.apply()) {
                        yaml.append("---\n").append(ManifestRenderer.toYaml(resource.body()));
                        items.add(resource.body());
                        writes++;
                    }
                    for (var ref : step.delete()) {
                        yaml.append("# step ").append(id).append(": then delete ").append(io.kumaops.operator.model.Quoted.oneLine(ref.toString()))
                                .append('\n');
                        writes++;
                    }
                    if (step.stop() != null) {
                        yaml.append("# step ").append(id).append(": ").append(io.kumaops.operator.model.Quoted.oneLine(step.stop())).append('\n');
                        err.println("note: " + plan.profileName() + ": step " + id + " " + step.stop().replace('\n', ' '));
                    }
                }
                if (writes == 0 && outlook.stream().allMatch(step -> step.stop() == null)) {
                    err.println("note: " + plan.profileName() + ": everything is in place; nothing would be written");
                }
            }
            out.print(format == Format.json ? ManifestRenderer.jsonList(items) : yaml);
            out.flush();
            return ExitCodes.OK;
        }
    }
}
