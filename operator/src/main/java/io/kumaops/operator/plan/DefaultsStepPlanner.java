package io.kumaops.operator.plan;

import io.kumaops.operator.api.v1alpha1.ComputeResources;
import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.PoliciesSpec;
import io.kumaops.operator.api.v1alpha1.PolicyCanaryStatus;
import io.kumaops.operator.api.v1alpha1.RolloutStrategy;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.GeneratedNames;
import io.kumaops.operator.model.GoDuration;
import io.kumaops.operator.model.KumaDefaultPolicies;
import io.kumaops.operator.model.Labels;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.model.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
            // Kuma's default as the base, so that replacing it keeps its TCP and gRPC retries and back-off.
            Map<String, Object> conf = KumaDefaultPolicies.retryConf();
            Map<String, Object> http = child(conf, "http");
            putIfSet(http, "numRetries", policies.retry.numRetries);
            putIfSet(http, "perTryTimeout", policies.retry.perTryTimeout);
            meshWide.add(c.kumaPolicy(Step.DEFAULTS, "MeshRetry", GeneratedNames.meshRetry(c.mesh), meshWide("to", conf)));
        }
        if (policies.circuitBreaker != null) {
            Map<String, Object> conf = KumaDefaultPolicies.circuitBreakerConf();
            putIfSet(child(conf, "connectionLimits"), "maxConnections", policies.circuitBreaker.maxConnections);
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
        replaceKumaDefaults(c, apply, delete, notes);
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
     * Kuma's own defaults of a kind the step writes go once the step's policies are observed: the executor deletes
     * only after every apply of the step is read back as desired. They are Kuma's, not the user's, and the
     * operator's policies start from their values, so nothing is lost. On a federated zone the defaults come from
     * the global control plane and stay.
     */
    private static void replaceKumaDefaults(PlanContext c, List<DesiredResource> apply, List<ResourceRef> delete, List<String> notes) {
        if (c.spec.controlPlane.role == ControlPlaneRole.Zone || c.state.observation() == null
                || c.state.observation().meshWidePolicies() == null) {
            return;
        }
        Set<String> written = new HashSet<>();
        apply.stream().filter(d -> !GeneratedNames.isCanaryCopy(d.ref().name())).forEach(d -> written.add(d.ref().kind()));
        for (ClusterObservation.MeshWidePolicy live : c.state.observation().meshWidePolicies()) {
            if (live == null || live.kind() == null || live.name() == null || !written.contains(live.kind())
                    || !c.systemNamespace.equals(live.namespace())) {
                continue;
            }
            KumaDefaultPolicies.of(live.kind(), live.name(), c.mesh).ifPresent(kumaDefault -> {
                delete.add(new ResourceRef(KUMA_API, live.kind(), c.systemNamespace, live.name()));
                notes.add("Kuma's default " + live.kind() + " " + c.systemNamespace + "/" + live.name()
                        + " is replaced by this profile's and deleted once they are observed");
            });
        }
    }

    /**
     * Timeouts follow Kuma's own default MeshTimeout: sidecars' outbound timeouts from the profile (Kuma's for what
     * it leaves unset); inbound ones larger or off (twice the outbound, request and stream duration off), so the
     * caller's timeout decides; gateways keep Kuma's gateway timeouts in a policy of their own, selected by
     * {@code proxyTypes}. Kuma 2.10 moved inbound settings to {@code rules[]} and does not take rules and to in one
     * policy, so from 2.10 inbound and outbound are two policies; 2.9 takes one with from and to.
     */
    private static List<DesiredResource> timeouts(PlanContext c) {
        Map<String, Object> outbound = KumaDefaultPolicies.outboundTimeoutConf();
        putIfSet(outbound, "connectionTimeout", c.spec.policies.timeout.connectionTimeout);
        putIfSet(outbound, "idleTimeout", c.spec.policies.timeout.idleTimeout);
        putIfSet(child(outbound, "http"), "requestTimeout", c.spec.policies.timeout.requestTimeout);
        Map<String, Object> inbound = KumaDefaultPolicies.inboundTimeoutConf(
                GoDuration.parseOr(outbound.get("connectionTimeout"), KumaDefaultPolicies.outboundConnectTimeout()),
                GoDuration.parseOr(outbound.get("idleTimeout"), KumaDefaultPolicies.outboundIdleTimeout()),
                GoDuration.parseOr(child(outbound, "http").get("streamIdleTimeout"), KumaDefaultPolicies.outboundStreamIdleTimeout()));
        Map<String, Object> sidecars = KumaDefaultPolicies.meshTarget(List.of(KumaDefaultPolicies.SIDECAR));
        DesiredResource gateways = c.kumaPolicy(Step.DEFAULTS, "MeshTimeout", GeneratedNames.meshTimeoutGateways(c.mesh),
                KumaDefaultPolicies.GATEWAY_TIMEOUT.spec());
        String name = GeneratedNames.meshTimeout(c.mesh);
        if (c.version.inboundRulesApi()) {
            Map<String, Object> inboundSpec = new LinkedHashMap<>();
            inboundSpec.put("targetRef", sidecars);
            inboundSpec.put("rules", List.of(map("default", inbound)));
            Map<String, Object> outboundSpec = new LinkedHashMap<>();
            outboundSpec.put("targetRef", KumaDefaultPolicies.meshTarget(List.of(KumaDefaultPolicies.SIDECAR)));
            outboundSpec.put("to", List.of(map("targetRef", map("kind", "Mesh"), "default", outbound)));
            return List.of(
                    c.kumaPolicy(Step.DEFAULTS, "MeshTimeout", GeneratedNames.meshTimeoutInbound(c.mesh), inboundSpec),
                    c.kumaPolicy(Step.DEFAULTS, "MeshTimeout", name, outboundSpec),
                    gateways);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("targetRef", sidecars);
        spec.put("from", List.of(map("targetRef", map("kind", "Mesh"), "default", inbound)));
        spec.put("to", List.of(map("targetRef", map("kind", "Mesh"), "default", outbound)));
        return List.of(c.kumaPolicy(Step.DEFAULTS, "MeshTimeout", name, spec), gateways);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> child(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }

    private static Map<String, Object> meshWide(String direction, Map<String, Object> conf) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("targetRef", map("kind", "Mesh"));
        spec.put(direction, List.of(map("targetRef", map("kind", "Mesh"), "default", conf)));
        return spec;
    }
}
