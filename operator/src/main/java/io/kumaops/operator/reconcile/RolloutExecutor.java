package io.kumaops.operator.reconcile;

import io.kumaops.operator.model.ConditionReason;
import io.kumaops.operator.model.RolloutProgress;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kumaops.operator.api.v1alpha1.KumaProductionProfile;
import io.kumaops.operator.api.v1alpha1.ManagedResource;
import io.kumaops.operator.kube.KubeAccess;
import io.kumaops.operator.model.ResourceMatcher;
import io.kumaops.operator.model.DesiredResource;
import io.kumaops.operator.plan.MtlsRotation;
import io.kumaops.operator.plan.Plan;
import io.kumaops.operator.plan.PlannedStep;
import io.kumaops.operator.model.ResourceRef;
import io.kumaops.operator.model.Step;
import io.kumaops.operator.model.RolloutProgress.Outcome;
import io.kumaops.operator.rules.FindingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks the plan's steps in order. A step's objects are applied only when they differ from what the API
 * server holds, and each step is observed as the API server stored it (the apply's response; a read for deletions)
 * before the next step writes anything. A step an Error finding blocks stops the walk there; the steps before it
 * still converge.
 */
public final class RolloutExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(RolloutExecutor.class);

    private final KubeAccess kube;
    private final RolloutHooks hooks;
    private final boolean pauseAfterWrittenStep;

    /**
     * @param pauseAfterWrittenStep end the pass after a step that needed writes, so the next step starts only after
     *                              a settle time (the caller's requeue): gives Kuma's control plane time to act on it
     */
    public RolloutExecutor(KubeAccess kube, RolloutHooks hooks, boolean pauseAfterWrittenStep) {
        this.kube = kube;
        this.hooks = hooks;
        this.pauseAfterWrittenStep = pauseAfterWrittenStep;
    }

    public RolloutProgress run(KumaProductionProfile profile, Plan plan, FindingResult findings) {
        return run(profile, plan, findings, ref -> Optional.empty());
    }

    /**
     * @param listed what this pass's lists already say of an object (present with its content, or absent), or empty
     *               when they do not cover it: an object the walk has not written yet is judged from them instead of
     *               being read again (the pass read them moments ago; a change since wakes the profile again). Deletions
     *               and everything the walk wrote are read live.
     */
    public RolloutProgress run(KumaProductionProfile profile, Plan plan, FindingResult findings,
                               java.util.function.Function<ResourceRef, Optional<Optional<Map<String, Object>>>> listed) {
        java.util.concurrent.atomic.AtomicReference<Map<String, Object>> lastSeenMesh = new java.util.concurrent.atomic.AtomicReference<>();
        Observed observed = new Observed(listed);
        return walk(profile, plan, findings, lastSeenMesh, observed).withMeshAfterPass(lastSeenMesh.get());
    }

    /** The objects as the walk judges them: from the pass's lists until the walk writes them, then from the API server. */
    private final class Observed {
        private final java.util.function.Function<ResourceRef, Optional<Optional<Map<String, Object>>>> listed;
        private final java.util.Set<ResourceRef> written = new java.util.HashSet<>();

        Observed(java.util.function.Function<ResourceRef, Optional<Optional<Map<String, Object>>>> listed) {
            this.listed = listed;
        }

        Optional<Map<String, Object>> get(ResourceRef ref) {
            if (!written.contains(ref)) {
                Optional<Optional<Map<String, Object>>> known = listed.apply(ref);
                if (known.isPresent()) {
                    return known.get();
                }
            }
            return kube.get(ref);
        }

        void written(ResourceRef ref) {
            written.add(ref);
        }
    }

    /** Every object of the step is as desired and every deletion done; then its managed objects are recorded. */
    private boolean alreadyInPlace(PlannedStep step, List<ManagedResource> managed, Observed objects) {
        if (step.isEmpty()) {
            return false;
        }
        List<ManagedResource> inPlace = new ArrayList<>();
        for (DesiredResource desired : step.apply()) {
            Optional<Map<String, Object>> observed = objects.get(desired.ref());
            if (observed.isEmpty() || !inPlace(desired, observed.get())) {
                return false;
            }
            inPlace.add(managedResource(desired));
        }
        for (ResourceRef ref : step.delete()) {
            if (kube.get(ref).isPresent()) {
                return false;
            }
        }
        managed.addAll(inPlace);
        return true;
    }

    /** The control plane's rollout is a gate unless the profile says the API server's word is enough. */
    public static boolean controlPlaneGated(KumaProductionProfile profile) {
        return profile.getSpec().rollout == null || profile.getSpec().rollout.gates != io.kumaops.operator.api.v1alpha1.GateEvidence.ApiServerOnly;
    }

    /** spec.rollout.paused: what is in place stays, nothing more is written. */
    private static boolean paused(KumaProductionProfile profile) {
        return profile.getSpec().rollout != null && Boolean.TRUE.equals(profile.getSpec().rollout.paused);
    }

    private static RolloutProgress pausedBefore(List<Step> completed, Step step, ResourceRef next, List<ManagedResource> managed,
                                                int writes) {
        return new RolloutProgress(completed, step, Outcome.Blocked, ConditionReason.Paused, "spec.rollout.paused is true: nothing more is"
                + " written; step " + step.id() + " would write " + next + " next (the steps before it are in place)", managed, writes);
    }

    /** @param lastSeenMesh receives the Mesh each time the walk reads or stores it */
    private RolloutProgress walk(KumaProductionProfile profile, Plan plan, FindingResult findings,
                                 java.util.concurrent.atomic.AtomicReference<Map<String, Object>> lastSeenMesh, Observed objects) {
        List<Step> completed = new ArrayList<>();
        List<ManagedResource> managed = new ArrayList<>();
        int writes = 0;
        for (PlannedStep step : plan.steps()) {
            long started = System.nanoTime();
            int writesBefore = writes;
            if (findings.blocks(step.step()) || !step.blockedBy().isEmpty()) {
                // Rule findings and the planner's own (e.g. EnabledBackendRemoved, which needs the live Mesh).
                java.util.Set<String> blocking = new java.util.TreeSet<>(findings.blockingCodes().getOrDefault(step.step(), List.of()));
                blocking.addAll(step.blockedBy());
                String codes = String.join(", ", blocking);
                return new RolloutProgress(completed, step.step(), Outcome.Blocked, ConditionReason.BlockedByFinding,
                        "step " + step.step().id() + " is blocked by " + codes + "; the steps before it are in place", managed, writes);
            }
            if (step.waitBefore() != null) {
                // A gate holds writes: the evidence the step needs before it may write is not there yet (Kuma's reports).
                // A step whose objects are all in place already needs no write, so it stays done (e.g. after a
                // gate passed by hand, or when Kuma stops reporting mid-way).
                if (!alreadyInPlace(step, managed, objects)) {
                    return new RolloutProgress(completed, step.step(), Outcome.Waiting, step.waitBefore().reason(),
                            "step " + step.step().id() + ": " + step.waitBefore().message(), managed, writes);
                }
                completed.add(step.step());
                continue;
            }
            for (DesiredResource desired : step.apply()) {
                Optional<Map<String, Object>> observed = objects.get(desired.ref());
                boolean mesh = desired.ref().kind().equals("Mesh");
                if (mesh) {
                    observed.ifPresent(lastSeenMesh::set);
                }
                if (observed.isPresent() && inPlace(desired, observed.get())) {
                    managed.add(managedResource(desired));
                    continue;
                }
                if (observed.isEmpty() && desired.patchOnly()) {
                    return new RolloutProgress(completed, step.step(), Outcome.Failed, ConditionReason.ControlPlaneNotFound,
                            desired.ref() + " does not exist; install Kuma first or fix spec.controlPlane.deploymentName", managed, writes);
                }
                if (paused(profile)) {
                    return pausedBefore(completed, step.step(), desired.ref(), managed, writes);
                }
                Map<String, Object> stored;
                try {
                    objects.written(desired.ref());
                    stored = kube.apply(desired);
                    writes++;
                    if (mesh) {
                        lastSeenMesh.set(stored);
                    }
                    hooks.applied(profile, desired);
                    LOG.info("profile {}: step {} applied {}", profile.getMetadata().getName(), step.step().id(), desired.ref());
                } catch (KubernetesClientException e) {
                    return failure(completed, step.step(), desired.ref(), e, managed, writes);
                }
                // The apply response is the object as the API server stored it: the observation, without a second read.
                if (!inPlace(desired, stored)) {
                    return new RolloutProgress(completed, step.step(), Outcome.Waiting, ConditionReason.WaitingForObservation,
                            "step " + step.step().id() + ": applied " + desired.ref() + ", waiting to observe it as desired", managed, writes);
                }
                managed.add(managedResource(desired));
            }
            for (ResourceRef ref : step.delete()) {
                if (kube.get(ref).isEmpty()) {
                    forget(managed, ref);
                    continue;
                }
                if (paused(profile)) {
                    return pausedBefore(completed, step.step(), ref, managed, writes);
                }
                forget(managed, ref);
                try {
                    kube.delete(ref);
                    writes++;
                    hooks.deleted(profile, ref);
                    LOG.info("profile {}: step {} deleted {}", profile.getMetadata().getName(), step.step().id(), ref);
                } catch (KubernetesClientException e) {
                    return failure(completed, step.step(), ref, e, managed, writes);
                }
                if (kube.get(ref).isPresent()) {
                    return new RolloutProgress(completed, step.step(), Outcome.Waiting, ConditionReason.WaitingForDeletion,
                            "step " + step.step().id() + ": deleted " + ref + ", waiting for it to be gone", managed, writes);
                }
            }
            if (step.hold() != null) {
                // One phase of a multi-phase change is observed; the next pass plans the next phase from what it sees.
                return new RolloutProgress(completed, step.step(), Outcome.Waiting, step.hold().reason(),
                        "step " + step.step().id() + ": " + step.hold().message(), managed, writes);
            }
            completed.add(step.step());
            hooks.stepObserved(profile, step.step(), System.nanoTime() - started);
            if (step.step() == Step.CONTROL_PLANE && writes > writesBefore && controlPlaneGated(profile)) {
                // The patched Deployment rolls out now: the next pass reads its status before the mesh is touched.
                return new RolloutProgress(completed, Step.MESH, Outcome.Waiting, ConditionReason.WaitingForControlPlaneRollout,
                        "step " + step.step().id() + " patched " + step.apply().stream().map(DesiredResource::ref)
                                .filter(ref -> ref.kind().equals("Deployment")).map(ResourceRef::toString).findFirst().orElse("the control plane")
                                + "; waiting for it to roll out before step " + Step.MESH.id(), managed, writes);
            }
            if (pauseAfterWrittenStep && writes > writesBefore && step.step().ordinal() < Step.values().length - 1) {
                Step next = Step.values()[step.step().ordinal() + 1];
                return new RolloutProgress(completed, next, Outcome.Waiting, ConditionReason.StepSettling,
                        "step " + step.step().id() + " is in place; step " + next.id() + " starts after the settle time", managed, writes);
            }
        }
        return new RolloutProgress(completed, null, Outcome.Done, ConditionReason.RolloutComplete, "every step is observed as desired", managed, writes);
    }

    /**
     * The object carries what the plan wants. The Mesh's CA backends are compared by name exactly: the matcher
     * treats named lists as subsets, which would hide a backend the plan retires.
     */
    /** Whether the live object already is as the step wants it (shared with render --cluster). */
    public static boolean inPlace(DesiredResource desired, Map<String, Object> observed) {
        if (!ResourceMatcher.matches(desired.body(), observed)) {
            return false;
        }
        return !desired.ref().kind().equals("Mesh") || !MtlsRotation.backendNamesDiffer(desired.body(), observed);
    }

    private static RolloutProgress failure(List<Step> completed, Step step, ResourceRef ref, KubernetesClientException e,
                                           List<ManagedResource> managed, int writes) {
        boolean fieldConflict = e.getCode() == 409 && isFieldManagerConflict(e.getStatus());
        ConditionReason reason = switch (e.getCode()) {
            // Any other 409 (the object changed meanwhile, or appeared) is transient: the next pass writes again.
            case 409 -> fieldConflict ? ConditionReason.FieldConflict : ConditionReason.ApplyFailed;
            case 403 -> ConditionReason.Forbidden;
            case 422 -> ConditionReason.Rejected;
            default -> ConditionReason.ApplyFailed;
        };
        String detail = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
        String hint = fieldConflict
                ? "; another field manager owns these fields: hand them to the operator (remove them from that manager, e.g. Helm values) set spec.controlPlane.forceOwnership: true to take them over, or set controlPlane.manage: false"
                : "";
        return new RolloutProgress(completed, step, Outcome.Failed, reason,
                "step " + step.id() + ": " + ref + ": " + detail + hint, managed, writes);
    }

    /**
     * A server-side apply refused because another field manager owns fields it sets: the API server lists each field as
     * a cause of type FieldManagerConflict under the message "Apply failed with N conflict(s)". A 409 without them is an
     * optimistic-concurrency conflict or an object created meanwhile, which a later write resolves by itself.
     */
    static boolean isFieldManagerConflict(io.fabric8.kubernetes.api.model.Status status) {
        if (status == null) {
            return false;
        }
        boolean causes = status.getDetails() != null && status.getDetails().getCauses() != null
                && status.getDetails().getCauses().stream().anyMatch(c -> "FieldManagerConflict".equals(c.getReason()));
        return causes || (status.getMessage() != null && status.getMessage().startsWith("Apply failed with"));
    }

    /** An object deleted by a later step is no longer managed (the allow-all once restricted rules replace it). */
    private static void forget(List<ManagedResource> managed, ResourceRef ref) {
        managed.removeIf(m -> m.kind.equals(ref.kind()) && m.name.equals(ref.name()) && java.util.Objects.equals(m.namespace, ref.namespace()));
    }

    private static ManagedResource managedResource(DesiredResource desired) {
        ResourceRef ref = desired.ref();
        return new ManagedResource(ref.apiVersion(), ref.kind(), ref.namespace(), ref.name(), desired.step().id());
    }
}
