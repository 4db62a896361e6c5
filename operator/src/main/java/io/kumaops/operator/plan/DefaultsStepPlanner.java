package io.kumaops.operator.plan;

import io.kumaops.operator.api.v1alpha1.ComputeResources;
import io.kumaops.operator.api.v1alpha1.PoliciesSpec;
import io.kumaops.operator.api.v1alpha1.PolicyCanaryStatus;
import io.kumaops.operator.api.v1alpha1.RolloutStrategy;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.GeneratedNames;
import io.kumaops.operator.model.GoDuration;
import io.kumaops.operator.model.Labels;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.model.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.kumaops.operator.plan.Bodies.*;
import static io.kumaops.operator.plan.Planner.*;

/** Step 4: the sidecar ContainerPatch and the mesh-wide default policies (staged on canaries when asked). */
final class DefaultsStepPlanner implements StepPlanner {

    @Override
    public Step step() {
        return Step.DEFAULTS;
    }

    @Override
    public PlannedStep plan(PlanContext c) {
        List<DesiredResource> apply = new ArrayList<>();
        if (c.sidecarPatchWanted()) {
            apply.add(containerPatch(c));
        }
        PoliciesSpec policies = c.spec.policies;
        List<DesiredResource> meshWide = new ArrayList<>();
        if (policies.timeout != null) {
            meshWide.addAll(timeouts(c));
        }
        if (policies.retry != null) {
            Map<String, Object> http = new LinkedHashMap<>();
            putIfSet(http, "numRetries", policies.retry.numRetries);
            putIfSet(http, "perTryTimeout", policies.retry.perTryTimeout);
            meshWide.add(c.kumaPolicy(Step.DEFAULTS, "MeshRetry", GeneratedNames.meshRetry(c.mesh),
                    meshWide("to", map("http", http))));
        }
        if (policies.circuitBreaker != null) {
            Map<String, Object> conf = new LinkedHashMap<>();
            if (policies.circuitBreaker.maxConnections != null) {
                conf.put("connectionLimits", map("maxConnections", policies.circuitBreaker.maxConnections));
            }
            if (policies.circuitBreaker.consecutiveErrors != null) {
                conf.put("outlierDetection", map("detectors",
                        map("totalFailures", map("consecutive", policies.circuitBreaker.consecutiveErrors))));
            }
            meshWide.add(c.kumaPolicy(Step.DEFAULTS, "MeshCircuitBreaker", GeneratedNames.meshCircuitBreaker(c.mesh),
                    meshWide("to", conf)));
        }
        List<ResourceRef> delete = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (c.spec.rollout.strategy == RolloutStrategy.Canary && c.spec.rollout.canary != null) {
            PolicyCanary.Decision canary = decideCanary(c, meshWide, null);
            if (!c.state.isOffline() && c.spec.rollout.gates != io.kumaops.operator.api.v1alpha1.GateEvidence.ApiServerOnly) {
                // The promotion as a gate on Kuma's evidence: the planned step promotes, the gate may hold it (or a pass by hand).
                PolicyCanary.Decision gated = decideCanary(c, meshWide, since -> c.state.canaryDataplanes() == null
                        ? "Kuma's reports on the canary data planes (their Dataplanes and DataplaneInsights) could not be read"
                        : c.state.canaryDataplanes().acknowledgementMissing(since));
                if (gated.awaiting() != null) {
                    List<DesiredResource> heldApply = new ArrayList<>(apply);
                    heldApply.addAll(gated.apply());
                    c.canaryHeld = new PlannedStep(Step.DEFAULTS, heldApply, gated.delete(), List.of("policy canary " + gated.status().phase
                            + ": " + gated.status().message), List.of(), new PlannedStep.Hold(
                            io.kumaops.operator.model.ConditionReason.WaitingForCanaryAcknowledgement, gated.status().message));
                    c.canaryHeldStatus = gated.status();
                }
            }
            apply.addAll(canary.apply());
            delete.addAll(canary.delete());
            c.canary = canary.status();
            c.reviewAt(canary.reviewAt());
            notes.add("policy canary " + canary.status().phase + ": " + canary.status().message);
        } else {
            apply.addAll(meshWide);
            // Leftovers of a canary when the strategy went back to Immediate.
            c.state.ownedPolicies().forEach((key, object) -> {
                if (GeneratedNames.isCanaryCopy(key)) {
                    int slash = key.indexOf('/');
                    delete.add(new ResourceRef(KUMA_API, key.substring(0, slash), c.systemNamespace, key.substring(slash + 1)));
                }
            });
        }
        if (apply.isEmpty() && delete.isEmpty()) {
            notes.add("no sidecar resources or default policies in the profile");
        }
        return new PlannedStep(Step.DEFAULTS, apply, delete, notes);
    }

    private static PolicyCanary.Decision decideCanary(PlanContext c, List<DesiredResource> meshWide,
                                                      java.util.function.Function<java.time.Instant, String> unacknowledged) {
        return PolicyCanary.decide(meshWide, c.state.ownedPolicies(), c.spec.rollout.canary.dataplaneTags,
                GoDuration.parseOr(c.spec.rollout.canary.bakeTime, Duration.ofMinutes(10)), previousCanary(c),
                c.profile.getMetadata().getGeneration(), c.unhealthy(), c.signals.now(),
                (kind, name, spec, canaryOf) -> canaryOf == null ? c.kumaPolicy(Step.DEFAULTS, kind, name, spec)
                        : c.kumaPolicy(Step.DEFAULTS, kind, name, spec, Map.of(Labels.CANARY_OF, canaryOf)), unacknowledged);
    }

    private static PolicyCanaryStatus previousCanary(PlanContext c) {
        return c.profile.getStatus() == null ? null : c.profile.getStatus().policyCanary;
    }

    private static DesiredResource containerPatch(PlanContext c) {
        List<Map<String, Object>> patch = new ArrayList<>();
        addResourcePatch(patch, "requests", c.spec.sidecar.requests);
        addResourcePatch(patch, "limits", c.spec.sidecar.limits);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("sidecarPatch", patch);
        return c.resource(Step.DEFAULTS, KUMA_API, "ContainerPatch", c.spec.sidecar.containerPatchName, c.systemNamespace,
                Map.of(), spec);
    }

    /** JSON-patch ops; Kuma wants each value as a string holding JSON, and "add" replaces an existing member. */
    private static void addResourcePatch(List<Map<String, Object>> patch, String key, ComputeResources resources) {
        if (resources == null || (resources.cpu == null && resources.memory == null)) {
            return;
        }
        StringBuilder json = new StringBuilder("{");
        if (resources.cpu != null) {
            json.append("\"cpu\":\"").append(resources.cpu).append('"');
        }
        if (resources.memory != null) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append("\"memory\":\"").append(resources.memory).append('"');
        }
        json.append('}');
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", "add");
        op.put("path", "/resources/" + key);
        op.put("value", json.toString());
        patch.add(op);
    }

    /**
     * Timeouts apply both ways. Kuma 2.10 moved inbound settings to {@code rules[]} and does not take rules and
     * to in one policy, so from 2.10 inbound and outbound are two policies; 2.9 takes one with from and to.
     */
    private static List<DesiredResource> timeouts(PlanContext c) {
        Map<String, Object> conf = new LinkedHashMap<>();
        putIfSet(conf, "connectionTimeout", c.spec.policies.timeout.connectionTimeout);
        putIfSet(conf, "idleTimeout", c.spec.policies.timeout.idleTimeout);
        if (c.spec.policies.timeout.requestTimeout != null) {
            conf.put("http", map("requestTimeout", c.spec.policies.timeout.requestTimeout));
        }
        String name = GeneratedNames.meshTimeout(c.mesh);
        if (c.version.inboundRulesApi()) {
            Map<String, Object> inbound = new LinkedHashMap<>();
            inbound.put("targetRef", map("kind", "Mesh"));
            inbound.put("rules", List.of(map("default", conf)));
            return List.of(
                    c.kumaPolicy(Step.DEFAULTS, "MeshTimeout", GeneratedNames.meshTimeoutInbound(c.mesh), inbound),
                    c.kumaPolicy(Step.DEFAULTS, "MeshTimeout", name, meshWide("to", conf)));
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("targetRef", map("kind", "Mesh"));
        spec.put("from", List.of(map("targetRef", map("kind", "Mesh"), "default", conf)));
        spec.put("to", List.of(map("targetRef", map("kind", "Mesh"), "default", conf)));
        return List.of(c.kumaPolicy(Step.DEFAULTS, "MeshTimeout", name, spec));
    }

    private static Map<String, Object> meshWide(String direction, Map<String, Object> conf) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("targetRef", map("kind", "Mesh"));
        spec.put(direction, List.of(map("targetRef", map("kind", "Mesh"), "default", conf)));
        return spec;
    }
}
