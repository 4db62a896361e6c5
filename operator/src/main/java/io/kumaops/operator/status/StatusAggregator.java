package io.kumaops.operator.status;

import io.kumaops.operator.model.ConditionReason;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.kumaops.operator.api.v1alpha1.Enforcement;
import io.kumaops.operator.api.v1alpha1.Finding;
import io.kumaops.operator.api.v1alpha1.FindingSummary;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfileStatus;
import io.kumaops.operator.api.v1alpha1.ObservedState;
import io.kumaops.operator.api.v1alpha1.Phase;
import io.kumaops.operator.api.v1alpha1.Severity;
import io.kumaops.operator.api.v1alpha1.TrafficPermissionMode;
import io.kumaops.operator.model.ClusterObservation;
import io.kumaops.operator.model.ResolvedProfile;
import io.kumaops.operator.model.ClusterFacts;
import io.kumaops.operator.plan.RolloutTracking;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.model.RolloutProgress;
import io.kumaops.operator.model.RolloutProgress.Outcome;
import io.kumaops.operator.rules.FindingResult;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds the profile's status from one reconcile's results. Pure. One condition type per meaning; a
 * condition's lastTransitionTime is kept when its status did not change, so an unchanged world gives an
 * identical status and no write.
 */
public final class StatusAggregator {

    public static final String READY = "Ready";
    public static final String PROGRESSING = "Progressing";
    public static final String DEGRADED = "Degraded";
    public static final String MTLS_ENABLED = "MtlsEnabled";
    public static final String TRAFFIC_PERMITTED = "TrafficPermitted";
    public static final String KUMA_INSTALLED = "KumaInstalled";

    private StatusAggregator() {
    }

    /** Everything a reconcile learned; absent parts are null (e.g. no rollout ran because the spec is invalid). */
    public record Inputs(
            KumaProductionProfile profile,
            List<String> specProblems,
            Boolean kumaInstalled,
            FindingResult findings,
            List<Finding> planFindings,
            RolloutProgress progress,
            ClusterObservation observation,
            ClusterFacts state,
            Instant now,
            RolloutTracking tracking) {

        /** Without a plan (invalid spec, Kuma missing, a failed reconcile): the multi-phase records are kept as they were. */
        public Inputs(KumaProductionProfile profile, List<String> specProblems, Boolean kumaInstalled, FindingResult findings,
                      List<Finding> planFindings, RolloutProgress progress, ClusterObservation observation, ClusterFacts state, Instant now) {
            this(profile, specProblems, kumaInstalled, findings, planFindings, progress, observation, state, now, null);
        }
    }

    public static KumaProductionProfileStatus build(Inputs in) {
        KumaProductionProfile profile = in.profile();
        KumaProductionProfileStatus previous = profile.getStatus();
        KumaProductionProfileStatus status = new KumaProductionProfileStatus();
        status.observedGeneration = profile.getMetadata().getGeneration();
        status.meshName = profile.meshName();

        List<Finding> findings = new ArrayList<>();
        if (in.findings() != null) {
            findings.addAll(in.findings().findings());
        }
        if (in.planFindings() != null) {
            findings.addAll(in.planFindings());
        }
        status.findings = findings;
        status.summary = FindingSummary.of(findings);
        List<String> errorCodes = findings.stream().filter(f -> !f.isSuppressed() && f.severity == Severity.Error)
                .map(f -> f.code).distinct().toList();

        RolloutProgress progress = in.progress();
        if (progress != null) {
            status.completedSteps = progress.completed().stream().map(Step::id).toList();
            status.currentStep = progress.current() == null ? null : progress.current().id();
            status.managedResources = progress.managed();
        }
        status.observed = observed(in.observation(), in.kumaInstalled());
        if (status.observed != null && in.state() != null && !in.state().foreignPermissions().isEmpty()) {
            status.observed.unmanagedPermissions = List.copyOf(in.state().foreignPermissions());
        }
        if (status.observed != null && in.state() != null && in.state().liveMtlsBackend() != null) {
            status.observed.mtlsEnabledBackend = in.state().liveMtlsBackend();
        }
        // The rotation and canary records are their changes' write-ahead log: never dropped by a pass without a plan.
        status.mtlsRotation = in.tracking() != null ? in.tracking().rotation() : previous == null ? null : previous.mtlsRotation;
        status.policyCanary = in.tracking() != null ? in.tracking().canary() : previous == null ? null : previous.policyCanary;
        status.gateWait = in.tracking() == null ? previous == null ? null : previous.gateWait : gateWait(in, previous);
        status.lastGatePass = in.tracking() != null && in.tracking().gatePassed() != null ? in.tracking().gatePassed()
                : previous == null ? null : previous.lastGatePass;
        status.recommendations = SizingAdvisor.recommend(in.state() != null ? ResolvedProfile.of(profile, in.state())
                : ResolvedProfile.observed(profile, java.util.Optional.ofNullable(in.observation())));

        List<Condition> conditions = new ArrayList<>();
        String time = DateTimeFormatter.ISO_INSTANT.format(in.now().truncatedTo(ChronoUnit.SECONDS));
        long generation = status.observedGeneration == null ? 0 : status.observedGeneration;
        if (in.kumaInstalled() != null) {
            conditions.add(condition(KUMA_INSTALLED, in.kumaInstalled(), in.kumaInstalled() ? ConditionReason.KumaInstalled : ConditionReason.KumaNotInstalled,
                    in.kumaInstalled() ? "Kuma's CRDs are served" : "Kuma's CRDs (meshes.kuma.io) are not installed; install Kuma, the operator retries",
                    generation));
        }
        if (in.specProblems() != null && !in.specProblems().isEmpty()) {
            String message = "invalid spec, nothing was changed: " + String.join("; ", in.specProblems());
            status.phase = Phase.Blocked;
            conditions.add(condition(READY, false, ConditionReason.InvalidSpec, message, generation));
            conditions.add(condition(PROGRESSING, false, ConditionReason.InvalidSpec, "fix the spec to continue", generation));
            conditions.add(condition(DEGRADED, false, ConditionReason.AsExpected, "no write failed", generation));
        } else if (Boolean.FALSE.equals(in.kumaInstalled())) {
            status.phase = Phase.Pending;
            conditions.add(condition(READY, false, ConditionReason.KumaNotInstalled, "waiting for Kuma's CRDs to be installed", generation));
            conditions.add(condition(PROGRESSING, false, ConditionReason.KumaNotInstalled, "waiting for Kuma's CRDs to be installed", generation));
            conditions.add(condition(DEGRADED, false, ConditionReason.AsExpected, "no write failed", generation));
        } else if (progress != null) {
            readiness(status, progress, errorCodes, conditions, generation);
            conditions.add(mtlsCondition(profile, progress, in.state(), generation));
            conditions.add(permissionCondition(profile, progress, generation));
        }
        status.conditions = keepTransitionTimes(conditions, previous, time);
        return status;
    }

    /**
     * The step the executor really waits at for a gate, and since when: the planner's record when it timed the same
     * step, else the previous status's, else now. A step blocked by the gate timeout keeps its record, so it stays
     * blocked; anything else clears it.
     */
    private static io.kumaops.operator.api.v1alpha1.GateWaitStatus gateWait(Inputs in, KumaProductionProfileStatus previous) {
        RolloutProgress progress = in.progress();
        if (progress == null || progress.current() == null) {
            return null;
        }
        String step = progress.current().id();
        io.kumaops.operator.api.v1alpha1.GateWaitStatus planned = in.tracking().gateWait();
        io.kumaops.operator.api.v1alpha1.GateWaitStatus before = previous == null ? null : previous.gateWait;
        if (progress.outcome() == Outcome.Waiting && progress.reason().isGateWait()) {
            if (planned != null && step.equals(planned.step)) {
                return planned;
            }
            if (before != null && step.equals(before.step)) {
                return before;
            }
            return new io.kumaops.operator.api.v1alpha1.GateWaitStatus(step,
                    DateTimeFormatter.ISO_INSTANT.format(in.now().truncatedTo(ChronoUnit.SECONDS)));
        }
        if (progress.outcome() == Outcome.Blocked && planned != null && step.equals(planned.step)) {
            return planned;
        }
        return null;
    }

    private static void readiness(KumaProductionProfileStatus status, RolloutProgress progress, List<String> errorCodes,
                                  List<Condition> conditions, long generation) {
        String errors = errorCodes.isEmpty() ? "" : String.join(", ", errorCodes);
        switch (progress.outcome()) {
            case Done, Audit -> {
                boolean audit = progress.outcome() == Outcome.Audit;
                if (errorCodes.isEmpty()) {
                    status.phase = Phase.Ready;
                    conditions.add(condition(READY, true, audit ? ConditionReason.AuditOnly : ConditionReason.RolloutComplete,
                            audit ? "enforcement Audit: nothing is applied; no Error findings" : "every step is in place and no Error finding is open",
                            generation));
                } else {
                    status.phase = audit ? Phase.Blocked : Phase.Degraded;
                    conditions.add(condition(READY, false, ConditionReason.ErrorFindings,
                            (audit ? "enforcement Audit; " : "every step is in place, but ") + "Error findings are open: " + errors, generation));
                }
                conditions.add(condition(PROGRESSING, false, audit ? ConditionReason.AuditOnly : ConditionReason.RolloutComplete,
                        audit ? "enforcement Audit: nothing is applied" : "nothing left to apply", generation));
                conditions.add(condition(DEGRADED, false, ConditionReason.AsExpected, "no write failed", generation));
            }
            case Waiting -> {
                status.phase = Phase.Progressing;
                conditions.add(condition(READY, false, progress.reason(), progress.message(), generation));
                conditions.add(condition(PROGRESSING, true, progress.reason(), progress.message(), generation));
                conditions.add(condition(DEGRADED, false, ConditionReason.AsExpected, "no write failed", generation));
            }
            case Blocked -> {
                status.phase = Phase.Blocked;
                conditions.add(condition(READY, false, progress.reason(), progress.message(), generation));
                conditions.add(condition(PROGRESSING, false, progress.reason(), progress.message(), generation));
                conditions.add(condition(DEGRADED, false, ConditionReason.AsExpected, "no write failed", generation));
            }
            case Failed -> {
                status.phase = Phase.Degraded;
                conditions.add(condition(READY, false, progress.reason(), progress.message(), generation));
                conditions.add(condition(PROGRESSING, false, progress.reason(), "the rollout stopped; the operator retries", generation));
                conditions.add(condition(DEGRADED, true, progress.reason(), progress.message(), generation));
            }
        }
    }

    private static Condition mtlsCondition(KumaProductionProfile profile, RolloutProgress progress, ClusterFacts state, long generation) {
        String observedBackend = state == null ? null : state.liveMtlsBackend();
        boolean wanted = Boolean.TRUE.equals(profile.getSpec().mtls.enabled);
        if (profile.getSpec().controlPlane.role == io.kumaops.operator.api.v1alpha1.ControlPlaneRole.Zone && observedBackend == null
                && state != null && !state.isOffline()) {
            // A zone does not write mTLS: only the Mesh synced from the global control plane says whether it is on.
            return condition(MTLS_ENABLED, false, ConditionReason.MtlsNotSynced, "the Mesh " + profile.meshName()
                    + " synced from the global control plane has no enabled mTLS backend (or is not synced yet)", generation);
        }
        if (wanted && progress.completed().contains(Step.MTLS) && progress.outcome() != Outcome.Audit) {
            return condition(MTLS_ENABLED, true, ConditionReason.MtlsEnabled, "backend " + profile.getSpec().mtls.enabledBackend + " ("
                    + profile.getSpec().mtls.mode + ") is enabled on mesh " + profile.meshName(), generation);
        }
        if (observedBackend != null) {
            return condition(MTLS_ENABLED, true, ConditionReason.MtlsEnabled, "backend " + observedBackend + " is enabled on mesh " + profile.meshName(), generation);
        }
        return wanted ? condition(MTLS_ENABLED, false, ConditionReason.MtlsPending, "mTLS is enabled once a traffic permission is observed", generation)
                : condition(MTLS_ENABLED, false, ConditionReason.MtlsDisabled, "spec.mtls.enabled is false", generation);
    }

    private static Condition permissionCondition(KumaProductionProfile profile, RolloutProgress progress, long generation) {
        if (!progress.completed().contains(Step.TRAFFIC_PERMISSION) || progress.outcome() == Outcome.Audit) {
            return condition(TRAFFIC_PERMITTED, false, ConditionReason.PermissionPending, "no MeshTrafficPermission from this profile is observed yet", generation);
        }
        boolean restricted = profile.getSpec().trafficPermissions.mode == TrafficPermissionMode.Restricted
                && progress.completed().contains(Step.RESTRICT);
        return restricted
                ? condition(TRAFFIC_PERMITTED, true, ConditionReason.Restricted, "restricted MeshTrafficPermissions are in place", generation)
                : condition(TRAFFIC_PERMITTED, true, ConditionReason.AllowAll, "the allow-all MeshTrafficPermission is in place", generation);
    }

    private static Condition condition(String type, boolean status, ConditionReason reason, String message, long generation) {
        return new ConditionBuilder().withType(type).withStatus(status ? "True" : "False").withReason(reason.name())
                .withMessage(message).withObservedGeneration(generation).build();
    }

    private static List<Condition> keepTransitionTimes(List<Condition> conditions, KumaProductionProfileStatus previous, String now) {
        Map<String, Condition> before = previous == null || previous.conditions == null ? Map.of()
                : previous.conditions.stream().collect(Collectors.toMap(Condition::getType, c -> c, (a, b) -> a));
        for (Condition condition : conditions) {
            Condition old = before.get(condition.getType());
            condition.setLastTransitionTime(old != null && old.getStatus().equals(condition.getStatus()) && old.getLastTransitionTime() != null
                    ? old.getLastTransitionTime() : now);
        }
        return conditions;
    }

    private static ObservedState observed(ClusterObservation observation, Boolean kumaInstalled) {
        if (observation == null) {
            return kumaInstalled == null ? null : observedKumaOnly(kumaInstalled);
        }
        ObservedState observed = new ObservedState();
        observed.kumaInstalled = kumaInstalled;
        observed.dataplanes = observation.dataplanes();
        observed.controlPlaneReplicas = observation.controlPlane() == null ? null : observation.controlPlane().replicas();
        observed.controlPlaneDisruptionBudget = observation.controlPlaneDisruptionBudget();
        observed.platformProvider = observation.platformProvider();
        observed.cilium = observation.cilium() == null ? null : Boolean.TRUE;
        observed.argoCD = observation.argoCdInstalled();
        observed.argoRollouts = observation.argoRolloutsInstalled();
        return observed;
    }

    private static ObservedState observedKumaOnly(boolean kumaInstalled) {
        ObservedState observed = new ObservedState();
        observed.kumaInstalled = kumaInstalled;
        return observed;
    }

    static boolean isAudit(KumaProductionProfile profile) {
        return profile.getSpec().enforcement == Enforcement.Audit;
    }
}
