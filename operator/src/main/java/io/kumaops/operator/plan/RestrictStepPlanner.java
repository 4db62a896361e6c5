package io.kumaops.operator.plan;

import io.kumaops.operator.model.ConditionReason;
import io.kumaops.operator.api.v1alpha1.TargetKind;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.PermissionRule;
import io.kumaops.operator.api.v1alpha1.TargetRef;
import io.kumaops.operator.api.v1alpha1.TrafficPermissionMode;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.model.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.kumaops.operator.plan.Bodies.*;
import static io.kumaops.operator.plan.Planner.*;

/** Step 6: the restricted permissions, then the allow-all goes once they are observed. */
final class RestrictStepPlanner implements StepPlanner {

    @Override
    public Step step() {
        return Step.RESTRICT;
    }

    @Override
    public PlannedStep plan(PlanContext c) {
        if (c.spec.trafficPermissions.mode != TrafficPermissionMode.Restricted) {
            return empty(Step.RESTRICT, "trafficPermissions.mode is AllowAll");
        }
        List<DesiredResource> apply = new ArrayList<>();
        for (PermissionRule rule : c.spec.trafficPermissions.rules) {
            Map<String, Object> spec = new LinkedHashMap<>();
            spec.put("targetRef", targetRef(rule.destination));
            spec.put("from", rule.sources.stream()
                    .map(source -> map("targetRef", targetRef(source), "default", map("action", rule.action.name())))
                    .toList());
            apply.add(c.kumaPolicy(Step.RESTRICT, "MeshTrafficPermission", ruleName(c.mesh, rule), spec));
        }
        if (!c.hasAllowRule()) {
            return new PlannedStep(Step.RESTRICT, apply, List.of(),
                    List.of("no Allow rule: the allow-all MeshTrafficPermission stays so traffic keeps flowing"));
        }
        ResourceRef allowAll = new ResourceRef(KUMA_API, "MeshTrafficPermission", c.systemNamespace, allowAllName(c.mesh));
        if (!c.state.isOffline()) {
            String unselected = unselected(c);
            if (unselected != null) {
                // The rules go in, the allow-all stays: removing it now would deny the traffic a rule means to allow.
                Finding finding = new Finding(SELECTS_NOTHING, Severity.Warning, "spec.trafficPermissions.rules", unselected
                        + "; the allow-all " + allowAllName(c.mesh) + " stays until every Allow rule selects an observed data plane",
                        "name the workloads the way Kuma tags them on Kubernetes: {kind: Service, name, namespace, port}, or check"
                                + " that the workloads are injected into mesh " + c.mesh);
                finding.source = FindingSource.Cluster;
                finding.docsUrl = io.kumaops.operator.model.DocsLinks.finding(SELECTS_NOTHING);
                finding.suppressed = false;
                c.findings.add(finding);
                return new PlannedStep(Step.RESTRICT, apply, List.of(), List.of(finding.message), List.of(),
                        new PlannedStep.Hold(ConditionReason.WaitingForSelectedDataplanes, finding.message));
            }
        }
        return new PlannedStep(Step.RESTRICT, apply, List.of(allowAll), List.of());
    }

    static final String SELECTS_NOTHING = "PermissionRuleSelectsNothing";

    /**
     * The first Allow rule whose destination or a source selects no observed data plane, described; null when every
     * one selects some. Not observed (no census) never counts as selected: the gate does not pass by default.
     */
    private static String unselected(PlanContext c) {
        java.util.Set<String> services = c.resolved.observation().map(io.kumaops.operator.model.ClusterObservation::dataplaneServices).orElse(null);
        if (services == null) {
            return "the mesh's Dataplanes could not be observed, so no rule can be shown to select a data plane";
        }
        for (PermissionRule rule : c.spec.trafficPermissions.rules) {
            if (!rule.action.letsTrafficThrough()) {
                continue;
            }
            if (!selects(rule.destination, services)) {
                return "rule " + rule.name + ": its destination " + describe(rule.destination) + " selects no data plane of mesh " + c.mesh;
            }
            for (TargetRef source : rule.sources) {
                if (!selects(source, services)) {
                    return "rule " + rule.name + ": its source " + describe(source) + " selects no data plane of mesh " + c.mesh;
                }
            }
        }
        return null;
    }

    /**
     * Whether a target selects one of the observed {@code kuma.io/service} tags. Tags other than kuma.io/service are
     * not counted by the census, so a MeshSubset without one selects whenever the mesh has data planes.
     */
    static boolean selects(TargetRef target, java.util.Set<String> services) {
        return switch (target.kind) {
            case Mesh -> !services.isEmpty();
            case Service -> services.contains(serviceTag(target));
            case MeshService, MeshServiceSubset -> services.contains(target.name);
            case MeshSubset -> target.tags != null && target.tags.containsKey(SERVICE_TAG)
                    ? services.contains(target.tags.get(SERVICE_TAG)) : !services.isEmpty();
        };
    }

    private static final String SERVICE_TAG = "kuma.io/service";

    /** Kuma pkg/plugins/runtime/k8s/util/util.go ServiceTag: {@code <name>_<namespace>_svc_<port>}. */
    static String serviceTag(TargetRef service) {
        return io.kumaops.operator.model.KumaServiceTag.of(service.name, service.namespace, service.port);
    }

    private static String describe(TargetRef target) {
        return switch (target.kind) {
            case Mesh -> "Mesh";
            case Service -> "Service " + target.namespace + "/" + target.name + ":" + target.port + " (" + serviceTag(target) + ")";
            case MeshService, MeshServiceSubset -> target.kind + " " + target.name;
            case MeshSubset -> "MeshSubset " + target.tags;
        };
    }

    private static Map<String, Object> targetRef(TargetRef target) {
        Map<String, Object> ref = new LinkedHashMap<>();
        if (target.kind == TargetKind.Service) {
            ref.put("kind", "MeshService");
            ref.put("name", serviceTag(target));
            return ref;
        }
        ref.put("kind", target.kind.name());
        if (target.name != null) {
            ref.put("name", target.name);
        }
        if (target.namespace != null) {
            ref.put("namespace", target.namespace);
        }
        if (target.tags != null && !target.tags.isEmpty()) {
            ref.put("tags", new LinkedHashMap<>(target.tags));
        }
        return ref;
    }
}
