package io.kumaops.operator.plan;

import io.kumaops.operator.api.v1alpha1.ControlPlaneEnvironment;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.ReachableServicesMode;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.DocsLinks;
import io.kumaops.operator.model.GeneratedNames;
import io.kumaops.operator.model.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.kumaops.operator.plan.Bodies.*;
import static io.kumaops.operator.plan.Planner.*;

/** Step 0: the managed control-plane Deployment (odd replicas, sizing, env) and its disruption budget. */
final class ControlPlaneStepPlanner implements StepPlanner {

    @Override
    public Step step() {
        return Step.CONTROL_PLANE;
    }

    @Override
    public PlannedStep plan(PlanContext c) {
        if (!Boolean.TRUE.equals(c.spec.controlPlane.manage)) {
            return empty(Step.CONTROL_PLANE, "controlPlane.manage is false: the control-plane Deployment is left as installed");
        }
        if (c.spec.controlPlane.environment != ControlPlaneEnvironment.Kubernetes) {
            return empty(Step.CONTROL_PLANE, "environment Universal: there is no Deployment to manage");
        }
        List<String> notes = new ArrayList<>();
        List<DesiredResource> apply = new ArrayList<>();
        Map<String, Object> container = new LinkedHashMap<>();
        container.put("name", CONTROL_PLANE_CONTAINER);
        if (c.spec.controlPlane.resources != null) {
            Map<String, Object> resources = new LinkedHashMap<>();
            putResources(resources, "requests", c.spec.controlPlane.resources.requests);
            putResources(resources, "limits", c.spec.controlPlane.resources.limits);
            if (!resources.isEmpty()) {
                container.put("resources", resources);
            }
        }
        container.put("env", controlPlaneEnv(c));
        Map<String, Object> deploymentSpec = new LinkedHashMap<>();
        Integer requested = c.spec.controlPlane.replicas;
        if (requested != null) {
            int replicas = oddReplicas(requested);
            if (replicas != requested) {
                notes.add("spec.controlPlane.replicas " + requested + " is even; " + replicas + " replicas are applied");
            }
            deploymentSpec.put("replicas", replicas);
        }
        deploymentSpec.put("template", map("spec", map("containers", List.of(container))));
        apply.add(c.resource(Step.CONTROL_PLANE, "apps/v1", "Deployment", c.spec.controlPlane.deploymentName,
                c.systemNamespace, Map.of(), deploymentSpec).asPatchOnly(Boolean.TRUE.equals(c.spec.controlPlane.forceOwnership)));
        if (Boolean.TRUE.equals(c.spec.controlPlane.podDisruptionBudget) && c.foreignGuards().disruptionBudgeted().contains(c.spec.controlPlane.deploymentName)) {
            // Two PDBs over one pod make every eviction fail (node drains hang): Kuma's chart already guards these pods.
            notes.add("a PodDisruptionBudget not written by the operator (e.g. Kuma's chart controlPlane.podDisruptionBudget) already"
                    + " covers the control-plane pods; none is added");
        } else if (Boolean.TRUE.equals(c.spec.controlPlane.podDisruptionBudget)) {
            Map<String, Object> pdbSpec = new LinkedHashMap<>();
            pdbSpec.put("maxUnavailable", 1);
            pdbSpec.put("selector", map("matchLabels", c.controlPlaneSelector()));
            apply.add(c.resource(Step.CONTROL_PLANE, c.pdbApiVersion(), "PodDisruptionBudget",
                    GeneratedNames.disruptionBudget(c.spec.controlPlane.deploymentName), c.systemNamespace, Map.of(), pdbSpec));
        }
        return new PlannedStep(Step.CONTROL_PLANE, apply, List.of(), notes);
    }

    private static List<Map<String, Object>> controlPlaneEnv(PlanContext c) {
        List<Map<String, Object>> env = new ArrayList<>();
        env.add(envVar(ENV_REACHABLE_SERVICES, Boolean.toString(reachableServices(c))));
        if (c.argoRollouts()) {
            env.add(envVar(ENV_IGNORED_SELECTOR_LABELS, ROLLOUTS_HASH_LABEL));
        }
        if (c.argoCd()) {
            env.add(envVar(ENV_SKIP_MESH_OWNER_REFERENCE, "true"));
        }
        if (c.sidecarPatchWanted()) {
            env.add(envVar(ENV_CONTAINER_PATCHES, String.join(",", containerPatches(c))));
        }
        return env;
    }

    /**
     * Kuma applies only the ContainerPatches named in this list or in a pod's kuma.io/container-patches annotation (Kuma
     * pkg/plugins/runtime/k8s/webhooks/injector/injector.go, loadContainerPatches; the list is envconfig's comma-separated
     * KUMA_RUNTIME_KUBERNETES_INJECTOR_CONTAINER_PATCHES, pkg/config/plugins/runtime/k8s/config.go). The names already
     * there stay, in their order; the profile's patch is added once.
     */
    static List<String> containerPatches(PlanContext c) {
        ClusterObservation.ControlPlaneDeployment live = c.resolved.observedControlPlane().orElse(null);
        List<String> names = new ArrayList<>(live == null ? List.of() : live.defaultContainerPatches());
        if (!names.contains(c.spec.sidecar.containerPatchName)) {
            names.add(c.spec.sidecar.containerPatchName);
        }
        return names;
    }

    static final String ENV_CONTAINER_PATCHES = io.kumaops.operator.model.ContainerPatchNames.CONTROL_PLANE_ENV;

    /**
     * The control plane's one reachable-services setting, decided over every mesh it serves, so that every profile on
     * it decides the same. Auto turns it on at 1000 data planes and off only below 900: each flip restarts the control
     * plane, so a count hovering around the threshold must not flip it back and forth. With it on, Kuma gives a data
     * plane outbounds only to what a MeshTrafficPermission lets it reach (ClusterObservation.ServedMeshes): Auto does not
     * turn it on while a mesh with data planes has no such permission (they would lose every outbound) and says which
     * (Warning {@value #WOULD_DROP_OUTBOUNDS}); Enabled is the profile saying so, and gets the same Warning.
     */
    static boolean reachableServices(PlanContext c) {
        ClusterObservation.ControlPlaneDeployment live = c.resolved.observedControlPlane().orElse(null);
        boolean onNow = live != null && "true".equals(live.env().get(ENV_REACHABLE_SERVICES));
        ClusterObservation.ServedMeshes served = c.state.observation() == null ? null : c.state.observation().servedMeshes();
        List<String> withoutOutbounds = served == null ? List.of() : served.meshesWithoutAllow();
        boolean wanted = switch (c.spec.controlPlane.reachableServices) {
            case Enabled -> true;
            case Disabled -> false;
            case Auto -> autoWanted(served == null ? c.dataplanes() : servedOrExpected(c, served), onNow);
        };
        if (!wanted || withoutOutbounds.isEmpty()) {
            return wanted;
        }
        boolean holdsOff = c.spec.controlPlane.reachableServices == ReachableServicesMode.Auto && !onNow;
        String meshes = String.join(", ", withoutOutbounds);
        String message = onNow
                ? ENV_REACHABLE_SERVICES + " is on and no MeshTrafficPermission lets the data planes of mesh(es) " + meshes
                        + " reach anything, so Kuma gives them no outbounds"
                : holdsOff
                        ? "reachable services stay off (Auto, " + served.dataplanes() + " data planes served): turning them on would leave the"
                                + " data planes of mesh(es) " + meshes + " without outbounds, since no MeshTrafficPermission lets them"
                                + " reach anything"
                        : "reachable services are turned on (Enabled): the data planes of mesh(es) " + meshes + " lose every outbound,"
                                + " since no MeshTrafficPermission lets them reach anything";
        Finding finding = new Finding(WOULD_DROP_OUTBOUNDS, Severity.Warning, "spec.controlPlane.reachableServices", message,
                "give each of those meshes MeshTrafficPermissions that allow the traffic its services need (from[] with action"
                        + " Allow), or keep spec.controlPlane.reachableServices: Disabled");
        finding.source = FindingSource.Cluster;
        finding.docsUrl = DocsLinks.finding(WOULD_DROP_OUTBOUNDS);
        finding.suppressed = false;
        c.findings.add(finding);
        return !holdsOff;
    }

    static final String WOULD_DROP_OUTBOUNDS = "ReachableServicesDropOutbounds";

    /** Every mesh's data planes, or the profile's expectedDataplanes when larger (sizing ahead of the workloads). */
    private static Integer servedOrExpected(PlanContext c, ClusterObservation.ServedMeshes served) {
        Integer expected = c.spec.controlPlane.expectedDataplanes;
        return expected == null ? served.dataplanes() : Math.max(served.dataplanes(), expected);
    }

    private static boolean autoWanted(Integer dataplanes, boolean onNow) {
        if (dataplanes == null) {
            return false;
        }
        return onNow ? dataplanes >= REACHABLE_SERVICES_THRESHOLD * 9 / 10 : dataplanes >= REACHABLE_SERVICES_THRESHOLD;
    }
}
