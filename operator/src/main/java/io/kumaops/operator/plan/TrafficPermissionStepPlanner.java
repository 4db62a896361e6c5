package io.kumaops.operator.plan;

import io.kumaops.operator.api.v1alpha1.TrafficPermissionMode;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.model.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.kumaops.operator.plan.Bodies.*;
import static io.kumaops.operator.plan.Planner.*;

/** Step 2: the allow-all MeshTrafficPermission that keeps traffic flowing while mTLS comes on. */
final class TrafficPermissionStepPlanner implements StepPlanner {

    @Override
    public Step step() {
        return Step.TRAFFIC_PERMISSION;
    }

    /** Raised when the profile's mode would add an allow-all to a live zero-trust mesh; the step then writes nothing. */
    static final String ADOPTION_WOULD_WIDEN = "AdoptionWouldWidenAccess";

    @Override
    public PlannedStep plan(PlanContext c) {
        if (c.restrictedRulesInPlace()) {
            return empty(Step.TRAFFIC_PERMISSION, "restricted MeshTrafficPermissions are in place; the allow-all is not needed");
        }
        if (c.state.liveMtlsOn() && !c.state.presentPolicies().contains(allowAllName(c.mesh)) && !c.grantedAccessBefore()) {
            // Adoption never widens access: with mTLS on, the mesh's permissions are in force as they are, and an
            // allow-all would let every workload call every service.
            if (c.spec.controlPlane.role == io.kumaops.operator.api.v1alpha1.ControlPlaneRole.Zone) {
                // A federated zone's Mesh and its mTLS come from the global control plane, and so do the permissions in
                // force there (synced with origin global): a zone-local allow-all would only widen them.
                return empty(Step.TRAFFIC_PERMISSION, "mesh " + c.mesh + " is synced from the global control plane with mTLS on:"
                        + " its permissions come from there; no zone-local allow-all is added");
            }
            if (c.spec.trafficPermissions.mode == TrafficPermissionMode.Restricted) {
                return empty(Step.TRAFFIC_PERMISSION, "mesh " + c.mesh + " already runs mTLS: no allow-all is added; the restricted"
                        + " rules come in step 6-restrict");
            }
            if (!Boolean.TRUE.equals(c.spec.trafficPermissions.allowWidening)) {
                String foreign = c.state.foreignPermissions().isEmpty() ? "no MeshTrafficPermission"
                        : "its own MeshTrafficPermissions (" + String.join(", ", c.state.foreignPermissions()) + ")";
                Finding finding = new Finding(ADOPTION_WOULD_WIDEN, Severity.Warning, "spec.trafficPermissions.mode",
                        "mesh " + c.mesh + " already runs mTLS with " + foreign + "; trafficPermissions.mode AllowAll would add "
                                + allowAllName(c.mesh) + " and let every workload call every service, so nothing from step "
                                + Step.TRAFFIC_PERMISSION.id() + " on is written",
                        "set spec.trafficPermissions.mode: Restricted with rules that cover today's traffic, or, to open the mesh on"
                                + " purpose, spec.trafficPermissions.allowWidening: true");
                finding.source = FindingSource.Cluster;
                finding.docsUrl = io.kumaops.operator.model.DocsLinks.finding(ADOPTION_WOULD_WIDEN);
                finding.suppressed = false;
                c.findings.add(finding);
                return new PlannedStep(Step.TRAFFIC_PERMISSION, List.of(), List.of(), List.of(finding.message),
                        List.of(ADOPTION_WOULD_WIDEN), null);
            }
        }
        return new PlannedStep(Step.TRAFFIC_PERMISSION, List.of(allowAll(c, Step.TRAFFIC_PERMISSION)), List.of(), List.of());
    }

    private static DesiredResource allowAll(PlanContext c, Step step) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("targetRef", map("kind", "Mesh"));
        spec.put("from", List.of(map("targetRef", map("kind", "Mesh"), "default", map("action", "Allow"))));
        return c.kumaPolicy(step, "MeshTrafficPermission", allowAllName(c.mesh), spec);
    }
}
