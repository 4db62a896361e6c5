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
                "Steps that an Error finding blocks, and every step after them, are left out and named in a comment."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:rendered", "2:usage error or invalid profile (message on stderr, nothing on stdout)"})
public final class RenderCommand implements Callable<Integer> {

    enum Format { yaml, json }

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE",
            description = "Profile file or directory (recursive, *.yaml/*.yml); '-' reads stdin. Repeatable.")
    // Paths rather than strings so completion scripts offer file names; '-' is read as stdin all the same.
    List<java.nio.file.Path> files = new ArrayList<>();

    @Option(names = {"-o", "--output"}, defaultValue = "yaml", paramLabel = "FORMAT",
            description = "yaml (multi-document, default) or json (a v1 List).")
    Format format;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return CommandBoundary.run(spec.commandLine().getErr(), "render", this::render);
    }

    private int render() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
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
}
