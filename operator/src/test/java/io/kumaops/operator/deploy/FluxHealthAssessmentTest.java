package io.kumaops.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileStatus;
import io.kumaops.operator.model.ConditionReason;
import io.kumaops.operator.model.RolloutProgress;
import io.kumaops.operator.model.RolloutProgress.Outcome;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.rules.FindingEngine;
import io.kumaops.operator.rules.RuleContext;
import io.kumaops.operator.status.StatusAggregator;
import io.kumaops.operator.support.TestProfiles;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * How Flux judges a profile, against statuses the operator's StatusAggregator writes.
 *
 * <p>Flux's kustomize-controller health-checks custom resources with kstatus (the fork fluxcd/cli-utils of
 * kubernetes-sigs/cli-utils, pkg/kstatus/status: generic.go and status.go). {@link #kstatus} restates its rules for a
 * kind kstatus has no special rule for: deletion first, then a generation the controller has not observed, then the
 * Reconciling and Stalled conditions, then the Ready condition, else current. {@link #fluxCel} restates how Flux
 * evaluates {@code healthCheckExprs} (fluxcd/pkg runtime/cel/status_evaluator.go): the observedGeneration check, then
 * inProgress, failed and current in that order, in progress when none is true; an expression that cannot be
 * evaluated leaves the status unknown (the poller keeps waiting). The expressions are read from
 * deploy/flux/kustomizations.yaml and run with a real CEL engine (cel-java), the object's top-level fields as
 * variables, as Flux does.
 */
class FluxHealthAssessmentTest {

    enum Kstatus { Current, InProgress, Failed, Terminating, Unknown }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-01T10:57:30Z");
    private static final long GENERATION = 3;

    // ---- kstatus, restated ---------------------------------------------------------------------------------

    /** kstatus's verdict on an object of a kind it has no type-specific rule for. */
    static Kstatus kstatus(JsonNode obj) {
        if (!obj.path("metadata").path("deletionTimestamp").asText("").isEmpty()) {
            return Kstatus.Terminating;
        }
        if (generationNotObserved(obj)) {
            return Kstatus.InProgress;
        }
        for (JsonNode condition : obj.path("status").path("conditions")) {
            boolean isTrue = condition.path("status").asText().equals("True");
            if (isTrue && condition.path("type").asText().equals("Reconciling")) {
                return Kstatus.InProgress;
            }
            if (isTrue && condition.path("type").asText().equals("Stalled")) {
                return Kstatus.Failed;
            }
        }
        for (JsonNode condition : obj.path("status").path("conditions")) {
            if (condition.path("type").asText().equals("Ready")) {
                switch (condition.path("status").asText()) {
                    case "True":
                        return Kstatus.Current;
                    case "False", "Unknown":
                        return Kstatus.InProgress;
                    default:
                        // Any other value says nothing; the next Ready condition, if any, may.
                }
            }
        }
        // No known condition: kstatus takes the object for reconciled.
        return Kstatus.Current;
    }

    /** Both generations present and different; a missing one skips the check (kstatus and Flux's CEL path alike). */
    private static boolean generationNotObserved(JsonNode obj) {
        JsonNode generation = obj.path("metadata").path("generation");
        JsonNode observed = obj.path("status").path("observedGeneration");
        return generation.isIntegralNumber() && observed.isIntegralNumber() && generation.asLong() != observed.asLong();
    }

    // ---- Flux's healthCheckExprs, restated ---------------------------------------------------------------

    /**
     * Flux parses without type-checking, so any top-level field is a variable. cel-java runs only checked
     * expressions: the five top-level fields of an object are declared dyn, which checks nothing more.
     */
    private static final CelCompiler CEL = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("apiVersion", SimpleType.DYN).addVar("kind", SimpleType.DYN).addVar("metadata", SimpleType.DYN)
            .addVar("spec", SimpleType.DYN).addVar("status", SimpleType.DYN)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().build();

    record Expressions(String inProgress, String failed, String current) {
    }

    static Kstatus fluxCel(JsonNode obj, Expressions expressions) {
        if (generationNotObserved(obj)) {
            return Kstatus.InProgress;
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        obj.fields().forEachRemaining(field -> variables.put(field.getKey(), plain(field.getValue())));
        Map<Kstatus, String> inOrder = new LinkedHashMap<>();
        inOrder.put(Kstatus.InProgress, expressions.inProgress());
        inOrder.put(Kstatus.Failed, expressions.failed());
        inOrder.put(Kstatus.Current, expressions.current());
        for (Map.Entry<Kstatus, String> each : inOrder.entrySet()) {
            if (each.getValue() == null || each.getValue().isEmpty()) {
                continue;
            }
            try {
                CelAbstractSyntaxTree ast = CEL.compile(each.getValue()).getAst();
                Object result = RUNTIME.createProgram(ast).eval(variables);
                if (!(result instanceof Boolean)) {
                    return Kstatus.Unknown;
                }
                if ((Boolean) result) {
                    return each.getKey();
                }
            } catch (CelEvaluationException e) {
                return Kstatus.Unknown;
            } catch (CelValidationException e) {
                throw new AssertionError("not a CEL expression: " + each.getValue(), e);
            }
        }
        return Kstatus.InProgress;
    }

    /** JSON as the maps, lists, strings, longs, doubles and booleans an unstructured object holds. */
    private static Object plain(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                map.put(field.getKey(), plain(field.getValue()));
            }
            return map;
        }
        if (node.isArray()) {
            return java.util.stream.StreamSupport.stream(node.spliterator(), false).map(FluxHealthAssessmentTest::plain).toList();
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.isNull() ? com.google.protobuf.NullValue.NULL_VALUE : node.asText();
    }

    private static Expressions documentedExpressions() {
        List<JsonNode> documents = ChartSupport.documents(ChartSupport.read(FluxExamplesTest.flux().resolve("kustomizations.yaml")));
        JsonNode profiles = ChartSupport.get(documents, "Kustomization", "kuma-production-profiles");
        JsonNode check = profiles.path("spec").path("healthCheckExprs").get(0);
        assertThat(check.path("apiVersion").asText()).isEqualTo("kumaops.io/v1alpha1");
        assertThat(check.path("kind").asText()).isEqualTo("KumaProductionProfile");
        return new Expressions(check.path("inProgress").asText(null), check.path("failed").asText(null), check.path("current").asText(null));
    }

    // ---- statuses the operator writes ---------------------------------------------------------------------

    private static KumaProductionProfile profile(String spec) {
        KumaProductionProfile profile = TestProfiles.fromSpec("payments", spec);
        profile.getMetadata().setGeneration(GENERATION);
        return profile;
    }

    private static JsonNode withStatus(KumaProductionProfile profile, KumaProductionProfileStatus status) {
        profile.setStatus(status);
        return JSON.valueToTree(profile);
    }

    private static JsonNode afterRollout(String spec, RolloutProgress progress) {
        KumaProductionProfile profile = profile(spec);
        return withStatus(profile, StatusAggregator.build(new StatusAggregator.Inputs(profile, null, true,
                FindingEngine.standard().evaluate(RuleContext.offline(profile)), List.of(), progress, null, null, NOW)));
    }

    private static RolloutProgress progress(List<Step> completed, Step current, Outcome outcome, ConditionReason reason, String message) {
        return new RolloutProgress(completed, current, outcome, reason, message, List.of(), 0);
    }

    private static JsonNode ready() {
        return afterRollout("", progress(Arrays.asList(Step.values()), null, Outcome.Done, ConditionReason.RolloutComplete, "ok"));
    }

    private static JsonNode progressing() {
        return afterRollout("", progress(List.of(Step.CONTROL_PLANE, Step.MESH), Step.TRAFFIC_PERMISSION, Outcome.Waiting,
                ConditionReason.WaitingForObservation, "waiting to observe MeshTrafficPermission kuma-system/allow-all-payments"));
    }

    private static JsonNode blocked() {
        return afterRollout("", progress(List.of(Step.CONTROL_PLANE, Step.MESH, Step.TRAFFIC_PERMISSION), Step.MTLS, Outcome.Blocked,
                ConditionReason.BlockedByFinding, "step 3-mtls is blocked by EnabledBackendNotDefined; the steps before it are in place"));
    }

    private static JsonNode degraded() {
        return afterRollout("", progress(List.of(), Step.CONTROL_PLANE, Outcome.Failed, ConditionReason.FieldConflict,
                "step 0-control-plane: Deployment kuma-system/kuma-control-plane: conflict with \"helm\": .spec.replicas"));
    }

    private static JsonNode errorFindings() {
        return afterRollout("controlPlane: {store: {type: Memory}}",
                progress(Arrays.asList(Step.values()), null, Outcome.Done, ConditionReason.RolloutComplete, "ok"));
    }

    private static JsonNode invalidSpec() {
        KumaProductionProfile profile = profile("");
        return withStatus(profile, StatusAggregator.build(new StatusAggregator.Inputs(profile,
                List.of("spec.mtls.enabledBackend ca-3 is not one of spec.mtls.backends"), null, null, null, null, null, null, NOW)));
    }

    private static JsonNode kumaMissing() {
        KumaProductionProfile profile = profile("");
        return withStatus(profile, StatusAggregator.build(new StatusAggregator.Inputs(profile, null, false, null, null, null, null, null, NOW)));
    }

    /** The spec changed in Git (a new generation) and the operator has not reconciled it yet: the old status stays. */
    private static JsonNode staleReady() {
        ObjectNode stale = (ObjectNode) ready();
        ((ObjectNode) stale.path("metadata")).put("generation", GENERATION + 1);
        return stale;
    }

    /** Just applied by Flux: no status yet. */
    private static JsonNode noStatus() {
        KumaProductionProfile profile = profile("");
        return JSON.valueToTree(profile);
    }

    /**
     * A profile as Flux may find it, and what each tool makes of it: kstatus alone, Flux with the example's
     * healthCheckExprs, Argo CD's health check. {@code written}: the status is the operator's for the current generation.
     */
    record Case(String name, JsonNode obj, boolean written, Kstatus kstatus, Kstatus withExpressions, String argoCd) {
    }

    private static List<Case> cases() {
        return List.of(
                new Case("Ready", ready(), true, Kstatus.Current, Kstatus.Current, "Healthy"),
                new Case("Progressing", progressing(), true, Kstatus.InProgress, Kstatus.InProgress, "Progressing"),
                new Case("Blocked (finding)", blocked(), true, Kstatus.InProgress, Kstatus.Failed, "Degraded"),
                new Case("Blocked (invalid spec)", invalidSpec(), true, Kstatus.InProgress, Kstatus.Failed, "Degraded"),
                new Case("Degraded (write failed)", degraded(), true, Kstatus.InProgress, Kstatus.Failed, "Degraded"),
                new Case("Degraded (Error findings)", errorFindings(), true, Kstatus.InProgress, Kstatus.Failed, "Degraded"),
                new Case("Pending (Kuma missing)", kumaMissing(), true, Kstatus.InProgress, Kstatus.InProgress, "Progressing"),
                new Case("a new generation not yet observed, Ready=True", staleReady(), false, Kstatus.InProgress, Kstatus.InProgress,
                        "Progressing"),
                // The limit docs/gitops-flux.md warns about: before the operator's first status kstatus has nothing to
                // wait for; to CEL `status` does not exist yet, so Flux reports Unknown and keeps waiting.
                new Case("just applied, no status", noStatus(), false, Kstatus.Current, Kstatus.Unknown, "Progressing"));
    }

    // ---- the tests ------------------------------------------------------------------------------------------

    /** What kstatus needs from a status: the generation it answers for, and a Ready condition for that generation. */
    @Test
    void everyStatusCarriesItsGenerationAndAReadyConditionForIt() {
        List<Case> written = cases().stream().filter(Case::written).toList();
        assertThat(written).hasSizeGreaterThanOrEqualTo(7);
        for (Case c : written) {
            JsonNode status = c.obj().path("status");
            assertThat(status.path("observedGeneration").asLong(-1)).as("%s: status.observedGeneration", c.name()).isEqualTo(GENERATION);
            List<JsonNode> readyConditions = java.util.stream.StreamSupport.stream(status.path("conditions").spliterator(), false)
                    .filter(condition -> condition.path("type").asText().equals("Ready")).toList();
            assertThat(readyConditions).as("%s: one Ready condition", c.name()).hasSize(1);
            JsonNode ready = readyConditions.get(0);
            assertThat(ready.path("status").asText()).as(c.name()).isIn("True", "False");
            assertThat(ready.path("observedGeneration").asLong(-1)).as("%s: Ready's observedGeneration", c.name()).isEqualTo(GENERATION);
            assertThat(ready.path("reason").asText()).as(c.name()).isNotEmpty();
            assertThat(ready.path("lastTransitionTime").asText()).as(c.name()).isNotEmpty();
            assertThat(status.path("conditions").findValuesAsText("type"))
                    .as("%s: no kstatus condition the operator does not mean", c.name()).doesNotContain("Reconciling", "Stalled");
        }
    }

    @Test
    void kstatusCallsOnlyAReadyProfileOfThisGenerationCurrentOnceItHasAStatus() {
        for (Case c : cases()) {
            assertThat(kstatus(c.obj())).as(c.name()).isEqualTo(c.kstatus());
        }
    }

    @Test
    void theHealthCheckExpressionsFailBlockedAndDegradedAndWaitForTheFirstStatus() {
        Expressions expressions = documentedExpressions();
        for (Case c : cases()) {
            assertThat(fluxCel(c.obj(), expressions)).as(c.name()).isEqualTo(c.withExpressions());
        }
    }

    /** A Ready condition left from an older generation does not count, even where status.observedGeneration was bumped. */
    @Test
    void theCurrentExpressionAsksForReadyOfThisGeneration() {
        Expressions expressions = documentedExpressions();
        UnaryOperator<JsonNode> olderReady = obj -> {
            ObjectNode copy = obj.deepCopy();
            copy.path("status").path("conditions").forEach(c -> ((ObjectNode) c).put("observedGeneration", GENERATION - 1));
            return copy;
        };

        assertThat(fluxCel(olderReady.apply(ready()), expressions)).isEqualTo(Kstatus.InProgress);
        assertThat(fluxCel(ready(), expressions)).isEqualTo(Kstatus.Current);
    }

    /** Argo CD's health check on the same objects: Healthy exactly where Flux says Current, Degraded where it says Failed. */
    @Test
    void argoCdAndFluxAgree() {
        String script = ChartSupport.read(ArgoCdConfigMapPatch.healthScript());
        for (Case c : cases()) {
            String argoCd = ArgoCdHealthScript.run(script, "health.lua", c.obj(), null).status();
            assertThat(argoCd).as(c.name()).isEqualTo(c.argoCd());
            assertThat(argoCd.equals("Healthy")).as("%s: Argo CD %s, Flux %s", c.name(), argoCd, c.withExpressions())
                    .isEqualTo(c.withExpressions() == Kstatus.Current);
            assertThat(argoCd.equals("Degraded")).as("%s: Argo CD %s, Flux %s", c.name(), argoCd, c.withExpressions())
                    .isEqualTo(c.withExpressions() == Kstatus.Failed);
        }
    }
}
