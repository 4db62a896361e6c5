package io.kumaops.operator.plan;

import io.kumaops.operator.api.v1alpha1.ControlPlaneRole;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.api.v1alpha1.ZoneIngressSpec;
import io.kumaops.operator.api.v1alpha1.ZoneSpec;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.GeneratedNames;
import io.kumaops.operator.model.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.kumaops.operator.plan.Bodies.*;
import static io.kumaops.operator.plan.Planner.*;

/** Step 5: zones, the global control plane's fence, zone-ingress scaling and the zone policy fence, only with mTLS on. */
final class MultiZoneStepPlanner implements StepPlanner {

    @Override
    public Step step() {
        return Step.MULTI_ZONE;
    }

    @Override
    public PlannedStep plan(PlanContext c) {
        if (!c.multiZoneInScope()) {
            return empty(Step.MULTI_ZONE, "single zone");
        }
        if (!c.mtlsEnabled()) {
            return empty(Step.MULTI_ZONE, "cross-zone traffic needs mTLS; nothing is emitted until it is enabled");
        }
        List<DesiredResource> apply = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (c.spec.controlPlane.role == ControlPlaneRole.Zone && !c.state.isOffline() && !c.observedMtlsEnabled()) {
            // A zone's Mesh, and its mTLS, come from the global control plane: cross-zone objects wait until it is on.
            Finding finding = new Finding(CROSS_ZONE_WITHOUT_MTLS, Severity.Error, "spec.multiZone",
                    "mesh " + c.mesh + " on this zone has no enabled mTLS backend (the Mesh is synced from the global control plane);"
                            + " zone-ingress scaling and the zone's policy fence wait until mTLS is observed on",
                    "enable mTLS on the global control plane's profile for mesh " + c.mesh + " and check that this zone is connected");
            finding.source = FindingSource.Cluster;
            finding.docsUrl = io.kumaops.operator.model.DocsLinks.section("rollout.md", "multi-zone");
            finding.suppressed = false;
            c.findings.add(finding);
            return new PlannedStep(Step.MULTI_ZONE, List.of(), List.of(), List.of(finding.message), List.of(CROSS_ZONE_WITHOUT_MTLS), null);
        }
        if (c.spec.controlPlane.role == ControlPlaneRole.Global) {
            for (ZoneSpec zone : c.spec.multiZone.zones) {
                apply.add(c.resource(Step.MULTI_ZONE, KUMA_API, "Zone", zone.name, null, Map.of(),
                        map("enabled", !Boolean.FALSE.equals(zone.enabled))));
            }
            if (Boolean.TRUE.equals(c.spec.multiZone.fenceGlobalControlPlane)) {
                apply.add(globalFence(c));
            }
        } else {
            if (c.spec.controlPlane.role == ControlPlaneRole.Zone) {
                apply.addAll(ZonePolicyFence.resources(c.profile, c.state, c.findings, notes,
                        (apiVersion, kind, name, spec) -> c.resource(Step.MULTI_ZONE, apiVersion, kind, name, null, Map.of(), spec)));
            }
            ZoneIngressSpec ingress = c.spec.multiZone.zoneIngress != null ? c.spec.multiZone.zoneIngress : new ZoneIngressSpec();
            // Kuma's chart can scale and guard the zone ingress itself (ingress.autoscaling, ingress.podDisruptionBudget):
            // a second HPA fights over replicas, a second PDB makes every eviction fail.
            if (c.foreignGuards().autoscaled().contains(ingress.deploymentName)) {
                notes.add("a HorizontalPodAutoscaler not written by the operator already scales " + ingress.deploymentName + "; none is added");
            } else {
                apply.add(zoneIngressAutoscaler(c, ingress));
            }
            if (c.foreignGuards().disruptionBudgeted().contains(ingress.deploymentName)) {
                notes.add("a PodDisruptionBudget not written by the operator already covers " + ingress.deploymentName + "; none is added");
            } else {
                Map<String, Object> pdbSpec = new LinkedHashMap<>();
                pdbSpec.put("maxUnavailable", 1);
                pdbSpec.put("selector", map("matchLabels", Map.of("app", ingress.deploymentName)));
                apply.add(c.resource(Step.MULTI_ZONE, c.pdbApiVersion(), "PodDisruptionBudget", GeneratedNames.disruptionBudget(ingress.deploymentName),
                        c.systemNamespace, Map.of(), pdbSpec));
            }
        }
        return new PlannedStep(Step.MULTI_ZONE, apply, List.of(), notes);
    }

    private static DesiredResource globalFence(PlanContext c) {
        Map<String, Object> kds = new LinkedHashMap<>();
        if (!c.spec.multiZone.zoneControlPlaneCidrs.isEmpty()) {
            kds.put("from", c.spec.multiZone.zoneControlPlaneCidrs.stream()
                    .map(cidr -> map("ipBlock", map("cidr", cidr))).toList());
        }
        kds.put("ports", List.of(tcpPort(KDS_PORT)));
        Map<String, Object> webhook = map("ports", List.of(tcpPort(WEBHOOK_PORT)));
        // Any source: Prometheus runs wherever the cluster keeps it, and some network plugins apply policies to the
        // kubelet's probes too. The port serves read-only diagnostics, never KDS or xDS.
        Map<String, Object> diagnostics = map("ports", List.of(tcpPort(DIAGNOSTICS_PORT)));
        Map<String, Object> sameNamespace = new LinkedHashMap<>();
        sameNamespace.put("from", List.of(map("podSelector", Map.of())));
        sameNamespace.put("ports", List.of(tcpPort(API_HTTP_PORT), tcpPort(API_HTTPS_PORT)));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("podSelector", map("matchLabels", c.controlPlaneSelector()));
        spec.put("policyTypes", List.of("Ingress"));
        spec.put("ingress", List.of(kds, webhook, diagnostics, sameNamespace));
        return c.resource(Step.MULTI_ZONE, "networking.k8s.io/v1", "NetworkPolicy", GeneratedNames.GLOBAL_CONTROL_PLANE_FENCE,
                c.systemNamespace, Map.of(), spec);
    }

    private static DesiredResource zoneIngressAutoscaler(PlanContext c, ZoneIngressSpec ingress) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("scaleTargetRef", map("apiVersion", "apps/v1", "kind", "Deployment", "name", ingress.deploymentName));
        spec.put("minReplicas", ingress.minReplicas);
        spec.put("maxReplicas", ingress.maxReplicas);
        // The newest version the server serves: autoscaling/v2 (1.23+), v2beta2 (1.12-1.25, e.g. 1.20), else v1.
        String apiVersion = c.state.serves("autoscaling/v2") ? "autoscaling/v2"
                : c.state.serves("autoscaling/v2beta2") ? "autoscaling/v2beta2" : "autoscaling/v1";
        if (!apiVersion.equals("autoscaling/v1")) {
            spec.put("metrics", List.of(map("type", "Resource", "resource", map("name", "cpu",
                    "target", map("type", "Utilization", "averageUtilization", ingress.targetCPUUtilizationPercentage)))));
        } else {
            spec.put("targetCPUUtilizationPercentage", ingress.targetCPUUtilizationPercentage);
        }
        return c.resource(Step.MULTI_ZONE, apiVersion, "HorizontalPodAutoscaler", ingress.deploymentName, c.systemNamespace,
                Map.of(), spec);
    }
}
