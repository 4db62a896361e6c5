package io.kumaops.operator.plan;

import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSource;
import io.kumaops.operator.api.v1alpha1.GateEvidence;
import io.kumaops.operator.api.v1alpha1.GateWaitStatus;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.model.ConditionReason;
import io.kumaops.operator.model.KumaReports;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.model.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The safe order judged by what Kuma reports, not by what the API server stored (Kuma's MeshInsight,
 * api/mesh/v1alpha1/mesh_insight.proto, written by the control plane's insights resyncer, pkg/insights/resyncer.go):
 * <ul>
 *   <li>after {@code 1-mesh}: nothing more is written until Kuma reports the mesh (its MeshInsight exists);</li>
 *   <li>before {@code 3-mtls} switches mTLS on or to another backend: Kuma counts every MeshTrafficPermission of the
 *       mesh the API server holds, so the permission that keeps traffic flowing is in effect;</li>
 *   <li>before the allow-all goes in {@code 6-restrict}: Kuma counts every rule, and every online data plane holds a
 *       certificate from the enabled backend (permissions only apply with mTLS); the wait names those that do not.</li>
 *   <li>in multi-zone deployments, what the ZoneInsights say of the zones' connections ({@link ZoneEvidence});</li>
 *   <li>before a policy canary is promoted mesh-wide: its data planes online and acknowledging the change
 *       ({@link io.kumaops.operator.model.CanaryDataplanes}).</li>
 * </ul>
 * The CA rotation's own waits (every online data plane supports the new backend before the switch, none holds a
 * certificate from the old one before it goes) are decided with the rotation ({@link MtlsRotation.Evidence}) and timed
 * and passed by hand here like the others.
 * A gate never passes by default: no report is a wait that says on what. Offline (render, lint) nothing is gated.
 */
final class KumaEvidenceGates {

    static final String GATES_DISABLED = "KumaGatesDisabled";
    /** Raised when a step has waited for Kuma's reports longer than spec.rollout.gateTimeout. */
    static final String NOT_REPORTING = "KumaNotReporting";
    static final java.time.Duration DEFAULT_GATE_TIMEOUT = java.time.Duration.ofMinutes(10);

    private KumaEvidenceGates() {
    }

    static List<PlannedStep> apply(PlanContext c, List<PlannedStep> steps) {
        if (c.state.isOffline()) {
            return steps;
        }
        if (c.spec.rollout.gates == GateEvidence.ApiServerOnly) {
            Finding finding = new Finding(GATES_DISABLED, Severity.Warning, "spec.rollout.gates",
                    "spec.rollout.gates is ApiServerOnly: each step passes once the API server stores it, before Kuma's control plane"
                            + " has seen it (mTLS may come on before the permission is in effect)",
                    "set spec.rollout.gates: Kuma once a Kuma control plane reports on the mesh");
            finding.source = FindingSource.Profile;
            finding.docsUrl = io.kumaops.operator.model.DocsLinks.finding(GATES_DISABLED);
            finding.suppressed = false;
            c.findings.add(finding);
            return steps;
        }
        KumaReports reports = c.state.kumaReports();
        c.plannedDefaults = steps.stream().filter(s -> s.step() == Step.DEFAULTS).findFirst().orElse(null);
        List<PlannedStep> gated = new ArrayList<>();
        for (PlannedStep step : steps) {
            gated.add(gate(c, step, reports));
        }
        List<PlannedStep> passed = GatePass.apply(c, steps, gated);
        if (c.canaryHeld != null && passed.contains(c.canaryHeld)) {
            c.canary = c.canaryHeldStatus;
        }
        return timeOut(c, passed);
    }

    /**
     * The first step held by a gate (the executor stops there) is timed from when it began to wait, as the previous
     * status recorded; past spec.rollout.gateTimeout it is blocked with {@code KumaNotReporting}. It stays blocked
     * only while Kuma stays silent: once the evidence arrives the gate lets the step through and the record goes.
     */
    private static List<PlannedStep> timeOut(PlanContext c, List<PlannedStep> steps) {
        GateWaitStatus previous = c.profile.getStatus() == null ? null : c.profile.getStatus().gateWait;
        // A held step whose objects are already in place does not stop the executor: the step the last pass really
        // waited at (the status's record) is the one to time, while it is still held.
        int recorded = previous == null ? -1 : heldStepIndex(steps, previous.step);
        for (int i = recorded >= 0 ? recorded : 0; i < steps.size(); i++) {
            PlannedStep step = steps.get(i);
            PlannedStep.Hold hold = gateHold(step);
            if (!step.blockedBy().isEmpty()) {
                return steps;
            }
            if (hold == null) {
                continue;
            }
            java.time.Instant since = previous != null && step.step().id().equals(previous.step) ? io.kumaops.operator.model.Timestamps.parse(previous.since) : null;
            if (since == null) {
                since = c.signals.now();
            }
            java.time.Instant counted = c.countedSince.get(step.step().id());
            c.gateWait = new GateWaitStatus(step.step().id(), java.time.format.DateTimeFormatter.ISO_INSTANT.format(since),
                    counted == null ? null : java.time.format.DateTimeFormatter.ISO_INSTANT.format(counted));
            java.time.Duration timeout = io.kumaops.operator.model.GoDuration.parseOr(c.spec.rollout.gateTimeout, DEFAULT_GATE_TIMEOUT);
            java.time.Instant deadline = since.plus(timeout);
            if (c.signals.now().isBefore(deadline)) {
                c.reviewAt(deadline);
                return steps;
            }
            Finding finding = new Finding(NOT_REPORTING, Severity.Error, "spec.rollout.gateTimeout",
                    "step " + step.step().id() + " has waited for Kuma's control plane since " + c.gateWait.since + ", longer than spec.rollout.gateTimeout ("
                            + c.spec.rollout.gateTimeout + "): " + hold.message(),
                    "check that Kuma's control plane runs and reports on mesh " + c.mesh + " (kubectl get meshinsight " + c.mesh
                            + "); the step continues on its own once Kuma reports what it waits for");
            finding.source = FindingSource.Cluster;
            finding.docsUrl = io.kumaops.operator.model.DocsLinks.finding(NOT_REPORTING);
            finding.suppressed = false;
            c.findings.add(finding);
            List<PlannedStep> blocked = new ArrayList<>(steps);
            blocked.set(i, new PlannedStep(step.step(), step.apply(), step.delete(), step.notes(), List.of(NOT_REPORTING), null,
                    step.waitBefore()));
            return blocked;
        }
        return steps;
    }

    private static PlannedStep.Hold gateHold(PlannedStep step) {
        PlannedStep.Hold hold = step.waitBefore() != null ? step.waitBefore() : step.hold();
        return hold != null && hold.reason().isGateWait() ? hold : null;
    }

    private static int heldStepIndex(List<PlannedStep> steps, String id) {
        for (int i = 0; i < steps.size(); i++) {
            if (steps.get(i).step().id().equals(id) && gateHold(steps.get(i)) != null && steps.get(i).blockedBy().isEmpty()) {
                return i;
            }
        }
        return -1;
    }

    private static PlannedStep gate(PlanContext c, PlannedStep step, KumaReports reports) {
        if (step.isEmpty() || step.step() == Step.CONTROL_PLANE || !step.blockedBy().isEmpty()) {
            return step;
        }
        String rollout = controlPlaneRolloutPending(c);
        if (rollout != null) {
            return step.waitingFor(new PlannedStep.Hold(ConditionReason.WaitingForControlPlaneRollout, "waiting for the control plane the"
                    + " operator manages to roll out before anything of the mesh is written: " + rollout));
        }
        if (step.step() == Step.MESH) {
            return step;
        }
        if (step.step() == Step.DEFAULTS && c.canaryHeld != null) {
            return c.canaryHeld;
        }
        PlannedStep zoneWait = ZoneEvidence.gate(c, step);
        if (zoneWait != null) {
            return zoneWait;
        }
        if (reports == null) {
            return step.waitingFor(new PlannedStep.Hold(ConditionReason.WaitingForKuma, "waiting for Kuma's control plane to report mesh "
                    + c.mesh + " (no MeshInsight " + c.mesh + " yet): nothing after step " + Step.MESH.id() + " is written before Kuma"
                    + " has seen the mesh"));
        }
        if (step.step().ordinal() > Step.DEFAULTS.ordinal()) {
            String uncounted = defaultsUncounted(c, reports);
            if (uncounted != null) {
                return step.waitingFor(new PlannedStep.Hold(ConditionReason.WaitingForKuma, "waiting for Kuma to count the mesh's"
                        + " default policies before step " + step.step().id() + ": Kuma counts " + uncounted));
            }
        }
        if (step.step() == Step.MTLS && switchesMtls(c, step)) {
            if (!permissionsCounted(c, reports)) {
                return step.waitingFor(new PlannedStep.Hold(ConditionReason.WaitingForKuma, "waiting for Kuma to count the mesh's"
                        + " MeshTrafficPermissions before mTLS changes: Kuma counts " + reports.counted("MeshTrafficPermission") + " of "
                        + c.state.meshPermissions() + " in the API server"));
            }
            PlannedStep.Hold refresh = xdsRefreshPending(c, step, "the mesh's " + c.state.meshPermissions()
                    + " MeshTrafficPermissions", "mTLS changes");
            if (refresh != null) {
                return step.waitingFor(refresh);
            }
        }
        if (step.step() == Step.RESTRICT && deletesAllowAll(c, step)) {
            String uncounted = restrictRulesUncounted(c, reports);
            PlannedStep.Hold hold;
            if (uncounted != null) {
                hold = new PlannedStep.Hold(ConditionReason.WaitingForKuma, uncounted);
            } else {
                // The refresh is timed from the rules' count, so it runs while the certificates are still coming.
                PlannedStep.Hold refresh = xdsRefreshPending(c, step, "the restricted rules", "the allow-all goes");
                String certificates = certificatesMissing(c, reports);
                hold = certificates != null ? new PlannedStep.Hold(ConditionReason.WaitingForKuma, certificates) : refresh;
            }
            if (hold != null) {
                // The rules go in; the allow-all stays until Kuma shows them in effect.
                return new PlannedStep(step.step(), step.apply(), List.of(), step.notes(), step.blockedBy(), hold);
            }
        }
        return step;
    }

    /**
     * Kuma counts what the step waits for; the step still waits until every connected proxy's configuration can have
     * it ({@link io.kumaops.operator.model.KumaConfigPropagation}), timed from the first pass that saw the count (kept
     * in status.gateWait.countedSince, so a restart does not shorten it; a lost record only lengthens it). Null once
     * that time has passed.
     */
    private static PlannedStep.Hold xdsRefreshPending(PlanContext c, PlannedStep step, String what, String before) {
        GateWaitStatus previous = c.profile.getStatus() == null ? null : c.profile.getStatus().gateWait;
        java.time.Instant now = c.signals.now();
        java.time.Instant counted = previous != null && step.step().id().equals(previous.step) ? io.kumaops.operator.model.Timestamps.parse(previous.countedSince) : null;
        if (counted == null || counted.isAfter(now)) {
            // First seen in this pass: Kuma had counted it when its report was read.
            java.time.Instant read = c.state.kumaReports() == null ? null : c.state.kumaReports().readAt();
            counted = read != null && !read.isAfter(now) ? read : now;
        }
        io.kumaops.operator.model.KumaConfigPropagation propagation =
                io.kumaops.operator.model.KumaConfigPropagation.of(c.resolved.observedControlPlane().orElse(null),
                        c.signals.propagationWithoutDeployment());
        java.time.Instant until = counted.plus(propagation.bound());
        c.countedSince.put(step.step().id(), counted);
        if (!now.isBefore(until)) {
            return null;
        }
        c.reviewAt(until);
        return new PlannedStep.Hold(ConditionReason.WaitingForXdsRefresh, "Kuma counts " + what + " since "
                + java.time.format.DateTimeFormatter.ISO_INSTANT.format(counted) + "; waiting "
                + io.kumaops.operator.model.GoDuration.format(propagation.bound()) + " (" + propagation.explanation() + ") until "
                + java.time.format.DateTimeFormatter.ISO_INSTANT.format(until) + ", when every connected proxy's configuration has them,"
                + " before " + before);
    }

    /** With controlPlane.manage the operator changed the control plane: the rest waits until every replica runs it. */
    private static String controlPlaneRolloutPending(PlanContext c) {
        if (!Boolean.TRUE.equals(c.spec.controlPlane.manage)) {
            return null;
        }
        return c.resolved.observedControlPlane().map(io.kumaops.operator.model.ClusterObservation.ControlPlaneDeployment::rolloutPending)
                .orElse(null);
    }

        /**
     * Kuma counts every mesh-scoped object of a kind in the MeshInsight (pkg/insights/resyncer.go lists each type by
     * mesh): it must count at least what the API server holds and what step 4-defaults writes in this pass, or Kuma
     * has not seen the defaults yet. Null when counted; else what Kuma counts of what it should.
     */
    private static String defaultsUncounted(PlanContext c, KumaReports reports) {
        PlannedStep defaults = c.plannedDefaults;
        if (defaults == null || defaults.isEmpty()) {
            return null;
        }
        List<String> missing = new ArrayList<>();
        for (String kind : io.kumaops.operator.model.KumaKinds.DEFAULT_POLICY_KINDS) {
            long planned = defaults.apply().stream().filter(r -> r.ref().kind().equals(kind)).count();
            // Kuma's own defaults that the step deletes are not waited for.
            long deleted = defaults.delete().stream().filter(r -> r.kind().equals(kind)).count();
            long expected = Math.max(planned, c.state.meshPolicies().getOrDefault(kind, 0) - deleted);
            if (expected > 0 && reports.counted(kind) < expected) {
                missing.add(kind + " " + reports.counted(kind) + " of " + expected);
            }
        }
        return missing.isEmpty() ? null : String.join(", ", missing);
    }

        private static boolean permissionsCounted(PlanContext c, KumaReports reports) {
        return c.state.meshPermissions() > 0 && reports.counted("MeshTrafficPermission") >= c.state.meshPermissions();
    }

    /** The step's Mesh names an enabled backend that the live Mesh does not have enabled. */
    @SuppressWarnings("unchecked")
    private static boolean switchesMtls(PlanContext c, PlannedStep step) {
        return step.apply().stream().filter(r -> r.ref().kind().equals("Mesh")).anyMatch(mesh -> {
            Object wanted = mesh.spec().get("mtls") instanceof Map<?, ?> mtls ? mtls.get("enabledBackend") : null;
            return wanted != null && !wanted.equals(c.state.liveMtlsBackend());
        });
    }

    /**
     * The step deletes an allow-all that is there. The restrict step names it on every pass, also once it is gone; a
     * gate on an absent one would hold a finished rollout again.
     */
    private static boolean deletesAllowAll(PlanContext c, PlannedStep step) {
        String allowAll = Planner.allowAllName(c.mesh);
        return c.state.presentPolicies().contains(allowAll) && step.delete().stream().map(ResourceRef::name).anyMatch(allowAll::equals);
    }

    /** Null when Kuma counts every permission of the mesh and the restricted rules are stored; else what is missing. */
    private static String restrictRulesUncounted(PlanContext c, KumaReports reports) {
        long counted = reports.counted("MeshTrafficPermission");
        // The rules this pass writes are not in the API server's count yet: the next pass sees them.
        if (!permissionsCounted(c, reports)) {
            return "waiting for Kuma to count the mesh's MeshTrafficPermissions before the allow-all goes: Kuma counts " + counted
                    + " of " + c.state.meshPermissions() + " in the API server";
        }
        long ruleCount = c.spec.trafficPermissions.rules.size();
        if (!c.state.presentPolicies().containsAll(c.spec.trafficPermissions.rules.stream().map(r -> Planner.ruleName(c.mesh, r)).toList())
                || counted < ruleCount) {
            return "waiting for the " + ruleCount + " restricted MeshTrafficPermissions to be stored and counted by Kuma before the"
                    + " allow-all goes";
        }
        return null;
    }

    /** Null when mTLS is on and every online data plane holds a certificate from the enabled backend. */
    private static String certificatesMissing(PlanContext c, KumaReports reports) {
        String enabled = c.state.liveMtlsBackend();
        if (enabled == null) {
            return "waiting for mTLS to be on in mesh " + c.mesh + " before the allow-all goes (permissions only apply with mTLS)";
        }
        long holding = reports.issuedFrom(enabled);
        if (holding < reports.dataplanesOnline()) {
            return LaggingProxies.sentence(reports.dataplanesOnline() - holding, reports.dataplanesOnline(),
                    "online data planes do not hold a certificate from " + enabled + " yet", reports,
                    digest -> digest.backend(enabled).notHolding()) + "; the allow-all goes once every one does";
        }
        return null;
    }
}
